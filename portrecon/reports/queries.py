"""The SQL that reads the published warehouse into the tables and chart data of the reports.

Tables still being built by other parts of the product may be missing: every query reads them
through `Relations`, which swaps a missing table for an empty one of the same columns, so a
report over a partial warehouse has empty sheets with a note instead of crashing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from portrecon import schema
from portrecon.calendar_sql import register_calendar_for
from portrecon.carriers import CarrierBook
from portrecon.changes import KINDS
from portrecon.findings_catalogue import FIELDS, default_catalogue
from portrecon.probability import probability_text
from portrecon.rejection_reasons import classify_reason
from portrecon.reports.safety import mask_pins_in_raw
from portrecon.reports.tables import Column, ReportTable
from portrecon.risk.explain import CARRIER_BASELINE, SEPARATOR
from portrecon.risk.training import finding_stood
from portrecon.schema import Table

_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        schema.LOA_RECORDS,
        schema.ORDER_EVENTS,
        schema.QUARANTINE,
        schema.INGEST_FILES,
        schema.RUN_LOG,
        schema.FINDINGS,
        schema.ORDERS,
        schema.SLA_BY_CARRIER,
        schema.CARRIER_INTERVALS,
        schema.PORTOUT_WATCH,
        schema.ORDER_AGING,
        schema.REJECTION_REASONS,
        schema.REJECTION_OUTCOMES,
        schema.REJECTION_RISK,
        schema.RISK_MODEL,
        schema.CARRIER_STRICTNESS,
        schema.CHECK_RESULTS,
        schema.CHANGES,
    )
}

RISK_LEVELS = ("high", "medium", "low")
AGING_BUCKETS = ("0-5", "6-10", "11-20", "21+", "not submitted")
# Carrier pushback counted in the "rejection reasons by carrier" chart.
PUSHBACK_STATUSES = ("rejected", "auto_rejected", "update_required")


class Relations:
    """Table name -> what to put in FROM, so queries run over a partial or older warehouse.

    A missing table becomes an empty relation with the expected columns; a table lacking some
    expected columns gets them as NULL. Both are reported in the notes of the tables they feed.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        found = dict(
            con.execute(
                "SELECT table_name, list(column_name) FROM information_schema.columns "
                "WHERE table_schema = current_schema() GROUP BY table_name"
            ).fetchall()
        )
        self.present = {name for name in _TABLES if name in found}
        self.lacking = {
            name: [c for c in _TABLES[name].columns if c.name not in found[name]]
            for name in self.present
        }

    def __getitem__(self, name: str) -> str:
        if name in self.present and not self.lacking[name]:
            return f'"{name}"'
        columns = self.lacking.get(name, _TABLES[name].columns)
        nulls = ", ".join(f'CAST(NULL AS {c.sql_type}) AS "{c.name}"' for c in columns)
        if name in self.present:
            return f'(SELECT *, {nulls} FROM "{name}")'
        return f"(SELECT {nulls} WHERE false)"

    def sql(self, sql: str) -> str:
        """SQL whose `{table}` placeholders name warehouse tables, with them filled in."""
        return sql.format(**{name: self[name] for name in _TABLES})

    def frame(self, sql: str, params: dict[str, object] | None = None) -> pd.DataFrame:
        """Run SQL whose `{table}` placeholders name warehouse tables."""
        return self.con.execute(self.sql(sql), params or {}).df()

    def table(
        self,
        name: str,
        source: str,
        columns: tuple[Column, ...],
        sql: str,
        empty: str,
        params: dict[str, object] | None = None,
        helpers: tuple[str, ...] = (),
    ) -> ReportTable:
        """A report table from SQL over `source` (and others); the note says what is missing.
        `helpers` are further SQL columns the caller reads (and drops) before the table is shown.
        """
        if source not in self.present:
            note = f"No rows: table {source} is not in this warehouse (not built yet)."
            return ReportTable(name, columns, _empty(columns, helpers), note)
        try:
            frame = self.frame(sql, params)
        except duckdb.Error as error:
            note = f"No rows: could not read table {source}: {str(error).splitlines()[0]}"
            return ReportTable(name, columns, _empty(columns, helpers), note)
        frame = frame[[c.key for c in columns] + list(helpers)].reset_index(drop=True)
        notes = [] if len(frame) else [f"No rows: {empty}."]
        if self.lacking[source]:
            lacking = ", ".join(c.name for c in self.lacking[source])
            notes.append(f"Table {source} has no column {lacking}: shown blank.")
        return ReportTable(name, columns, frame, " ".join(notes) or None)

    @contextmanager
    def registered(self, **frames: pd.DataFrame) -> Iterator[None]:
        """Frames visible to SQL under their keyword names while the block runs."""
        for view, frame in frames.items():
            self.con.register(view, frame)
        try:
            yield
        finally:
            for view in frames:
                self.con.unregister(view)


def _empty(columns: tuple[Column, ...], helpers: tuple[str, ...] = ()) -> pd.DataFrame:
    keys = [c.key for c in columns] + list(helpers)
    return pd.DataFrame({key: pd.Series(dtype="object") for key in keys})


# docs/risk.md: each reason's percentage is its share of the order's added log-odds.
WHY_LEGEND = (
    "each reason is a finding code, its share of this order's risk (how much of the risk it "
    "accounts for, not a chance of rejection: that is the Probability), the short fix and, in "
    "brackets, the Probability once that reason alone is fixed, strongest first. The "
    "carrier's base rate is how often the carrier rejects an order with no "
    "finding at all; the shares are of the risk the findings add on top of what most carriers "
    "reject. The history behind each reason and the fix in full: the In full column and the "
    "Findings sheet."
)
# A scored order whose risk comes from its carrier alone (no finding adds any).
BASE_RATE_ONLY = "no finding: the carrier's base rate alone"

# docs/risk.md: rejection_risk's probability_if_fixed and probability_without.
IF_FIXED_LEGEND = (
    "the probability once every finding we can fix is fixed (all but values missing on the CSR; "
    "the carrier's base rate stays). Each Why line ends with the probability once that reason "
    "alone is fixed: the reason whose fix falls most is the first thing to do."
)


