"""A real distributed night (issue 14 item 4): Redis + two dagster-celery workers, same tables.

Run on demand: `python bench/bench_distributed.py [--orders 2000] [--workers 2]`. It starts a
Redis server on 127.0.0.1 (a free port, no persistence), the Celery workers as separate process
groups (`dagster-celery worker start`, one step at a time each), runs `portrecon nightly
--executor celery` over a synthetic inbox in a DAGSTER_HOME instance, then the same night in
process, and compares every warehouse table of the two (rows as multisets; `run_log`'s run id
and wall-clock columns left out). Both nights hash PINs under one key file in the bench's
temporary folder, so the PIN columns compare too. Everything it started is stopped on the way
out, on failure and on Ctrl-C as well. Needs `redis-server` on PATH
(`apt-get install -y redis-server`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

import duckdb
import redis
import yaml
from bench_nightly import inbox_for, night, session_memory_mib
from celery import Celery
from dagster import DagsterInstance

from portrecon.pipelines.runner import CELERY_BACKEND, CELERY_BROKER, celery_config

# Bounds for waiting on what the bench started: generous for a loaded 2-core machine.
START_SECONDS = 120.0
STOP_SECONDS = 30.0
WALL_CLOCK_COLUMNS = "EXCLUDE (run_id, started_at, finished_at)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def process_group(command: list[str], log: Path, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """A child in a session of its own (so whatever it forks is stopped with it): SIGTERM to the
    whole group on the way out, SIGKILL to what is still running after STOP_SECONDS (a Celery
    worker outlives the `dagster-celery` command that started it, so the whole session is
    watched, not only the child)."""
    with log.open("wb") as out:
        child = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        yield child
    finally:
        deadline = time.monotonic() + STOP_SECONDS
        with suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        # Processes that exited but are not reaped yet hold no memory: RSS 0 means gone.
        while session_memory_mib(child.pid)[0] > 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        with suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def wait_until(ready, what: str, children: list[subprocess.Popen], logs: list[Path]) -> None:
    """Poll ready() until it is true; fail with the logs' tails if a child died or time ran out."""
    deadline = time.monotonic() + START_SECONDS
    while not ready():
        dead = [log for child, log in zip(children, logs, strict=True) if child.poll() is not None]
        if dead or time.monotonic() > deadline:
            tails = "\n".join(f"--- {log}\n{log.read_text()[-1500:]}" for log in dead or logs)
            raise SystemExit(f"{what} did not start\n{tails}")
        time.sleep(0.5)


def start_redis(stack: ExitStack, folder: Path) -> str:
    """A throwaway Redis on a free loopback port (no snapshot, no append-only file): the URL."""
    server = shutil.which("redis-server")
    if server is None:
        raise SystemExit(
            "redis-server not found on PATH: install it (Debian/Ubuntu: "
            "`apt-get install -y redis-server`; macOS: `brew install redis`) and run again"
        )
    port = free_port()
    log = folder / "redis.log"
    command = [
        server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
        "--dir", str(folder),
    ]  # fmt: skip
    child = stack.enter_context(process_group(command, log, dict(os.environ)))
    client = redis.Redis(host="127.0.0.1", port=port)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    wait_until(answers, "redis-server", [child], [log])
    return f"redis://127.0.0.1:{port}"


