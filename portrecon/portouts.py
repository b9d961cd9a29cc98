"""Port-outs that need action today (`portout_watch`, docs/metrics.md), with due dates.

A stop must reach the gaining carrier before the FOC, an uncompleted port-out is cancelled 5
business days after it, ported numbers must leave billing, disputes have 30 days: each becomes a
row with a due date in the carrier's business days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from portrecon.calendar_sql import register_calendar_for
from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.rejection_reasons import DISPUTE_PATTERN
from portrecon.schema import PORTOUT_WATCH

FOC_CLOSE_DAYS = 5  # confirmation pending is listed when the FOC is this many business days away
CANCEL_AFTER_FOC_DAYS = 5  # PRODUCT.md 2: not completed within 5 days of the date -> cancelled
RELEASE_WITHIN_DAYS = 5  # our choice: ported numbers leave the account within a working week
DISPUTE_WINDOW_CAL_DAYS = 30  # PRODUCT.md 2: unauthorized port-outs can be disputed within 30 days
# When the scheduled nightly of an as-of day runs (pipelines/schedules.py uses the same): the
# auto-approval countdown asks whether a port-out is approved by default before the next one.
NIGHTLY_TIMEZONE = "America/Chicago"
NIGHTLY_TIME = time(2, 0)
# Statuses in which the customer has not answered the confirmation yet: the clock runs.
AWAITING_CONFIRMATION = ("requested", "confirmation_sent")

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

# A port-out awaiting its customer's answer is approved by default this many hours after the
# request (the carrier profile's portout_auto_approve_hours, from `_auto_approve_hours`).
AUTO_APPROVES_AT_SQL = """
    CASE WHEN o.is_open AND list_contains($awaiting, o.status)
         THEN o.submitted_at + to_microseconds(CAST(round(h.hours * 3600e6) AS BIGINT)) END
"""

_WATCH_SQL = f"""
WITH port_outs AS (
    SELECT o.*, CAST(o.completed_at AS DATE) AS completed_day,
           {AUTO_APPROVES_AT_SQL} AS auto_approves_at
    FROM orders o
    LEFT JOIN _auto_approve_hours h USING (carrier_id)
    WHERE o.direction = 'port_out'
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
       CAST(bd_between(o.country, $as_of, a.due) AS INTEGER) AS days_left, o.auto_approves_at
FROM actions a
JOIN port_outs o USING (order_id)
JOIN _portout_actions t USING (action_code)
ORDER BY least(o.auto_approves_at, CAST(a.due AS TIMESTAMP)) NULLS LAST, o.order_id, a.action_code
"""


def nightly_at(day: date) -> datetime:
    """The UTC instant (naive, like the warehouse's timestamps) the scheduled nightly of `day`
    starts."""
    local = datetime.combine(day, NIGHTLY_TIME, ZoneInfo(NIGHTLY_TIMEZONE))
    return local.astimezone(UTC).replace(tzinfo=None)


def next_nightly_at(as_of: date) -> datetime:
    """When the night after `as_of` runs: a port-out approved by default before then must be
    answered from this night's report."""
    return nightly_at(as_of + timedelta(days=1))


def auto_approve_hours(book: CarrierBook, carrier_ids: list[str]) -> pd.DataFrame:
    """carrier_id -> portout_auto_approve_hours (default profile for unknown carriers): the
    `_auto_approve_hours` frame AUTO_APPROVES_AT_SQL joins."""
    hours = [
        float(book.profile(carrier_id).portout_auto_approve_hours) for carrier_id in carrier_ids
    ]
    return pd.DataFrame({"carrier_id": pd.Series(carrier_ids, dtype="str"), "hours": hours})


def port_out_carriers(con: duckdb.DuckDBPyConnection, *tables: str) -> list[str]:
    """Carrier ids of the port-outs in these order tables (default: `orders`)."""
    union = " UNION ".join(
        f"SELECT DISTINCT carrier_id FROM {t} WHERE direction = 'port_out'"
        for t in tables or ("orders",)
    )
    return [carrier_id for (carrier_id,) in con.execute(f"{union} ORDER BY 1").fetchall()]


def build_portout_watch(
    con: duckdb.DuckDBPyConnection, as_of: date, book: CarrierBook | None = None
) -> pd.DataFrame:
    """PORTOUT_WATCH rows from tables `orders` and `order_events` (docs/metrics.md).

    Carriers and countries come resolved in orders; `book` gives each carrier's auto-approval
    hours (default: the bundled profiles).
    """
    book = book or default_carrier_book()
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
    con.register("_auto_approve_hours", auto_approve_hours(book, port_out_carriers(con)))
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
                "awaiting": list(AWAITING_CONFIRMATION),
            },
        ).df()
    finally:
        con.unregister("_portout_actions")
        con.unregister("_auto_approve_hours")
    return frame[PORTOUT_WATCH.column_names]