AT_RISK_COLUMNS = (
    Column("order_id", "Order"),
    Column("carrier", "Losing carrier"),
    Column("level", "Risk", "level"),
    Column("probability", "Probability", "probability"),
    Column(
        "base_rate",
        "Carrier's base rate",
        "probability",
        paper=False,
        legend="how often this carrier rejects an order without any finding (the risk model's "
        "estimate from its history): the part of the Probability no fix removes.",
    ),
    Column("status", "Status"),
    Column("submitted", "Submitted", "date"),
    Column("business_days_open", "Business days open", "int", paper=False),
    Column("requested_port_date", "Requested port date", "date", overdue=True),
    Column("tn_count", "Numbers", "int", paper=False),
    Column("reasons", "Why: finding, share → fix", legend=WHY_LEGEND),
    Column("if_fixed", "If all fixed", "probability", legend=IF_FIXED_LEGEND),
    Column("reason_codes", "Codes", paper=False),
    Column("carrier_history", "Carrier history (orders)", "int", paper=False),
    Column("in_full", "In full: history → fix", paper=False),
)


def at_risk(rel: Relations) -> ReportTable:
    """Open port-ins by rejection probability, with each reason as code, share and short fix.

    The carrier's baseline is a column (its base rate, from the published model's intercept and
    carrier offset), not a reason; the reasons' history and full fixes stay in the In full column.
    """
    sql = """
        SELECT r.order_id, r.carrier, r.level, r.probability,
               1 / (1 + exp(-(i.log_odds + coalesce(c.log_odds, 0)))) AS base_rate, r.status,
               CAST(o.submitted_at AS DATE) AS submitted, a.business_days_open,
               l.requested_port_date, coalesce(o.tn_count, l.tn_count) AS tn_count,
               r.top_reasons AS reasons, r.probability_if_fixed AS if_fixed, r.reason_codes,
               r.probability_without, r.carrier_history, r.fixes AS in_full
        FROM {rejection_risk} r
        LEFT JOIN {orders} o ON o.order_id = r.order_id
        LEFT JOIN {order_aging} a ON a.order_id = r.order_id
        LEFT JOIN (SELECT order_id, min(requested_port_date) AS requested_port_date,
                          sum(tn_count) AS tn_count
                   FROM {loa_records} GROUP BY order_id) l ON l.order_id = r.order_id
        LEFT JOIN {risk_model} i ON i.term = 'intercept'
        LEFT JOIN {risk_model} c ON c.term = 'carrier_offset' AND c.carrier_id = r.carrier_id
        ORDER BY r.probability DESC, r.order_id
    """
    table = rel.table(
        "At risk",
        "rejection_risk",
        AT_RISK_COLUMNS,
        sql,
        "no open port-in order is scored",
        helpers=("probability_without",),
    )
    frame = table.frame
    explained = [
        _explained(reasons, fixes, _fixed_alone(codes, without))
        for reasons, fixes, codes, without in zip(
            frame["reasons"],
            frame["in_full"],
            frame["reason_codes"],
            frame.pop("probability_without"),
            strict=True,
        )
    ]
    table.frame["reasons"] = [short for short, _, _ in explained]
    table.frame["in_full"] = [full for _, full, _ in explained]
    table.frame["reason_codes"] = [",".join(codes) or None for _, _, codes in explained]
    return table


def _fixed_alone(codes: object, without: object) -> dict[str, float]:
    """Code -> the probability once that finding alone is fixed (rejection_risk's
    probability_without, aligned with reason_codes; empty where no fix of the order removes it)."""
    if not isinstance(codes, str) or not isinstance(without, str):
        return {}
    pairs = zip(codes.split(","), without.split(","), strict=False)
    return {code: float(value) for code, value in pairs if value}


def _explained(
    reasons: object, fixes: object, fixed_alone: dict[str, float]
) -> tuple[str | None, str | None, list[str]]:
    """(`CODE NN% → short fix (if fixed: NN%)` lines, `reason (history) → fix` lines, codes).

    rejection_risk writes each reason as `CODE NN% (history)`, the fixes in the same order; the
    carrier baseline is left out (the base-rate column says it). A reason in another form, or
    unpaired lists, are kept as they are.
    """
    if not isinstance(reasons, str):
        return None, None, []
    reason_lines = reasons.split(SEPARATOR)
    fix_lines = fixes.split(SEPARATOR) if isinstance(fixes, str) else []
    if len(fix_lines) != len(reason_lines):
        return reasons.replace(SEPARATOR, "\n"), str(fixes).replace(SEPARATOR, "\n"), []
    catalogue = default_catalogue().findings
    short, full, codes = [], [], []
    for reason, fix in zip(reason_lines, fix_lines, strict=True):
        code, _, rest = reason.partition(" ")
        if code == CARRIER_BASELINE:
            continue
        share = rest.split(" ", 1)[0]
        kind = catalogue.get(code)
        line = f"{code} {share} → {kind.short_fix}" if kind else reason
        if code in fixed_alone:
            line += f" (if fixed: {probability_text(fixed_alone[code])})"
        short.append(line)
        full.append(f"{reason} → {fix}")
        codes.append(code)
    return "\n".join(short) or BASE_RATE_ONLY, "\n".join(full) or None, codes


# Current statuses of a port-in that the losing carrier sent back to us: it waits for a fix.
SENT_BACK_STATUSES = ("rejected", "update_required")
# Sent back and still ours to act on: the latest event rejected it or asked for an update (so
# nothing resubmitted, cancelled or completed it since). `is_open` cannot say this: timelines
# count `rejected` as closing (the carrier's review ended), not as our work being done.
_SENT_BACK = """
    direction = 'port_in' AND list_contains($sent_back, status)
    AND completed_at IS NULL AND cancelled_at IS NULL
"""
NO_CATALOGUED_FIX = (
    "No catalogued fix: the carrier's reason matches no finding code. Do what the reason says, "
    "or ask the carrier what to correct, then resubmit (or cancel the order)."
)
SEVERITIES = ("block", "warn", "info")

