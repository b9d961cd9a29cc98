"""Live step progress for the CLI: a Dagster logger that forwards step starts to a callback."""

import logging
from collections.abc import Callable

from dagster import InitLoggerContext, logger

StepCallback = Callable[[str], None]
_listeners: list[StepCallback] = []


class _StepStartHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        meta = record.__dict__.get("dagster_meta") or {}
        event = meta.get("dagster_event") if isinstance(meta, dict) else None
        if event is not None and event.event_type_value == "STEP_START" and event.step_key:
            for listener in list(_listeners):
                listener(event.step_key)


@logger(description="Forwards step starts to the CLI's progress bar (no output of its own).")
def step_progress_logger(init_context: InitLoggerContext) -> logging.Logger:
    log = logging.Logger("portrecon.progress", level=logging.DEBUG)
    log.addHandler(_StepStartHandler())
    return log


def listen(callback: StepCallback) -> Callable[[], None]:
    """Register a step-start callback; returns the function that removes it."""
    _listeners.append(callback)
    return lambda: _listeners.remove(callback)
