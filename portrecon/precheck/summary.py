"""The Summary sheet's figures: what to do, verdict counts, per carrier and account, top fixes,
project rule.

A project port needs all numbers from the same carrier account (PRODUCT.md section 2); the
summary answers that for the sheet as given, before the split into sub-orders.
"""

from __future__ import annotations

import pandas as pd

from portrecon.carriers import CarrierBook
from portrecon.precheck.advice import rows_per_code, what_to_do
from portrecon.precheck.verdict import VERDICTS

TOP_FIXES = 10
ADVICE = "What to do"
RISK_LEVELS = ("high", "medium", "low", "unknown")


def _carrier_labels(rows: pd.DataFrame, book: CarrierBook) -> pd.Series:
    """One label per carrier key, as the nightly report names it (`CarrierBook.display_name`)."""
    labels = {cid: book.display_name(cid) for cid in rows["cid"].dropna().unique()}
    return rows["cid"].map(labels).fillna("(row not readable)")


def _by(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    table = pd.crosstab([rows[k] for k in keys], rows["verdict"]).reindex(
        columns=list(VERDICTS), fill_value=0
    )
    table.insert(0, "rows", table.sum(axis=1))
    return table.reset_index().sort_values(keys).reset_index(drop=True)


def _risk_levels(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows per risk level, highest first, split by verdict."""
    table = _by(rows, ["risk_level"])
    order = {level: n for n, level in enumerate(RISK_LEVELS)}
    return table.sort_values("risk_level", key=lambda s: s.map(order)).reset_index(drop=True)


def summarise(
    rows: pd.DataFrame,
    findings: pd.DataFrame,
    project: pd.DataFrame,
    book: CarrierBook,
    suborders: int,
    sheet_columns: set[str],
) -> dict[str, pd.DataFrame]:
    """Sections of the Summary sheet by title, "What to do" (one column: step) first.

    `rows`: one row per sheet row with verdict, risk_level, numbers, cid (matched CSR carrier,
    else the sheet's), losing_carrier, account (matched CSR account, else the sheet's + a note)
    and matched (bool); `findings`: every row finding; `project`: PROJECT_MIXED_ACCOUNTS findings;
    `suborders`: how many sub-orders were
    made; `sheet_columns`: the LOA columns the sheet has.
    """
    rows = rows.assign(carrier=_carrier_labels(rows, book))
    by_verdict = rows.groupby("verdict")[["numbers"]].sum().reindex(list(VERDICTS), fill_value=0)
    by_verdict.insert(
        0, "rows", rows["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
    )
    by_verdict = by_verdict.reset_index()
    readable = rows[rows["cid"].notna()]
    accounts = readable.loc[readable["matched"], ["cid", "account"]].drop_duplicates()
    unmatched = int((~readable["matched"]).sum())
    one_account = len(accounts) == 1 and unmatched == 0 and len(readable) == len(rows)
    rule = [
        ("All numbers from the same carrier account", "yes" if one_account else "no"),
        ("CSR accounts holding the sheet's numbers", len(accounts)),
        ("Losing carriers", accounts["cid"].nunique()),
        ("Rows on no CSR account (or not readable)", unmatched + len(rows) - len(readable)),
    ]
    unknown = sorted(
        set(rows.loc[rows["cid"].notna() & ~rows["cid"].map(book.is_known), "carrier"])
    )
    rule.append(("Carriers without a profile (default rules)", ", ".join(unknown) or "none"))
    rule += [("As one order", f"{r.code}: {r.detail}") for r in project.itertuples()]
    steps = what_to_do(rows["verdict"], findings, suborders, sheet_columns)
    top = rows_per_code(findings).head(TOP_FIXES)
    return {
        ADVICE: pd.DataFrame({"step": steps}),
        "Verdicts": by_verdict,
        "Risk levels": _risk_levels(rows),
        "Project rule": pd.DataFrame(rule, columns=["check", "result"]),
        "By carrier": _by(rows, ["carrier"]),
        "By account": _by(rows, ["carrier", "account"]),
        "Top fixes": top[["code", "rows", "fix"]].reset_index(drop=True),
    }
