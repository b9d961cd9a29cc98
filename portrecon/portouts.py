"""Port-outs that need action today (`portout_watch`, docs/metrics.md), with due dates.

A stop must reach the gaining carrier before the FOC, an uncompleted port-out is cancelled 5
business days after it, ported numbers must leave billing, disputes have 30 days: each becomes a
row with a due date in the carrier's business days.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from portrecon.calendar_sql import register_calendar_for
from portrecon.carriers import CarrierBook
from portrecon.rejection_reasons import DISPUTE_PATTERN
from portrecon.schema import PORTOUT_WATCH

FOC_CLOSE_DAYS = 5  # confirmation pending is listed when the FOC is this many business days away
CANCEL_AFTER_FOC_DAYS = 5  # PRODUCT.md 2: not completed within 5 days of the date -> cancelled
RELEASE_WITHIN_DAYS = 5  # our choice: ported numbers leave the account within a working week
DISPUTE_WINDOW_CAL_DAYS = 30  # PRODUCT.md 2: unauthorized port-outs can be disputed within 30 days

ACTIONS = {
    "CONFIRMATION_PENDING": "Customer has not confirmed the port-out: get an answer or check the "
    "request against the account; a stop or delay must reach the gaining carrier before the FOC.",
    "NOT_COMPLETED_AFTER_FOC": "FOC date passed without completion: check with the gaining "
    "carrier; the port-out is cancelled if not completed within 5 business days of the FOC.",
    "CANCEL_WINDOW_PASSED": "More than 5 business days past the FOC without completion: by the "
    "rule the port-out is cancelled. Confirm with the gaining carrier that it was, and close it.",
    "RELEASE_NUMBERS": "Numbers ported out: remove them from the customer's account and billing.",
    "DISPUTE_WINDOW": "Port-out disputed: file the unauthorized port-out dispute before the 30-day "
    "window closes.",
}

_WATCH_SQL = """
WITH port_outs AS (
    SELECT *, CAST(completed_at AS DATE) AS completed_day
    FROM orders
    WHERE direction = 'port_out'
),
disputed AS (
    SELECT DISTINCT o.order_id
    FROM port_outs o
    JOIN order_events e USING (order_id)
    WHERE o.completed_at IS NOT NULL AND CAST(e.event_time AS DATE) <= $as_of
      AND ((e.status = 'stopped' AND e.event_time > o.completed_at)
           OR regexp_matches(coalesce(e.reason, ''), $dispute_pattern, 'i'))
),
actions AS (
    SELECT order_id, 'CONFIRMATION_PENDING' AS action_code, add_bd(country, foc_date, -1) AS due
    FROM port_outs
    WHERE is_open AND status IN ('requested', 'confirmation_sent')
      AND (foc_date IS NULL OR bd_between(country, $as_of, foc_date) <= $foc_close)
    UNION ALL
    SELECT order_id,
           CASE WHEN add_bd(country, foc_date, $cancel_after) < $as_of
                THEN 'CANCEL_WINDOW_PASSED' ELSE 'NOT_COMPLETED_AFTER_FOC' END,
           add_bd(country, foc_date, $cancel_after)
    FROM port_outs
    WHERE is_open AND status IN ('authorized', 'auto_approved', 'approved') AND foc_date < $as_of
    UNION ALL
    SELECT order_id, 'RELEASE_NUMBERS', add_bd(country, completed_day, $release_within)
    FROM port_outs
    WHERE completed_day IS NOT NULL
      AND bd_between(country, completed_day, $as_of) BETWEEN 0 AND $release_within
    UNION ALL
    SELECT order_id, 'DISPUTE_WINDOW', CAST(completed_day + $dispute_days AS DATE)
    FROM port_outs
    JOIN disputed USING (order_id)
    WHERE $as_of <= completed_day + $dispute_days
)
SELECT o.order_id, o.carrier_id, o.carrier, o.country, o.status, o.foc_date, o.completed_at,
       a.action_code, t.action, a.due AS due_date,
       CAST(bd_between(o.country, $as_of, a.due) AS INTEGER) AS days_left
FROM actions a
JOIN port_outs o USING (order_id)
JOIN _portout_actions t USING (action_code)
ORDER BY a.due NULLS LAST, o.order_id, a.action_code
"""


def build_portout_watch(
    con: duckdb.DuckDBPyConnection, as_of: date, book: CarrierBook | None = None
) -> pd.DataFrame:
    """PORTOUT_WATCH rows from tables `orders` and `order_events` (docs/metrics.md).

    `book` keeps the builders' common signature; carriers and countries come resolved in orders.
    """
    register_calendar_for(
        con,
        "SELECT min(least(foc_date, CAST(completed_at AS DATE))), "
        "max(greatest(foc_date, CAST(completed_at AS DATE))) "
        "FROM orders WHERE direction = 'port_out'",
        as_of,
    )
    actions = pd.DataFrame(
        {"action_code": list(ACTIONS), "action": list(ACTIONS.values())}, dtype="str"
    )
    con.register("_portout_actions", actions)
    try:
        frame = con.execute(
            _WATCH_SQL,
            {
                "as_of": as_of,
                "dispute_pattern": DISPUTE_PATTERN,
                "foc_close": FOC_CLOSE_DAYS,
                "cancel_after": CANCEL_AFTER_FOC_DAYS,
                "release_within": RELEASE_WITHIN_DAYS,
                "dispute_days": DISPUTE_WINDOW_CAL_DAYS,
            },
        ).df()
    finally:
        con.unregister("_portout_actions")
    return frame[PORTOUT_WATCH.column_names]
