"""Per-carrier service levels by month of submission (`sla_by_carrier`, docs/metrics.md).

Answers "which carrier is slow, which rejects most" from the `orders` table in one DuckDB
aggregation; percentiles are linear-interpolated (quantile_cont) as PRODUCT.md section 7 asks.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from portrecon.carrier_sql import PROFILE_TABLE, register_carrier_profiles
from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.schema import SLA_BY_CARRIER

GENERIC_TARGET_DAYS = 20  # "up to 4 weeks (20 business days)", PRODUCT.md section 2

_SLA_SQL = f"""
SELECT o.carrier_id,
       any_value(o.carrier ORDER BY o.carrier) AS carrier,
       o.direction,
       CAST(date_trunc('month', o.submitted_at) AS DATE) AS month,
       count(*) AS orders,
       count(o.completed_at) AS completed,
       count(*) FILTER (WHERE o.rejections >= 1) AS rejected_orders,
       count(*) FILTER (WHERE o.rejections >= 1) / count(*) AS rejection_rate,
       quantile_cont(o.days_to_foc, 0.5) AS median_days_to_foc,
       quantile_cont(o.days_to_foc, 0.9) AS p90_days_to_foc,
       quantile_cont(o.days_to_complete, 0.5) AS median_days_to_complete,
       quantile_cont(o.days_to_complete, 0.9) AS p90_days_to_complete,
       any_value(p.sla_days_to_complete) AS sla_days_to_complete,
       count(o.completed_at) FILTER (WHERE o.days_to_complete <= p.sla_days_to_complete)
           / nullif(count(o.completed_at), 0) AS on_time_rate,
       count(o.completed_at) FILTER (WHERE o.days_to_complete <= $generic_target)
           / nullif(count(o.completed_at), 0) AS on_time_rate_20bd,
       count(*) FILTER (WHERE o.is_open) AS open_orders
FROM orders o
JOIN {PROFILE_TABLE} p USING (carrier_id)
WHERE o.submitted_at IS NOT NULL AND CAST(o.submitted_at AS DATE) <= $as_of
GROUP BY o.carrier_id, o.direction, month
ORDER BY o.carrier_id, o.direction, month
"""


def build_sla_by_carrier(
    con: duckdb.DuckDBPyConnection, as_of: date, book: CarrierBook | None = None
) -> pd.DataFrame:
    """SLA_BY_CARRIER rows from table `orders` (built by timelines.build_orders)."""
    register_carrier_profiles(
        con, book or default_carrier_book(), "SELECT DISTINCT carrier_id FROM orders"
    )
    frame = con.execute(_SLA_SQL, {"as_of": as_of, "generic_target": GENERIC_TARGET_DAYS}).df()
    return frame[SLA_BY_CARRIER.column_names]
