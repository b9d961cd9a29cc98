"""Benchmark `portrecon precheck`: wall and CPU seconds of a bulk-port sheet, and rows per second.

Either builds a clean project sheet of `--rows` numbers over `--accounts` AT&T accounts (the
tests' big_world: every 50th row with a name typo, every 100th on a number no CSR holds) or
times a given sheet against a given warehouse. Prints the verdict counts with the timings.

    python bench/bench_precheck.py [--rows 10000] [--accounts 20] [--repeat 3] [--keep DIR]
    python bench/bench_precheck.py --sheet IN.xlsx --warehouse W.duckdb --as-of 2026-11-20
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from portrecon.precheck import run_precheck

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from precheck_world import AS_OF, big_world


def _time(sheet: Path, warehouse: Path, as_of: dt.date, out: Path) -> tuple[dict, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    counts = run_precheck(sheet, out, warehouse, as_of).counts
    return counts, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sheet", type=Path)
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=AS_OF)
    parser.add_argument("--keep", type=Path, help="keep the generated files and output here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        if args.sheet:
            sheet, warehouse = args.sheet, args.warehouse
        else:
            start = time.perf_counter()
            warehouse, sheet = big_world(work, args.rows, args.accounts)
            print(f"built {args.rows} rows in {time.perf_counter() - start:.1f}s")
        runs = [
            _time(sheet, warehouse, args.as_of, work / "precheck.xlsx") for _ in range(args.repeat)
        ]
    counts = runs[0][0]
    best_wall = min(r[1] for r in runs)
    best_cpu = min(r[2] for r in runs)
    print(f"counts: {counts}")
    print(
        f"best of {args.repeat}: wall {best_wall:.2f}s, cpu {best_cpu:.2f}s, "
        f"{counts['rows'] / best_wall:,.0f} rows/s (wall), {counts['rows'] / best_cpu:,.0f} rows/s "
        "(cpu)"
    )


if __name__ == "__main__":
    main()
