"""Order timelines: one `orders` row per port order from its distinct events (docs/metrics.md).

Every duration a porting manager reads (days to FOC, to completion, FOC slips) comes from here,
in business days of the carrier's country, computed set-based in DuckDB so any event order or
duplication gives the same answer.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from portrecon.calendar_sql import register_calendar_for
from portrecon.carrier_sql import (
    PROFILE_TABLE,
    SPELLING_TABLE,
    register_carrier_profiles,
    register_carrier_spellings,
)
from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.normalise.addresses import CANADIAN_STATE_SPELLINGS
from portrecon.schema import ORDERS

# Lifecycle rank breaking ties between events of one order at the same instant.
STATUS_ORDER = (
    "draft",
    "requested",
    "submitted",
    "confirmation_sent",
    "update_required",
    "authorized",
    "resubmitted",
    "stopped",
    "rejected",
    "auto_rejected",
    "auto_approved",
    "approved",
    "completed",
    "cancelled",
)
CLOSING_STATUSES = ("cancelled", "rejected", "auto_rejected", "stopped")

_ORDERS_SQL = f"""
WITH ordered_events AS (
    SELECT e.order_id, e.direction, s.carrier_id, e.carrier, e.number_type, e.tn_count,
           e.event_time, e.status, CAST(e.foc_date AS DATE) AS foc_date,
           row_number() OVER lifecycle AS seq,
           coalesce(
               lag(e.status) OVER lifecycle = e.status
               AND lag(e.event_time) OVER lifecycle = e.event_time,
               false
           ) AS is_repeat
    FROM order_events e
    JOIN {SPELLING_TABLE} s ON s.spelling IS NOT DISTINCT FROM e.carrier
    WHERE CAST(e.event_time AS DATE) <= $as_of
    WINDOW lifecycle AS (
        PARTITION BY e.order_id
        ORDER BY e.event_time, list_position($status_order, e.status) NULLS LAST, e.status,
                 e.source_file, e.source_line
    )
),
-- A repeat of (order, status, instant) is the same event told twice: the first file/line counts.
events AS (
    SELECT * EXCLUDE (is_repeat) FROM ordered_events WHERE NOT is_repeat
),
timeline AS (
    SELECT order_id,
           arg_max(direction, seq) AS direction,
           arg_max(number_type, seq) FILTER (WHERE number_type IS NOT NULL) AS number_type,
           arg_max(tn_count, seq) FILTER (WHERE tn_count IS NOT NULL) AS tn_count,
           arg_max(status, seq) AS status,
           min(event_time) FILTER (WHERE status = 'submitted') AS first_submitted,
           min(event_time) FILTER (WHERE status = 'requested') AS first_requested,
           min(event_time) FILTER (WHERE status = 'approved') AS approved_at,
           arg_min(foc_date, seq) FILTER (WHERE foc_date IS NOT NULL) AS first_foc_date,
           arg_max(foc_date, seq) FILTER (WHERE foc_date IS NOT NULL) AS foc_date,
           min(event_time) FILTER (WHERE status = 'completed') AS completed_at,
           min(event_time) FILTER (WHERE status = 'cancelled') AS cancelled_at,
           count(*) FILTER (WHERE status IN ('rejected', 'auto_rejected')) AS rejections,
           count(*) FILTER (WHERE status = 'update_required') AS update_requests
    FROM events
    GROUP BY order_id
),
event_carrier AS (
    SELECT order_id, carrier_id
    FROM events
    GROUP BY order_id, carrier_id
    QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY count(*) DESC, carrier_id) = 1
),
loas AS (
    SELECT l.order_id, s.carrier_id, l.losing_carrier, l.number_type, l.tn_count, l.state
    FROM loa_records l
    JOIN {SPELLING_TABLE} s ON s.spelling IS NOT DISTINCT FROM l.losing_carrier
),
order_loa AS (
    SELECT l.order_id, s.carrier_id, l.number_type, l.tn_count
    FROM loa_records l
    JOIN {SPELLING_TABLE} s ON s.spelling IS NOT DISTINCT FROM l.losing_carrier
    QUALIFY row_number() OVER (
        PARTITION BY l.order_id ORDER BY l.source_file DESC, l.source_line DESC, l.loa_id DESC
    ) = 1
),
all_orders AS (
    SELECT t.order_id, t.direction, c.carrier_id,
           coalesce(t.number_type, a.number_type) AS number_type,
           coalesce(t.tn_count, a.tn_count) AS tn_count,
           t.status,
           CASE WHEN t.direction = 'port_out' THEN t.first_requested ELSE t.first_submitted END
               AS submitted_at,
           t.approved_at, t.first_foc_date, t.foc_date, t.completed_at, t.cancelled_at,
           t.rejections, t.update_requests
    FROM timeline t
    JOIN event_carrier c USING (order_id)
    LEFT JOIN order_loa a USING (order_id)
    UNION ALL BY NAME
    SELECT a.order_id, 'port_in' AS direction, a.carrier_id, a.number_type, a.tn_count,
           'draft' AS status, 0 AS rejections, 0 AS update_requests
    FROM order_loa a
    ANTI JOIN timeline t USING (order_id)
),
loa_country AS (
    SELECT carrier_id,
           count(*) FILTER (
               WHERE list_contains($canadian_regions, upper(strip_accents(trim(state))))
           ) AS canadian,
           count(*) AS loas
    FROM loas
    GROUP BY carrier_id
),
placed AS (
    SELECT o.*,
           p.display_name AS carrier,
           coalesce(
               p.country,
               CASE WHEN lc.canadian * 2 > lc.loas THEN 'CA' ELSE $default_country END
           ) AS country
    FROM all_orders o
    LEFT JOIN {PROFILE_TABLE} p USING (carrier_id)
    LEFT JOIN loa_country lc USING (carrier_id)
)
SELECT order_id, direction, carrier, carrier_id, country, number_type,
       CAST(tn_count AS INTEGER) AS tn_count, status,
       completed_at IS NULL AND NOT list_contains($closing_statuses, status) AS is_open,
       submitted_at, approved_at, foc_date, first_foc_date, completed_at, cancelled_at,
       CAST(rejections AS INTEGER) AS rejections,
       CAST(update_requests AS INTEGER) AS update_requests,
       CAST(bd_between(country, CAST(submitted_at AS DATE), CAST(approved_at AS DATE))
            AS INTEGER) AS days_to_foc,
       CAST(bd_between(country, CAST(submitted_at AS DATE), CAST(completed_at AS DATE))
            AS INTEGER) AS days_to_complete,
       CAST(bd_between(country, first_foc_date, foc_date) AS INTEGER) AS foc_slip_days
