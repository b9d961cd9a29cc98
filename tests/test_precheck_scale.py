"""A 10,000-row project sheet goes through precheck whole (timing lives in bench/)."""

from __future__ import annotations

from itertools import takewhile
from pathlib import Path

from openpyxl import load_workbook
from precheck_world import AS_OF, big_world

from portrecon.precheck import run_precheck

ROWS = 10_000
ACCOUNTS = 20
# What a customer's sheet typically carries (no ids, dates or signer): keeps the test light.
COLUMNS = [
    "Losing Carrier",
    "Account Number",
    "End User Name",
    "Service Address 1",
    "City",
    "State",
    "Postal Code",
    "PIN",
    "BTN",
    "TN",
    "Invoice Date",
]


def test_ten_thousand_rows_are_all_checked_and_split_per_account(tmp_path: Path) -> None:
    warehouse, sheet = big_world(tmp_path, ROWS, ACCOUNTS, COLUMNS)
    counts = run_precheck(sheet, tmp_path / "out.xlsx", warehouse, AS_OF).counts
    blocked = ROWS // 100  # a number no CSR holds
    warned = ROWS // 50 - blocked  # a name typo on a row that is not blocked
    assert counts == {
        "ok": ROWS - blocked - warned,
        "warn": warned,
        "block": blocked,
        "rows": ROWS,
        "suborders": ACCOUNTS,
    }
    sheet = load_workbook(tmp_path / "out.xlsx", read_only=True)["Sub-orders"]
    header, *rows = sheet.iter_rows(values_only=True)
    count = header.index("Count")
    # The sub-orders, down to the blank row above the sheet's note.
    placed = sum(row[count] for row in takewhile(lambda row: row[0] is not None, rows))
    assert placed == ROWS - blocked