REJECTED_COLUMNS = (
    Column("order_id", "Order"),
    Column("carrier", "Losing carrier"),
    Column("status", "Status"),
    Column("rejected_on", "Rejected on", "date"),
    Column("business_days_since", "Business days since", "int", paper=False),
    Column("reason", "Carrier's reason", paper=False),
    Column("reason_label", "Reason (taxonomy)"),
    Column("findings", "Current findings (block, warn)"),
    Column(
        "fix",
        "Fix",
        legend="the finding catalogue's fix for the finding code the carrier's reason maps to "
        "(the order's own finding of that kind when it has one).",
    ),
    Column("fix_code", "Fix for code", paper=False),
)


def rejected_to_fix(rel: Relations, as_of: date) -> ReportTable:
    """Port-ins the losing carrier rejected or sent back, not yet resubmitted or cancelled.

    Newest rejection first, with the carrier's reason, its taxonomy label, the order's blocking
    and warning findings, and the catalogue's fix for the finding code the reason maps to.
    """
    statuses = list(SENT_BACK_STATUSES)
    register_calendar_for(
        rel.con,
        rel.sql(
            "SELECT min(CAST(event_time AS DATE)), max(CAST(event_time AS DATE)) "
            "FROM {order_events} WHERE CAST(event_time AS DATE) <= $as_of"
        ),
        as_of,
    )
    reasons = rel.frame(
        "SELECT DISTINCT nullif(trim(reason), '') AS reason FROM {order_events} "
        "WHERE list_contains($sent_back, status)",
        {"sent_back": statuses},
    )["reason"]
    sql = f"""
        WITH sent_back AS (
            SELECT order_id, carrier, country, status FROM {{orders}} WHERE {_SENT_BACK}
        ),
        -- The event that set the current status: the latest of that status up to as-of.
        pushback AS (
            SELECT s.*, e.event_time AS rejected_at, nullif(trim(e.reason), '') AS reason
            FROM sent_back s
            LEFT JOIN {{order_events}} e
              ON e.order_id = s.order_id AND e.status = s.status
             AND CAST(e.event_time AS DATE) <= $as_of
            QUALIFY row_number() OVER (
                PARTITION BY s.order_id ORDER BY e.event_time DESC NULLS LAST, reason NULLS LAST
            ) = 1
        ),
        order_findings AS (
            SELECT order_id, code,
                   arg_min(severity, list_position($severities, severity)) AS severity
            FROM {{findings}} GROUP BY order_id, code
        ),
        -- The reason's finding code with the fix: the order's own finding of that kind first,
        -- else the field's DIFFERENT code (the carrier says it does not match), else the first.
        reason_fix AS (
            SELECT p.order_id, t.finding_code AS fix_code, c.fix
            FROM pushback p
            JOIN _reason_taxonomy t ON t.reason IS NOT DISTINCT FROM p.reason
            JOIN _finding_catalogue c ON c.code = t.finding_code
            LEFT JOIN order_findings f ON f.order_id = p.order_id AND f.code = t.finding_code
            QUALIFY row_number() OVER (
                PARTITION BY p.order_id
                ORDER BY f.code IS NULL, NOT ends_with(t.finding_code, '_DIFFERENT'), t.position
            ) = 1
        ),
        current_findings AS (
            SELECT order_id,
                   string_agg(code || ' (' || severity || ')', chr(10)
                              ORDER BY list_position($severities, severity), code) AS findings
            FROM order_findings WHERE severity IN ('block', 'warn')
            GROUP BY order_id
        )
        SELECT p.order_id, p.carrier, p.status, CAST(p.rejected_at AS DATE) AS rejected_on,
               CAST(bd_between(p.country, CAST(p.rejected_at AS DATE), $as_of) AS INTEGER)
                   AS business_days_since,
               p.reason, t.reason_label, c.findings, coalesce(x.fix, $no_fix) AS fix, x.fix_code
        FROM pushback p
        LEFT JOIN (SELECT DISTINCT reason, reason_label FROM _reason_taxonomy) t
          ON t.reason IS NOT DISTINCT FROM p.reason
        LEFT JOIN reason_fix x ON x.order_id = p.order_id
        LEFT JOIN current_findings c ON c.order_id = p.order_id
        ORDER BY p.rejected_at DESC NULLS LAST, p.order_id
    """
    params = {
        "sent_back": statuses,
        "as_of": as_of,
        "severities": list(SEVERITIES),
        "no_fix": NO_CATALOGUED_FIX,
    }
    with rel.registered(
        _reason_taxonomy=_reason_taxonomy(reasons),
        _finding_catalogue=default_catalogue().frame(),
    ):
        return rel.table(
            "Rejected - fix and resubmit",
            "orders",
            REJECTED_COLUMNS,
            sql,
            "no port-in is rejected or waiting for an update",
            params,
        )


def _reason_taxonomy(reasons: pd.Series) -> pd.DataFrame:
    """reason, reason_label, finding_code, position: one row per finding code a reason maps to.

    Each distinct reason is classified once; a reason mapping to no code has one row, code NULL.
    """
    rows = [
        (reason, rule.label, code, position)
        for reason, rule in ((r, classify_reason(r)) for r in [*sorted(reasons.dropna()), None])
        for position, code in enumerate(rule.finding_codes or (None,), 1)
    ]
    frame = pd.DataFrame(rows, columns=["reason", "reason_label", "finding_code", "position"])
    return frame.astype({"reason": "string", "reason_label": "string", "finding_code": "string"})


# On paper: what to fix on which order; the code's parts, the detail and the date are on screen.
FINDINGS_COLUMNS = (
    Column("order_id", "Order"),
    Column("carrier", "Losing carrier"),
    Column("severity", "Severity", "level"),
    Column("code", "Code"),
    Column("loa_value", "On the LOA"),
    Column("csr_value", "On the CSR"),
    Column("fix", "Fix"),
    Column("status", "Order status", paper=False),
    Column("field", "Field", paper=False),
    Column("verdict", "Verdict", paper=False),
    Column("detail", "Detail", paper=False),
    Column("reference_date", "Judged as of", "date", paper=False),
)


def findings(rel: Relations) -> ReportTable:
    """Findings of the orders still open (what can still be fixed), blocking ones first."""
    sql = """
        SELECT f.order_id, coalesce(o.carrier, f.carrier_id) AS carrier, o.status, f.severity,
               f.code, f.field, f.verdict, f.loa_value, f.csr_value, f.detail, f.fix,
               f.reference_date
        FROM {findings} f LEFT JOIN {orders} o ON o.order_id = f.order_id
        WHERE coalesce(o.is_open, true)
        ORDER BY CASE f.severity WHEN 'block' THEN 1 WHEN 'warn' THEN 2 ELSE 3 END,
                 f.order_id, f.code, f.field, f.loa_id
    """
    return rel.table("Findings", "findings", FINDINGS_COLUMNS, sql, "no open order has a finding")


