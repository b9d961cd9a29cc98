"""The whole nightly at national scale (issue 13/14 targets): wall, peak memory and per-step time.

Run on demand: `python bench/bench_nightly.py --orders 10000 100000 --executors in_process
multiprocess`. Each night is `portrecon nightly` in its own process, run as a user runs it
(imports included, no DAGSTER_HOME); the per-step times are Dagster's own step durations, which
the command names at its end; peak memory is the largest sum of PSS (and of RSS) over the
night's processes (the CLI and, with multiprocess, every step process), sampled every 0.2 s. The
floor is a bare DuckDB count of every CSV of the same inbox, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-11-20"
SLOWEST = "Slowest steps: "
FLOOR = """
import sys
from pathlib import Path
import duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
total = 0
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if path.suffix.lower() == ".csv":
        total += con.execute(
            "SELECT count(*) FROM read_csv(?, all_varchar=true, ignore_errors=true, "
            "strict_mode=false, null_padding=true, parallel=false)", [str(path)]
        ).fetchone()[0]
print(total)
"""


def session_memory_mib(session: int) -> tuple[float, float]:
    """(RSS, PSS) in MiB of all the processes of one session together: the CLI and every step
    process (a forkserver's children are not the CLI's, so wait4 alone would miss them). RSS
    counts a page shared by forked processes once per process; PSS splits it between them, so
    PSS is the memory the night really holds."""
    page = os.sysconf("SC_PAGE_SIZE") / 2**20
    rss = pss = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != session:
                continue
            rss += int((entry / "statm").read_text().split()[1]) * page
            rollup = (entry / "smaps_rollup").read_text().splitlines()
            pss += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) / 1024
        except (OSError, ValueError, IndexError, StopIteration):
            continue
    return rss, pss


def timed(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[float, tuple[float, float], str]:
    """(wall seconds, peak (RSS, PSS) MiB of all its processes together, stdout) of one child,
    sampling its session every 0.2 s."""
    start = time.perf_counter()
    peak = (0.0, 0.0)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env, start_new_session=True)
        try:
            while child.poll() is None:
                now = session_memory_mib(child.pid)
                peak = (max(peak[0], now[0]), max(peak[1], now[1]))
                time.sleep(0.2)
        except BaseException:
            # Ctrl-C reaches only the bench (the child has a session of its own): stop the night.
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            raise
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {err.read().decode()[-2000:]}")
        return elapsed, peak, out.read().decode()


def inbox_for(orders: int, cache: Path) -> Path:
    inbox = cache / f"synth_{orders}"
    if not inbox.is_dir():
        subprocess.run(
            [sys.executable, "-m", "portrecon.pipelines.cli", "synth", "--orders", str(orders),
             "--as-of", AS_OF, str(inbox)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return inbox


def night(
    inbox: Path, executor: str, workdir: Path
) -> tuple[float, tuple[float, float], list[tuple]]:
    """One nightly in a fresh process: wall, peak (RSS, PSS) MiB, the slowest steps (the CLI's
    last lines name them, with Dagster's own step durations)."""
    command = [
        sys.executable, "-m", "portrecon.pipelines.cli", "nightly", "--inbox", str(inbox),
        "--warehouse", str(workdir / f"{executor}.duckdb"), "--reports", str(workdir / "reports"),
        "--as-of", AS_OF, "--executor", executor,
    ]  # fmt: skip
    wall, peak, output = timed(command)
    (named,) = (line for line in output.splitlines() if line.startswith(SLOWEST))
    steps = [
        (step, float(seconds))
        for step, seconds in (item.rsplit(" ", 2)[:2] for item in named[len(SLOWEST) :].split(", "))
    ]
    return wall, peak, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, nargs="+", default=[10000])
    parser.add_argument("--executors", nargs="+", default=["in_process"])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "portrecon")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    print(
        "orders | executor | wall s | s per 1,000 orders | peak PSS MiB | peak RSS MiB | "
        "floor s | wall/floor | wall / in_process"
    )
    for orders in args.orders:
        inbox = inbox_for(orders, args.cache)
        floor, _, _ = timed([sys.executable, "-c", FLOOR, str(inbox)])
        walls: dict[str, float] = {}
        for executor in args.executors:
            with tempfile.TemporaryDirectory(dir=args.cache) as workdir:
                wall, (rss, pss), steps = night(inbox, executor, Path(workdir))
            walls[executor] = wall
            ratio = f"{wall / walls['in_process']:.2f}" if "in_process" in walls else "-"
            print(
                f"{orders} | {executor} | {wall:.1f} | {wall / orders * 1000:.2f} | {pss:.0f} | "
                f"{rss:.0f} | {floor:.1f} | {wall / floor:.1f} | {ratio}"
            )
            print("   slowest steps: " + ", ".join(f"{k} {v:.1f}" for k, v in steps[:8]))


if __name__ == "__main__":
    main()
