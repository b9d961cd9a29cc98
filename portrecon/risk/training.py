"""Labelled history for the risk model: every past port-in with a carrier decision, its findings
with dates judged at submission (from today's newest CSRs: docs/decisions.md), labelled by whether
the first decision was a rejection.

Nothing from after the decision may leak in, or the model would learn from what the carrier said
instead of from what it saw: events are cut at the decision, findings must predate it, and an
order whose LOA was signed after its decision (a replacement LOA) is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from portrecon.timelines import STATUS_ORDER

# Findings about our side, not about what the losing carrier sees: another open order of ours
# holding a number, a carrier missing from our profiles. The history cannot show the first (it is
# computed among open orders only) and the second only restates the carrier; neither is a reason
# a carrier rejects, so the model ignores both (the findings table still lists them).
UNSCORED_CODES = ("TN_IN_OTHER_ORDER", "CARRIER_UNKNOWN")
# A first answer of these statuses counts as a rejection; approval (or completion) does not.
REJECTING = ("rejected", "update_required")
ANSWERS = ("approved", "completed", *REJECTING, "cancelled")


def finding_stood(finding: str, decided_on: str) -> str:
    """SQL condition: finding row `finding` stood when the carrier decided on day `decided_on`.

    Findings are judged from today's newest CSRs with dates relative to the first submission
    (`reference_date`), so one dated after the decision could not have been seen by it.
    """
    return f"({finding}.reference_date IS NULL OR {finding}.reference_date <= {decided_on})"


def loa_replaced_after(order_id: str, decided_on: str) -> str:
    """SQL condition: the order's LOA was signed after day `decided_on`, i.e. it is a replacement
    and today's findings describe it, not the LOA the carrier decided on."""
    return (
        f"EXISTS (SELECT 1 FROM loa_records l WHERE l.order_id = {order_id} "
        f"AND l.signed_date > {decided_on})"
    )


_HISTORY_SQL = """
WITH events AS (
    SELECT DISTINCT order_id, status, event_time
    FROM order_events
    WHERE CAST(event_time AS DATE) <= $as_of
),
ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY order_id
        ORDER BY event_time, list_position($status_order, status) NULLS LAST, status
    ) AS seq
    FROM events
),
submitted AS (
    SELECT order_id, min(seq) AS seq FROM ranked WHERE status = 'submitted' GROUP BY order_id
),
first_answer AS (
    SELECT r.order_id, arg_min(r.status, r.seq) AS status, arg_min(r.event_time, r.seq) AS at
    FROM ranked r JOIN submitted s ON s.order_id = r.order_id AND r.seq > s.seq
    WHERE list_contains($answers, r.status)
    GROUP BY r.order_id
)
SELECT o.order_id, o.carrier_id, CAST(o.submitted_at AS DATE) AS submitted_on,
       CAST(a.at AS DATE) AS decided_on,
       CAST(list_contains($rejecting, a.status) AS INTEGER) AS rejected
FROM first_answer a
JOIN orders o USING (order_id)
WHERE o.direction = 'port_in' AND a.status <> 'cancelled'
  AND NOT {replaced}
ORDER BY o.order_id
""".format(replaced=loa_replaced_after("a.order_id", "CAST(a.at AS DATE)"))

_HISTORY_CODES_SQL = """
SELECT DISTINCT f.order_id, f.code
FROM findings f JOIN _risk_history h USING (order_id)
WHERE {stood} AND NOT list_contains($unscored, f.code)
ORDER BY f.order_id, f.code
""".format(stood=finding_stood("f", "h.decided_on"))


@dataclass(frozen=True)
class History:
    """Labelled past port-ins and the finding codes each carried when the carrier decided.

    orders: order_id, carrier_id, submitted_on, decided_on, rejected (1 = first answer was a
    rejection or an update request); codes: order_id, code (distinct).
    """

    orders: pd.DataFrame
    codes: pd.DataFrame


def load_history(con: duckdb.DuckDBPyConnection, as_of: date) -> History:
    """The labelled history known at `as_of` from tables orders, order_events, loa_records and
    findings (decisions dated after as-of are not known yet)."""
    orders = con.execute(
        _HISTORY_SQL,
        {
            "as_of": as_of,
            "status_order": list(STATUS_ORDER),
            "answers": list(ANSWERS),
            "rejecting": list(REJECTING),
        },
    ).df()
    con.register("_risk_history", orders)
    try:
        codes = con.execute(_HISTORY_CODES_SQL, {"unscored": list(UNSCORED_CODES)}).df()
    finally:
        con.unregister("_risk_history")
    return History(orders.reset_index(drop=True), codes.reset_index(drop=True))


def code_counts(history: History) -> pd.DataFrame:
    """carrier_id, code, orders_seen, rejected: how each carrier answered orders with each code."""
    return _answer_counts(history, history.codes, "code")


def field_counts(history: History, field_of: Mapping[str, str]) -> pd.DataFrame:
    """carrier_id, field, orders_seen, rejected: how each carrier answered orders with any code of
    each field (`field_of` maps a code to its field; an order counts once per field)."""
    fields = history.codes.assign(field=history.codes["code"].map(field_of)).dropna()
    return _answer_counts(history, fields[["order_id", "field"]].drop_duplicates(), "field")


def _answer_counts(history: History, keyed: pd.DataFrame, key: str) -> pd.DataFrame:
    joined = keyed.merge(history.orders[["order_id", "carrier_id", "rejected"]], on="order_id")
    counts = joined.groupby(["carrier_id", key], as_index=False).agg(
        orders_seen=("order_id", "size"), rejected=("rejected", "sum")
    )
    return counts.sort_values(["carrier_id", key], ignore_index=True)
