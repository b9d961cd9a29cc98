"""The Summary's "What to do": the next step follows from the outcome of the check.

Sub-orders ready -> submit them, and say what stops the rest; none ready -> say that nothing can
be submitted yet and name the most common blocking finding with its fix. A finding that exists
only because the sheet has no column for its value is said as the missing column.
"""

from __future__ import annotations

import pandas as pd

from portrecon.precheck.verdict import BLOCK, WARN

# A value-missing finding and the sheet column holding that value: on a sheet without the column
# every such finding is the missing column, not the customer's data.
COLUMN_OF_FINDING = {
    "NAME_MISSING_LOA": "end_user_name",
    "ADDRESS_MISSING_LOA": "service_address_1",
    "ACCOUNT_MISSING_LOA": "account_number",
    "PIN_MISSING_LOA": "pin",
    "BTN_MISSING_LOA": "btn",
    "INVOICE_STALE": "invoice_date",
    "LOA_UNSIGNED_TOLLFREE": "signed_date",
}


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _be(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def rows_per_code(findings: pd.DataFrame) -> pd.DataFrame:
    """code, severity, fix, rows: findings that need action, most rows first (ties by code)."""
    acting = findings[findings["severity"].isin([WARN, BLOCK])]
    counted = acting.groupby(["code", "severity", "fix"])["source_line"].nunique()
    table = counted.rename("rows").reset_index()
    return table.sort_values(["rows", "code"], ascending=[False, True]).reset_index(drop=True)


def _missing_columns(per_code: pd.DataFrame, columns: set[str], rows: int) -> list[str]:
    lines = []
    for found in per_code.itertuples():
        column = COLUMN_OF_FINDING.get(found.code)
        if column is not None and column not in columns:
            lines.append(
                f"The sheet has no {column} column, so {found.code} is on {found.rows} of {rows} "
                f"rows: add a {column} column, fill it in and run the precheck again."
            )
    return lines


def _top_block(per_code: pd.DataFrame, columns: set[str]) -> tuple[str, int, str] | None:
    """The most common blocking finding not explained by a missing column: code, rows, fix."""
    explained = {c for c, column in COLUMN_OF_FINDING.items() if column not in columns}
    blocking = per_code[per_code["severity"].eq(BLOCK) & ~per_code["code"].isin(explained)]
    if blocking.empty:
        return None
    top = blocking.iloc[0]
    return str(top["code"]), int(top["rows"]), str(top["fix"])


def what_to_do(
    verdicts: pd.Series, findings: pd.DataFrame, suborders: int, sheet_columns: set[str]
) -> list[str]:
    """The steps, in order, for a sheet whose rows got `verdicts` and that gave `suborders`.

    `findings`: every row finding (source_line, code, severity, fix); `sheet_columns`: the LOA
    columns the sheet has (its header mapping).
    """
    rows = len(verdicts)
    blocked = int(verdicts.eq(BLOCK).sum())
    warned = int(verdicts.eq(WARN).sum())
    per_code = rows_per_code(findings)
    top = _top_block(per_code, sheet_columns)
    steps = []
    if suborders == 0:
        steps.append(
            f"Nothing can be submitted yet: {blocked} of {rows} rows are blocked, so there is no "
            "sub-order."
        )
    else:
        steps.append(
            "Submit the sub-order (sheet Sub-orders) as one order."
            if suborders == 1
            else f"Submit the {suborders} sub-orders (sheet Sub-orders), each as its own order: "
            "one losing carrier, one account and one number type each."
        )
        if warned:
            steps.append(
                f"{_rows(warned)} in them {_be(warned, 'has a warning', 'have warnings')}: read "
                "their findings (sheet Rows) before submitting."
            )
    steps += _missing_columns(per_code, sheet_columns, rows)
    if top is not None:
        code, count, fix = top
        if suborders == 0:
            lead = "After that, the most" if len(steps) > 1 else "The most"
            steps.append(f"{lead} common blocking finding is {code} ({_rows(count)}): {fix}")
        else:
            steps.append(
                f"{_rows(blocked)} {_be(blocked, 'is', 'are')} blocked and in no sub-order; the "
                f"most common reason is {code} ({_rows(count)}). Fix them (column fixes, sheet "
                "Rows) and check them again."
            )
    return steps