def start_workers(stack: ExitStack, folder: Path, count: int) -> None:
    """`count` dagster-celery workers, one step at a time each, configured by the same executor
    config the nightly's run uses (broker and backend from the environment)."""
    # Every worker opens DAGSTER_HOME's instance as it starts: create its storage once, here,
    # or two workers race to create the same tables.
    (folder / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    with DagsterInstance.get():
        pass
    config = folder / "celery.yaml"
    config.write_text(yaml.safe_dump({"execution": {"config": celery_config()}}))
    bin_dir = str(Path(sys.executable).parent)
    # `dagster-celery worker start` runs `celery` from PATH: this environment's.
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    children, logs = [], []
    for number in range(1, count + 1):
        log = folder / f"worker{number}.log"
        command = [
            str(Path(bin_dir) / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
            "-y", str(config), "-n", f"portrecon{number}", "--", "--concurrency=1",
        ]  # fmt: skip
        children.append(stack.enter_context(process_group(command, log, env)))
        logs.append(log)
    app = Celery(broker=os.environ[CELERY_BROKER], backend=os.environ[CELERY_BACKEND])
    wait_until(
        lambda: len(app.control.ping(timeout=1.0)) >= count, "the Celery workers", children, logs
    )


def differing_tables(first: Path, second: Path) -> tuple[int, list[str]]:
    """(tables in either warehouse, those not in both or whose columns or rows differ)."""
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        columns = {}
        for alias, path in (("a", first), ("b", second)):
            con.execute(f"ATTACH '{path}' AS {alias} (READ_ONLY)")
            columns[alias] = dict(
                con.execute(
                    "SELECT table_name, list(column_name ORDER BY column_index) "
                    "FROM duckdb_columns() WHERE database_name = ? GROUP BY table_name",
                    [alias],
                ).fetchall()
            )
        differing = sorted(set(columns["a"]) ^ set(columns["b"]))
        for name in sorted(set(columns["a"]) & set(columns["b"])):
            chosen = f"* {WALL_CLOCK_COLUMNS}" if name == "run_log" else "*"
            missing = [
                con.execute(
                    f'SELECT count(*) FROM (SELECT {chosen} FROM {x}."{name}" '
                    f'EXCEPT ALL SELECT {chosen} FROM {y}."{name}")'
                ).fetchone()[0]
                for x, y in (("a", "b"), ("b", "a"))
            ]
            if columns["a"][name] != columns["b"][name] or any(missing):
                differing.append(name)
        return len(set(columns["a"]) | set(columns["b"])), differing
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "portrecon")
    args = parser.parse_args()
    # A plain `kill` of the bench unwinds like Ctrl-C: the servers and workers are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.cache.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    inbox = inbox_for(args.orders, args.cache)
    synth = time.perf_counter() - start
    with tempfile.TemporaryDirectory(dir=args.cache) as temp, ExitStack() as stack:
        work = Path(temp)
        os.environ["PORTRECON_PIN_KEY_FILE"] = str(work / "pin.key")
        # Where `dagster-celery worker start` writes the workers' Celery config module; each
        # night brings its own instance (night()), which the workers open from the task.
        os.environ["DAGSTER_HOME"] = str(work)
        start = time.perf_counter()
        url = start_redis(stack, work)
        os.environ[CELERY_BROKER] = f"{url}/0"
        os.environ[CELERY_BACKEND] = f"{url}/1"
        start_workers(stack, work, args.workers)
        started = time.perf_counter() - start
        celery_wall, _, celery_steps = night(inbox, "celery", work)
        in_process_wall, _, in_process_steps = night(inbox, "in_process", work)
        compared, differing = differing_tables(work / "celery.duckdb", work / "in_process.duckdb")
    print(f"orders {args.orders}, {args.workers} Celery workers, 1 step at a time each")
    print(f"synth inbox (or cached): {synth:.1f} s; Redis + workers ready: {started:.1f} s")
    for name, wall, steps in (
        ("celery", celery_wall, celery_steps),
        ("in_process", in_process_wall, in_process_steps),
    ):
        step_sum = sum(seconds for _, seconds in steps)
        slowest = ", ".join(f"{step} {seconds:.1f}" for step, seconds in steps[:6])
        print(f"{name}: wall {wall:.1f} s, steps {step_sum:.1f} s together; slowest: {slowest}")
    print(f"celery / in process: {celery_wall / in_process_wall:.2f}")
    if differing:
        raise SystemExit(f"tables differ between the two nights: {', '.join(differing)}")
    print(f"all {compared} warehouse tables identical (run_log's run id and times left out)")


if __name__ == "__main__":
    main()
