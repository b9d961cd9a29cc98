"""Checking the sheet's rows with the nightly reconciliation itself (portrecon.reconcile).

Every sheet row becomes its own pseudo-LOA (all in one project order), so each finding belongs to
exactly one row and one number; the rules that are about an order as a whole (BTN left behind,
project spanning accounts) run in a second pass over one pseudo-LOA per CSR account and one for
the whole project. The warehouse is attached read-only; nothing is written to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from portrecon import schema
from portrecon.carriers import CarrierBook
from portrecon.duck import connect, sql_literal
from portrecon.ingest import tables
from portrecon.normalise.accounts import account_key
from portrecon.precheck.errors import PrecheckInputError
from portrecon.reconcile import build_findings, reconcile

PROJECT_ORDER = "__precheck__"
ROW_PREFIX = "__precheck_row_"
GROUP_PREFIX = "__precheck_account_"
PROJECT_LOA = "__precheck_project"
# Rules about an order as a whole: meaningless for one row, run on accounts / the project.
ACCOUNT_CODES = ("PARTIAL_PORT_BTN",)
PROJECT_CODES = ("PROJECT_MIXED_ACCOUNTS",)
WAREHOUSE_TABLES = ("csr_records",)


@dataclass
class Checked:
    """Findings per sheet row and the CSR account each row matched (if any)."""

    row_findings: pd.DataFrame  # FINDINGS columns + source_line
    matches: pd.DataFrame  # source_line + Reconciled.matches columns
    numbers: pd.DataFrame  # LOA_NUMBERS columns + source_line, for every readable row


def row_loa_id(line: int) -> str:
    return f"{ROW_PREFIX}{line:07d}"


def attach_warehouse(warehouse: Path) -> tuple[duckdb.DuckDBPyConnection, set[str]]:
    """An in-memory connection with the warehouse attached read-only as `wh`, and its tables."""
    if not warehouse.is_file():
        raise PrecheckInputError(
            f"warehouse not found: {warehouse} (build it with `portrecon nightly`)"
        )
    con = connect()
    try:
        con.execute(f"ATTACH {sql_literal(str(warehouse))} AS wh (READ_ONLY)")
    except duckdb.Error as exc:
        con.close()
        raise PrecheckInputError(f"warehouse {warehouse} cannot be opened: {exc}") from exc
    return con, warehouse_tables(con)


def warehouse_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables and views of the warehouse attached as `wh`."""
    return {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'wh' "
            "UNION SELECT view_name FROM duckdb_views() WHERE database_name = 'wh'"
        ).fetchall()
    }


def open_warehouse(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A connection where reconciliation sees the warehouse's CSRs and orders (read-only) and
    empty loa_records / loa_numbers for the sheet's pseudo-LOAs."""
    con, present = attach_warehouse(warehouse)
    missing = [t for t in WAREHOUSE_TABLES if t not in present]
    if missing:
        con.close()
        raise PrecheckInputError(
            f"warehouse {warehouse} has no {', '.join(missing)} table (not a portrecon warehouse?)"
        )
    have = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() "
            "WHERE database_name = 'wh' AND table_name = 'csr_records'"
        ).fetchall()
    }
    # A warehouse from an older portrecon may lack newer columns: they read as NULL.
    columns = ", ".join(
        f'"{c.name}"' if c.name in have else f'CAST(NULL AS {c.sql_type}) AS "{c.name}"'
        for c in schema.CSR_RECORDS.columns
    )
    con.execute(f"CREATE TEMP VIEW _wh_csr_records AS SELECT {columns} FROM wh.csr_records")
    # Every CSR row until check_rows keeps only those its LOAs can be compared with.
    con.execute("CREATE VIEW csr_records AS SELECT * FROM _wh_csr_records")
    if "orders" in present:
        con.execute("CREATE VIEW orders AS SELECT * FROM wh.orders")
    else:
        con.execute(schema.ORDERS.ddl())
    for table in (schema.LOA_RECORDS, schema.LOA_NUMBERS):
        con.execute(table.ddl())
    for table in (schema.LOA_RECORDS, schema.LOA_NUMBERS):
        # The warehouse's LOAs, read only for the numbers they share with the sheet.
        if table.name in present:
            con.execute(f"CREATE TEMP VIEW _wh_{table.name} AS SELECT * FROM wh.{table.name}")
        else:
            con.execute(
                table.ddl().replace(f'TABLE "{table.name}"', f"TEMP TABLE _wh_{table.name}")
            )
    return con


