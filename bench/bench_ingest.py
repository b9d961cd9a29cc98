"""Ingest throughput and peak memory at synth scale, against a bare DuckDB read of the same CSVs.

Run on demand: `python bench/bench_ingest.py --orders 10000 100000`. Each measurement runs in its
own process so peak memory (ru_maxrss) is that step's alone; ratios are from the same run.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

INGEST = """
import sys
from pathlib import Path
from portrecon.ingest import load_inbox
frames = load_inbox(Path(sys.argv[1])).frames
ledger = frames["ingest_files"]
print(int(ledger["rows_read"].sum()))
"""

BARE_DUCKDB = """
import sys
from pathlib import Path
import duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
total = 0
for path in sorted(Path(sys.argv[1]).rglob("*.csv")):
    total += con.execute(
        "SELECT count(*) FROM read_csv(?, all_varchar=true, ignore_errors=true, "
        "strict_mode=false, null_padding=true, parallel=false)", [str(path)]
    ).fetchone()[0]
print(total)
"""


def measure(code: str, inbox: Path) -> tuple[float, float, int]:
    """(wall seconds, peak MiB, rows) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(inbox)], stdout=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"benchmark step failed with status {status}")
    rows = int(child.stdout.read().decode().strip()) if child.stdout else 0
    return elapsed, usage.ru_maxrss / 1024, rows


def synth_inbox(orders: int, root: Path) -> Path:
    inbox = root / f"synth-{orders}"
    if not inbox.exists():
        from portrecon.synth import generate

        generate(inbox, orders=orders, seed=1)
    return inbox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/portrecon-bench"))
    args = parser.parse_args()
    print("orders  rows  ingest_s  ingest_rows/s  ingest_MiB  duckdb_s  duckdb_MiB  time_ratio")
    for orders in args.orders:
        inbox = synth_inbox(orders, args.work)
        ingest_s, ingest_mib, rows = measure(INGEST, inbox)
        bare_s, bare_mib, _ = measure(BARE_DUCKDB, inbox)
        print(
            f"{orders:>6} {rows:>6} {ingest_s:>8.2f} {rows / ingest_s:>13,.0f} {ingest_mib:>10.0f}"
            f" {bare_s:>9.2f} {bare_mib:>11.0f} {ingest_s / bare_s:>10.1f}x"
        )


if __name__ == "__main__":
    main()
