"""`rejection_risk`: every open, not-yet-approved port-in with its probability of rejection, its
level and the findings (with fixes) that drive it, so a porting manager fixes the orders that will
bounce before the carrier answers."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.findings_catalogue import default_catalogue
from portrecon.risk.explain import explain, ours_to_fix
from portrecon.risk.features import with_components
from portrecon.risk.learned import Learned, learn
from portrecon.risk.model import DECIMALS, probability
from portrecon.risk.training import UNSCORED_CODES, pending_conflicts, scored_findings
from portrecon.schema import REJECTION_RISK

# Open port-ins the carrier has not approved (LOA-only drafts have status draft).
SCORED_STATUSES = ("draft", "submitted", "update_required", "resubmitted")
HIGH = 0.5
MEDIUM = 0.2

# The moment the carrier judges an open order: its first submission, or (a draft) now.
_OPEN_SQL = """
SELECT order_id, carrier_id, carrier, status,
       coalesce(submitted_at, CAST($as_of AS TIMESTAMP) + INTERVAL 1 DAY) AS moment
FROM orders
WHERE direction = 'port_in' AND is_open AND list_contains($statuses, status)
ORDER BY order_id
"""

_OPEN_CODES_SQL = """
SELECT DISTINCT f.order_id, f.code, f.field
FROM findings f
JOIN orders o USING (order_id)
WHERE o.direction = 'port_in' AND o.is_open AND list_contains($statuses, o.status)
  AND NOT list_contains($unscored, f.code)
ORDER BY f.order_id, f.code, f.field
"""


def risk_level(probability: np.ndarray) -> np.ndarray:
    """`high` >= 0.5, `medium` >= 0.2, else `low` (PRODUCT.md section 5)."""
    return np.select([probability >= HIGH, probability >= MEDIUM], ["high", "medium"], "low")


def fixable_log_odds(scored: pd.DataFrame, contributions: pd.DataFrame) -> pd.Series:
    """Per scored order (row order kept), the log-odds its fixable findings add: every finding
    that raises the risk and is ours to fix (explain.ours_to_fix)."""
    fixable = contributions[(contributions["effect"] > 0) & ours_to_fix(contributions["code"])]
    added = fixable.groupby("order_id")["effect"].sum()
    return scored["order_id"].map(added).fillna(0.0)


def carrier_names(frame: pd.DataFrame, book: CarrierBook) -> pd.Series:
    """Each row's carrier as every report names it (`CarrierBook.display_name`)."""
    return frame["carrier_id"].map(book.display_name).astype(object)


def open_port_ins(con: duckdb.DuckDBPyConnection, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The port-ins to score (order_id, carrier_id, carrier, status, moment) and the findings the
    model scores them on (order_id, code, field): their findings rows, and the pending-order
    conflict as it stands when the carrier judges the order (its first submission; a draft's
    is now)."""
    statuses = list(SCORED_STATUSES)
    scored = con.execute(_OPEN_SQL, {"statuses": statuses, "as_of": as_of}).df()
    findings = con.execute(
        _OPEN_CODES_SQL, {"statuses": statuses, "unscored": list(UNSCORED_CODES)}
    ).df()
    conflicts = pending_conflicts(con, scored[["order_id", "moment"]], as_of)
    return scored, scored_findings(findings, conflicts)


def build_rejection_risk(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    book: CarrierBook | None = None,
    learned: Learned | None = None,
) -> pd.DataFrame:
    """REJECTION_RISK rows from tables orders, order_events, loa_records, loa_numbers and findings,
    sorted by
    probability (highest first) then order_id. `learned`: a model already fitted on the same
    tables and as-of (the nightly fits once for this table and carrier_strictness)."""
    book = book or default_carrier_book()
    learned = learned or learn(con, as_of)
    scored, findings = open_port_ins(con, as_of)
    codes = with_components(findings)
    scored["carrier"] = carrier_names(scored, book)
    contributions = learned.model.contributions(scored, codes)
    scored["log_odds"] = learned.model.log_odds(scored, codes)
    scored["probability"] = np.round(probability(scored["log_odds"]), DECIMALS)
    scored["probability_if_fixed"] = np.round(
        probability(scored["log_odds"] - fixable_log_odds(scored, contributions)), DECIMALS
    )
    scored["level"] = risk_level(scored["probability"].to_numpy())
    history = learned.history.orders["carrier_id"].value_counts()
    scored["carrier_history"] = scored["carrier_id"].map(history).fillna(0).astype("int64")
    reasons = explain(
        scored,
        contributions,
        learned.model,
        learned.history,
        default_catalogue(),
    )
    frame = scored.merge(reasons, on="order_id")
    frame = frame.sort_values(["probability", "order_id"], ascending=[False, True])
    return frame[REJECTION_RISK.column_names].reset_index(drop=True)
