"""Running the nightly job in process and collecting what the CLI reports."""

from collections.abc import Callable
from dataclasses import dataclass, field

from dagster import DagsterInstance

from portrecon.pipelines.definitions import build_definitions
from portrecon.pipelines.progress import StepCallback, listen
from portrecon.pipelines.resources import PortreconSettings

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


def run_nightly(
    settings: PortreconSettings,
    on_step: StepCallback | None = None,
    on_total: Callable[[int], None] | None = None,
) -> NightlyOutcome:
    """Materialise every asset with these settings; never raises for a failed step.

    on_total gets the number of steps (assets and checks) before the first runs, for a progress
    bar; on_step gets each finished step's name.
    """
    job = build_definitions(settings).resolve_job_def("nightly")
    if on_total:
        on_total(len(job.graph.nodes))
    stop_listening = listen(on_step) if on_step else None
    try:
        with DagsterInstance.ephemeral() as instance:
            result = job.execute_in_process(
                instance=instance, raise_on_error=False, run_config=RUN_CONFIG
            )
    finally:
        if stop_listening:
            stop_listening()
    checks = [
        (e.check_name, e.passed, e.description or "")
        for e in sorted(result.get_asset_check_evaluations(), key=lambda e: e.check_name)
    ]
    if result.success:
        return NightlyOutcome(True, checks=checks)
    failure = next(e for e in result.all_events if e.is_step_failure)
    error = failure.step_failure_data.error
    while error is not None and error.cause is not None:
        error = error.cause
    message = error.message.strip() if error else None
    return NightlyOutcome(False, failure.step_key, message, checks)