# How the reports write a direction: in words, as the page's charts do (port-in, port-out).
DIRECTION_WORDS = "replace({}, '_', '-')"

SLA_COLUMNS = (
    Column("carrier", "Carrier"),
    Column("direction", "Direction"),
    Column("month", "Month submitted", "month"),
    Column("orders", "Orders", "int"),
    Column("completed", "Completed", "int", paper=False),
    Column("rejected_orders", "Rejected", "int", paper=False),
    Column("rejection_rate", "Rejection rate", "pct"),
    Column("median_days_to_foc", "Median days to FOC", "number"),
    Column("median_days_to_complete", "Median days to complete", "number"),
    Column("sla_days_to_complete", "Target days", "int"),
    Column("on_time_rate", "On time (target)", "pct"),
    Column("open_orders", "Still open", "int"),
    Column("foc_on_time_rate", "FOC within 24 h", "pct"),
    Column("dispute_candidates", "Dispute candidates", "int"),
    # On screen only: the tails and the detail of the federal intervals.
    Column("p90_days_to_foc", "P90 days to FOC", "number", paper=False),
    Column("p90_days_to_complete", "P90 days to complete", "number", paper=False),
    Column("on_time_rate_20bd", "On time (20 days)", "pct", paper=False),
    Column("simple_ports", "Simple ports", "int", paper=False),
    Column("simple_on_interval_rate", "Simple done in 1 day", "pct", paper=False),
)


def sla_by_carrier(rel: Relations) -> ReportTable:
    """Per-carrier service levels by month of submission, newest month first per carrier, with
    the federal intervals the carrier kept (carrier_intervals: what the manager can invoke)."""
    sql = f"""
        SELECT s.* REPLACE ({DIRECTION_WORDS.format("s.direction")} AS direction),
               i.foc_on_time_rate, i.simple_ports, i.simple_on_interval_rate,
               i.dispute_candidates
        FROM {{sla_by_carrier}} s
        LEFT JOIN {{carrier_intervals}} i
            ON i.carrier_id = s.carrier_id AND i.direction = s.direction AND i.month = s.month
        ORDER BY s.carrier, s.direction, s.month DESC
    """
    return rel.table("SLA by carrier", "sla_by_carrier", SLA_COLUMNS, sql, "no submitted order")


INTERVAL_COLUMNS = (
    Column("carrier", "Losing carrier"),
    Column("foc_responses", "FOCs received", "int"),
    Column(
        "foc_on_time_rate",
        "FOC within 24 h",
        "pct",
        legend="share of FOCs received within 24 hours of the first submission, weekends and "
        "the carrier's holidays excluded (FCC: 24 hours)",
    ),
    Column("simple_completed", "Simple ports completed", "int"),
    Column(
        "simple_on_interval_rate",
        "Simple done in 1 day",
        "pct",
        legend="share of completed simple ports (47 CFR 52.36) done at most 1 business day "
        "after the FOC date (47 CFR 52.35)",
    ),
    Column(
        "dispute_candidates",
        "Dispute candidates",
        "int",
        legend="simple ports rejected for a value 52.36 does not let the losing carrier "
        "require (name, street address, BTN, ...): the rejection can be disputed",
    ),
)


def intervals_by_carrier(rel: Relations) -> ReportTable:
    """Per losing carrier, all months: the FCC intervals it kept on our port-ins (the
    carrier_intervals table summed), the least punctual first, so the carriers to chase lead."""
    sql = """
        SELECT any_value(carrier ORDER BY carrier) AS carrier,
               sum(foc_responses) AS foc_responses,
               sum(foc_on_time) / nullif(sum(foc_responses), 0) AS foc_on_time_rate,
               sum(simple_completed) AS simple_completed,
               sum(simple_on_interval) / nullif(sum(simple_completed), 0)
                   AS simple_on_interval_rate,
               sum(dispute_candidates) AS dispute_candidates
        FROM {carrier_intervals}
        WHERE direction = 'port_in'
        GROUP BY carrier_id
        ORDER BY foc_on_time_rate NULLS LAST, dispute_candidates DESC, carrier
    """
    return rel.table(
        "Intervals kept by carriers", "carrier_intervals", INTERVAL_COLUMNS, sql, "no port-in"
    )


AGING_COLUMNS = (
    Column("order_id", "Order"),
    Column("direction", "Direction"),
    Column("carrier", "Carrier"),
    Column("status", "Status"),
    Column("submitted", "Submitted", "date"),
    Column("business_days_open", "Business days open", "int"),
    Column("bucket", "Age bucket"),
    Column("sla_days_to_complete", "Target days", "int"),
    Column("over_target", "Over target", "level"),
)


def aging(rel: Relations) -> ReportTable:
    """Open orders by business days since submission, oldest first; drafts last."""
    sql = f"""
        SELECT order_id, {DIRECTION_WORDS.format("direction")} AS direction, carrier, status,
               CAST(submitted_at AS DATE) AS submitted,
               business_days_open, bucket, sla_days_to_complete,
               CASE WHEN over_target THEN 'yes' WHEN NOT over_target THEN 'no' END AS over_target
        FROM {{order_aging}}
        ORDER BY business_days_open DESC NULLS LAST, order_id
    """
    return rel.table("Aging", "order_aging", AGING_COLUMNS, sql, empty="no open order")


PORTOUT_COLUMNS = (
    Column("order_id", "Order"),
    Column("carrier", "Gaining carrier"),
    Column("status", "Status"),
    Column("action", "Action"),
    Column("due_date", "Due", "date", overdue=True),
    Column("days_left", "Business days left", "int", overdue=True),
    Column(
        "auto_approves_at",
        "Approved by default at (UTC)",
        "datetime",
        legend="while the customer has not answered: the request time plus the carrier's "
        "auto-approval hours (default 24).",
    ),
    Column("foc_date", "FOC date", "date"),
    Column("completed", "Completed", "date"),
    Column("action_code", "Action code", paper=False),
)


