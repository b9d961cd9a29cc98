"""Report benchmarks: XlsxWriter vs openpyxl on 100k orders' worth of rows, and the report step.

Why: docs/reports.md chooses the xlsx library by these numbers, and says how long the nightly
report step takes on a large warehouse.

    python bench/bench_reports.py --rows 100000
    python bench/bench_reports.py --warehouse big.duckdb --as-of 2026-11-20
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import xlsxwriter
from openpyxl.cell import WriteOnlyCell

from portrecon.reports import write_nightly_html, write_nightly_xlsx

EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def at_risk_like(rows: int) -> pd.DataFrame:
    """A frame shaped like the At risk sheet: ids, words, a share, a date, counts, long text."""
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "order_id": [f"PIA{i:07d}" for i in range(rows)],
            "carrier": rng.choice(["AT&T", "Verizon", "Tidewater Networks", "=cmd"], rows),
            "level": rng.choice(["high", "medium", "low"], rows),
            "probability": rng.random(rows),
            "requested": pd.Timestamp("2026-11-01")
            + pd.to_timedelta(rng.integers(0, 60, rows), unit="D"),
            "tn_count": rng.integers(1, 200, rows),
            "top_reasons": rng.choice(
                [
                    "NAME_SIMILAR 62% (AT&T rejected 9 of 12)\nADDRESS_EQUIVALENT 38% (no history)",
                    "PIN_DIFFERENT 100% (all carriers rejected 13 of 14)",
                ],
                rows,
            ),
            "fixes": rng.choice(
                [
                    "Correct the end-user name on the LOA to match the CSR exactly.\nCopy the "
                    "service address exactly as it appears on the CSR.",
                    "Ask the customer for the current port-out PIN.",
                ],
                rows,
            ),
        }
    )


def with_xlsxwriter(frame: pd.DataFrame, path: Path) -> None:
    """Typed column-wise writes, as portrecon.reports.xlsx does."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("At risk")
    pct = book.add_format({"num_format": "0.0%"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    quoted = book.add_format({"quote_prefix": True})
    sheet.write_row(0, 0, list(frame.columns))
    for col, name in enumerate(frame.columns):
        values = frame[name]
        if name == "requested":
            serials = ((values - EXCEL_EPOCH) / pd.Timedelta(days=1)).tolist()
            for row, value in enumerate(serials, 1):
                sheet.write_number(row, col, value, day)
        elif values.dtype.kind in "if":
            fmt = pct if name == "probability" else None
            for row, value in enumerate(values.tolist(), 1):
                sheet.write_number(row, col, value, fmt)
        else:
            for row, value in enumerate(values.tolist(), 1):
                sheet.write_string(row, col, value, quoted if value[:1] == "=" else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    book.close()


def with_openpyxl(frame: pd.DataFrame, path: Path) -> None:
    """Cell by cell in a normal workbook; strings forced to data_type 's' (never formulas)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    records = frame.assign(requested=frame["requested"].dt.date)
    for row, record in enumerate(records.itertuples(index=False, name=None), 2):
        for col, value in enumerate(record, 1):
            cell = sheet.cell(row, col, value)
            if isinstance(value, str):
                cell.data_type = "s"
            elif col == 4:
                cell.number_format = "0.0%"
            elif col == 5:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


def with_openpyxl_write_only(frame: pd.DataFrame, path: Path) -> None:
    """openpyxl's streaming mode: rows of WriteOnlyCell, strings forced to data_type 's'."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("At risk")
    sheet.freeze_panes = "A2"
    sheet.append(list(frame.columns))
    records = frame.assign(requested=frame["requested"].dt.date)
    for record in records.itertuples(index=False, name=None):
        cells = []
        for value in record:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    book.save(path)


def _seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def compare_libraries(rows: int) -> None:
    frame = at_risk_like(rows)
    writers = {
        "xlsxwriter": with_xlsxwriter,
        "openpyxl": with_openpyxl,
        "openpyxl write_only": with_openpyxl_write_only,
    }
    with tempfile.TemporaryDirectory() as folder:
        results = {
            name: _seconds(lambda w=writer, n=name: w(frame, Path(folder) / f"{n}.xlsx"))
            for name, writer in writers.items()
        }
    cells = rows * len(frame.columns)
    print(f"{rows:,} rows x {len(frame.columns)} columns = {cells:,} cells")
    for name, seconds in results.items():
        ratio = seconds / results["xlsxwriter"]
        print(f"  {name:<20} {seconds:6.2f} s  {cells / seconds:>10,.0f} cells/s  x{ratio:.2f}")


def time_reports(warehouse: Path, as_of: date) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        start = time.perf_counter()
        written = write_nightly_xlsx(con, out / "nightly.xlsx", as_of)
        xlsx_seconds = time.perf_counter() - start
        html_seconds = _seconds(lambda: write_nightly_html(con, out / "nightly.html", as_of))
        sizes = {p.name: p.stat().st_size for p in out.iterdir()}
    print(f"report step on {warehouse}:")
    print(f"  nightly.xlsx {xlsx_seconds:6.2f} s  {sizes['nightly.xlsx'] / 1e6:.1f} MB  {written}")
    print(f"  nightly.html {html_seconds:6.2f} s  {sizes['nightly.html'] / 1e3:.0f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 20))
    args = parser.parse_args()
    if args.warehouse:
        time_reports(args.warehouse, args.as_of)
    else:
        compare_libraries(args.rows)


if __name__ == "__main__":
    main()
