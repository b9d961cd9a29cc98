"""Great Expectations validation (the nightly's `check_results` step) at scale: seconds per suite.

Run on demand, on a nightly's stage folder (the Parquet files the step reads) or on an inbox:

    python bench/bench_checks.py --stage /tmp/gx100k/warehouse.duckdb.stage/<run id>
    python bench/bench_checks.py --inbox /tmp/gxw0 --as-of 2026-11-20 --against e678f1b^

With --inbox the ingest tables are built by `load_inbox` and written as Parquet first (not timed).
Importing GX is timed once, apart; then every suite runs `--repeat` times on its stage file, as
the step does, and the best wall and CPU seconds per suite are printed with the unexpected-row
counts. --against REV also times REV's checks/gx_suites.py (in its own GX context) on whole
frames read from the same files, as the step then read them, and says whether every expectation
reports the same success and unexpected count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType

import pandas as pd

from portrecon.checks.gx_results import VALIDATED_TABLES, suite_result
from portrecon.ingest import load_inbox


def _stage_of(inbox: Path, folder: Path) -> Path:
    """The validated tables of the inbox as Parquet files in folder, named as the stage does."""
    frames = load_inbox(inbox).frames
    for table in VALIDATED_TABLES:
        frames[table].to_parquet(folder / f"{table}.parquet", index=False)
    return folder


def _suites_at(revision: str) -> ModuleType:
    """checks/gx_suites.py as it was at a git revision, loaded as a module of its own."""
    path = f"{revision}:checks/gx_suites.py"
    source = subprocess.run(
        ["git", "show", path], cwd=Path(__file__).resolve().parents[1],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    module = ModuleType("gx_suites_at_revision")
    exec(compile(source, path, "exec"), module.__dict__)
    return module


def _outcomes(described: dict) -> list[tuple[bool, int | None]]:
    """Each expectation's success and unexpected-row count, in suite order."""
    return [(e["success"], e["result"].get("unexpected_count")) for e in described["expectations"]]


def _now(table: str, path: str, as_of: dt.date) -> dict:
    """This version's GX description of the table, from its stage file as the step reads it."""
    return suite_result(table, path, as_of)["gx"]


def _then(suites: ModuleType, table: str, path: str, as_of: dt.date) -> dict:
    """Another version's GX description, from the whole frame as its step read it."""
    return suites.validate(table, pd.read_parquet(path), as_of).describe_dict()


def _best(run: Callable[[], dict], repeat: int) -> tuple[float, float, dict]:
    """Best wall and CPU seconds of `repeat` timed runs after an untimed one (GX context and
    suite built), and the GX description."""
    described = run()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), described


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--stage", type=Path, help="a nightly run's stage folder")
    source.add_argument("--inbox", type=Path, help="an inbox, ingested first (not timed)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 20))
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--against", metavar="REV", help="also time REV's suites; compare")
    args = parser.parse_args()
    start = time.perf_counter()
    import great_expectations  # noqa: F401  (timed apart: every validating process pays it once)

    print(f"import great_expectations: {time.perf_counter() - start:.2f}s")
    previous = _suites_at(args.against) if args.against else None
    totals: dict[str, list[tuple[float, float]]] = {"this version": [], str(args.against): []}
    with tempfile.TemporaryDirectory() as scratch:
        stage = args.stage or _stage_of(args.inbox, Path(scratch))
        for table in VALIDATED_TABLES:
            path = str(stage / f"{table}.parquet")
            wall, cpu, now = _best(partial(_now, table, path, args.as_of), args.repeat)
            totals["this version"].append((wall, cpu))
            line = f"{table:14} wall {wall:6.2f}s cpu {cpu:6.2f}s unexpected={_outcomes(now)}"
            if previous is not None:
                run = partial(_then, previous, table, path, args.as_of)
                old_wall, old_cpu, then = _best(run, args.repeat)
                totals[args.against].append((old_wall, old_cpu))
                same = "same results" if _outcomes(then) == _outcomes(now) else "RESULTS DIFFER"
                line += f" | {args.against}: wall {old_wall:6.2f}s cpu {old_cpu:6.2f}s, {same}"
            print(line)
    for name, times in totals.items():
        if times:
            wall, cpu = (sum(t[i] for t in times) for i in (0, 1))
            print(f"all suites, {name}: wall {wall:.2f}s cpu {cpu:.2f}s")


if __name__ == "__main__":
    main()