# A port-out not completed within 5 business days of its FOC is cancelled (PRODUCT.md section 2):
# once that window has passed, the watch's "check; cancelled if not completed" is history.


def portout_watch(rel: Relations) -> ReportTable:
    """Port-outs needing action, the most urgent first."""
    sql = """
        SELECT order_id, carrier, status,
               action,
               due_date, days_left, auto_approves_at, foc_date,
               CAST(completed_at AS DATE) AS completed, action_code
        FROM {portout_watch}
        ORDER BY least(auto_approves_at, CAST(due_date AS TIMESTAMP)) NULLS LAST, order_id,
                 action_code
    """
    return rel.table(
        "Port-out watch",
        "portout_watch",
        PORTOUT_COLUMNS,
        sql,
        "no port-out needs action",
    )


QUARANTINE_COLUMNS = (
    Column("source_file", "File"),
    Column("source_line", "Line", "id"),
    Column("kind", "Kind"),
    Column("reason", "Reason"),
    Column("raw", "Raw row (PINs masked)", paper=False),
)


def quarantine(rel: Relations) -> ReportTable:
    """Every row or file that was not loaded, with the reason and the raw row, PINs masked."""
    sql = """
        SELECT source_file, source_line, kind, reason, raw FROM {quarantine}
        ORDER BY source_file, source_line NULLS FIRST, reason
    """
    table = rel.table(
        "Quarantine", "quarantine", QUARANTINE_COLUMNS, sql, empty="every row was loaded"
    )
    table.frame["raw"] = _mask_distinct(table.frame["raw"])
    return table


def _mask_distinct(raws: pd.Series) -> pd.Series:
    distinct = raws.dropna().unique()
    return raws.map(dict(zip(distinct, map(mask_pins_in_raw, distinct), strict=True)))


STRICTNESS_COLUMNS = (
    Column("carrier", "Carrier"),
    Column("code", "Finding code"),
    Column("orders_seen", "Past orders with it", "int"),
    Column("rejected", "Of those rejected", "int"),
    Column("rejection_rate", "Rejection rate", "pct"),
    Column("odds_ratio", "Multiplies the odds of rejection by", "number"),
    Column("carrier_rejection_rate", "Carrier's overall rejection rate", "pct"),
    Column("model", "Learnt by"),
)


def carrier_strictness(rel: Relations) -> ReportTable:
    """Which finding codes each carrier rejects, most decisive first; all carriers pooled last."""
    sql = """
        SELECT carrier, code, orders_seen, rejected, rejection_rate, odds_ratio,
               carrier_rejection_rate, model
        FROM {carrier_strictness}
        ORDER BY carrier_id = '*', carrier, odds_ratio DESC NULLS LAST, code
    """
    return rel.table(
        "Carrier strictness",
        "carrier_strictness",
        STRICTNESS_COLUMNS,
        sql,
        "no decided past port-in to learn from",
    )


SINCE_COLUMNS = (
    Column("heading", "What changed"),
    Column("order_id", "Order"),
    Column("direction", "Direction"),
    Column("carrier", "Carrier"),
    Column("detail", "Detail"),
    Column("changed_at", "When (UTC)", "datetime"),
)
SINCE_LAST_NIGHT = "Since last night"


def since_last_night(rel: Relations) -> ReportTable:
    """The changes since the warehouse this run replaced, grouped by kind (most urgent first)."""
    with rel.registered(_kinds=pd.DataFrame({"kind": list(KINDS), "heading": KINDS.values()})):
        return rel.table(
            SINCE_LAST_NIGHT,
            "changes",
            SINCE_COLUMNS,
            f"""
            SELECT k.heading, c.order_id, {DIRECTION_WORDS.format("c.direction")} AS direction,
                   coalesce(c.carrier, c.carrier_id) AS carrier,
                   c.detail, c.changed_at
            FROM {{changes}} c JOIN _kinds k USING (kind)
            ORDER BY list_position($kinds, c.kind), c.changed_at, c.order_id, c.detail
            """,
            "nothing changed since the previous run, or this is the first run on this warehouse",
            {"kinds": list(KINDS)},
        )


PREVENTION = "Prevention"
MISSED = "Missed rejections"
PREVENTION_VIEWS = ("By check", "By carrier", "No check yet (backlog)")
PREVENTION_COLUMNS = (
    Column("view", "Scorecard"),
    Column("name", "Check, carrier or reason"),
    Column("rejections", "Rejections", "int"),
    Column("caught", "Caught", "int"),
    Column("missed", "Missed", "int"),
    Column("no_check", "No check", "int"),
    Column(
        "recall",
        "Caught of checked",
        "pct",
        legend="of the rejections a portrecon check covers, the share whose finding was on the "
        "order when it was submitted (recall).",
    ),
    Column("block_orders", "Answered with a block finding", "int"),
    Column(
        "block_precision",
        "Rejected for it",
        "pct",
        legend="of the answered port-ins that carried a block finding of this check, the share "
        "the carrier rejected for it (precision of the block finding).",
    ),
)
# A field's findings form one check (`PIN_*`: any PIN finding); an order finding is its own.
_CHECK = """CASE WHEN list_contains($fields, split_part({code}, '_', 1))
                 THEN split_part({code}, '_', 1) || '_*' ELSE {code} END"""


