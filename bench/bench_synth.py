"""Time and peak memory of `portrecon.synth.generate` (inbox + truth) at 10k and 100k orders.

Each size runs in a fresh child process so its peak RSS is its own. Prints wall time, CPU time
(user + system: wall time on a shared machine also counts other processes), peak memory and
rows written. Run on demand:

    python bench/bench_synth.py [--orders 10000 100000] [--seed 0] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(orders: int, seed: int, out: Path) -> None:
    """Generate one world and print its measurements as JSON."""
    from portrecon.synth import generate

    started, cpu = time.perf_counter(), time.process_time()
    counts = generate(out / "inbox", orders, seed=seed, truth_dir=out / "truth")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    size = sum(p.stat().st_size for p in (out / "inbox").rglob("*") if p.is_file())
    print(json.dumps({
        "orders": orders,
        "wall_s": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
        "peak_mib": usage.ru_maxrss / 1024,
        "inbox_mib": size / 2**20,
        **counts,
    }))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the worlds here instead of a temp dir")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.orders[0], args.seed, args.child)
        return
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        print(
            f"{'orders':>8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'inbox MiB':>10} "
            f"{'csr rows':>9} {'loa rows':>9} {'event rows':>11} {'orders/s (cpu)':>15}"
        )
        for orders in args.orders:
            command = [
                sys.executable,
                __file__,
                "--orders",
                str(orders),
                "--seed",
                str(args.seed),
                "--child",
                str(root / f"synth-{orders}"),
            ]
            result = json.loads(
                subprocess.run(command, check=True, capture_output=True, text=True).stdout
            )
            print(f"{orders:>8} {result['wall_s']:>8.1f} {result['cpu_s']:>8.1f} "
                  f"{result['peak_mib']:>9.0f} {result['inbox_mib']:>10.1f} "
                  f"{result['csr_rows']:>9} {result['loa_rows']:>9} {result['orders_rows']:>11} "
                  f"{orders / result['cpu_s']:>15.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
