"""Start a nightly run when new or changed files land in the inbox."""

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from portrecon.ingest.discovery import discover
from portrecon.pipelines.jobs import NIGHTLY
from portrecon.pipelines.resources import AS_OF_TAG, PortreconSettings
from portrecon.portouts import NIGHTLY_TIMEZONE


def inbox_fingerprint(settings: PortreconSettings) -> str:
    """Hash of every input file's path, size and modification time."""
    digest = hashlib.sha256()
    for item in discover(settings.inbox_path()):
        if item.kind is None:
            continue
        stat = item.path.stat()
        digest.update(f"{item.source_file}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@sensor(
    job_name=NIGHTLY,  # by name: `--executor celery` builds the same job on another executor
    minimum_interval_seconds=300,
    default_status=DefaultSensorStatus.STOPPED,
    description="Runs the nightly job when the inbox's input files change.",
)
def inbox_sensor(context: SensorEvaluationContext, settings: PortreconSettings):
    if not settings.inbox_path().is_dir():
        return SkipReason(f"inbox {settings.inbox_path()} does not exist")
    fingerprint = inbox_fingerprint(settings)
    if fingerprint == context.cursor:
        return SkipReason("no new files in the inbox")
    context.update_cursor(fingerprint)
    return RunRequest(
        run_key=fingerprint,
        tags={AS_OF_TAG: dt.datetime.now(ZoneInfo(NIGHTLY_TIMEZONE)).date().isoformat()},
    )
