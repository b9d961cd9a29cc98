"""Real files for precheck tests: a DuckDB warehouse from the contract DDL, real xlsx sheets.

Three CSR accounts (AT&T 1001, Verizon 2002, an unknown carrier CW-1) with their numbers; each
test writes a sheet whose rows start from a clean row for account 1001 and change one thing.
"""

from __future__ import annotations

import datetime as dt
from itertools import takewhile
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import Workbook, load_workbook

from portrecon import schema
from portrecon.carriers import default_carrier_book
from portrecon.pins import hash_pin
from portrecon.precheck import run_precheck
from portrecon.precheck.suborders import SUBORDER_COLUMNS
from portrecon.precheck.workbook import ADDED_COLUMNS, plain_header

AS_OF = dt.date(2026, 11, 20)
HEADER = [
    "LOA ID",
    "Order ID",
    "Number Type",
    "Losing Carrier",
    "End User Name",
    "Authorized Signer",
    "Signed Date",
    "Service Address 1",
    "Service Address 2",
    "City",
    "State",
    "Postal Code",
    "Account Number",
    "PIN",
    "BTN",
    "TN",
    "Requested Port Date",
    "Invoice Date",
]
ACCOUNTS = {
    "1001": {
        "carrier": "AT&T",
        "account_name": "Acme Inc",
        "service_address_1": "123 N Main St",
        "service_address_2": "Suite 4",
        "pin": "1234",
        "btn": "+12175550100",
        "tns": [f"+1217555{n:04d}" for n in range(100, 110)],
    },
    "2002": {
        "carrier": "Verizon",
        "account_name": "Beta LLC",
        "service_address_1": "9 Oak Ave",
        "service_address_2": None,
        "pin": "5555",
        "btn": "+12175550200",
        "tns": [f"+1217555{n:04d}" for n in range(200, 205)],
    },
    "CW-1": {
        "carrier": "Cascadia Wireless",
        "account_name": "Gamma Co",
        "service_address_1": "7 Elm Rd",
        "service_address_2": None,
        "pin": None,
        "btn": "+12175550300",
        "tns": [f"+1217555{n:04d}" for n in range(300, 303)],
    },
}


def clean_row(account: str = "1001", tn: object = "2175550101", **changes: object) -> dict:
    """A sheet row that matches the account's CSR exactly; `changes` by header name."""
    csr = ACCOUNTS[account]
    row = {
        "Number Type": "local",
        "Losing Carrier": csr["carrier"],
        "End User Name": csr["account_name"],
        "Authorized Signer": "Ann Smith",
        "Signed Date": dt.date(2026, 11, 10),
        "Service Address 1": csr["service_address_1"],
        "Service Address 2": csr["service_address_2"],
        "City": "Springfield",
        "State": "IL",
        "Postal Code": "62701",
        "Account Number": account,
        "PIN": csr["pin"],
        "BTN": csr["btn"][2:],
        "TN": tn,
        "Requested Port Date": dt.date(2026, 12, 15),
        "Invoice Date": dt.date(2026, 11, 1),
    }
    row.update(changes)
    return row


def build_warehouse(path: Path, open_orders: dict[str, list[str]] | None = None) -> Path:
    """A warehouse file with the three accounts' CSRs and, optionally, open port-in orders."""
    con = duckdb.connect(str(path))
    for table in (schema.CSR_RECORDS, schema.LOA_RECORDS, schema.LOA_NUMBERS, schema.ORDERS):
        con.execute(table.ddl())
    book = default_carrier_book()
    csr = [
        {
            "carrier": a["carrier"],
            "carrier_id": book.carrier_id(a["carrier"]),
            "account_number": number,
            "account_name": a["account_name"],
            "service_address_1": a["service_address_1"],
            "service_address_2": a["service_address_2"],
            "city": "Springfield",
            "state": "IL",
            "postal_code": "62701",
            "btn": a["btn"],
            "tn": tn,
            "pin_hash": hash_pin(a["pin"]),
            "csr_date": dt.date(2026, 11, 1),
            "source_file": "csr.csv",
            "source_line": i + 2,
        }
        for number, a in ACCOUNTS.items()
        for i, tn in enumerate(a["tns"])
    ]
    _insert(con, "csr_records", csr)
    for order_id, tns in (open_orders or {}).items():
        _insert(
            con,
            "loa_records",
            [
                {
                    "loa_id": f"L-{order_id}",
                    "order_id": order_id,
                    "losing_carrier": "AT&T",
                    "carrier_id": "att",
                    "account_number": "1001",
                    "tn_count": len(tns),
                }
            ],
        )
        _insert(
            con,
            "loa_numbers",
            [
                {
                    "order_id": order_id,
                    "loa_id": f"L-{order_id}",
                    "tn": tn,
                    "tn_raw": tn[2:],
                    "is_valid": True,
                    "region": "US",
                }
                for tn in tns
            ],
        )
        _insert(
            con,
            "orders",
            [
                {
                    "order_id": order_id,
                    "direction": "port_in",
                    "status": "submitted",
                    "is_open": True,
                }
            ],
        )
    con.close()
    return path


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    con.register("_rows", pd.DataFrame(rows).astype(object))
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
    con.unregister("_rows")


