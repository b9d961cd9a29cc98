"""The share of a nightly the port-date rules take (issue 18 target: under 3 %).

Generates a synthetic inbox with planted port-date defects, runs `portrecon nightly` (in-process
executor) under cProfile in a child process, and prints the cumulative seconds of the
`port_dates` table (build_port_dates), of assess_port_dates inside build_findings (the
PORT_DATE_* findings) and of the `carrier_intervals` table (build_carrier_intervals), each
against the whole profiled night. cProfile slows Python code more than DuckDB's, so the shares
are upper bounds.

    python bench/bench_port_dates_share.py --orders 2000 10000 [--seed 1] [--defects 0.1]
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from portrecon.synth import generate

AS_OF = "2026-11-20"


def cumulative(stats: pstats.Stats, name: str, caller: str | None = None) -> float:
    """Cumulative seconds of function `name` (only its calls from `caller` when given)."""
    total = 0.0
    for (_, _, func), (_, _, _, cum, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if func != name:
            continue
        if caller is None:
            total += cum
        else:
            total += sum(v[3] for (_, _, c), v in callers.items() if c == caller)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defects", type=float, default=0.1)
    args = parser.parse_args()
    print("orders | night s (profiled) | port_dates s | PORT_DATE findings s | share | "
          "carrier_intervals s | share with it")  # fmt: skip
    for orders in args.orders:
        with tempfile.TemporaryDirectory(prefix="bench_port_dates_") as tmp:
            root = Path(tmp)
            generate(
                root / "inbox",
                orders,
                args.seed,
                date.fromisoformat(AS_OF),
                port_date_defects=args.defects,
            )
            subprocess.run(
                [sys.executable, "-m", "cProfile", "-o", str(root / "night.prof"),
                 "-m", "portrecon.pipelines.cli", "nightly", "--inbox", str(root / "inbox"),
                 "--warehouse", str(root / "w.duckdb"), "--reports", str(root / "reports"),
                 "--as-of", AS_OF, "--executor", "in_process"],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            stats = pstats.Stats(str(root / "night.prof"))
        night = max(v[3] for v in stats.stats.values())  # type: ignore[attr-defined]
        table = cumulative(stats, "build_port_dates")
        findings = cumulative(stats, "assess_port_dates", caller="_findings")
        intervals = cumulative(stats, "build_carrier_intervals")
        print(
            f"{orders} | {night:.1f} | {table:.2f} | {findings:.2f} | "
            f"{100 * (table + findings) / night:.2f} % | {intervals:.2f} | "
            f"{100 * (table + findings + intervals) / night:.2f} %"
        )


if __name__ == "__main__":
    main()
