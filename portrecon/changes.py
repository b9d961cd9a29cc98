"""What changed since last night (`changes`, PRODUCT.md 10.1): tonight's tables against the
warehouse they replace.

A porting manager should not have to re-read the whole report each morning to find what is new:
new rejections, FOCs set or moved, orders that just became high risk, port-outs approved by
default before the next night. Each is a row with the change in plain words; the report's first
section and `portrecon notify` read them. The comparison is between two published states, so a
re-run of the same night (same inbox, same as-of) finds none, and the first run over an empty
warehouse has nothing to compare with.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.duck import sql_literal
from portrecon.portouts import (
    AUTO_APPROVES_AT_SQL,
    AWAITING_CONFIRMATION,
    auto_approve_hours,
    next_nightly_at,
    port_out_carriers,
)
from portrecon.probability import probability_sql
from portrecon.rejection_reasons import classify_reason
from portrecon.schema import (
    CHANGES,
    FINDINGS,
    ORDER_EVENTS,
    ORDERS,
    PORTOUT_WATCH,
    REJECTION_RISK,
    RUN_LOG,
    Table,
)

# In the order the report and the digest show them: what needs action first.
KINDS = {
    "new_rejection": "New rejections",
    "portout_auto_approves_soon": "Port-outs approved by default before the next night",
    "portout_action_due": "Port-out actions now due",
    "became_high_risk": "Became high risk",
    "new_blocking_finding": "New blocking findings",
    "foc_set": "FOC received",
    "foc_moved": "FOC moved",
    "portout_new": "New port-out requests",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "risk_dropped": "Risk dropped",
    "finding_resolved": "Blocking findings resolved",
}
# Port-in statuses that send an order back to us: a new one is a `new_rejection`.
SENT_BACK = ("rejected", "update_required")
PREVIOUS = "prev"
# The previous warehouse's tables the comparison reads (an older warehouse may lack one: then
# it reads as empty and the kinds built on it report nothing rather than everything).
_COMPARED: tuple[Table, ...] = (ORDERS, FINDINGS, REJECTION_RISK, PORTOUT_WATCH, ORDER_EVENTS)

_CHANGES_SQL = f"""
WITH
now_orders AS (SELECT * FROM orders),
was_orders AS (SELECT * FROM prev_orders),
now_events AS (SELECT * FROM order_events WHERE CAST(event_time AS DATE) <= $as_of),
was_events AS (SELECT * FROM prev_order_events WHERE CAST(event_time AS DATE) <= $prev_as_of),
-- The latest event carrying each order's FOC date: when the FOC was set or moved.
foc_events AS (
    SELECT order_id, max(event_time) AS at FROM now_events
    WHERE foc_date IS NOT NULL GROUP BY order_id
),
new_rejection AS (
    SELECT e.order_id, 'new_rejection' AS kind,
           CASE e.status WHEN 'rejected' THEN 'rejected' ELSE 'update required' END
             || ' by ' || coalesce(o.carrier, e.carrier_id) || ': ' || r.label AS detail,
           e.event_time AS changed_at
    FROM now_events e
    JOIN _reason_labels r ON r.reason IS NOT DISTINCT FROM nullif(trim(e.reason), '')
    LEFT JOIN now_orders o USING (order_id)
    WHERE e.direction = 'port_in' AND list_contains($sent_back, e.status)
      AND NOT EXISTS (
          SELECT 1 FROM was_events w
          WHERE w.order_id = e.order_id AND w.status = e.status AND w.event_time = e.event_time)
),
order_changes AS (
    SELECT n.order_id, 'foc_set' AS kind, 'FOC set for ' || strftime(n.foc_date, '%Y-%m-%d'),
           f.at
    FROM now_orders n
    LEFT JOIN was_orders w USING (order_id)
    LEFT JOIN foc_events f USING (order_id)
    WHERE n.foc_date IS NOT NULL AND w.foc_date IS NULL
    UNION ALL
    SELECT n.order_id, 'foc_moved',
           'FOC moved ' || strftime(w.foc_date, '%Y-%m-%d') || ' -> '
             || strftime(n.foc_date, '%Y-%m-%d'),
           f.at
    FROM now_orders n JOIN was_orders w USING (order_id) LEFT JOIN foc_events f USING (order_id)
    WHERE n.foc_date <> w.foc_date
    UNION ALL
    SELECT n.order_id, 'completed',
           'completed' || coalesce(' (FOC ' || strftime(n.foc_date, '%Y-%m-%d') || ')', ''),
           n.completed_at
    FROM now_orders n LEFT JOIN was_orders w USING (order_id)
    WHERE n.completed_at IS NOT NULL AND w.completed_at IS NULL
    UNION ALL
    SELECT n.order_id, 'cancelled', 'cancelled (was ' || coalesce(w.status, 'not seen') || ')',
           n.cancelled_at
    FROM now_orders n LEFT JOIN was_orders w USING (order_id)
    WHERE n.cancelled_at IS NOT NULL AND w.cancelled_at IS NULL
    UNION ALL
    SELECT n.order_id, 'portout_new',
           'port-out requested by ' || n.carrier
             || coalesce(' for ' || n.tn_count || ' number(s)', '')
             || coalesce(', FOC requested for ' || strftime(n.foc_date, '%Y-%m-%d'), ''),
           coalesce(n.submitted_at, CAST($as_of AS TIMESTAMP))
    FROM now_orders n
    WHERE n.direction = 'port_out'
      AND NOT EXISTS (SELECT 1 FROM was_orders w WHERE w.order_id = n.order_id)
),
risk_pairs AS (
    SELECT n.order_id, n.level, n.probability, w.level AS was_level, w.probability AS was_prob,
           string_split(coalesce(n.reason_codes, ''), ',') AS codes,
           string_split(coalesce(w.reason_codes, ''), ',') AS was_codes
    FROM rejection_risk n LEFT JOIN prev_rejection_risk w USING (order_id)
),
risk_changes AS (
    SELECT order_id, 'became_high_risk' AS kind,
           CASE WHEN was_level IS NULL
                THEN 'risk ' || {probability_sql("probability")} || ' (not scored last night): '
                     || array_to_string(list_filter(codes, lambda c: c <> ''), ', ')
                ELSE 'risk ' || {probability_sql("was_prob")} || ' -> '
                     || {probability_sql("probability")} || ': '
                     || coalesce('new ' || nullif(array_to_string(list_filter(codes,
                            lambda c: c <> '' AND NOT list_contains(was_codes, c)), ', '), ''),
                        'same findings, learnt from new decisions')
           END AS detail
    FROM risk_pairs WHERE level = 'high' AND was_level IS DISTINCT FROM 'high'
    UNION ALL
    SELECT order_id, 'risk_dropped',
           'risk ' || {probability_sql("was_prob")} || ' -> ' || {probability_sql("probability")}
             || ': ' || coalesce(nullif(array_to_string(list_filter(was_codes,
                 lambda c: c <> '' AND NOT list_contains(codes, c)), ', '), '') || ' gone',
                 'same findings, learnt from new decisions')
    FROM risk_pairs WHERE was_level = 'high' AND level <> 'high'
),
blocking AS (
    SELECT order_id, code, min(coalesce(detail, code) ORDER BY field, loa_id) AS detail
    FROM findings WHERE severity = 'block' GROUP BY order_id, code
),
was_blocking AS (
    SELECT DISTINCT order_id, code FROM prev_findings WHERE severity = 'block'
),
finding_changes AS (
    SELECT b.order_id, 'new_blocking_finding' AS kind, b.code || ': ' || b.detail AS detail
    FROM blocking b LEFT JOIN now_orders o USING (order_id)
    WHERE coalesce(o.is_open, true)
      AND NOT EXISTS (
          SELECT 1 FROM was_blocking w WHERE w.order_id = b.order_id AND w.code = b.code)
    UNION ALL
    SELECT w.order_id, 'finding_resolved', w.code || ' no longer found'
    FROM was_blocking w JOIN now_orders o USING (order_id)
    WHERE o.is_open
      AND NOT EXISTS (SELECT 1 FROM blocking b WHERE b.order_id = w.order_id AND b.code = w.code)
),
action_changes AS (
    SELECT a.order_id, 'portout_action_due' AS kind,
           a.action_code || ': due ' || strftime(a.due_date, '%Y-%m-%d') || ' ('
             || CASE WHEN a.days_left < 0 THEN (-a.days_left) || ' business day(s) overdue'
                     ELSE a.days_left || ' business day(s) left' END || ')' AS detail
    FROM portout_watch a
    WHERE NOT EXISTS (
        SELECT 1 FROM prev_portout_watch w
        WHERE w.order_id = a.order_id AND w.action_code = a.action_code)
),
-- The auto-approval countdown over every port-out awaiting its customer, tonight and last
-- night, each against the next nightly after its own as-of: flagged once, the night it enters.
approving AS (
    SELECT o.order_id, {AUTO_APPROVES_AT_SQL} AS at
    FROM now_orders o LEFT JOIN _auto_approve_hours h USING (carrier_id)
    WHERE o.direction = 'port_out'
),
was_approving AS (
    SELECT o.order_id, {AUTO_APPROVES_AT_SQL} AS at
    FROM was_orders o LEFT JOIN _auto_approve_hours h USING (carrier_id)
    WHERE o.direction = 'port_out'
),
approval_changes AS (
    SELECT a.order_id, 'portout_auto_approves_soon' AS kind,
           CASE WHEN a.at < CAST($as_of AS TIMESTAMP)
                THEN 'approval by default was due ' || strftime(a.at, '%Y-%m-%d %H:%M')
                     || ' UTC: check whether the carrier approved it'
                ELSE 'approved by default at ' || strftime(a.at, '%Y-%m-%d %H:%M')
                     || ' UTC unless the customer answers' END AS detail,
           a.at AS changed_at
    FROM approving a
    WHERE a.at < $next_nightly
      AND NOT EXISTS (
          SELECT 1 FROM was_approving w
          WHERE w.order_id = a.order_id AND w.at < $prev_next_nightly)
),
all_changes AS (
    SELECT * FROM new_rejection
    UNION ALL SELECT * FROM order_changes
    UNION ALL SELECT *, CAST($as_of AS TIMESTAMP) FROM risk_changes
    UNION ALL SELECT *, CAST($as_of AS TIMESTAMP) FROM finding_changes
    UNION ALL SELECT *, CAST($as_of AS TIMESTAMP) FROM action_changes
    UNION ALL SELECT * FROM approval_changes
)
SELECT $run_id AS run_id, $previous_run_id AS previous_run_id, $as_of AS as_of,
       $prev_as_of AS previous_as_of, c.order_id, o.direction, o.carrier_id, o.carrier, c.kind,
       c.detail, c.changed_at
