"""Hand-written reconciliation inputs: real DuckDB tables from the contract's DDL.

A test module describes each behaviour as a named case (a function of a `Case`); all cases of a
module live in one warehouse with their own account and numbers, so build_findings runs once per
module and each test reads its own order's findings. Every case starts from a clean LOA that
matches its CSR account exactly, so it changes only the value its behaviour is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb
import pandas as pd

from portrecon import schema
from portrecon.carriers import default_carrier_book
from portrecon.phones import parse_number
from portrecon.pins import hash_pin, hash_pin_unpadded
from portrecon.reconcile import build_findings

AS_OF = dt.date(2026, 11, 20)  # a Friday
TEST_KEY = b"test-key"

# What the clean account and its clean LOA share.
SERVICE_ADDRESS = {
    "service_address_1": "123 N Main St",
    "service_address_2": "Suite 4",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "pin": "1234",
}
CSR_DEFAULTS = {
    **SERVICE_ADDRESS,
    "carrier": "AT&T",
    "account_name": "Acme Inc",
    "csr_date": dt.date(2026, 11, 1),
}
LOA_DEFAULTS = {
    **SERVICE_ADDRESS,
    "number_type": "local",
    "losing_carrier": "AT&T",
    "end_user_name": "Acme Inc",
    "authorized_signer": "Ann Acme",
    "signed_date": dt.date(2026, 11, 10),
    "requested_port_date": dt.date(2026, 12, 1),
    "invoice_date": dt.date(2026, 11, 1),
}


class World:
    """Rows for csr_records, loa_records, loa_numbers and orders, loaded into DuckDB at once."""

    TABLES = (schema.CSR_RECORDS, schema.LOA_RECORDS, schema.LOA_NUMBERS, schema.ORDERS)

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, object]]] = {t.name: [] for t in self.TABLES}

    def insert(self, table: schema.Table, rows: list[dict[str, object]]) -> None:
        self.rows[table.name].extend(rows)

    def connect(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB holding the rows added so far, one INSERT per table."""
        con = duckdb.connect()
        for table in self.TABLES:
            con.execute(table.ddl())
            if self.rows[table.name]:
                con.register("_rows", pd.DataFrame(self.rows[table.name]).astype(object))
                con.execute(f"INSERT INTO {table.name} BY NAME SELECT * FROM _rows")
                con.unregister("_rows")
        return con


class Case:
    """One behaviour's rows: its own account `A<k>`, numbers and order `O<k>`."""

    def __init__(self, world: World, k: int) -> None:
        self.world = world
        self.order_id = f"O{k:03d}"
        self.account = f"A{k:03d}"
        self.tns = self.numbers(k, 2)

    @staticmethod
    def numbers(k: int, count: int, start: int = 0) -> tuple[str, ...]:
        """`count` valid US numbers that belong to case k only."""
        return tuple(f"+1319{200 + k:03d}{i:04d}" for i in range(start, start + count))

    def csr(self, tns: tuple[str, ...] | None = None, **values: object) -> Case:
        """One CSR account (default: the case's clean account holding the case's numbers)."""
        tns = self.tns if tns is None else tns
        row = {**CSR_DEFAULTS, "account_number": self.account, "btn": tns[0], **values}
        row["carrier_id"] = default_carrier_book().carrier_id(row["carrier"])
        row["pin_hash_unpadded"] = hash_pin_unpadded(row["pin"], key=TEST_KEY)
        row["pin_hash"] = hash_pin(row.pop("pin"), key=TEST_KEY)
        self.world.insert(
            schema.CSR_RECORDS,
            [
                {**row, "tn": tn, "source_file": "csr.csv", "source_line": i + 2}
                for i, tn in enumerate(tns)
            ],
        )
        return self

    def loa(self, tns: tuple[str, ...] | None = None, **values: object) -> Case:
        """One LOA (default: the clean LOA of the case's order for the clean account)."""
        tns = self.tns if tns is None else tns
        row = {
            **LOA_DEFAULTS,
            "loa_id": f"L{self.order_id}",
            "order_id": self.order_id,
            "account_number": self.account,
            "btn": self.tns[0],
            **values,
        }
        row["carrier_id"] = default_carrier_book().carrier_id(row["losing_carrier"])
        row["pin_hash_unpadded"] = hash_pin_unpadded(row["pin"], key=TEST_KEY)
        row["pin_hash"] = hash_pin(row.pop("pin"), key=TEST_KEY)
        row["tn_count"] = len(tns)
        self.world.insert(schema.LOA_RECORDS, [{**row, "source_file": "loa.csv", "source_line": 2}])
        numbers = [parse_number(t) for t in tns]
        self.world.insert(
            schema.LOA_NUMBERS,
            [
                {
                    "order_id": row["order_id"],
                    "loa_id": row["loa_id"],
                    "tn": n.e164,
                    "tn_raw": n.raw,
                    "is_valid": n.is_valid,
                    "region": n.region,
                }
                for n in numbers
            ],
        )
        return self

    def order(
        self,
        order_id: str | None = None,
        *,
        is_open: bool = True,
        submitted_at: dt.datetime | None = None,
    ) -> Case:
        """The orders row of an order (only the columns reconciliation reads)."""
        self.world.insert(
            schema.ORDERS,
            [
                {
                    "order_id": order_id or self.order_id,
                    "direction": "port_in",
                    "status": "submitted" if is_open else "completed",
                    "is_open": is_open,
                    "submitted_at": submitted_at,
                }
            ],
        )
        return self


def case_findings(cases: dict[str, Callable[[Case], object]]) -> dict[str, pd.DataFrame]:
    """Build every case in one warehouse, reconcile once, and split the findings by case."""
    world = World()
    order_of = {}
    for k, (name, build) in enumerate(cases.items()):
        case = Case(world, k)
        build(case)
        order_of[name] = case.order_id
    found = build_findings(world.connect(), AS_OF)
    by_order = {order: rows.reset_index(drop=True) for order, rows in found.groupby("order_id")}
    empty = found.iloc[:0]
    return {name: by_order.get(order, empty) for name, order in order_of.items()}


def clean(case: Case) -> None:
    """The clean account and a clean LOA for it: no findings expected."""
    case.csr().loa()


def codes(found: dict[str, pd.DataFrame], case: str) -> list[str]:
    """The finding codes of one case, in build_findings order."""
    return found[case]["code"].tolist()
