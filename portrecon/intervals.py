"""Intervals kept by carriers (`carrier_intervals`, PRODUCT.md 10, 10.1).

Carriers that answer late, or reject a simple port for a street name, break federal rules the
porting manager can invoke: a FOC within 24 business hours, a simple port completed within
1 business day (47 CFR 52.35), and only the 47 CFR 52.36 fields checked on a simple port.
"""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pandas as pd

from portrecon.calendars import business_days_between_many
from portrecon.carriers import CarrierBook
from portrecon.distinct import map_distinct
from portrecon.port_dates import SIMPLE, foc_due_times, port_in_orders
from portrecon.rejection_reasons import classify_reason
from portrecon.schema import CARRIER_INTERVALS

# A simple port completes within 1 business day of its FOC date (47 CFR 52.35).
SIMPLE_PORT_BUSINESS_DAYS = 1
# Rejection reasons (taxonomy codes of portrecon.rejection_reasons) about a value that 47 CFR
# 52.36 does not let a losing carrier require on a simple port: it may ask only for the numbers,
# the account number, the ZIP code and a PIN. A street address reason naming the ZIP or postal
# code is about the ZIP, so it is not one.
OUTSIDE_52_36 = frozenset(
    {
        "NAME_MISMATCH",
        "ADDRESS_MISMATCH",
        "BTN_MISMATCH",
        "DATA_MISMATCH",
        "INVOICE_STALE",
        "LOA_STALE",
        "BUSINESS_RELATIONSHIP",
    }
)
_ZIP = re.compile(r"\bzip\b|postal|\b8D\b", re.IGNORECASE)


def outside_52_36(reason: str | None) -> bool:
    """Whether a rejection reason names something a simple port may not be rejected for."""
    code = classify_reason(reason).code
    return code in OUTSIDE_52_36 and not (code == "ADDRESS_MISMATCH" and _ZIP.search(reason or ""))


# The state of the order's first LOA (as port_dates reads it) gives the province calendar.
_ORDERS_SQL = """
SELECT o.order_id, o.direction, o.carrier_id, o.carrier,
       coalesce(o.country, $default_country) AS country, l.state, o.submitted_at,
       o.approved_at, o.foc_date, o.completed_at
FROM orders o
LEFT JOIN (SELECT order_id, arg_min(state, loa_id) AS state FROM loa_records GROUP BY order_id) l
    USING (order_id)
WHERE o.submitted_at IS NOT NULL
"""
_REJECTIONS_SQL = """
SELECT DISTINCT order_id, reason FROM order_events WHERE status = 'rejected'
"""


def build_carrier_intervals(
    con: duckdb.DuckDBPyConnection, as_of: date, book: CarrierBook
) -> pd.DataFrame:
    """CARRIER_INTERVALS rows per carrier, direction and month of submission (tables orders,
    order_events, loa_records, loa_raw, loa_numbers, csr_records). `as_of` is part of every
    builder's signature (assets/table_asset.py); these figures count decided events only."""
    orders = con.execute(_ORDERS_SQL, {"default_country": book.default.country}).df()
    orders["foc_due_at"] = foc_due_times(orders, book)
    port_ins = port_in_orders(con, book, open_only=False)
    simple = set(port_ins.loc[port_ins["port_type"].eq(SIMPLE), "order_id"])
    rejections = con.sql(_REJECTIONS_SQL).df()
    # One classification per distinct reason text (a night's rejections repeat a few dozen).
    outside = map_distinct(rejections["reason"], outside_52_36).eq(True)
    disputed = set(rejections.loc[outside, "order_id"])
    orders["is_simple"] = orders["order_id"].isin(simple)
    orders["answered"] = orders["approved_at"].notna()
    orders["on_time"] = orders["answered"] & (orders["approved_at"] <= orders["foc_due_at"])
    orders["simple_done"] = orders["is_simple"] & orders["completed_at"].notna()
    orders["simple_done"] &= orders["foc_date"].notna()
    orders["on_interval"] = _on_interval(orders)
    orders["dispute"] = orders["is_simple"] & orders["order_id"].isin(disputed)
    submitted = pd.to_datetime(orders["submitted_at"])
    orders["month"] = submitted.dt.to_period("M").dt.start_time.dt.date
    grouped = orders.groupby(["carrier_id", "direction", "month"], sort=True)
    frame = grouped.agg(
        carrier=("carrier", "first"),
        foc_responses=("answered", "sum"),
        foc_on_time=("on_time", "sum"),
        simple_ports=("is_simple", "sum"),
        simple_completed=("simple_done", "sum"),
        simple_on_interval=("on_interval", "sum"),
        dispute_candidates=("dispute", "sum"),
    ).reset_index()
    frame["foc_on_time_rate"] = _rate(frame["foc_on_time"], frame["foc_responses"])
    frame["simple_on_interval_rate"] = _rate(frame["simple_on_interval"], frame["simple_completed"])
    return frame.reindex(columns=CARRIER_INTERVALS.column_names)


def _on_interval(orders: pd.DataFrame) -> pd.Series:
    """Whether each completed simple port (`simple_done`) completed (UTC date) at most
    SIMPLE_PORT_BUSINESS_DAYS business days of its country after its latest FOC date; one
    vectorised count per country."""
    result = pd.Series(False, index=orders.index)
    for country in sorted(set(orders.loc[orders["simple_done"], "country"])):
        rows = orders["simple_done"] & orders["country"].eq(country)
        foc = pd.to_datetime(orders.loc[rows, "foc_date"]).dt.date.tolist()
        done = pd.to_datetime(orders.loc[rows, "completed_at"]).dt.date.tolist()
        days = business_days_between_many(foc, done, country)
        result[rows] = days <= SIMPLE_PORT_BUSINESS_DAYS
    return result


def _rate(part: pd.Series, whole: pd.Series) -> pd.Series:
    """part / whole, NULL where whole is 0 (no rate without cases)."""
    return (part / whole.where(whole > 0)).astype("float64")