FROM placed
ORDER BY order_id
"""


def _register_order_carriers(con: duckdb.DuckDBPyConnection, book: CarrierBook) -> None:
    """Map every carrier spelling of the events and LOAs to its id and profile (temp tables)."""
    register_carrier_spellings(
        con,
        book,
        "SELECT DISTINCT carrier FROM order_events "
        "UNION SELECT DISTINCT losing_carrier FROM loa_records",
    )
    register_carrier_profiles(con, book, f"SELECT DISTINCT carrier_id FROM {SPELLING_TABLE}")


def build_orders(
    con: duckdb.DuckDBPyConnection, as_of: date, book: CarrierBook | None = None
) -> pd.DataFrame:
    """One row per order (ORDERS columns) from tables `order_events` and `loa_records`.

    Events dated after as-of are ignored; LOAs without events become port-in drafts.
    """
    book = book or default_carrier_book()
    _register_order_carriers(con, book)
    register_calendar_for(
        con,
        "SELECT min(least(CAST(event_time AS DATE), foc_date)), "
        "max(greatest(CAST(event_time AS DATE), foc_date)) "
        "FROM order_events WHERE CAST(event_time AS DATE) <= $as_of",
        as_of,
    )
    frame = con.execute(
        _ORDERS_SQL,
        {
            "as_of": as_of,
            "status_order": list(STATUS_ORDER),
            "closing_statuses": list(CLOSING_STATUSES),
            "canadian_regions": list(CANADIAN_STATE_SPELLINGS),
            "default_country": book.default.country,
        },
    ).df()
    return frame[ORDERS.column_names]