def write_sheet(
    path: Path,
    rows: list[dict | None],
    above: list[list[object]] | None = None,
    header: list[str] = HEADER,
) -> Path:
    """An xlsx whose first sheet has `above` rows (title, notes), the header, then the rows
    (None = a blank row)."""
    workbook = Workbook()  # not write-only: that mode leaves out the sheet's dimension
    sheet = workbook.active
    sheet.title = "Numbers"
    for line in above or []:
        sheet.append(line)
    sheet.append(header)
    for row in rows:
        sheet.append([None] * len(header) if row is None else [row.get(h) for h in header])
    workbook.save(path)
    return path


def precheck(tmp_path: Path, rows: list[dict | None], **kwargs: object) -> tuple[dict, Path]:
    """Run the precheck of a sheet of `rows` against the three-account warehouse."""
    warehouse = kwargs.pop("warehouse", None) or build_warehouse(tmp_path / "w.duckdb")
    sheet = write_sheet(
        tmp_path / "in.xlsx", rows, kwargs.pop("above", None), kwargs.pop("header", HEADER)
    )
    out = tmp_path / "out.xlsx"
    return run_precheck(sheet, out, warehouse, AS_OF, **kwargs).counts, out


def _keyed(header: tuple, keys: list[str]) -> list:
    """The input's headers as given; precheck's `keys` as such (`Risk Level` -> risk_level)."""
    plain = {plain_header(key): key for key in keys}
    return [plain.get(name, name) for name in header]


def output_rows(out: Path) -> list[dict]:
    """The Rows sheet of a precheck workbook as dicts by header (precheck's columns by key)."""
    sheet = load_workbook(out)["Rows"]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(_keyed(values[0], ADDED_COLUMNS), row, strict=True)) for row in values[1:]]


def suborders(out: Path) -> list[dict]:
    """The Sub-orders sheet's rows as dicts by key, up to the blank row before its note."""
    sheet = load_workbook(out)["Sub-orders"]
    values = list(sheet.iter_rows(values_only=True))
    rows = takewhile(lambda row: row[0] is not None, values[1:])
    return [dict(zip(_keyed(values[0], SUBORDER_COLUMNS), row, strict=True)) for row in rows]


def big_world(
    tmp: Path, rows: int, accounts: int = 20, header: list[str] = HEADER
) -> tuple[Path, Path]:
    """A warehouse of `accounts` AT&T accounts and a sheet of `rows` clean rows over them
    (every 50th row with a name typo, every 100th on a number no CSR holds), with the columns
    of `header`."""
    per_account = -(-rows // accounts)
    book = default_carrier_book()
    con = duckdb.connect(str(tmp / "big.duckdb"))
    for table in (schema.CSR_RECORDS, schema.ORDERS):
        con.execute(table.ddl())
    csr, sheet = [], []
    pin_hash = hash_pin("4321")
    for k in range(accounts):
        number = f"{5000 + k}"
        tns = [f"+1{312 + k % 3}{555 + k // 3:03d}{n:04d}" for n in range(per_account)]
        for i, tn in enumerate(tns):
            csr.append(
                {
                    "carrier": "AT&T",
                    "carrier_id": book.carrier_id("AT&T"),
                    "account_number": number,
                    "account_name": f"Customer {k} Inc",
                    "service_address_1": f"{k + 1} Main St",
                    "city": "Chicago",
                    "state": "IL",
                    "postal_code": "60601",
                    "btn": tns[0],
                    "tn": tn,
                    "pin_hash": pin_hash,
                    "csr_date": dt.date(2026, 11, 1),
                    "source_file": "csr.csv",
                    "source_line": i + 2,
                }
            )
            if len(sheet) < rows:
                sheet.append(
                    {
                        **clean_row(tn=tn[2:]),
                        "Losing Carrier": "AT&T",
                        "End User Name": f"Customer {k} Inc",
                        "Service Address 1": f"{k + 1} Main St",
                        "Service Address 2": None,
                        "City": "Chicago",
                        "Postal Code": "60601",
                        "Account Number": number,
                        "PIN": "4321",
                        "BTN": tns[0][2:],
                    }
                )
    for i in range(0, len(sheet), 50):
        sheet[i]["End User Name"] += "x"
    for i in range(0, len(sheet), 100):
        sheet[i]["TN"] = f"646555{i // 100:04d}"
    _insert(con, "csr_records", csr)
    con.close()
    return tmp / "big.duckdb", write_sheet(tmp / "big.xlsx", sheet, [["Project sheet"]], header)
