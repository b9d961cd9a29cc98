"""When the nightly job runs on its own: 02:00 every night, off until an operator turns it on."""

from __future__ import annotations

from dagster import DefaultScheduleStatus, RunRequest, ScheduleEvaluationContext, schedule

from portrecon.pipelines.jobs import NIGHTLY
from portrecon.pipelines.resources import AS_OF_TAG

TIMEZONE = "America/Chicago"


@schedule(
    name="nightly_0200",
    job_name=NIGHTLY,  # by name: `--executor celery` builds the same job on another executor
    cron_schedule="0 2 * * *",
    execution_timezone=TIMEZONE,
    default_status=DefaultScheduleStatus.STOPPED,
    description="The nightly reconciliation at 02:00 (off by default; turn it on in the UI), "
    "as of the scheduled day.",
)
def nightly_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    day = context.scheduled_execution_time.date()
    return RunRequest(run_key=day.isoformat(), tags={AS_OF_TAG: day.isoformat()})
