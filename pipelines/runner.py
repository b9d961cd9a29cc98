"""Running the nightly job from the CLI, in process, one process per step, or on Celery workers,
and collecting what the CLI reports."""

import multiprocessing
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import forkserver

from dagster import (
    DagsterEvent,
    DagsterInstance,
    GraphDefinition,
    JobDefinition,
    JobExecutionResult,
    build_reconstructable_job,
    execute_job,
)

from portrecon.assets.reports import nightly_html, nightly_xlsx
from portrecon.duck import connect
from portrecon.pipelines.definitions import build_definitions
from portrecon.pipelines.jobs import IN_PROCESS, NIGHTLY, nightly_job, nightly_job_on
from portrecon.pipelines.progress import StepCallback, watch_steps
from portrecon.pipelines.resources import CLAIM_TAG, PortreconSettings
from portrecon.reports.headline import headline
from portrecon.runlock import RunHolder, hold_warehouse


@dataclass
class NightlyOutcome:
    success: bool
    failed_step: str | None = None
    error: str | None = None
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    # The published ingest_files ledger, read before the run lets go of the warehouse.
    files: list[tuple] = field(default_factory=list)
    # (step, seconds) of every step that succeeded, slowest first: where a long night went.
    steps: list[tuple[str, float]] = field(default_factory=list)
    # The business headline of the published warehouse (reports.headline) and the reports written.
    headline: list[tuple[str, int | None]] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)


# Where `--executor celery` finds its broker and result backend (the backend defaults to the
# broker). Environment variables, not run config values: the run config is stored with the run
# and shown in the UI, and a broker URL may hold a password. Workers need the same variables.
CELERY_BROKER = "PORTRECON_CELERY_BROKER"
CELERY_BACKEND = "PORTRECON_CELERY_BACKEND"


def nightly_job_for(executor: str = "in_process", **settings: str | int) -> JobDefinition:
    """The nightly job wired to these settings; step processes and Celery workers rebuild it with
    the same call. The code location's job covers in process and multiprocess; only a Celery run
    needs another executor definition (imported only then: it brings Celery and kombu)."""
    nightly = nightly_job
    if executor == "celery":
        from dagster_celery import celery_executor

        nightly = nightly_job_on(celery_executor)
    return build_definitions(PortreconSettings(**settings), nightly).resolve_job_def(NIGHTLY)


def celery_config() -> dict:
    """The Celery executor's config: broker and backend read from the environment by whoever
    resolves it (the launching process and each worker; a worker's `-y` YAML takes the same)."""
    backend = CELERY_BACKEND if os.environ.get(CELERY_BACKEND) else CELERY_BROKER
    return {"broker": {"env": CELERY_BROKER}, "backend": {"env": backend}}


def worker_preload(instance: DagsterInstance) -> list[str]:
    """What step processes import once, in the server they fork from: the job and the instance's
    storage (half a step's start-up was importing those again in every step)."""
    ref = instance.get_ref()
    storage = [
        data.module_name
        for data in (ref.run_storage_data, ref.event_storage_data, ref.schedule_storage_data)
    ]
    return [__name__, *storage]


def start_worker_server(instance: DagsterInstance) -> None:
    """Start the server step processes fork from now, so that its imports (~3 s) overlap the
    run's own set-up instead of delaying the first step; the executor then finds it running."""
    multiprocessing.get_context("forkserver").set_forkserver_preload(worker_preload(instance))
    forkserver.ensure_running()


def run_config(executor: str, max_workers: int | None, instance: DagsterInstance) -> dict:
    """Quiet console (failures are reported by the CLI in one line) and the chosen executor
    (with Celery, the workers' own concurrency bounds the steps at once, not max_workers)."""
    if executor == "celery":
        execution = celery_config()
    elif executor == "in_process":
        execution = IN_PROCESS
    else:
        execution = {
            "multiprocess": {
                "max_concurrent": max_workers or 0,  # 0: one per CPU
                "start_method": {"forkserver": {"preload_modules": worker_preload(instance)}},
            }
        }
    return {
        "loggers": {"console": {"config": {"log_level": "CRITICAL"}}},
        "execution": {"config": execution},
    }


@contextmanager
def _instance(executor: str) -> Iterator[DagsterInstance]:
    """DAGSTER_HOME's instance when set (the run shows in the UI); else, in process, an in-memory
    one (SQLite event writes on disk were ~5 s of a small night), and for step processes a
    throwaway one in a temporary folder whose storage they share: in memory (/dev/shm) where
    the system has it, as every step writes its events there (4-5 s of a 2,000-order night's
    35 s on disk)."""
    if os.environ.get("DAGSTER_HOME"):
        with DagsterInstance.get() as instance:
            yield instance
    elif executor == "in_process":
        with DagsterInstance.ephemeral() as instance:
            yield instance
    else:
        with (
            tempfile.TemporaryDirectory(prefix="portrecon-dagster-", dir=_memory_folder()) as home,
            DagsterInstance.local_temp(home) as instance,
        ):
            yield instance


def _clear_stage(settings: PortreconSettings) -> None:
    """Remove earlier runs' stage files (also a crashed run's): called while holding the lock.
    Through the stage's filesystem, so a bucket is cleared the same way as a local folder."""
    stage = settings.stage_path()
    if stage.is_dir():
        for entry in stage.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                entry.fs.rm(entry.path, recursive=True)
            else:
                entry.unlink(missing_ok=True)


