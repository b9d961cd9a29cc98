"""Two nights of one synthetic world (issue 19): do the `changes` rows say what happened on day D?

Run on demand: `python bench/bench_changes.py --orders 2000 --as-of 2026-11-20`. The world is
generated once for as-of D; night 1 reads its export as of D-1 (`generate(events_until=D-1)`,
the same world without D's events), night 2 the export as of D, into the same warehouse. The
truth of each export (synth's orders.csv, computed from its events) is diffed into the changes
those events make: new rejections, FOCs set or moved, completions, cancellations, new port-outs.
Prints, per kind, what the truth expects, what the warehouse published, and the orders each
side has alone; then the kinds synth has no truth for (risk, findings, port-out actions), and
the walls of both nights.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.runner import run_nightly
from portrecon.synth import generate

EVENT_KINDS = ("new_rejection", "foc_set", "foc_moved", "completed", "cancelled", "portout_new")


def truth_changes(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, set[str]]:
    """Orders per kind that the truth of two exports says changed between them."""
    both = after.merge(before, on="order_id", how="left", suffixes=("", "_was"), indicator=True)
    new = both["_merge"] == "left_only"
    pushed = both["rejections"] + both["update_requests"]
    pushed_was = both["rejections_was"].fillna(0) + both["update_requests_was"].fillna(0)
    port_in = both["direction"] == "port_in"
    masks = {
        "new_rejection": port_in & (pushed > pushed_was),
        "foc_set": both["foc_date"].notna() & both["foc_date_was"].isna(),
        "foc_moved": both["foc_date"].notna()
        & both["foc_date_was"].notna()
        & (both["foc_date"] != both["foc_date_was"]),
        "completed": both["completed_date"].notna() & both["completed_date_was"].isna(),
        "cancelled": both["cancelled_date"].notna() & both["cancelled_date_was"].isna(),
        "portout_new": new & (both["direction"] == "port_out"),
    }
    return {kind: set(both.loc[mask, "order_id"]) for kind, mask in masks.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 20))
    args = parser.parse_args()
    day, before = args.as_of, args.as_of - timedelta(days=1)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        generate(work / "d1", args.orders, args.seed, day, work / "t1", events_until=before)
        generate(work / "d2", args.orders, args.seed, day, work / "t2")
        walls = {}
        for inbox, as_of in (("d1", before), ("d2", day)):
            started = time.perf_counter()
            settings = PortreconSettings(
                inbox=str(work / inbox),
                warehouse=str(work / "warehouse.duckdb"),
                reports=str(work / "reports"),
                as_of=as_of.isoformat(),
            )
            outcome = run_nightly(settings)
            assert outcome.success, outcome.error
            walls[f"night as of {as_of}"] = time.perf_counter() - started
        con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
        published = con.execute("SELECT kind, order_id FROM changes").df()
        con.close()
        expected = truth_changes(
            pd.read_csv(work / "t1" / "orders.csv"), pd.read_csv(work / "t2" / "orders.csv")
        )
    print(f"{args.orders} orders, seed {args.seed}, nights {before} then {day}")
    print(f"{'kind':<28}{'truth':>7}{'published':>11}{'agree':>7}  only in truth / only published")
    for kind in EVENT_KINDS:
        got = set(published.loc[published["kind"] == kind, "order_id"])
        want = expected[kind]
        only = f"{sorted(want - got)[:5]} / {sorted(got - want)[:5]}"
        print(f"{kind:<28}{len(want):>7}{len(got):>11}{len(want & got):>7}  {only}")
    others = published[~published["kind"].isin(EVENT_KINDS)]["kind"].value_counts().sort_index()
    for kind, count in others.items():
        print(f"{kind:<28}{'-':>7}{count:>11}")
    for name, wall in walls.items():
        print(f"{name}: {wall:.1f} s")


if __name__ == "__main__":
    main()
