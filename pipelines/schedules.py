"""When the nightly job runs on its own: 02:00 every night, off until an operator turns it on."""

from __future__ import annotations

from dagster import DefaultScheduleStatus, ScheduleDefinition

from portrecon.pipelines.jobs import nightly_job

nightly_schedule = ScheduleDefinition(
    name="nightly_0200",
    job=nightly_job,
    cron_schedule="0 2 * * *",
    execution_timezone="America/Chicago",
    default_status=DefaultScheduleStatus.STOPPED,
    description="The nightly reconciliation at 02:00 (off by default; turn it on in the UI).",
)
