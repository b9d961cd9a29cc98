"""Running the nightly job in process and collecting what the CLI reports."""

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dagster import DagsterInstance

from portrecon.duck import connect
from portrecon.pipelines.definitions import build_definitions
from portrecon.pipelines.progress import StepCallback, listen
from portrecon.pipelines.resources import PortreconSettings
from portrecon.runlock import RunHolder, hold_warehouse

# Failures are reported by the CLI in one line; Dagster's own console log stays silent.
RUN_CONFIG = {
    "loggers": {"console": {"config": {"log_level": "CRITICAL"}}, "progress": {}},
}


@dataclass
class NightlyOutcome:
    success: bool
    failed_step: str | None = None
    error: str | None = None
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    # The published ingest_files ledger, read before the run lets go of the warehouse.
    files: list[tuple] = field(default_factory=list)


def _clear_stage(settings: PortreconSettings) -> None:
    """Remove earlier runs' stage files (also a crashed run's): called while holding the lock."""
    stage = settings.stage_path()
    if stage.is_dir():
        for entry in stage.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _published_ledger(warehouse: Path) -> list[tuple]:
    """Per-file counts of the warehouse this run published (file, kind, status, read, loaded,
    quarantined, note)."""
    con = connect(warehouse, read_only=True)
    try:
        return con.execute(
            "SELECT source_file, coalesce(kind, '-'), status, rows_read, rows_loaded, "
            "rows_quarantined, coalesce(message, '') FROM ingest_files ORDER BY source_file"
        ).fetchall()
    finally:
        con.close()


def run_nightly(
    settings: PortreconSettings,
    on_step: StepCallback | None = None,
    on_total: Callable[[int], None] | None = None,
    wait_seconds: float = 0.0,
    on_wait: Callable[[RunHolder], None] | None = None,
) -> NightlyOutcome:
    """Materialise every asset with these settings; never raises for a failed step.

    The run holds its warehouse from before the first step to after the last (another run on it
    makes this one wait up to wait_seconds, then raise WarehouseBusyError), and stages in its own
    folder. Earlier runs' stage folders are removed first: no run is using them (this one holds
    the warehouse), and only the last run's stage is kept for inspection.
    on_total gets the number of steps (assets and checks) before the first runs, for a progress
    bar; on_step gets each finished step's name.
    """
    job = build_definitions(settings).resolve_job_def("nightly")
    run_id = str(uuid.uuid4())
    with hold_warehouse(
        settings.warehouse_path(), run_id, str(settings.inbox_path()), wait_seconds, on_wait
    ):
        _clear_stage(settings)
        if on_total:
            on_total(len(job.graph.nodes))
        stop_listening = listen(on_step) if on_step else None
        try:
            with DagsterInstance.ephemeral() as instance:
                result = job.execute_in_process(
                    instance=instance, raise_on_error=False, run_config=RUN_CONFIG, run_id=run_id
                )
        finally:
            if stop_listening:
                stop_listening()
        files = _published_ledger(settings.warehouse_path()) if result.success else []
    checks = [
        (e.check_name, e.passed, e.description or "")
        for e in sorted(result.get_asset_check_evaluations(), key=lambda e: e.check_name)
    ]
    if result.success:
        return NightlyOutcome(True, checks=checks, files=files)
    failure = next(e for e in result.all_events if e.is_step_failure)
    error = failure.step_failure_data.error
    while error is not None and error.cause is not None:
        error = error.cause
    message = error.message.strip() if error else None
    return NightlyOutcome(False, failure.step_key, message, checks)
