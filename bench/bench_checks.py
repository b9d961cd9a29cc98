"""Great Expectations validation (the nightly's `check_results` step) at scale: seconds per suite.

Run on demand, on a nightly's stage folder (the Parquet files the step reads) or on an inbox:

    python bench/bench_checks.py --stage /tmp/gx100k/warehouse.duckdb.stage/<run id>
    python bench/bench_checks.py --inbox /tmp/gxw0 --as-of 2026-11-20

With --inbox the ingest tables are built by `load_inbox` and written as Parquet first (not timed).
Importing GX is timed once, apart; then every suite runs `--repeat` times on its stage file, as
the step does, and the best wall and CPU seconds per suite are printed with the unexpected-row
counts, so a faster version can be seen to report the same results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from portrecon.checks.gx_results import VALIDATED_TABLES, suite_result
from portrecon.ingest import load_inbox


def _stage_of(inbox: Path, folder: Path) -> Path:
    """The validated tables of the inbox as Parquet files in folder, named as the stage does."""
    frames = load_inbox(inbox).frames
    for table in VALIDATED_TABLES:
        frames[table].to_parquet(folder / f"{table}.parquet", index=False)
    return folder


def _unexpected(result: dict) -> list[int | None]:
    return [e["result"].get("unexpected_count") for e in result["gx"]["expectations"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--stage", type=Path, help="a nightly run's stage folder")
    source.add_argument("--inbox", type=Path, help="an inbox, ingested first (not timed)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 20))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    import great_expectations  # noqa: F401  (timed apart: every validating process pays it once)

    print(f"import great_expectations: {time.perf_counter() - start:.2f}s")
    with tempfile.TemporaryDirectory() as scratch:
        stage = args.stage or _stage_of(args.inbox, Path(scratch))
        suite_result("ingest_files", str(stage / "ingest_files.parquet"), args.as_of)  # GX context
        total_wall = total_cpu = 0.0
        for table in VALIDATED_TABLES:
            runs = []
            for _ in range(args.repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                result = suite_result(table, str(stage / f"{table}.parquet"), args.as_of)
                runs.append((time.perf_counter() - wall, time.process_time() - cpu))
            best_wall, best_cpu = min(r[0] for r in runs), min(r[1] for r in runs)
            total_wall, total_cpu = total_wall + best_wall, total_cpu + best_cpu
            print(
                f"{table:14} wall {best_wall:6.2f}s cpu {best_cpu:6.2f}s "
                f"passed={result['passed']} unexpected={_unexpected(result)}"
            )
    print(f"{'all suites':14} wall {total_wall:6.2f}s cpu {total_cpu:6.2f}s")


if __name__ == "__main__":
    main()
