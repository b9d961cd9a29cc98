"""One nightly run per warehouse: an OS file lock beside the warehouse, naming the run holding it.

Two runs that build one warehouse at once would each publish a mix of the other's data. The lock is
`fcntl.flock` on `<warehouse>.lock`: the kernel releases it when its process ends, even by
`kill -9`, so a crashed run never leaves a stale lock behind. The file's text names the holder
(run id, process, start time, inbox) so a refused run can say which run it waits for; the text is
only a description, the flock is the lock.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

POLL_SECONDS = 0.5


class WarehouseBusyError(Exception):
    """Another run holds the warehouse; the message names it in plain words."""


@dataclass(frozen=True)
class RunHolder:
    """Who holds a warehouse's lock, as written in the lock file by the holder."""

    run_id: str
    pid: int
    host: str
    started_at: str
    inbox: str

    def describe(self) -> str:
        return (
            f"run {self.run_id} (process {self.pid} on {self.host}, started {self.started_at} "
            f"UTC, inbox {self.inbox})"
        )


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def _read_holder(handle) -> RunHolder | None:
    handle.seek(0)
    try:
        return RunHolder(**json.loads(handle.read() or "{}"))
    except (TypeError, ValueError):
        return None


def current_holder(warehouse: Path) -> RunHolder | None:
    """The run that holds the warehouse now, or None when no process holds its lock."""
    path = lock_path(warehouse)
    if not path.exists():
        return None
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(handle) or RunHolder("unknown", 0, "unknown", "unknown", "unknown")
        fcntl.flock(handle, fcntl.LOCK_UN)
        return None


@contextmanager
def hold_warehouse(
    warehouse: Path,
    run_id: str,
    inbox: str,
    wait_seconds: float = 0.0,
    on_wait: Callable[[RunHolder], None] | None = None,
) -> Iterator[RunHolder]:
    """Hold the warehouse for one run; waits up to wait_seconds for another run to finish, then
    raises WarehouseBusyError naming it. on_wait is told once whom it waits for."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole run
    try:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                other = _read_holder(handle)
                if time.monotonic() >= deadline:
                    raise WarehouseBusyError(
                        _busy_message(warehouse, other, wait_seconds)
                    ) from None
                if on_wait and other and not told:
                    on_wait(other)
                    told = True
                time.sleep(POLL_SECONDS)
        holder = RunHolder(
            run_id=run_id,
            pid=os.getpid(),
            host=socket.gethostname(),
            started_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            inbox=inbox,
        )
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(asdict(holder)))
        handle.flush()
        try:
            yield holder
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _busy_message(warehouse: Path, other: RunHolder | None, waited: float) -> str:
    who = other.describe() if other else "another run"
    after = f" (waited {waited:g} s)" if waited else ""
    return (
        f"another nightly run is building {warehouse}: {who}{after}; nothing was done. Run again "
        "when it has finished, or give --wait SECONDS to wait for it."
    )