def prevention(rel: Relations) -> ReportTable:
    """Should we have caught it? Every rejection scored against portrecon's checks, per check
    (caught, missed, recall, and how often a block finding was followed by its rejection), per
    carrier, and the causes with no check ranked by count: the backlog of checks worth building.
    """
    sql = f"""
        WITH outcomes AS (
            SELECT *, {_CHECK.format(code="finding_code")} AS check_name
            FROM {{rejection_outcomes}}
        ),
        answered AS (
            SELECT order_id FROM {{orders}}
            WHERE direction = 'port_in'
              AND (approved_at IS NOT NULL OR rejections + update_requests > 0)
        ),
        blocks AS (
            SELECT {_CHECK.format(code="f.code")} AS check_name,
                   count(DISTINCT f.order_id) AS block_orders
            FROM {{findings}} f JOIN answered USING (order_id)
            WHERE f.severity = 'block' GROUP BY ALL
        ),
        rejected_for AS (
            SELECT check_name, count(DISTINCT order_id) AS rejected
            FROM outcomes WHERE prevention = 'caught' AND flagged_severity = 'block' GROUP BY ALL
        ),
        by_check AS (
            SELECT check_name, count(*) AS rejections, count_if(prevention = 'caught') AS caught,
                   count_if(prevention = 'missed') AS missed
            FROM outcomes WHERE check_name IS NOT NULL GROUP BY ALL
        ),
        scored AS (
            SELECT 1 AS part, coalesce(c.check_name, b.check_name) AS name,
                   coalesce(c.rejections, 0) AS rejections, coalesce(c.caught, 0) AS caught,
                   coalesce(c.missed, 0) AS missed, NULL AS no_check, b.block_orders,
                   coalesce(r.rejected, 0) / nullif(b.block_orders, 0) AS block_precision
            FROM by_check c
            FULL JOIN blocks b USING (check_name)
            LEFT JOIN rejected_for r USING (check_name)
            UNION ALL
            SELECT 2, coalesce(carrier, carrier_id), count(*), count_if(prevention = 'caught'),
                   count_if(prevention = 'missed'), count_if(prevention = 'no_check'), NULL, NULL
            FROM outcomes GROUP BY ALL
            UNION ALL
            SELECT 3, reason_label, count(*), NULL, NULL, count(*), NULL, NULL
            FROM outcomes WHERE prevention = 'no_check' GROUP BY ALL
        )
        SELECT $views[part] AS view, name, rejections, caught, missed, no_check,
               caught / nullif(caught + missed, 0) AS recall, block_orders, block_precision
        FROM scored
        ORDER BY part, rejections DESC, block_orders DESC NULLS LAST, name
    """
    return rel.table(
        PREVENTION,
        "rejection_outcomes",
        PREVENTION_COLUMNS,
        sql,
        "no port-in was rejected or sent back for an update",
        {"fields": list(FIELDS), "views": list(PREVENTION_VIEWS)},
    )


MISSED_COLUMNS = (
    Column("order_id", "Order"),
    Column("carrier", "Losing carrier"),
    Column("decided_on", "Sent back on", "date"),
    Column("status", "Status"),
    Column("reason", "Carrier's reason", paper=False),
    Column("reason_label", "Reason (taxonomy)"),
    Column("finding_code", "Check that did not fire"),
    Column(
        "findings_then",
        "Findings when submitted",
        legend="the order's findings as they stood at the decision. A field check cannot fire "
        "without a matched CSR (CSR_NOT_FOUND) or when the LOA and the CSR agreed; compare the "
        "carrier's reason with the CSR on file.",
    ),
)


def missed_rejections(rel: Relations) -> ReportTable:
    """Rejections a portrecon check covers but did not flag, newest first, each with the order's
    findings at the time: the rows that show why a check did not fire."""
    sql = f"""
        SELECT o.order_id, coalesce(o.carrier, o.carrier_id) AS carrier,
               CAST(o.event_time AS DATE) AS decided_on, o.status, o.reason, o.reason_label,
               o.finding_code,
               (SELECT string_agg(
                           f.severity || ' ' || f.code || coalesce(': ' || f.detail, ''), chr(10)
                           ORDER BY list_position($severities, f.severity), f.code, f.field,
                                    f.detail)
                FROM {{findings}} f
                WHERE f.order_id = o.order_id
                  AND {finding_stood("f", "CAST(o.event_time AS DATE)")}) AS findings_then
        FROM {{rejection_outcomes}} o
        WHERE o.prevention = 'missed'
        ORDER BY o.event_time DESC, o.order_id, o.status
    """
    return rel.table(
        MISSED,
        "rejection_outcomes",
        MISSED_COLUMNS,
        sql,
        "every rejection a check covers was flagged before submission",
        {"severities": list(SEVERITIES)},
    )


def detail_tables(rel: Relations, as_of: date) -> list[ReportTable]:
    """The workbook's sheets after the Summary, in order."""
    return [
        since_last_night(rel),
        at_risk(rel),
        rejected_to_fix(rel, as_of),
        findings(rel),
        sla_by_carrier(rel),
        aging(rel),
        portout_watch(rel),
        quarantine(rel),
        carrier_strictness(rel),
        prevention(rel),
        missed_rejections(rel),
    ]


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    label: str
    value: object
    kind: str = "int"
    note: str = ""


SUMMARY_COLUMNS = (
    Column("section", "Section"),
    Column("figure", "Figure"),
    Column("value", "Value", "value"),
    Column("note", "Note"),
)


