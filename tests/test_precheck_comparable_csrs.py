"""Precheck reconciles against the CSR accounts its rows can be compared with, not the whole CSR
table (speed at national scale), and that changes no verdict, finding, risk or sub-order."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from precheck_world import AS_OF, build_warehouse, clean_row, precheck, write_sheet

from portrecon.carriers import default_carrier_book
from portrecon.precheck import check
from portrecon.precheck.sheet import parse_rows, read_sheet

BASE = {"carrier": "Verizon", "carrier_id": "verizon", "account_name": "Other Co",
        "city": "Springfield", "state": "IL", "postal_code": "62701",
        "csr_date": dt.date(2026, 11, 1), "source_file": "extra.csv"}  # fmt: skip
EXTRA_CSRS = [
    # Unrelated to the sheet: left out.
    *({**BASE, "account_number": "7777", "tn": f"+1312555{n:04d}"} for n in range(20)),
    # Account 1001's key at another carrier: account_other_carrier counts it.
    {**BASE, "account_number": "0001001", "tn": "+13125559000"},
    # No account number: an account of its own, matched by a sheet number.
    {**BASE, "account_number": None, "tn": "+12175559999", "btn": "+12175559999"},
    # Matched by the sheet row's BTN.
    {**BASE, "account_number": "4444", "tn": "+12175558801", "btn": "+12175558888"},
]
ROWS = [
    clean_row(),
    clean_row(tn="2175550105"),  # in another open order
    clean_row(account="2002", tn="2175550201"),
    clean_row(tn="2175559999", **{"Account Number": "X-1", "Losing Carrier": "Verizon"}),
    clean_row(
        tn="2175558801",
        **{"Account Number": "Z-9", "BTN": "2175558888", "Losing Carrier": "Verizon"},
    ),
    clean_row(tn="3125559000", **{"Account Number": "1001", "Losing Carrier": "Sprint"}),
]


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = build_warehouse(tmp_path / "w.duckdb", open_orders={"PI9": ["+12175550105"]})
    con = duckdb.connect(str(path))
    for row in EXTRA_CSRS:
        columns = ", ".join(row)
        con.execute(f"INSERT INTO csr_records ({columns}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()))  # fmt: skip
    con.close()
    return path


def _sheets(out: Path) -> dict[str, list[tuple]]:
    workbook = load_workbook(out, read_only=True)
    return {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}


def test_only_comparable_csr_accounts_are_reconciled(warehouse: Path, tmp_path: Path) -> None:
    book = default_carrier_book()
    sheet = write_sheet(tmp_path / "in.xlsx", ROWS)
    parsed = parse_rows(read_sheet(sheet, None, book), sheet.name, book)
    con = check.open_warehouse(warehouse)
    try:
        check.check_rows(con, parsed.loaded, AS_OF, book)
        kept = {r[0] for r in con.execute("SELECT account_number FROM csr_records").fetchall()}
    finally:
        con.close()
    assert kept == {"1001", "2002", "0001001", None, "4444"}


def test_the_workbook_is_the_one_the_whole_csr_table_gives(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "kept").mkdir()
    (tmp_path / "whole").mkdir()
    _, kept = precheck(tmp_path / "kept", ROWS, warehouse=warehouse)
    monkeypatch.setattr(check, "_keep_comparable_csrs", lambda con: None)
    _, whole = precheck(tmp_path / "whole", ROWS, warehouse=warehouse)
    assert _sheets(kept) == _sheets(whole)
    rows = _sheets(kept)["Rows"]
    findings = rows[0].index("Findings")
    assert "CSR_NOT_FOUND" not in " ".join(str(r[findings]) for r in rows[1:])
