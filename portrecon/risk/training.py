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

from portrecon.risk.features import with_components
from portrecon.timelines import CLOSING_STATUSES, STATUS_ORDER

# A number already in another pending port order is rejected by the losing carrier (Bandwidth
# 7407, industry 6M/6N/E19, Telnyx SV_CONFLICT). The findings table computes it among the orders
# open today; the model uses it as it stood at each order's submission instead (pending_conflicts),
# so the history shows it. CARRIER_UNKNOWN only restates the carrier: never a reason a carrier
# rejects. The model ignores both findings rows (the findings table still lists them).
PENDING_CONFLICT = "TN_IN_OTHER_ORDER"
UNSCORED_CODES = (PENDING_CONFLICT, "CARRIER_UNKNOWN")
# Statuses of an order no longer pending at the losing carrier (PRODUCT.md 3.3).
NOT_PENDING = ("completed", *CLOSING_STATUSES)
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
SELECT DISTINCT f.order_id, f.code, f.field
FROM findings f JOIN _risk_history h USING (order_id)
WHERE {stood} AND NOT list_contains($unscored, f.code)
ORDER BY f.order_id, f.code, f.field
""".format(stood=finding_stood("f", "h.decided_on"))

# Port-ins (table _risk_moments: order_id, moment) with a number that, at that moment, was in
# another port-in that was pending then: submitted, and its latest event up to the moment not a
# completion, cancellation or rejection. Only events up to the moment (and up to as-of) decide
# it, so a pending order that started after a submission never counts for it.
_PENDING_SQL = """
WITH numbers AS (
    SELECT DISTINCT order_id, tn FROM loa_numbers WHERE tn IS NOT NULL
),
events AS (
    SELECT DISTINCT order_id, status, event_time
    FROM order_events
    WHERE direction = 'port_in' AND CAST(event_time AS DATE) <= $as_of
),
states AS (
    SELECT order_id, status, event_time AS since,
           lead(event_time) OVER lifecycle AS until,
           bool_or(status IN ('submitted', 'resubmitted')) OVER (
               lifecycle ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
           ) AS was_submitted
    FROM events
    WINDOW lifecycle AS (
        PARTITION BY order_id
        ORDER BY event_time, list_position($status_order, status) NULLS LAST, status
    )
)
SELECT DISTINCT m.order_id, $code AS code
FROM _risk_moments m
JOIN numbers n ON n.order_id = m.order_id
JOIN numbers other ON other.tn = n.tn AND other.order_id <> n.order_id
JOIN states s ON s.order_id = other.order_id
WHERE s.was_submitted AND NOT list_contains($not_pending, s.status)
  AND s.since <= m.moment AND (s.until IS NULL OR s.until > m.moment)
ORDER BY m.order_id
"""


@dataclass(frozen=True)
class History:
    """Labelled past port-ins and the finding codes each carried when the carrier decided.

    orders: order_id, carrier_id, submitted_on, decided_on, rejected (1 = first answer was a
    rejection or an update request); codes: order_id, code (distinct), component (model.py's
    with_components; '' for most codes).
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
        findings = con.execute(_HISTORY_CODES_SQL, {"unscored": list(UNSCORED_CODES)}).df()
    finally:
        con.unregister("_risk_history")
    moments = orders[["order_id"]].assign(moment=_submission_moments(con, orders["order_id"]))
    codes = with_components(scored_findings(findings, pending_conflicts(con, moments, as_of)))
    return History(orders.reset_index(drop=True), codes)


def _submission_moments(con: duckdb.DuckDBPyConnection, order_ids: pd.Series) -> pd.Series:
    """The first submission instant of each order, in the order of `order_ids`."""
    submitted = con.execute(
        "SELECT order_id, submitted_at FROM orders WHERE direction = 'port_in'"
    ).df()
    return order_ids.map(submitted.set_index("order_id")["submitted_at"]).to_numpy()


def pending_conflicts(
    con: duckdb.DuckDBPyConnection, moments: pd.DataFrame, as_of: date
) -> pd.DataFrame:
    """order_id, code (TN_IN_OTHER_ORDER) of the orders in `moments` (order_id, moment: the
    instant the carrier judges the order) with a number in another order pending at that
    moment, from tables loa_numbers and order_events known at as-of."""
    con.register("_risk_moments", moments)
    try:
        return con.execute(
            _PENDING_SQL,
            {
                "as_of": as_of,
                "status_order": list(STATUS_ORDER),
                "not_pending": list(NOT_PENDING),
                "code": PENDING_CONFLICT,
            },
        ).df()
    finally:
        con.unregister("_risk_moments")


def scored_findings(findings: pd.DataFrame, conflicts: pd.DataFrame) -> pd.DataFrame:
    """The findings the model scores each order on (order_id, code, field): its findings rows
    (UNSCORED_CODES left out) plus its pending-order conflict (pending_conflicts)."""
    frame = pd.concat([findings, conflicts.assign(field="tns")], ignore_index=True)
    return frame.sort_values(["order_id", "code"], ignore_index=True)


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