def _published(settings: PortreconSettings) -> tuple[list[tuple], list[tuple[str, int | None]]]:
    """Per-file counts of the warehouse this run published (file, kind, status, read, loaded,
    quarantined, note), and its business headline."""
    con = connect(settings.warehouse_path(), read_only=True)
    try:
        ledger = con.execute(
            "SELECT source_file, coalesce(kind, '-'), status, rows_read, rows_loaded, "
            "rows_quarantined, coalesce(message, '') FROM ingest_files ORDER BY source_file"
        ).fetchall()
        return ledger, headline(con, settings.as_of_date())
    finally:
        con.close()


REPORT_KEYS = frozenset({nightly_xlsx.key, nightly_html.key})


def _report_paths(result: JobExecutionResult) -> list[str]:
    """The files the report assets wrote, as their materialisations record them."""
    paths = (
        event.materialization.metadata.get("path")
        for event in result.get_asset_materialization_events()
        if event.materialization.asset_key in REPORT_KEYS
    )
    return sorted(str(path.value) for path in paths if path is not None)


def _memory_folder() -> str | None:
    """A shared-memory folder for temporary files when the system has a writable one."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def _execute(
    instance: DagsterInstance,
    fields: dict[str, str | int],
    executor: str,
    max_workers: int | None,
    claim: str,
    on_step: StepCallback | None,
) -> JobExecutionResult:
    """One run of the nightly job with the chosen executor.

    Both executors go through execute_job: unlike execute_in_process, it does not keep every
    step's output in memory until the run ends (1.2 GB of frames at 100,000 orders).
    """
    tags = {CLAIM_TAG: claim}
    with watch_steps(instance, tags, on_step):
        config = run_config(executor, max_workers, instance)
        job = build_reconstructable_job(
            __name__,
            nightly_job_for.__name__,
            reconstructable_kwargs={**fields, "executor": executor},
        )
        with execute_job(job, instance, run_config=config, tags=tags) as result:
            return result


def run_nightly(
    settings: PortreconSettings,
    on_step: StepCallback | None = None,
    on_total: Callable[[int], None] | None = None,
    wait_seconds: float = 0.0,
    on_wait: Callable[[RunHolder], None] | None = None,
    executor: str = "in_process",
    max_workers: int | None = None,
) -> NightlyOutcome:
    """Materialise every asset with these settings; never raises for a failed step.

    The run holds its warehouse from before the first step to after the last (another run on it
    makes this one wait up to wait_seconds, then raise WarehouseBusyError), and stages in its own
    folder. Earlier runs' stage folders are removed first: no run is using them (this one holds
    the warehouse), and only the last run's stage is kept for inspection.
    on_total gets the number of steps (assets and checks) before the first runs, for a progress
    bar; on_step gets each step's name as it starts.
    """
    claim = str(uuid.uuid4())
    fields = {
        name: getattr(settings, name)
        for name in ("inbox", "warehouse", "reports", "as_of", "stage", "partitions")
    }
    with (
        _instance(executor) as instance,
        hold_warehouse(
            settings.warehouse_path(), claim, str(settings.inbox_path()), wait_seconds, on_wait
        ),
    ):
        if executor == "multiprocess":
            start_worker_server(instance)
        _clear_stage(settings)
        if on_total:
            on_total(planned_steps(nightly_job_for(**fields).graph, settings.partitions))
        result = _execute(instance, fields, executor, max_workers, claim, on_step)
        files, figures = _published(settings) if result.success else ([], [])
    checks = [
        (e.check_name, e.passed, e.description or "")
        for e in sorted(result.get_asset_check_evaluations(), key=lambda e: e.check_name)
    ]
    steps = sorted(
        (
            (event.step_key or "", event.event_specific_data.duration_ms / 1000)
            for event in result.all_events
            if event.is_step_success
        ),
        key=lambda step: -step[1],
    )
    if result.success:
        return NightlyOutcome(
            True,
            checks=checks,
            files=files,
            steps=steps,
            headline=figures,
            reports=_report_paths(result),
        )
    failure = next((e for e in result.all_events if e.is_step_failure), None)
    if failure is None:  # stopped between steps (a signal), or failed outside any step
        return NightlyOutcome(False, None, "the run stopped before its steps finished", checks)
    return NightlyOutcome(False, failure.step_key, _failure_text(failure), checks, steps=steps)


def planned_steps(graph: GraphDefinition, partitions: int) -> int:
    """The steps a run reports: every op (inside graph-backed assets too) once, and an op mapped
    over groups of files or carriers once per group, at most `partitions` (fewer when a kind has
    fewer files or the night fewer carriers: the count is exact with one partition)."""
    total = 0
    for node in graph.nodes:
        if isinstance(node.definition, GraphDefinition):
            total += planned_steps(node.definition, partitions)
        elif graph.dependency_structure.is_dynamic_mapped(node.name):
            total += partitions
        else:
            total += 1
    return total


def _failure_text(failure: DagsterEvent) -> str | None:
    """A step's `Failure` is the product's plain-words message: its description alone (Dagster's
    error text starts with `dagster._core.definitions.events.Failure:`). Anything else is
    unforeseen: the innermost cause's message, without the exception's class name that Python
    puts in front of it (`IsADirectoryError: ...`), said as unexpected, to be reported."""
    data = failure.step_failure_data
    if data.user_failure_data is not None and data.user_failure_data.description:
        return data.user_failure_data.description
    error = data.error
    while error is not None and error.cause is not None:
        error = error.cause
    if error is None:
        return None
    text = error.message.strip()
    named = error.cls_name and re.match(rf"[\w.]*\b{re.escape(error.cls_name)}: ", text)
    return f"an unexpected problem: {text[named.end() if named else 0 :]}"