def _insert(con: duckdb.DuckDBPyConnection, table: schema.Table, frame: pd.DataFrame) -> None:
    con.register("_incoming", tables.select(frame, table))
    con.execute(f"INSERT INTO {table.name} BY NAME SELECT * FROM _incoming")
    con.unregister("_incoming")


def _load_loas(
    con: duckdb.DuckDBPyConnection, records: pd.DataFrame, numbers: pd.DataFrame, with_others: bool
) -> None:
    """Replace loa_records/loa_numbers with the given pseudo-LOAs and their parsed numbers.

    With `with_others`, the warehouse's LOAs sharing a number are added (only those numbers),
    so TN_IN_OTHER_ORDER sees the open orders the sheet's numbers are already in.
    """
    con.execute("DELETE FROM loa_records")
    con.execute("DELETE FROM loa_numbers")
    _insert(con, schema.LOA_RECORDS, records)
    _insert(con, schema.LOA_NUMBERS, numbers)
    if with_others:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _other_numbers AS
            SELECT w.* FROM _wh_loa_numbers w
            WHERE w.tn IN (SELECT tn FROM loa_numbers WHERE tn IS NOT NULL)
            """
        )
        columns = ", ".join(f'r."{c}"' for c in schema.LOA_RECORDS.column_names)
        con.execute(
            f"INSERT INTO loa_records BY NAME SELECT {columns} FROM _wh_loa_records r "
            "WHERE r.loa_id IN (SELECT loa_id FROM _other_numbers)"
        )
        con.execute("INSERT INTO loa_numbers BY NAME SELECT * FROM _other_numbers")


# Account numbers of the CSR rows holding a number or the BTN of an LOA in the connection.
_NEAR_ACCOUNTS_SQL = """
SELECT DISTINCT account_number FROM _wh_csr_records
WHERE tn IN (SELECT tn FROM loa_numbers) OR btn IN (SELECT btn FROM loa_records)
"""


def _keep_comparable_csrs(con: duckdb.DuckDBPyConnection) -> None:
    """Replace csr_records by the rows of every CSR account the LOAs in `con` can be compared
    with, instead of the warehouse's whole CSR table.

    Why: each reconciliation pass builds its account tables from every csr_records row, and at
    100,000 orders (800k CSR rows) that was 4.5 s of each of precheck's two passes. The rows kept
    are a superset of what the rules read: an LOA matches an account by its own account key, by
    BTN or by numbers (then a row of the account holds that BTN or number), or by its own key at
    another carrier, and number lookups read the accounts holding one of its numbers. Every row
    of an account whose key is among those keys is kept, at every carrier (rows without a key
    too, when one of those accounts has none), so each account's newest row and the count of
    accounts per key are the same as over all rows.
    """
    accounts = pd.concat(
        [
            con.sql(_NEAR_ACCOUNTS_SQL).df()["account_number"],
            con.sql("SELECT DISTINCT account_number FROM loa_records").df()["account_number"],
        ],
        ignore_index=True,
    )
    keys = account_key(accounts)
    every = con.sql("SELECT DISTINCT account_number FROM _wh_csr_records").df()["account_number"]
    every_key = account_key(every)
    keyless = bool(keys.isna().any())
    kept = every[every_key.isin(set(keys.dropna())) | (every_key.isna() & keyless)]
    con.register("_kept_accounts", pd.DataFrame({"account_number": kept}, dtype=object))
    try:
        con.execute("DROP VIEW csr_records")
        con.execute(
            "CREATE TEMP TABLE csr_records AS SELECT * FROM _wh_csr_records "
            "WHERE account_number IN (SELECT account_number FROM _kept_accounts)"
            + (" OR account_number IS NULL" if keyless else "")
        )
    finally:
        con.unregister("_kept_accounts")


def _with_line(frame: pd.DataFrame, lines: dict[str, int]) -> pd.DataFrame:
    out = frame[frame["loa_id"].isin(lines.keys())].copy()
    out["source_line"] = out["loa_id"].map(lines).astype("int64")
    return out.reset_index(drop=True)


def check_rows(
    con: duckdb.DuckDBPyConnection, loaded: pd.DataFrame, as_of: dt.date, book: CarrierBook
) -> Checked:
    """Pass 1: every readable row against the CSRs, as its own LOA of one project order."""
    rows = loaded.copy()
    rows["loa_id"] = rows["source_line"].map(row_loa_id)
    rows["order_id"] = PROJECT_ORDER
    lines = dict(zip(rows["loa_id"], rows["source_line"].astype(int), strict=True))
    records = tables.loa_raw(rows)
    numbers = tables.loa_numbers(records)
    _load_loas(con, records, numbers, with_others=True)
    _keep_comparable_csrs(con)
    reconciled = reconcile(con, as_of, book)
    found = reconciled.findings
    found = found[~found["code"].isin(ACCOUNT_CODES + PROJECT_CODES)]
    matches = _with_line(reconciled.matches, lines)
    return Checked(_with_line(found, lines), matches, _with_line(numbers, lines))


def check_groups(
    con: duckdb.DuckDBPyConnection,
    checked: Checked,
    loaded: pd.DataFrame,
    accounts: pd.DataFrame,
    as_of: dt.date,
    book: CarrierBook,
) -> pd.DataFrame:
    """Pass 2: the order-level rules on one LOA per CSR account and one for the whole project.

    `accounts` maps source_line -> acct_id, account_number (the CSR's) for the rows that will be
    submitted; each account's LOA lists those rows' numbers, the project LOA every readable
    row's. Returns ACCOUNT_CODES findings (with acct_id) and PROJECT_CODES findings.
    """
    if loaded.empty:
        return pd.DataFrame(columns=[*schema.FINDINGS.column_names, "acct_id"])
    first = loaded.sort_values("source_line").iloc[[0]]
    heads = loaded.merge(accounts, on="source_line", suffixes=("", "_csr"))
    heads = heads.sort_values("source_line").drop_duplicates("acct_id").sort_values("acct_id")
    ids = {acct: f"{GROUP_PREFIX}{n:05d}" for n, acct in enumerate(heads["acct_id"])}
    records = pd.concat(
        [
            first.assign(loa_id=PROJECT_LOA),
            heads.assign(
                loa_id=heads["acct_id"].map(ids), account_number=heads["account_number_csr"]
            ),
        ],
        ignore_index=True,
    ).assign(order_id=PROJECT_ORDER)
    member_numbers = checked.numbers.merge(accounts[["source_line", "acct_id"]], on="source_line")
    numbers = pd.concat(
        [
            checked.numbers.assign(loa_id=PROJECT_LOA),
            member_numbers.assign(loa_id=member_numbers["acct_id"].map(ids)),
        ],
        ignore_index=True,
    )
    key = numbers["tn"].fillna(numbers["tn_raw"])
    numbers = numbers.loc[~pd.DataFrame({"l": numbers["loa_id"], "k": key}).duplicated()]
    counts = numbers.groupby("loa_id").size()
    records["tn_count"] = records["loa_id"].map(counts).fillna(0).astype(int)
    _load_loas(con, records, numbers.assign(order_id=PROJECT_ORDER), with_others=False)
    found = build_findings(con, as_of, book)
    accounts_of = {loa_id: acct for acct, loa_id in ids.items()}
    wanted = (found["loa_id"].isin(accounts_of.keys()) & found["code"].isin(ACCOUNT_CODES)) | (
        found["loa_id"].eq(PROJECT_LOA) & found["code"].isin(PROJECT_CODES)
    )
    found = found[wanted].copy()
    found["acct_id"] = found["loa_id"].map(accounts_of)
    return found.reset_index(drop=True)
