"""When the nightly job runs on its own: 02:00 every night, off until an operator turns it on."""

from __future__ import annotations

from dagster import DefaultScheduleStatus, RunRequest, ScheduleEvaluationContext, schedule

from portrecon.pipelines.jobs import NIGHTLY
from portrecon.pipelines.resources import AS_OF_TAG
from portrecon.portouts import NIGHTLY_TIME, NIGHTLY_TIMEZONE


@schedule(
    name="nightly_0200",
    job_name=NIGHTLY,  # by name: `--executor celery` builds the same job on another executor
    # The one definition of when a night runs: the auto-approval countdown asks the same.
    cron_schedule=f"{NIGHTLY_TIME.minute} {NIGHTLY_TIME.hour} * * *",
    execution_timezone=NIGHTLY_TIMEZONE,
    default_status=DefaultScheduleStatus.STOPPED,
    description="The nightly reconciliation at 02:00 (off by default; turn it on in the UI), "
    "as of the scheduled day.",
)
def nightly_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    day = context.scheduled_execution_time.date()
    return RunRequest(run_key=day.isoformat(), tags={AS_OF_TAG: day.isoformat()})
