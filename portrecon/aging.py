"""Open orders by business days since submission, in buckets (`order_aging`, docs/metrics.md).

The report's Aging sheet and chart read this table, so a porting manager sees which orders have
waited longest against each carrier's completion target.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from portrecon.calendar_sql import register_calendar_for
from portrecon.carrier_sql import PROFILE_TABLE, register_carrier_profiles
from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.schema import ORDER_AGING

# (bucket label, upper bound in business days, inclusive); the last bucket is open-ended.
BUCKETS = (("0-5", 5), ("6-10", 10), ("11-20", 20), ("21+", None))
NOT_SUBMITTED = "not submitted"


def _bucket_case(value: str) -> str:
    """CASE over business_days_open giving each bucket's label (value='label') or rank."""
    results = [
        f"'{label}'" if value == "label" else str(rank)
        for rank, (label, _) in enumerate(BUCKETS, start=1)
    ]
    unsubmitted = f"'{NOT_SUBMITTED}'" if value == "label" else str(len(BUCKETS) + 1)
    whens = [
        f"WHEN business_days_open <= {bound} THEN {result}"
        for (_, bound), result in zip(BUCKETS, results, strict=True)
        if bound is not None
    ]
    return (
        f"CASE WHEN business_days_open IS NULL THEN {unsubmitted} {' '.join(whens)} "
        f"ELSE {results[-1]} END"
    )


_AGING_SQL = f"""
WITH open_orders AS (
    SELECT o.*, p.sla_days_to_complete,
           CAST(bd_between(o.country, CAST(o.submitted_at AS DATE), $as_of) AS INTEGER)
               AS business_days_open
    FROM orders o
    JOIN {PROFILE_TABLE} p USING (carrier_id)
    WHERE o.is_open
)
SELECT order_id, direction, carrier_id, carrier, country, status, submitted_at,
       business_days_open,
       {_bucket_case("label")} AS bucket,
       {_bucket_case("rank")} AS bucket_order,
       CAST(sla_days_to_complete AS INTEGER) AS sla_days_to_complete,
       coalesce(business_days_open > sla_days_to_complete, false) AS over_target
FROM open_orders
ORDER BY bucket_order, business_days_open NULLS LAST, order_id
"""


def build_order_aging(
    con: duckdb.DuckDBPyConnection, as_of: date, book: CarrierBook | None = None
) -> pd.DataFrame:
    """ORDER_AGING rows: every open order of table `orders` with its age in business days."""
    register_carrier_profiles(
        con, book or default_carrier_book(), "SELECT DISTINCT carrier_id FROM orders"
    )
    register_calendar_for(
        con,
        "SELECT min(CAST(submitted_at AS DATE)), max(CAST(submitted_at AS DATE)) FROM orders",
        as_of,
    )
    frame = con.execute(_AGING_SQL, {"as_of": as_of}).df()
    return frame[ORDER_AGING.column_names]
