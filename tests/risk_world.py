"""Hand-written warehouses for the rejection-risk tests: past port-ins with their findings and the
carrier's first answer, open port-ins to score, in a real in-memory DuckDB.

`orders` is built by the real timelines from the events and LOAs, as in the nightly job; findings
are written by hand (one row per code) with the reference date the reconciliation would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from portrecon.schema import FINDINGS, LOA_NUMBERS, LOA_RECORDS, ORDER_EVENTS, ORDERS, Table
from portrecon.timelines import build_orders

AS_OF = date(2026, 11, 20)
SUBMITTED = datetime(2026, 9, 1, 15, 0)
DECIDED = datetime(2026, 9, 10, 15, 0)


@dataclass
class World:
    """Rows of the five input tables, added order by order."""

    events: list[dict] = field(default_factory=list)
    loas: list[dict] = field(default_factory=list)
    numbers: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)

    def _event(self, order_id: str, carrier: str, status: str, at: datetime) -> None:
        self.events.append(
            {"order_id": order_id, "direction": "port_in", "carrier": carrier,
             "number_type": "local", "tn_count": 1, "event_time": at, "status": status,
             "status_raw": status, "source_file": "orders.csv",
             "source_line": len(self.events) + 2}
        )  # fmt: skip

    def _loa(self, order_id: str, carrier: str, signed: date) -> None:
        self.loas.append(
            {"loa_id": f"L-{order_id}", "order_id": order_id, "number_type": "local",
             "losing_carrier": carrier, "signed_date": signed, "state": "IL", "tn_count": 1,
             "source_file": "loa.csv", "source_line": len(self.loas) + 2}
        )  # fmt: skip

    def finding(self, order_id: str, code: str, reference: date, field: str | None = None) -> None:
        self.findings.append(
            {"order_id": order_id, "loa_id": f"L-{order_id}", "code": code, "field": field,
             "reference_date": reference, "severity": "warn"}
        )  # fmt: skip

    def lists(self, order_id: str, *tns: str) -> None:
        """The order's LOA lists these numbers (E.164)."""
        self.numbers.extend(
            {"order_id": order_id, "loa_id": f"L-{order_id}", "tn": tn, "tn_raw": tn,
             "is_valid": True, "region": "US"}
            for tn in tns
        )  # fmt: skip

    def event(self, order_id: str, carrier: str, status: str, at: datetime) -> None:
        """One more status event of an order already added."""
        self._event(order_id, carrier, status, at)

    def past(
        self,
        order_id: str,
        carrier: str,
        codes: tuple[str, ...],
        answer: str,
        decided: datetime = DECIDED,
        submitted: datetime = SUBMITTED,
    ) -> None:
        """A port-in submitted on `submitted` whose first carrier answer (approved, rejected,
        update_required, cancelled) came on `decided`."""
        self._loa(order_id, carrier, submitted.date() - timedelta(days=5))
        self._event(order_id, carrier, "submitted", submitted)
        self._event(order_id, carrier, answer, decided)
        for code in codes:
            self.finding(order_id, code, submitted.date())

    def open(
        self, order_id: str, carrier: str, codes: tuple[str, ...], draft: bool = False
    ) -> None:
        """An open port-in: submitted and unanswered, or a LOA-only draft."""
        self._loa(order_id, carrier, AS_OF - timedelta(days=3))
        reference = AS_OF if draft else AS_OF - timedelta(days=2)
        if not draft:
            self._event(
                order_id, carrier, "submitted", datetime.combine(reference, SUBMITTED.time())
            )
        for code in codes:
            self.finding(order_id, code, reference)

    def history(self, carrier: str, prefix: str, with_code: str, rejected_with: int) -> None:
        """20 past orders carrying `with_code` (`rejected_with` of them rejected) and 30 clean
        ones (2 rejected) at one carrier."""
        for i in range(20):
            answer = "rejected" if i < rejected_with else "approved"
            self.past(f"{prefix}-C{i:02d}", carrier, (with_code,), answer)
        for i in range(30):
            self.past(f"{prefix}-K{i:02d}", carrier, (), "rejected" if i < 2 else "approved")

    def connect(self, reverse: bool = False) -> duckdb.DuckDBPyConnection:
        """An in-memory warehouse with the five tables (rows reversed when asked)."""
        con = duckdb.connect()
        step = -1 if reverse else 1
        for table, rows in (
            (ORDER_EVENTS, self.events),
            (LOA_RECORDS, self.loas),
            (LOA_NUMBERS, self.numbers),
            (FINDINGS, self.findings),
        ):
            _create(con, table, pd.DataFrame(rows[::step]))
        _create(con, ORDERS, build_orders(con, AS_OF))
        return con


def _create(con: duckdb.DuckDBPyConnection, table: Table, frame: pd.DataFrame) -> None:
    con.execute(table.ddl())
    if not frame.empty:
        con.register("_rows", frame)
        con.execute(f'INSERT INTO "{table.name}" BY NAME SELECT * FROM _rows')
        con.unregister("_rows")


def strict_names_world() -> World:
    """AT&T rejects every NAME_EQUIVALENT, Verizon never does; open orders at both and at an
    unknown carrier."""
    world = World()
    world.history("AT&T", "A", "NAME_EQUIVALENT", rejected_with=20)
    world.history("Verizon", "V", "NAME_EQUIVALENT", rejected_with=0)
    world.open("OPEN-ATT-NAME", "AT&T", ("NAME_EQUIVALENT",))
    world.open("OPEN-ATT-CLEAN", "AT&T", ())
    world.open("OPEN-VZ-NAME", "Verizon", ("NAME_EQUIVALENT",))
    world.open("OPEN-NEW-NAME", "Newco Telecom", ("NAME_EQUIVALENT",))
    world.open("OPEN-DRAFT", "AT&T", ("NAME_EQUIVALENT", "INVOICE_STALE"), draft=True)
    return world