FROM all_changes c
LEFT JOIN now_orders o USING (order_id)
ORDER BY list_position($kinds, c.kind), c.changed_at, c.order_id, c.detail
"""


def build_changes(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    previous: Path | None,
    run_id: str,
    book: CarrierBook | None = None,
) -> pd.DataFrame:
    """CHANGES rows: tonight's `orders`, `order_events`, `findings`, `rejection_risk` and
    `portout_watch` (tables of `con`) against the warehouse file `previous` (read-only).

    No file, or one without a run in its `run_log`, has nothing to compare with: no rows.
    """
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in CHANGES.column_names})
    if previous is None or not previous.is_file():
        return empty
    con.execute(f"ATTACH {sql_literal(str(previous))} AS {PREVIOUS} (READ_ONLY)")
    try:
        run = _previous_run(con)
        if run is None:
            return empty
        previous_run_id, prev_as_of = run
        for table in _COMPARED:
            con.execute(
                f'CREATE OR REPLACE TEMP VIEW "prev_{table.name}" AS {_relation(con, table)}'
            )
        reasons = con.execute(
            "SELECT DISTINCT nullif(trim(reason), '') FROM order_events "
            "WHERE list_contains($s, status)",
            {"s": list(SENT_BACK)},
        ).fetchall()
        labels = [(reason, classify_reason(reason).label) for (reason,) in reasons]
        con.register(
            "_reason_labels", pd.DataFrame(labels, columns=["reason", "label"], dtype="str")
        )
        carriers = port_out_carriers(con, "orders", "prev_orders")
        con.register(
            "_auto_approve_hours", auto_approve_hours(book or default_carrier_book(), carriers)
        )
        frame = con.execute(
            _CHANGES_SQL,
            {
                "as_of": as_of,
                "prev_as_of": prev_as_of,
                "run_id": run_id,
                "previous_run_id": previous_run_id,
                "sent_back": list(SENT_BACK),
                "awaiting": list(AWAITING_CONFIRMATION),
                "next_nightly": next_nightly_at(as_of),
                "prev_next_nightly": next_nightly_at(prev_as_of),
                "kinds": list(KINDS),
            },
        ).df()
        con.unregister("_reason_labels")
        con.unregister("_auto_approve_hours")
        return frame[CHANGES.column_names]
    finally:
        for table in _COMPARED:
            con.execute(f'DROP VIEW IF EXISTS "prev_{table.name}"')
        con.execute(f"DETACH {PREVIOUS}")


def _previous_run(con: duckdb.DuckDBPyConnection) -> tuple[str, date] | None:
    """(run_id, as_of) of the run that built the previous warehouse, if it says."""
    if not _has_table(con, RUN_LOG.name):
        return None
    row = con.execute(
        f"SELECT run_id, as_of FROM {PREVIOUS}.run_log ORDER BY finished_at DESC LIMIT 1"
    ).fetchone()
    return (row[0], row[1]) if row else None


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = $db AND table_name = $t",
            {"db": PREVIOUS, "t": name},
        ).fetchone()[0]
    )


def _relation(con: duckdb.DuckDBPyConnection, table: Table) -> str:
    """The previous warehouse's table, or an empty one of its columns when it has none."""
    if _has_table(con, table.name):
        return f'SELECT * FROM {PREVIOUS}."{table.name}"'
    nulls = ", ".join(f'CAST(NULL AS {c.sql_type}) AS "{c.name}"' for c in table.columns)
    return f"SELECT {nulls} WHERE false"
