"""Every rejection and update request of a port-in scored against portrecon's own checks
(table `rejection_outcomes`, PRODUCT.md section 10.1).

A porting manager's question after a rejection is "should we have caught this?". Each carrier
decision is a labelled test: its reason (words or a vendor code) names a cause, the cause
corresponds to a finding or to none, and the finding was on the order when it was submitted or
it was not. Findings count as they stood at the decision, by the risk model's own as-of rule
(portrecon.risk.training), so the score is the one a person could have acted on.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from portrecon.carriers import CarrierBook
from portrecon.findings_catalogue import FIELDS
from portrecon.rejection_reasons import classify_reason, finding_family
from portrecon.risk.training import REJECTING, finding_stood, loa_replaced_after
from portrecon.schema import REJECTION_OUTCOMES
from portrecon.vendor_codes import read_code


def _reading(reason: str | None) -> dict[str, object]:
    """What one reason says: its vendor code (if any), taxonomy entry and the check it names."""
    rule, reading = classify_reason(reason), read_code(reason)
    family = reading.entry.finding if reading else finding_family(rule)
    return {
        "reason": reason,
        "vendor": reading.vendor if reading else None,
        "vendor_code": reading.vendor_code if reading else None,
        "jcode": reading.jcode if reading else None,
        "reason_category": rule.code,
        "reason_label": rule.label,
        "family": family,
        "is_field": family in FIELDS,
        "component": reading.entry.component if reading else None,
    }


_OUTCOMES_SQL = """
WITH decisions AS (
    SELECT e.order_id, e.event_time, e.status, nullif(trim(e.reason), '') AS reason,
           o.carrier_id, o.carrier
    FROM order_events e JOIN orders o USING (order_id)
    WHERE o.direction = 'port_in' AND list_contains($rejecting, e.status)
      AND CAST(e.event_time AS DATE) <= $as_of
),
read AS (
    SELECT d.*, m.vendor, m.vendor_code, m.jcode, m.reason_category, m.reason_label,
           m.family, m.is_field, m.component,
           {replaced} AS replaced
    FROM decisions d JOIN _outcome_reasons m ON m.reason IS NOT DISTINCT FROM d.reason
),
hits AS (
    SELECT r.order_id, r.event_time, r.status,
           arg_min(f.code, [list_position(['block', 'warn', 'info'], f.severity)::VARCHAR, f.code])
               AS code,
           arg_min(f.severity,
                   [list_position(['block', 'warn', 'info'], f.severity)::VARCHAR, f.code])
               AS severity
    FROM read r JOIN findings f ON f.order_id = r.order_id
    WHERE CASE WHEN r.is_field THEN starts_with(f.code, r.family || '_')
               ELSE f.code = r.family END
      AND (r.component IS NULL OR contains(f.field, r.component))
      AND {stood}
    GROUP BY ALL
)
SELECT r.order_id, r.carrier_id, r.carrier, r.event_time, r.status, r.reason,
       r.vendor, r.vendor_code, r.jcode, r.reason_category, r.reason_label,
       CASE WHEN r.family IS NULL THEN NULL
            WHEN h.code IS NOT NULL AND NOT r.replaced THEN h.code
            WHEN r.is_field THEN r.family || '_DIFFERENT'
            ELSE r.family END AS finding_code,
       r.component,
       CASE WHEN r.family IS NULL OR r.replaced THEN NULL ELSE h.code IS NOT NULL END AS flagged,
       CASE WHEN NOT r.replaced THEN h.severity END AS flagged_severity,
       CASE WHEN r.family IS NULL THEN 'no_check'
            WHEN r.replaced THEN NULL
            WHEN h.code IS NOT NULL THEN 'caught'
            ELSE 'missed' END AS prevention
FROM read r LEFT JOIN hits h USING (order_id, event_time, status)
ORDER BY r.order_id, r.event_time, r.status
""".format(
    replaced=loa_replaced_after("d.order_id", "CAST(d.event_time AS DATE)"),
    stood=finding_stood("f", "CAST(r.event_time AS DATE)"),
)


def build_rejection_outcomes(
    con: duckdb.DuckDBPyConnection, as_of: date, _book: CarrierBook | None = None
) -> pd.DataFrame:
    """REJECTION_OUTCOMES rows from order_events, orders, findings and loa_records; decisions
    after as-of are not known yet. Each distinct reason is read once."""
    distinct = con.execute(
        "SELECT DISTINCT nullif(trim(reason), '') FROM order_events "
        "WHERE list_contains($rejecting, status)",
        {"rejecting": list(REJECTING)},
    ).fetchall()
    readings = pd.DataFrame(
        [_reading(row[0]) for row in distinct],
        columns=list(_reading(None)),
    ).astype({"is_field": bool})
    con.register("_outcome_reasons", readings)
    try:
        frame = con.execute(_OUTCOMES_SQL, {"rejecting": list(REJECTING), "as_of": as_of}).df()
    finally:
        con.unregister("_outcome_reasons")
    return frame[REJECTION_OUTCOMES.column_names]
