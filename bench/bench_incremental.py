"""The incremental night (issue 13): a night after one new daily order file, against a full night.

Run on demand: `python bench/bench_incremental.py --orders 100000`. Night 1 runs on the synthetic
inbox without its daily order file; the file arrives and night 2 runs on the same warehouse, so
the parse cache beside it (portrecon.ingest.cache) re-uses every other file; night 3 is a full
night over the whole inbox on a fresh warehouse. Prints each night's wall and slowest steps, the
ratio night 2 / night 3, and whether nights 2 and 3 published the same tables (all but
`changes`, which compares night 2 with night 1 by design).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from bench_nightly import inbox_for, night

from portrecon.fingerprints import tonights_fingerprints

DAILY = Path("orders/daily")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "portrecon")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    whole = inbox_for(args.orders, args.cache)
    with tempfile.TemporaryDirectory(dir=args.cache) as scratch:
        work = Path(scratch)
        (work / "a").mkdir()
        (work / "b").mkdir()
        inbox = Path(shutil.copytree(whole, work / "inbox", ignore=shutil.ignore_patterns("daily")))
        nights = {"1 without the daily file": night(inbox, "in_process", work / "a")}
        shutil.copytree(whole / DAILY, inbox / DAILY)
        nights["2 the daily file arrived"] = night(inbox, "in_process", work / "a")
        nights["3 full, fresh warehouse"] = night(inbox, "in_process", work / "b")
        same = tonights_fingerprints(work / "a" / "in_process.duckdb") == tonights_fingerprints(
            work / "b" / "in_process.duckdb"
        )
    print(f"orders {args.orders}: night | wall s | peak MiB | slowest steps")
    for name, (wall, peak, steps) in nights.items():
        slowest = ", ".join(f"{key} {seconds:.1f}" for key, seconds in steps[:8])
        print(f"{name} | {wall:.1f} | {peak:.0f} | {slowest}")
    ratio = nights["2 the daily file arrived"][0] / nights["3 full, fresh warehouse"][0]
    print(f"night 2 / night 3 = {ratio:.2f}; same tables: {same}")


if __name__ == "__main__":
    main()
