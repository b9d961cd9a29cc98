"""Why an order scores what it scores: the findings that add log-odds, strongest first, each with
its share of the added log-odds, the evidence behind it and the catalogue's fix.

The model is additive in log-odds, so a finding's share is exact, not an approximation: with AT&T,
NAME_EQUIVALENT adding 3.4 and INVOICE_STALE adding 0.6 makes them 85% and 15% of the risk.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from portrecon.findings_catalogue import FindingCatalogue
from portrecon.risk.model import (
    DECIMALS,
    DEFAULT_CLEAN_RATE,
    FIELD_VERDICT_CODES,
    RiskModel,
    logit,
    probability,
)
from portrecon.risk.training import History, code_counts, field_counts

MAX_REASONS = 5
MIN_SHARE = 0.05  # weaker reasons are noise to a reader (the strongest is always kept)
SEPARATOR = " | "
# For medium and high orders, a carrier rejecting more clean orders than the default clean rate
# is a reason too, measured from that rate: so a medium/high order always has a reason (its
# probability is above the default rate, so findings or the carrier's baseline must add odds).
CARRIER_BASELINE = "CARRIER_BASELINE"
CARRIER_BASELINE_FIX = (
    "This carrier rejects many orders without any finding: confirm the account is in good "
    "standing (no unpaid balance) and the LOA signer is authorised on the account before "
    "submitting."
)


# A value missing on the CSR is the losing carrier's own record: nothing we change on the order
# removes it, so it is no fix (probability_if_fixed keeps it; docs/decisions.md).
NOT_OURS_TO_FIX = "_MISSING_CSR"


def ours_to_fix(codes: pd.Series) -> pd.Series:
    """Whether each reason code is a finding we can fix on the order (not the carrier's baseline,
    not a value missing on the CSR)."""
    return (codes != CARRIER_BASELINE) & ~codes.str.endswith(NOT_OURS_TO_FIX)


# When a carrier's strictness about a compared field (model.field_deviations) adds at least this
# much log-odds, the evidence cites its record on every difference in that field, which is where
# the learnt effect comes from ("AT&T rejected 12 of 14 orders with another name difference").
FIELD_EVIDENCE_MIN = 0.5
# A record of fewer orders says little on its own: the evidence adds all carriers' record (where
# the carrier's is thin) or says the effect is mostly the severity default (where everyone's is).
THIN_RECORD = 5
FIELD_PROBLEMS = {
    "NAME": "name difference",
    "ADDRESS": "address difference",
    "ACCOUNT": "account-number difference",
    "PIN": "wrong or missing PIN",
    "BTN": "BTN difference",
}


def _record(frame: pd.DataFrame, suffix: str = "") -> pd.Series:
    """Text "r of n" (rejected of orders seen) from the columns with that suffix."""
    rejected, seen = (
        frame[column + suffix].fillna(0).astype("int64").astype(str)
        for column in ("rejected", "orders_seen")
    )
    return rejected + " of " + seen


def _joined(*parts: pd.Series) -> pd.Series:
    """The non-empty parts of each row, "; "-separated."""
    text = parts[0]
    for part in parts[1:]:
        text = text.where(part == "", text.where(text == "", text + "; ") + part)
    return text


def _evidence(
    reasons: pd.DataFrame, history: History, model: RiskModel, catalogue: FindingCatalogue
) -> pd.Series:
    """Plain-words history behind each (order, code): the carrier's record with the code and, where
    the carrier's strictness about the field drives the effect, with the field; all carriers'
    record where the carrier's is thin; the default where everyone's is."""
    counts = code_counts(history)
    own = reasons.merge(counts, on=["carrier_id", "code"], how="left")
    own = own.join(
        counts.groupby("code")[["orders_seen", "rejected"]].sum(), on="code", rsuffix="_all"
    )
    own["field"] = own["code"].map(FIELD_VERDICT_CODES)
    fields = field_counts(history, FIELD_VERDICT_CODES)
    own = own.merge(fields, on=["carrier_id", "field"], how="left", suffixes=("", "_field"))
    deviations = pd.DataFrame(
        [(carrier, field, value) for (carrier, field), value in model.field_deviations.items()],
        columns=["carrier_id", "field", "strictness"],
    )
    own = own.merge(deviations, on=["carrier_id", "field"], how="left")
    seen, seen_all = own["orders_seen"].fillna(0), own["orders_seen_all"].fillna(0)
    by_field = (own["strictness"].fillna(0.0) >= FIELD_EVIDENCE_MIN) & (
        own["orders_seen_field"].fillna(0) > seen
    )
    problem = own["field"].map(FIELD_PROBLEMS).fillna("")
    rejected = own["carrier"] + " rejected "
    carrier_part = np.select(
        [(seen > 0) & by_field, seen > 0, by_field],
        [
            rejected + _record(own) + "; " + _record(own, "_field") + " with any " + problem,
            rejected + _record(own),
            rejected + _record(own, "_field") + " orders with another " + problem,
        ],
        "",
    )
    pool_part = np.where(
        ~by_field & (seen < THIN_RECORD) & (seen_all > seen),
        "all carriers rejected " + _record(own, "_all"),
        "",
    )
    severity = own["code"].map({code: kind.severity for code, kind in catalogue.findings.items()})
    default = "default for a " + severity.fillna("warn") + " finding"
    default_part = np.select(
        [by_field, seen_all == 0, seen_all < THIN_RECORD],
        ["", "no history: " + default, "mostly the " + default],
        "",
    )
    evidence = _joined(
        *(pd.Series(part, index=own.index) for part in (carrier_part, pool_part, default_part))
    )
    percent = (own["baseline"] * 100).round().astype("int64").astype(str)
    return evidence.where(
        own["code"] != CARRIER_BASELINE,
        own["carrier"] + " rejects " + percent + "% of orders without findings",
    )


def explain(
    scored: pd.DataFrame,
    contributions: pd.DataFrame,
    model: RiskModel,
    history: History,
    catalogue: FindingCatalogue,
) -> pd.DataFrame:
    """order_id, top_reasons, fixes, reason_codes, probability_without for every scored order.

    scored: order_id, carrier_id, carrier, level, log_odds; contributions: order_id, code, effect
    (log-odds);
    history: what the model learnt from (its counts are the evidence). Only findings that raise
    the odds are reasons; the carrier's own strictness joins them for medium and high orders.
    """
    default_baseline = logit(DEFAULT_CLEAN_RATE)
    carriers = scored[["order_id", "carrier_id", "carrier", "level"]]
    baseline = carriers.assign(
        code=CARRIER_BASELINE,
        effect=carriers["carrier_id"].map(lambda c: model.baseline(c) - default_baseline),
    )
    baseline = baseline[(baseline["effect"] > 0) & (baseline["level"] != "low")]
    reasons = pd.concat([contributions.merge(carriers, on="order_id"), baseline], ignore_index=True)
    reasons = reasons[reasons["effect"] > 0].copy()
    if reasons.empty:
        return scored[["order_id"]].assign(
            top_reasons=None, fixes=None, reason_codes=None, probability_without=None
        )
    reasons["share"] = reasons["effect"] / reasons.groupby("order_id")["effect"].transform("sum")
    reasons = reasons.sort_values(["order_id", "effect", "code"], ascending=[True, False, True])
    rank = reasons.groupby("order_id").cumcount()
    reasons = reasons[(rank < MAX_REASONS) & ((rank == 0) | (reasons["share"] >= MIN_SHARE))]
    reasons = reasons.reset_index(drop=True)
    reasons["baseline"] = probability(reasons["carrier_id"].map(model.baseline))
    evidence = _evidence(reasons, history, model, catalogue)
    fixes = {code: kind.fix for code, kind in catalogue.findings.items()} | {
        CARRIER_BASELINE: CARRIER_BASELINE_FIX
    }
    reasons["reason"] = (
        reasons["code"]
        + " "
        + (reasons["share"] * 100).round().astype(int).astype(str)
        + "% ("
        + evidence
        + ")"
    )
    reasons["fix"] = reasons["code"].map(fixes)
    # What fixing this finding alone buys: the probability without its log-odds (none for the
    # carrier's baseline or a value missing on the CSR, which no fix of ours removes).
    log_odds = reasons["order_id"].map(scored.set_index("order_id")["log_odds"])
    reasons["without"] = probability(log_odds - reasons["effect"]).map(f"{{:.{DECIMALS}f}}".format)
    reasons.loc[~ours_to_fix(reasons["code"]), "without"] = ""
    joined = reasons.groupby("order_id", sort=True).agg(
        top_reasons=("reason", SEPARATOR.join),
        fixes=("fix", SEPARATOR.join),
        reason_codes=("code", ",".join),
        probability_without=("without", ",".join),
    )
    return scored[["order_id"]].join(joined, on="order_id")
