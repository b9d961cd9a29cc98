"""From findings to one verdict per sheet row: ok, warn or block, with its findings and fixes.

Severity comes from the finding catalogue (data/findings.yaml), the one place a code's weight and
fix are written; precheck escalates only what a bulk submission cannot survive (a number on no
CSR) and adds two codes of its own about the sheet itself (a row it cannot read, a repeated
number).
"""

from __future__ import annotations

import pandas as pd

from portrecon.findings_catalogue import default_catalogue

OK, WARN, BLOCK = "ok", "warn", "block"
VERDICTS = (OK, WARN, BLOCK)
_VERDICT_OF_SEVERITY = {"info": OK, "warn": WARN, "block": BLOCK}
_RANK = {OK: 0, WARN: 1, BLOCK: 2}
# The nightly reports CSR_NOT_FOUND as a warning (a CSR may simply not be requested yet); in a
# bulk port a number that is on no CSR account is a rejection, so precheck blocks it.
ESCALATED = {"CSR_NOT_FOUND": "block"}

UNREADABLE_ROW = "UNREADABLE_ROW"
DUPLICATE_TN = "DUPLICATE_TN"
PRECHECK_CODES = {
    UNREADABLE_ROW: (
        "block",
        "Correct the value named in the finding (or fill in the number) and run the precheck "
        "again.",
    ),
    DUPLICATE_TN: (
        "warn",
        "Delete the repeated row; the number is checked and placed in a sub-order once, "
        "from its first row.",
    ),
}
FINDING_COLUMNS = ["source_line", "code", "severity", "detail", "fix"]
_FIELD_VALUE_CODES = ("NAME_", "ADDRESS_", "ACCOUNT_", "BTN_")


def _catalogue_severity() -> dict[str, str]:
    frame = default_catalogue().frame()
    severity = dict(zip(frame["code"], frame["severity"], strict=True))
    severity.update(ESCALATED)
    severity.update({code: sev for code, (sev, _) in PRECHECK_CODES.items()})
    return severity


def _with_values(found: pd.DataFrame) -> pd.Series:
    """The finding's detail, plus the sheet and CSR values for field findings (never PINs)."""
    detail = found["detail"].fillna(found["code"]).astype(str)
    is_field = found["code"].str.startswith(_FIELD_VALUE_CODES)
    sheet = found["loa_value"].fillna("(empty)").astype(str)
    csr = found["csr_value"].fillna("(empty)").astype(str)
    values = " (sheet: " + sheet + "; CSR: " + csr + ")"
    return detail.where(~is_field, detail + values)


def reconcile_findings(found: pd.DataFrame) -> pd.DataFrame:
    """Reconciliation findings (with source_line) as precheck findings with values in the text."""
    if found.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    out = found.assign(detail=_with_values(found))
    out["severity"] = out["code"].map(_catalogue_severity())
    return out[FINDING_COLUMNS]


def sheet_findings(unreadable: dict[int, str], duplicates: dict[int, str]) -> pd.DataFrame:
    """Precheck's own findings: rows it could not read, numbers repeated on later rows."""
    details = [
        (UNREADABLE_ROW, line, reason.replace("tns", "tn", 1))
        for line, reason in unreadable.items()
    ] + [(DUPLICATE_TN, line, note) for line, note in duplicates.items()]
    records = [(line, code, *PRECHECK_CODES[code], detail) for code, line, detail in details]
    return pd.DataFrame(records, columns=["source_line", "code", "severity", "fix", "detail"])[
        FINDING_COLUMNS
    ]


def duplicate_numbers(numbers: pd.DataFrame) -> dict[int, str]:
    """Row -> note for every row repeating a number listed on an earlier row."""
    key = numbers["tn"].fillna(numbers["tn_raw"])
    ordered = numbers.assign(key=key).sort_values(["source_line", "key"])
    first = ordered.drop_duplicates("key").set_index("key")["source_line"]
    repeats = ordered[ordered.duplicated("key")]
    notes: dict[int, list[str]] = {}
    for line, number in zip(repeats["source_line"], repeats["key"], strict=True):
        notes.setdefault(int(line), []).append(f"{number} is also on row {int(first[number])}")
    return {line: "; ".join(items) for line, items in notes.items()}


def row_verdicts(lines: list[int], findings: pd.DataFrame) -> pd.DataFrame:
    """source_line, verdict, findings, fixes for every row (rows without findings: ok)."""
    frame = findings.assign(
        verdict=findings["severity"].map(_VERDICT_OF_SEVERITY),
    )
    frame["rank"] = frame["verdict"].map(_RANK)
    frame = frame.sort_values(
        ["source_line", "rank", "code", "detail"], ascending=[True, False, True, True]
    )
    frame["text"] = frame["code"] + ": " + frame["detail"]
    grouped = frame.groupby("source_line", sort=True)
    rank = grouped["rank"].max()
    texts = grouped["text"].agg(" | ".join)
    actionable = frame[frame["verdict"] != OK].drop_duplicates(["source_line", "fix"])
    fixes = actionable.groupby("source_line")["fix"].agg(" | ".join)
    out = pd.DataFrame({"source_line": lines})
    verdict_of_rank = {r: v for v, r in _RANK.items()}
    out["verdict"] = out["source_line"].map(rank).fillna(0).astype(int).map(verdict_of_rank)
    out["findings"] = out["source_line"].map(texts).fillna("")
    out["fixes"] = out["source_line"].map(fixes).fillna("")
    return out
