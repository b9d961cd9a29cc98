"""Live step progress for the CLI: the run's STEP_START events, read from the Dagster instance.

Reading the instance rather than hooking a logger works alike for every executor: with one
process per step, a logger runs in the step's process, far from the CLI's progress bar.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from dagster import DagsterEventType, DagsterInstance, RunsFilter

StepCallback = Callable[[str], None]
POLL_SECONDS = 0.25


@contextmanager
def watch_steps(
    instance: DagsterInstance, tags: dict[str, str], callback: StepCallback | None
) -> Iterator[None]:
    """Call `callback` with each step key as it starts, in the run carrying `tags`."""
    if callback is None:
        yield
        return
    done = threading.Event()

    def report(seen: set[str]) -> None:
        run_ids = instance.get_run_ids(filters=RunsFilter(tags=tags), limit=1)
        if not run_ids:
            return
        for entry in instance.all_logs(run_ids[0], of_type=DagsterEventType.STEP_START):
            if entry.step_key and entry.step_key not in seen:
                seen.add(entry.step_key)
                callback(entry.step_key)

    def poll() -> None:
        seen: set[str] = set()
        while not done.wait(POLL_SECONDS):
            report(seen)
        report(seen)

    thread = threading.Thread(target=poll, name="portrecon-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
