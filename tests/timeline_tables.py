"""Hand-written input tables for the timeline, SLA and port-out tests, in an in-memory DuckDB."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from portrecon.schema import LOA_RECORDS, ORDER_EVENTS, ORDERS, Table
from portrecon.timelines import build_orders


def event(
    order_id: str,
    status: str,
    event_time: str,
    carrier: str = "AT&T",
    direction: str = "port_in",
    foc_date: str | None = None,
    reason: str | None = None,
    number_type: str | None = "local",
    tn_count: int | None = 1,
) -> dict[str, object]:
    """One distinct order event; event_time is an ISO UTC instant."""
    return {
        "order_id": order_id,
        "direction": direction,
        "carrier": carrier,
        "number_type": number_type,
        "tn_count": tn_count,
        "event_time": datetime.fromisoformat(event_time),
        "status": status,
        "status_raw": status,
        "foc_date": date.fromisoformat(foc_date) if foc_date else None,
        "reason": reason,
        "source_file": "orders.csv",
        "source_line": 2,
    }


def loa(order_id: str, losing_carrier: str = "AT&T", state: str = "CA") -> dict[str, object]:
    """One LOA record with the fields timelines read."""
    return {
        "loa_id": f"LOA-{order_id}",
        "order_id": order_id,
        "number_type": "local",
        "losing_carrier": losing_carrier,
        "state": state,
        "tn_count": 3,
        "source_file": "loa.csv",
        "source_line": 2,
    }


def order(
    order_id: str,
    submitted_at: str | None = "2026-11-02T15:00:00",
    carrier_id: str = "att",
    carrier: str = "AT&T",
    direction: str = "port_in",
    days_to_foc: int | None = None,
    days_to_complete: int | None = None,
    rejections: int = 0,
    is_open: bool = True,
) -> dict[str, object]:
    """One `orders` row for the tests of tables built from `orders` (SLA, aging)."""
    return {
        "order_id": order_id,
        "direction": direction,
        "carrier": carrier,
        "carrier_id": carrier_id,
        "country": "US",
        "status": "completed" if days_to_complete is not None else "submitted",
        "is_open": is_open and days_to_complete is None,
        "submitted_at": datetime.fromisoformat(submitted_at) if submitted_at else None,
        "completed_at": datetime(2026, 11, 20) if days_to_complete is not None else None,
        "rejections": rejections,
        "update_requests": 0,
        "days_to_foc": days_to_foc,
        "days_to_complete": days_to_complete,
    }


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: Table, rows: list[dict[str, object]]
) -> None:
    con.execute(table.ddl())
    for row in rows:
        columns = ", ".join(f'"{name}"' for name in row)
        marks = ", ".join("?" for _ in row)
        con.execute(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', list(row.values()))


def input_tables(
    events: list[dict[str, object]], loas: list[dict[str, object]] = ()
) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with `order_events` and `loa_records` created from the schema DDL."""
    con = duckdb.connect()
    insert_rows(con, ORDER_EVENTS, list(events))
    insert_rows(con, LOA_RECORDS, list(loas))
    return con


def orders_table(rows: list[dict[str, object]]) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with table `orders` (schema DDL) holding hand-written rows."""
    con = duckdb.connect()
    insert_rows(con, ORDERS, rows)
    return con


def with_orders(con: duckdb.DuckDBPyConnection, as_of: date) -> duckdb.DuckDBPyConnection:
    """Add table `orders` (schema DDL) built by timelines.build_orders from the input tables."""
    frame = build_orders(con, as_of)
    con.execute(ORDERS.ddl())
    con.register("_built_orders", frame)
    con.execute("INSERT INTO orders SELECT * FROM _built_orders")
    con.unregister("_built_orders")
    return con