def summary_figures(rel: Relations, as_of: date) -> list[Figure]:
    """The headline counts: run, orders, risk, findings, port-outs, aging and data quality."""
    run = rel.frame("SELECT run_id, finished_at FROM {run_log} ORDER BY finished_at DESC LIMIT 1")
    orders = rel.frame(
        f"""
        SELECT count(*) FILTER (direction = 'port_in' AND is_open) AS open_in,
               count(*) FILTER (direction = 'port_out' AND is_open) AS open_out,
               count(*) FILTER (is_open AND submitted_at IS NULL) AS drafts,
               count(*) FILTER (is_open AND rejections > 0) AS open_rejected,
               count(*) FILTER ({_SENT_BACK}) AS sent_back,
               count(*) FILTER ({_SENT_BACK} AND is_open) AS sent_back_open
        FROM {{orders}}""",
        {"sent_back": list(SENT_BACK_STATUSES)},
    ).iloc[0]
    levels = _counts(rel, "SELECT level AS k, count(*) AS n FROM {rejection_risk} GROUP BY 1")
    findings_of = rel.frame("""
        SELECT f.severity, count(*) AS n, count(DISTINCT f.order_id) AS orders FROM {findings} f
        LEFT JOIN {orders} o ON o.order_id = f.order_id
        WHERE coalesce(o.is_open, true) GROUP BY 1""").set_index("severity")
    portouts = rel.frame("""
        SELECT count(*) AS actions, count(*) FILTER (days_left < 0) AS overdue,
               count(*) FILTER (days_left BETWEEN 0 AND 1) AS due_soon
        FROM {portout_watch}""").iloc[0]
    buckets = _counts(rel, "SELECT bucket AS k, count(*) AS n FROM {order_aging} GROUP BY 1")
    over_target = rel.frame("SELECT count(*) AS n FROM {order_aging} WHERE over_target").iloc[0]
    files = rel.frame("""
        SELECT count(*) FILTER (status <> 'skipped') AS read,
               count(*) FILTER (status = 'skipped') AS skipped,
               count(*) FILTER (status = 'rejected') AS rejected,
               coalesce(sum(rows_read), 0) AS rows_read,
               coalesce(sum(rows_loaded), 0) AS rows_loaded,
               coalesce(sum(rows_quarantined), 0) AS rows_quarantined
        FROM {ingest_files}""").iloc[0]
    checks = rel.frame("""
        SELECT count(*) AS n, count(*) FILTER (NOT passed) AS failed,
               string_agg(check_name, ', ' ORDER BY check_name) FILTER (NOT passed) AS names
        FROM {check_results}""").iloc[0]

    quarantined_share = files.rows_quarantined / files.rows_read if files.rows_read else None
    figures = [
        Figure("as_of", "Run", "As-of date", as_of, "date"),
        Figure("run_id", "Run", "Run id", run.run_id.iloc[0] if len(run) else None, "text"),
        Figure(
            "finished_at",
            "Run",
            "Warehouse built (UTC)",
            run.finished_at.iloc[0] if len(run) else None,
            "datetime",
        ),
        Figure(
            "open_port_ins",
            "Orders",
            "Open port-ins",
            orders.open_in,
            note="drafts included; not completed, cancelled or rejected",
        ),
        Figure(
            "open_port_outs",
            "Orders",
            "Open port-outs",
            orders.open_out,
            note="not completed, cancelled, stopped or rejected",
        ),
        Figure(
            "drafts",
            "Orders",
            "Drafts not yet submitted",
            orders.drafts,
            note="part of the open port-ins and port-outs above",
        ),
        Figure(
            "open_rejected",
            "Orders",
            "Open orders resubmitted after a rejection",
            orders.open_rejected,
            note="a rejected order is not open until resubmitted: waiting ones are the next line",
        ),
        Figure(
            "rejected_to_fix",
            "Orders",
            "Rejected port-ins to fix and resubmit",
            orders.sent_back,
            note=f"{orders.sent_back - orders.sent_back_open} rejected (closed), "
            f"{orders.sent_back_open} update required (also open port-ins); not resubmitted, "
            "cancelled or completed since",
        ),
        Figure(
            "risk_scored",
            "Rejection risk",
            "Port-ins scored",
            sum(levels.values()),
            note="open port-ins the carrier has not approved yet; the three levels below add up "
            "to it",
        ),
        *(
            Figure(
                f"risk_{level}",
                "Rejection risk",
                f"{level.capitalize()} risk port-ins",
                levels.get(level, 0),
                note=note,
            )
            for level, note in zip(
                RISK_LEVELS,
                ("probability >= 50%", "probability 20% to 50%", "probability under 20%"),
                strict=True,
            )
        ),
        *(
            Figure(
                f"findings_{severity}",
                "Findings on open orders",
                label,
                int(findings_of["n"].get(severity, 0)),
                note=f"findings, not orders: on {int(findings_of['orders'].get(severity, 0))} "
                "open orders",
            )
            for severity, label in (
                ("block", "Blocking findings"),
                ("warn", "Warnings"),
                ("info", "Info findings"),
            )
        ),
        Figure(
            "portout_actions",
            "Port-outs needing action",
            "Port-out actions",
            portouts.actions,
            note="one port-out may need more than one; overdue and due soon are among them",
        ),
        Figure(
            "portout_overdue",
            "Port-outs needing action",
            "Overdue actions",
            portouts.overdue,
            note="due date before the as-of date",
        ),
        Figure(
            "portout_due_soon",
            "Port-outs needing action",
            "Actions due today or next business day",
            portouts.due_soon,
        ),
        *(
            Figure(
                f"aging_{bucket}",
                "Open orders by age",
                f"{bucket} business days since submission"
                if bucket != "not submitted"
                else "Not submitted (drafts)",
                buckets.get(bucket, 0),
                note="open port-ins and port-outs; the buckets add up to all open orders"
                if bucket == AGING_BUCKETS[0]
                else "",
            )
            for bucket in AGING_BUCKETS
        ),
        Figure(
            "over_target",
            "Open orders by age",
            "Open orders over the carrier's completion target",
            over_target.n,
            note="from any bucket above",
        ),
        Figure("files_read", "Data quality", "Files read", files.read),
        Figure("files_skipped", "Data quality", "Files skipped (no input pattern)", files.skipped),
        Figure("files_rejected", "Data quality", "Files rejected whole", files.rejected),
        Figure("rows_read", "Data quality", "Rows read", files.rows_read),
        Figure("rows_loaded", "Data quality", "Rows loaded", files.rows_loaded),
        Figure("rows_quarantined", "Data quality", "Rows quarantined", files.rows_quarantined),
        Figure("quarantined_share", "Data quality", "Share quarantined", quarantined_share, "pct"),
    ]
    if "check_results" in rel.present:
        figures.append(
            Figure(
                "checks_failed",
                "Data quality",
                "Checks failed",
                checks.failed,
                note=checks.names or f"of {checks.n}",
            )
        )
    return [_plain(_unbuilt(rel, f)) for f in figures]


# The table each Summary section counts; a missing table makes its figures blank, not zero.
_SECTION_SOURCES = {
    "Orders": "orders",
    "Rejection risk": "rejection_risk",
    "Findings on open orders": "findings",
    "Port-outs needing action": "portout_watch",
    "Open orders by age": "order_aging",
    "Data quality": "ingest_files",
}


def _unbuilt(rel: Relations, figure: Figure) -> Figure:
    """The figure, blank with a note when the table it counts is not in the warehouse."""
    source = (
        "check_results" if figure.key == "checks_failed" else (_SECTION_SOURCES.get(figure.section))
    )
    if source is None or source in rel.present:
        return figure
    note = f"table {source} is not in this warehouse"
    return Figure(figure.key, figure.section, figure.label, None, figure.kind, note)


def _counts(rel: Relations, sql: str) -> dict[str, int]:
    frame = rel.frame(sql)
    return dict(zip(frame["k"], frame["n"].astype(int), strict=True))


