"""Benchmark `portrecon precheck`: wall and CPU seconds of a bulk-port sheet, and rows per second.

Either builds a clean project sheet of `--rows` numbers over `--accounts` AT&T accounts (the
tests' big_world: every 50th row with a name typo, every 100th on a number no CSR holds), or
draws a sheet of `--rows` numbers from a given warehouse's CSRs (its largest accounts, the CSR's
own values, every 50th row with a name typo, every 100th number changed), or times a given sheet
against a given warehouse. Prints the verdict counts, the risk model's source, and the timings:
`run_precheck` in this process, and with --cli the command a user runs, imports included.

    python bench/bench_precheck.py [--rows 10000] [--accounts 20] [--repeat 3] [--keep DIR]
    python bench/bench_precheck.py --warehouse W.duckdb --rows 10000 --as-of 2026-11-20 --cli
    python bench/bench_precheck.py --sheet IN.xlsx --warehouse W.duckdb --as-of 2026-11-20
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from openpyxl import load_workbook

from portrecon.precheck import run_precheck

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from precheck_world import AS_OF, big_world, clean_row, write_sheet

# The N numbers of the warehouse's largest CSR accounts, with the accounts' own values.
_CSR_ROWS_SQL = """
WITH accounts AS (
    SELECT carrier_id, account_number, count(*) AS numbers FROM csr_records GROUP BY ALL
)
SELECT c.carrier, c.account_number, c.account_name, c.service_address_1, c.service_address_2,
       c.city, c.state, c.postal_code, c.btn, c.tn
FROM csr_records c JOIN accounts a USING (carrier_id, account_number)
ORDER BY a.numbers DESC, c.carrier_id, c.account_number, c.tn
LIMIT $rows
"""


def warehouse_sheet(warehouse: Path, rows: int, path: Path) -> Path:
    """A sheet of `rows` numbers drawn from the warehouse's CSRs (see the module's docstring)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        csr = con.execute(_CSR_ROWS_SQL, {"rows": rows}).df().astype(object)
    finally:
        con.close()
    csr = csr.where(csr.notna(), None)
    sheet = [
        clean_row(tn=r.tn[2:], PIN=None, **{
            "Losing Carrier": r.carrier, "End User Name": r.account_name,
            "Service Address 1": r.service_address_1, "Service Address 2": r.service_address_2,
            "City": r.city, "State": r.state, "Postal Code": r.postal_code,
            "Account Number": r.account_number, "BTN": r.btn[2:] if r.btn else None,
        })
        for r in csr.itertuples(index=False)
    ]  # fmt: skip
    for i in range(0, len(sheet), 50):
        sheet[i]["End User Name"] = f"{sheet[i]['End User Name']}x"
    for i in range(0, len(sheet), 100):
        sheet[i]["TN"] = f"646555{i // 100:04d}"
    return write_sheet(path, sheet, [["Project sheet"]])


def _risk_source(workbook: Path) -> str:
    """The Summary's "Risk from" line of a precheck workbook."""
    summary = load_workbook(workbook, read_only=True)["Summary"]
    return next(str(r[1]) for r in summary.iter_rows(values_only=True) if r[0] == "Risk from")


def _time_cli(sheet: Path, warehouse: Path, as_of: dt.date, out: Path) -> float:
    """Wall seconds of `portrecon precheck` in a fresh process (imports included)."""
    script = Path(sys.executable).with_name("portrecon")  # this environment's, not PATH's
    command = [str(script), "precheck", str(sheet), "-o", str(out)]
    command += ["--warehouse", str(warehouse), "--as-of", as_of.isoformat(), "--force"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


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
    parser.add_argument("--cli", action="store_true", help="also time `portrecon precheck`")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        if args.sheet:
            sheet, warehouse = args.sheet, args.warehouse
        elif args.warehouse:
            warehouse = args.warehouse
            sheet = warehouse_sheet(warehouse, args.rows, work / "sheet.xlsx")
        else:
            start = time.perf_counter()
            warehouse, sheet = big_world(work, args.rows, args.accounts)
            print(f"built {args.rows} rows in {time.perf_counter() - start:.1f}s")
        runs = [
            _time(sheet, warehouse, args.as_of, work / "precheck.xlsx") for _ in range(args.repeat)
        ]
        print(f"risk from: {_risk_source(work / 'precheck.xlsx')}")
        if args.cli:
            cli = [
                _time_cli(sheet, warehouse, args.as_of, work / "cli.xlsx")
                for _ in range(args.repeat)
            ]
            print(f"portrecon precheck (fresh process), best of {args.repeat}: {min(cli):.2f}s")
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
