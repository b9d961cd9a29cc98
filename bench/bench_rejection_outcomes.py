"""rejection_outcomes against the synthetic world's truth (issue 17): how well the product reads
the vendor codes synth wrote, whether its `prevention` agrees with the truth, and what the table
costs the nightly.

Run on demand: `python bench/bench_rejection_outcomes.py --orders 2000 20000 --seeds 7`. For each
synthetic inbox (portrecon.synth with truth) it loads the inbox, builds orders and findings, times
build_rejection_outcomes, and prints
1. recognition: precision and recall of (vendor, vendor_code) against truth/rejection_codes.csv
   (every code synth writes is in the published lists, so the target is 1.0 for both);
2. prevention: agreement with the truth's `prevention` on the events whose words name a check;
3. cost: the table's build time, and its share of load + orders + findings (a lower bound of the
   nightly, so the share of the whole run is smaller still).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
from bench_risk import AS_OF, night_tables

from portrecon.rejection_outcomes import build_rejection_outcomes
from portrecon.synth import generate

KEY = ["order_id", "status", "day"]


def measure(orders: int, seed: int, work: Path) -> dict[str, object]:
    """One synthetic night: recognition, prevention agreement and cost of rejection_outcomes."""
    inbox, truth_dir = work / f"synth-{orders}-{seed}", work / f"truth-{orders}-{seed}"
    if not (truth_dir / "rejection_codes.csv").exists():
        generate(inbox, orders, seed, AS_OF, truth_dir)
    started = time.perf_counter()
    con = night_tables(inbox)
    before = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = build_rejection_outcomes(con, AS_OF)
    cost = time.perf_counter() - started

    truth = pd.read_csv(truth_dir / "rejection_codes.csv", dtype=str, keep_default_na=False)
    found = outcomes.assign(day=outcomes["event_time"].dt.strftime("%Y-%m-%d"))
    found = found[[*KEY, "vendor", "vendor_code", "prevention"]].fillna("")
    both = truth.merge(found, on=KEY, how="inner", suffixes=("_truth", ""))
    read = both[both["vendor_code"] != ""]
    written = both[both["vendor_code_truth"] != ""]
    same = (both["vendor"] == both["vendor_truth"]) & (
        both["vendor_code"] == both["vendor_code_truth"]
    )
    scored = both[both["prevention_truth"] != ""]
    return {
        "orders": orders,
        "seed": seed,
        "events": len(truth),
        "joined": len(both),
        "codes_written": len(written),
        "precision": same[read.index].mean() if len(read) else float("nan"),
        "recall": same[written.index].mean() if len(written) else float("nan"),
        "prevention_scored": len(scored),
        "prevention_agreement": (scored["prevention"] == scored["prevention_truth"]).mean(),
        "outcomes_s": round(cost, 3),
        "load_orders_findings_s": round(before, 2),
        "share": cost / before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[2000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[7])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench_rejection_outcomes"))
    args = parser.parse_args()
    rows = [measure(n, seed, args.work) for n in args.orders for seed in args.seeds]
    with pd.option_context("display.width", 200, "display.precision", 4):
        print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
