"""The share of a nightly the port-date rules take (issue 18 target: under 3 %).

Generates a synthetic inbox with planted port-date defects and late carriers, then runs the
nightly in this process (in-process executor, steps one after another) with a stopwatch around
the three pieces of work the port-date rules add: the `port_dates` table (build_port_dates), the
`carrier_intervals` table (build_carrier_intervals), both computed in the `order_tables` step
beside the SLA tables, and the PORT_DATE_* findings (assess_port_dates inside build_findings).
Their seconds are set against the sum of all the night's steps (Dagster's own step durations)
and against the night's wall time.

    python bench/bench_port_dates_share.py --orders 2000 10000 [--seed 1] [--defects 0.1]
"""

from __future__ import annotations

import argparse
import functools
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

from portrecon import intervals, port_dates, reconcile

SECONDS: dict[str, float] = defaultdict(float)


def stopwatch(module: object, name: str, label: str) -> None:
    """Replace module.name by itself with its seconds added to SECONDS[label]."""
    function: Callable = getattr(module, name)

    @functools.wraps(function)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SECONDS[label] += time.perf_counter() - start

    setattr(module, name, timed)


# Before the asset modules import the builders by name (the runner's import below).
stopwatch(port_dates, "build_port_dates", "port_dates")
stopwatch(intervals, "build_carrier_intervals", "carrier_intervals")
stopwatch(reconcile, "assess_port_dates", "PORT_DATE findings")

from portrecon.pipelines.resources import PortreconSettings  # noqa: E402
from portrecon.pipelines.runner import run_nightly  # noqa: E402
from portrecon.synth import generate  # noqa: E402

AS_OF = "2026-11-20"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defects", type=float, default=0.1)
    args = parser.parse_args()
    labels = ("port_dates", "carrier_intervals", "PORT_DATE findings")
    print(
        "orders | night wall s | steps s | "
        + " | ".join(f"{label} s" for label in labels)
        + " | share of steps | share of wall"
    )
    for orders in args.orders:
        with tempfile.TemporaryDirectory(prefix="bench_port_dates_") as tmp:
            root = Path(tmp)
            generate(
                root / "inbox",
                orders,
                args.seed,
                date.fromisoformat(AS_OF),
                port_date_defects=args.defects,
                late_carriers=True,
            )
            settings = PortreconSettings(
                inbox=str(root / "inbox"),
                warehouse=str(root / "night.duckdb"),
                reports=str(root / "reports"),
                as_of=AS_OF,
            )
            SECONDS.clear()
            start = time.perf_counter()
            outcome = run_nightly(settings)
            wall = time.perf_counter() - start
        if not outcome.success:
            raise SystemExit(f"the nightly failed in {outcome.failed_step}: {outcome.error}")
        steps = sum(seconds for _, seconds in outcome.steps)
        added = sum(SECONDS[label] for label in labels)
        print(
            f"{orders} | {wall:.1f} | {steps:.1f} | "
            + " | ".join(f"{SECONDS[label]:.2f}" for label in labels)
            + f" | {100 * added / steps:.2f} % | {100 * added / wall:.2f} %"
        )


if __name__ == "__main__":
    main()
