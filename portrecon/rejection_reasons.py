"""Carriers' free-text rejection reasons as a stable taxonomy (table `rejection_reasons`).

Carriers write "PIN / passcode mismatch" or "Provide copy of bill"; reports and the risk model
need codes that line up with the finding codes of PRODUCT.md section 5, with the text kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from portrecon.schema import REJECTION_REASONS
from portrecon.vendor_codes import read_code

REASON_STATUSES = ("rejected", "auto_rejected", "update_required", "cancelled", "stopped")
_VERDICTS = ("EQUIVALENT", "SIMILAR", "DIFFERENT", "MISSING_LOA", "MISSING_CSR")


def _field_findings(field: str) -> tuple[str, ...]:
    return tuple(f"{field}_{verdict}" for verdict in _VERDICTS)


@dataclass(frozen=True)
class ReasonRule:
    """One taxonomy entry: the first rule whose pattern matches a reason gives its code."""

    code: str
    label: str
    pattern: str
    finding_codes: tuple[str, ...] = ()


# Ordered: specific wording first ("not completed within 5 days of due date" is not about the
# requested date; "PIN / passcode mismatch" is not a generic mismatch).
RULES: tuple[ReasonRule, ...] = (
    ReasonRule("DISPUTE", "Unauthorized port disputed", r"\bdisput|\bunauthori[sz]ed|\bslamm"),
    ReasonRule(
        "PORT_ALREADY_PENDING",
        "Another port is already pending",
        r"already (pending|in progress|submitted)|pending (order|port|request)"
        r"|another (order|port|request)|conflicting (order|port|request)"
        r"|duplicate (order|port|request)",
        ("TN_IN_OTHER_ORDER",),
    ),
    ReasonRule(
        "BUSINESS_RELATIONSHIP",
        "Unsatisfactory business relationship (unpaid balance)",
        r"business relationship|unpaid|balance|past due|delinquen|outstanding",
    ),
    ReasonRule(
        "PORT_PROTECTED",
        "Number protected or frozen against porting",
        r"port(-| )?(out )?protect|\bfreeze\b|\bfrozen\b|number lock",
    ),
    ReasonRule(
        "COMPLEX_SERVICE",
        "Complex service on the line (Centrex, ISDN, DSL, hunt group, ...)",
        r"centrex|\bisdn\b|\bdsl\b|hunt group|distinctive ring|remote call forward"
        r"|foreign exchange|special feature|ring ?mate|\bune-p\b",
    ),
    ReasonRule(
        "NUMBER_NOT_PORTABLE",
        "Number not portable",
        r"not portable|non-?portable|cannot be ported|can't be ported|not eligible for port",
        ("TN_NOT_PORTABLE",),
    ),
    ReasonRule(
        "CARRIER_MISMATCH",
        "Not the serving carrier",
        r"serving carrier|wrong carrier|not our (customer|number|subscriber)",
        ("CARRIER_MISMATCH",),
    ),
    ReasonRule(
        "CSR_NOT_FOUND",
        "No account found",
        r"\bno (account|csr|record|customer)s?\b.*\bfound|(account|csr|record|customer) not found"
        r"|unknown account",
        ("CSR_NOT_FOUND",),
    ),
    ReasonRule(
        "TN_NOT_ON_CSR",
        "Number not on the account",
        r"not on (the )?(account|csr)|\b(number|tn)s? not (found )?on\b",
        ("TN_NOT_ON_CSR",),
    ),
    ReasonRule(
        "TN_INVALID",
        "Invalid telephone number",
        r"invalid (telephone|phone|tn\b|number)|(telephone|phone) number (is )?invalid",
        ("TN_INVALID",),
    ),
    ReasonRule(
        "BTN_MISMATCH",
        "Billing telephone number mismatch",
        r"\bbtn\b.*(not match|mismatch|differ|incorrect|wrong)"
        r"|(mismatch|incorrect|wrong)\b.*\bbtn\b",
        _field_findings("BTN"),
    ),
    ReasonRule(
        "PROJECT_MIXED_ACCOUNTS",
        "Numbers from several accounts in one order",
        r"(multiple|several|different|mixed) accounts|more than one account",
        ("PROJECT_MIXED_ACCOUNTS",),
    ),
    ReasonRule(
        "PARTIAL_PORT_BTN",
        "Partial port of the BTN",
        r"\bbtn\b|billing telephone|partial port",
        ("PARTIAL_PORT_BTN",),
    ),
    ReasonRule(
        "LOA_STALE",
        "LOA too old",
        r"\bloa (has |is )?(expired|too old|stale|out of date)|expired loa",
        ("LOA_STALE",),
    ),
    ReasonRule(
        "LOA_UNSIGNED_TOLLFREE",
        "Signed LOA required",
        r"signed loa|\bloa (is )?(not )?signed|unsigned|signature",
        ("LOA_UNSIGNED_TOLLFREE",),
    ),
    ReasonRule(
        "LOA_SIGNER", "Authorized signer to confirm", r"signer|authori[sz]ed (person|contact)"
    ),
    ReasonRule(
        "INVOICE_STALE",
        "Recent invoice required",
        r"invoice|\bbill\b|billing statement",
        ("INVOICE_STALE",),
    ),
    ReasonRule(
        "NOT_COMPLETED_IN_TIME",
        "Not completed in time",
        r"not completed (within|by|in time)|expired without",
    ),
    ReasonRule(
        "PORT_DATE_TOO_SOON",
        "Requested port date not possible",
        r"due date|port date|desired date|requested date|\bfoc date|too soon|lead time",
        ("PORT_DATE_TOO_SOON",),
    ),
    ReasonRule("NAME_MISMATCH", "End-user name mismatch", r"\bname\b", _field_findings("NAME")),
    ReasonRule(
        "ADDRESS_MISMATCH",
        "Service address mismatch",
        r"address|\bzip\b|postal|\bcity\b",
        _field_findings("ADDRESS"),
    ),
    ReasonRule(
        "PIN_MISMATCH",
        "PIN or passcode mismatch",
        r"\bpin\b|passcode|pass code|security code|password",
        _field_findings("PIN"),
    ),
    ReasonRule(
        "ACCOUNT_MISMATCH",
        "Account number mismatch",
        r"account (number|no\b|#)|\bacct\b|\bban\b",
        _field_findings("ACCOUNT"),
    ),
    ReasonRule(
        "CUSTOMER_REQUEST",
        "Customer request",
        r"customer request|at customer|requested by (the )?(customer|end.user)"
        r"|customer (cancel|withdr|changed)|end.user request",
    ),
    ReasonRule(
        "CARRIER_CANCELLED",
        "Cancelled by the other carrier",
        r"cancell?ed by (the )?(gaining |losing |new |old |other )?(carrier|provider)",
    ),
    ReasonRule(
        "DATA_MISMATCH",
        "Request does not match account data",
        r"does not match|doesn't match|mismatch|not match",
    ),
)
OTHER = ReasonRule("OTHER", "Other reason", "")
UNSPECIFIED = ReasonRule("UNSPECIFIED", "No reason given", "")

_COMPILED = tuple((rule, re.compile(rule.pattern, re.IGNORECASE)) for rule in RULES)
DISPUTE_PATTERN = RULES[0].pattern
BY_CODE = {rule.code: rule for rule in (*RULES, OTHER, UNSPECIFIED)}


def finding_family(rule: ReasonRule) -> str | None:
    """The check a taxonomy entry corresponds to: a field (`NAME`: any of its findings) or an
    order finding code; None where portrecon has no check for it."""
    if len(rule.finding_codes) > 1:
        return rule.finding_codes[0].split("_")[0]
    return rule.finding_codes[0] if rule.finding_codes else None


def classify_reason(reason: str | None) -> ReasonRule:
    """The taxonomy entry of one reason: its vendor code's when it carries a published one (the
    code is what the carrier meant; its words may be generic), else the first matching wording
    (UNSPECIFIED when empty, OTHER when unknown)."""
    text = (reason or "").strip()
    if not text:
        return UNSPECIFIED
    reading = read_code(text)
    if reading is not None:
        return BY_CODE[reading.entry.reason_code]
    return next((rule for rule, regex in _COMPILED if regex.search(text)), OTHER)


def _reason_map(reasons: list[str | None]) -> pd.DataFrame:
    rules = [classify_reason(reason) for reason in reasons]
    return pd.DataFrame(
        {
            "reason": pd.Series(reasons, dtype="str"),
            "reason_code": pd.Series([r.code for r in rules], dtype="str"),
            "reason_label": pd.Series([r.label for r in rules], dtype="str"),
            "finding_codes": pd.Series(
                [",".join(r.finding_codes) or None for r in rules], dtype="str"
            ),
        }
    )


_REASONS_SQL = """
WITH reason_events AS (
    SELECT e.order_id, e.status, nullif(trim(e.reason), '') AS reason,
           CAST(date_trunc('month', e.event_time) AS DATE) AS month
    FROM order_events e
    WHERE list_contains($statuses, e.status)
      AND ($as_of IS NULL OR CAST(e.event_time AS DATE) <= $as_of)
)
SELECT o.carrier_id, o.carrier, o.direction, r.month, r.status,
       m.reason_code, m.reason_label, m.finding_codes, r.reason,
       count(*) AS events, count(DISTINCT r.order_id) AS orders
FROM reason_events r
JOIN orders o USING (order_id)
JOIN _reason_map m ON m.reason IS NOT DISTINCT FROM r.reason
GROUP BY ALL
ORDER BY o.carrier_id, o.direction, r.month, r.status, m.reason_code, r.reason NULLS FIRST
"""


def build_rejection_reasons(
    con: duckdb.DuckDBPyConnection, as_of: date | None = None
) -> pd.DataFrame:
    """REJECTION_REASONS rows from `order_events` joined to `orders` (for the order's carrier).

    Each distinct reason text is classified once; events after as-of (when given) are ignored.
    """
    distinct = con.execute(
        "SELECT DISTINCT nullif(trim(reason), '') FROM order_events "
        "WHERE list_contains($statuses, status)",
        {"statuses": list(REASON_STATUSES)},
    ).fetchall()
    reasons = sorted((row[0] for row in distinct), key=lambda text: (text is not None, text or ""))
    con.register("_reason_map", _reason_map(reasons))
    try:
        frame = con.execute(_REASONS_SQL, {"statuses": list(REASON_STATUSES), "as_of": as_of}).df()
    finally:
        con.unregister("_reason_map")
    return frame[REJECTION_REASONS.column_names]
