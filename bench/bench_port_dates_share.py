"""The share of a nightly the port-date rules take (issue 18 target: under 3 %).

Generates a synthetic inbox with planted port-date defects and late carriers, then measures it
twice. First the nightly's own per-step timings (in-process executor, steps one after another):
the `port_dates` and `carrier_intervals` steps against the sum of all steps. Then `portrecon
nightly` under cProfile in a child process: the cumulative seconds of the `port_dates` table
(build_port_dates), of assess_port_dates inside build_findings (the PORT_DATE_* findings, inside
the findings step) and of the `carrier_intervals` table (build_carrier_intervals), each against
the whole profiled night. cProfile slows Python code more than DuckDB's, so those shares are
upper bounds.

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

from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.runner import run_nightly
from portrecon.synth import generate

AS_OF = "2026-11-20"
# The one step computing port_dates and carrier_intervals (assets/reconcile.py).
ISSUE_STEPS = ("port_in_dates",)


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


def step_shares(root: Path) -> tuple[float, dict[str, float]]:
    """Seconds of all the night's steps together, and of each ISSUE_STEPS step."""
    settings = PortreconSettings(
        inbox=str(root / "inbox"),
        warehouse=str(root / "steps.duckdb"),
        reports=str(root / "steps_reports"),
        as_of=AS_OF,
    )
    outcome = run_nightly(settings)
    if not outcome.success:
        raise SystemExit(f"the nightly failed in {outcome.failed_step}: {outcome.error}")
    steps = dict(outcome.steps)
    return sum(steps.values()), {name: steps.get(name, 0.0) for name in ISSUE_STEPS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defects", type=float, default=0.1)
    args = parser.parse_args()
    rows = []
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
            steps_total, issue_steps = step_shares(root)
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
        rows.append(
            f"{orders} | {steps_total:.1f} | {issue_steps['port_in_dates']:.2f} | "
            f"{100 * sum(issue_steps.values()) / steps_total:.2f} % | "
            f"{night:.1f} | {table:.2f} | {findings:.2f} | {intervals:.2f} | "
            f"{100 * (table + findings + intervals) / night:.2f} %"
        )
    print("orders | steps s | port_in_dates step s | share | "
          "night s (profiled) | port_dates s | PORT_DATE findings s | carrier_intervals s | "
          "share (profiled)")  # fmt: skip
    print("\n".join(rows))


if __name__ == "__main__":
    main()