def _plain(figure: Figure) -> Figure:
    """Numpy scalars as Python numbers and NaN/NaT as None, so writers need no pandas."""
    value = figure.value
    if value is None or pd.isna(value):
        value = None
    elif figure.kind == "int":
        value = int(value)
    elif figure.kind == "pct":
        value = float(value)
    elif figure.kind == "datetime":
        value = pd.Timestamp(value).to_pydatetime()
    return Figure(figure.key, figure.section, figure.label, value, figure.kind, figure.note)


def summary(figures: list[Figure]) -> ReportTable:
    """The Summary sheet: one row per figure, with each value's kind beside it."""
    frame = pd.DataFrame(
        {
            "section": [f.section for f in figures],
            "figure": [f.label for f in figures],
            "value": pd.Series([f.value for f in figures], dtype="object"),
            "value_kind": [f.kind for f in figures],
            "note": [f.note for f in figures],
        }
    )
    return ReportTable("Summary", SUMMARY_COLUMNS, frame)


FILES_COLUMNS = (
    Column("source_file", "File"),
    Column("kind", "Kind"),
    Column("status", "Status"),
    Column("encoding", "Encoding"),
    Column("rows_read", "Rows read", "int"),
    Column("rows_loaded", "Loaded", "int"),
    Column("rows_quarantined", "Quarantined", "int"),
    Column("message", "Note"),
)


def ingest_files(rel: Relations) -> ReportTable:
    """Every file below the inbox and what happened to it, problems first."""
    sql = """
        SELECT * FROM {ingest_files}
        ORDER BY status = 'loaded' AND rows_quarantined = 0, status, source_file
    """
    return rel.table("Files", "ingest_files", FILES_COLUMNS, sql, "the inbox was empty")


CHECKS_COLUMNS = (
    Column("check_name", "Check"),
    Column("table_name", "Table"),
    Column("result", "Result", "level"),
    Column("evaluated", "Expectations", "int"),
    Column("failed", "Failed", "int"),
    Column("description", "Detail"),
)


def checks(rel: Relations) -> ReportTable:
    """The data-quality checks of the run, failed ones first."""
    sql = """
        SELECT check_name, table_name,
               CASE WHEN passed THEN 'passed' ELSE 'failed' END AS result,
               evaluated, failed, description
        FROM {check_results} ORDER BY passed, check_name
    """
    return rel.table("Checks", "check_results", CHECKS_COLUMNS, sql, "no check ran")


def foc_by_carrier(rel: Relations, book: CarrierBook) -> pd.DataFrame:
    """Per losing carrier: percentiles of business days from submission to FOC, and the target."""
    frame = rel.frame("""
        SELECT carrier_id, any_value(carrier ORDER BY carrier) AS carrier, count(*) AS orders,
               quantile_cont(days_to_foc, 0.1) AS p10, quantile_cont(days_to_foc, 0.25) AS p25,
               quantile_cont(days_to_foc, 0.5) AS p50, quantile_cont(days_to_foc, 0.75) AS p75,
               quantile_cont(days_to_foc, 0.9) AS p90
        FROM {orders} WHERE direction = 'port_in' AND days_to_foc IS NOT NULL
        GROUP BY carrier_id ORDER BY carrier, carrier_id
    """)
    targets = {cid: book.profile(cid).sla_days_to_foc for cid in frame["carrier_id"].unique()}
    return frame.assign(target=frame["carrier_id"].map(targets))


def pushback_by_carrier(rel: Relations) -> pd.DataFrame:
    """Port-in rejections and update requests per carrier and reason (events, all months)."""
    return rel.frame(
        """
        SELECT carrier, reason_label, sum(events) AS events
        FROM {rejection_reasons}
        WHERE direction = 'port_in' AND list_contains($statuses, status)
        GROUP BY carrier, reason_label ORDER BY carrier, reason_label
        """,
        {"statuses": list(PUSHBACK_STATUSES)},
    )


def risk_by_carrier(rel: Relations) -> pd.DataFrame:
    """Scored open port-ins per carrier and risk level."""
    return rel.frame("""
        SELECT carrier, level, count(*) AS orders FROM {rejection_risk}
        GROUP BY carrier, level ORDER BY carrier, level
    """)


def aging_by_bucket(rel: Relations) -> pd.DataFrame:
    """Open orders per age bucket and direction."""
    return rel.frame("""
        SELECT bucket, direction, count(*) AS orders FROM {order_aging}
        GROUP BY bucket, direction ORDER BY bucket, direction
    """)


def strictness_matrix(rel: Relations) -> pd.DataFrame:
    """Finding code x carrier: the learnt odds ratio and the history behind it.

    Codes come in the order of how much carriers differ on them (the spread of their learnt
    log-odds), then by the pooled effect: a code every carrier rejects is no news to anyone.
    """
    return rel.frame("""
        SELECT carrier_id, carrier, code, orders_seen, rejected, odds_ratio,
               max(ln(odds_ratio)) FILTER (carrier_id <> '*') OVER (PARTITION BY code)
               - min(ln(odds_ratio)) FILTER (carrier_id <> '*') OVER (PARTITION BY code)
                 AS spread,
               max(odds_ratio) FILTER (carrier_id = '*') OVER (PARTITION BY code) AS pooled
        FROM {carrier_strictness}
        WHERE odds_ratio > 0
        ORDER BY spread DESC NULLS LAST, pooled DESC NULLS LAST, code, carrier_id = '*', carrier
    """)


# Workbook sheets in order, with their columns (the Summary is built from the figures).
SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    "Summary": SUMMARY_COLUMNS,
    SINCE_LAST_NIGHT: SINCE_COLUMNS,
    "At risk": AT_RISK_COLUMNS,
    "Rejected - fix and resubmit": REJECTED_COLUMNS,
    "Findings": FINDINGS_COLUMNS,
    "SLA by carrier": SLA_COLUMNS,
    "Aging": AGING_COLUMNS,
    "Port-out watch": PORTOUT_COLUMNS,
    "Quarantine": QUARANTINE_COLUMNS,
    "Carrier strictness": STRICTNESS_COLUMNS,
    PREVENTION: PREVENTION_COLUMNS,
    MISSED: MISSED_COLUMNS,
}
