"""`run_precheck`: one bulk-port sheet in, one checked workbook out (PRODUCT.md section 8).

Reads the sheet, checks every row with the nightly reconciliation against the warehouse's CSRs,
turns findings into per-row verdicts, splits the submittable numbers into sub-orders and writes
the workbook. Deterministic: the same sheet, warehouse and as-of give the same workbook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.precheck import check, verdict
from portrecon.precheck.coverage import coverage_warning
from portrecon.precheck.errors import PrecheckInputError
from portrecon.precheck.risk import score_rows, warehouse_model
from portrecon.precheck.sheet import echoed_rows, parse_rows, read_sheet, sheet_label
from portrecon.precheck.suborders import CSR_FIELDS, build_suborders
from portrecon.precheck.summary import ADVICE, summarise
from portrecon.precheck.workbook import check_output_path, write_workbook
from portrecon.reconcile import MATCHED_ACCOUNT_COLUMNS

# Said once in the Summary rather than on every row of an unknown carrier (it is only info).
UNKNOWN_CARRIER = "CARRIER_UNKNOWN"
# A row that could not be read has no findings to score.
UNSCORED = "unknown"


def _members(loaded: pd.DataFrame, matches: pd.DataFrame, lines: pd.Series) -> pd.DataFrame:
    """Submittable rows with their typed sheet values and their CSR account's values."""
    csr = matches.rename(columns={c: f"csr_{c}" for c in MATCHED_ACCOUNT_COLUMNS})
    keep = ["source_line", "acct_id", "cid", *(f"csr_{c}" for c, _ in CSR_FIELDS.values())]
    chosen = loaded[loaded["source_line"].isin(lines)]
    return chosen.merge(csr[list(dict.fromkeys(keep))], on="source_line").sort_values("source_line")


def _btn_findings(
    group: pd.DataFrame, members: pd.DataFrame, numbers: pd.DataFrame
) -> pd.DataFrame:
    """PARTIAL_PORT_BTN of an account, attached to the row(s) listing that account's BTN."""
    partial = group[group["code"].isin(check.ACCOUNT_CODES)].drop(columns="loa_id")
    if partial.empty:
        return partial.assign(source_line=pd.Series(dtype="int64"))
    on_rows = numbers.merge(members[["source_line", "acct_id"]], on="source_line")
    return partial.merge(
        on_rows.rename(columns={"tn": "loa_value_tn"}),
        left_on=["acct_id", "loa_value"],
        right_on=["acct_id", "loa_value_tn"],
    )


def _row_facts(
    loaded: pd.DataFrame,
    matches: pd.DataFrame,
    numbers: pd.DataFrame,
    verdicts: pd.DataFrame,
) -> pd.DataFrame:
    """Per sheet row: verdict, risk level, count of numbers, carrier key and account for the
    summary."""
    facts = (
        verdicts[["source_line", "verdict", "risk_level"]]
        .merge(
            loaded[["source_line", "carrier_id", "losing_carrier", "account_number"]],
            on="source_line",
            how="left",
        )
        .merge(
            matches[["source_line", "cid", "account_number"]].rename(
                columns={"account_number": "csr_account"}
            ),
            on="source_line",
            how="left",
        )
    )
    facts["matched"] = facts["csr_account"].notna()
    facts["cid"] = facts["cid"].fillna(facts["carrier_id"])
    sheet_account = facts["account_number"].fillna("(none)") + " (on no CSR)"
    facts["account"] = facts["csr_account"].fillna(sheet_account)
    counted = numbers.groupby("source_line")["tn_raw"].nunique()
    facts["numbers"] = facts["source_line"].map(counted).fillna(0).astype(int)
    return facts


@dataclass(frozen=True)
class PrecheckOutcome:
    """What the specialist is told: rows per verdict (ok, warn, block), rows, suborders, and the
    Summary's "What to do" steps."""

    counts: dict[str, int]
    steps: list[str]


def run_precheck(
    input_path: Path,
    output_path: Path,
    warehouse: Path,
    as_of: dt.date,
    sheet: str | None = None,
    book: CarrierBook | None = None,
    replace: bool = True,
) -> PrecheckOutcome:
    """Check a bulk-port sheet and write OUT.xlsx; returns the counts and the steps to take.

    Raises PrecheckInputError (one plain-words line) for input it cannot use, and before any work
    for an output it must not write (see `check_output_path`; `replace=False`: no existing file).
    """
    book = book or default_carrier_book()
    input_path, output_path = Path(input_path), Path(output_path)
    check_output_path(output_path, replace, source=input_path)
    table = read_sheet(input_path, sheet, book)
    if not table.rows:
        raise PrecheckInputError(
            f"{sheet_label(table.name, input_path)} has a header (row {table.header_line}) but "
            "no rows: nothing to check"
        )
    parsed = parse_rows(table, input_path.name, book)
    lines = [row.line for row in table.rows]
    con = check.open_warehouse(Path(warehouse))
    try:
        checked = check.check_rows(con, parsed.loaded, as_of, book)
        warning = coverage_warning(con, Path(warehouse), parsed.loaded, checked.matches, book)
        duplicates = verdict.duplicate_numbers(checked.numbers)
        unknown = checked.row_findings["code"].eq(UNKNOWN_CARRIER)
        findings = pd.concat(
            [
                verdict.reconcile_findings(checked.row_findings[~unknown]),
                verdict.sheet_findings(parsed.unreadable, duplicates),
            ],
            ignore_index=True,
        )
        first = verdict.row_verdicts(lines, findings)
        submittable = first.loc[first["verdict"] != verdict.BLOCK, "source_line"]
        members = _members(parsed.loaded, checked.matches, submittable)
        accounts = members[["source_line", "acct_id", "csr_account_number"]].rename(
            columns={"csr_account_number": "account_number"}
        )
        group = check.check_groups(con, checked, parsed.loaded, accounts, as_of, book)
        model, risk_source = warehouse_model(con, as_of)
    finally:
        con.close()
    btn = _btn_findings(group, members, checked.numbers)
    findings = pd.concat([findings, verdict.reconcile_findings(btn)], ignore_index=True)
    verdicts = verdict.row_verdicts(lines, findings)
    similar = {
        (int(line), code.split("_")[0])
        for line, code in zip(findings["source_line"], findings["code"], strict=True)
        if code.endswith("_SIMILAR")
    }
    suborders, suborder_of = build_suborders(members, checked.numbers, similar, book, as_of)
    scored_codes = pd.concat(
        [
            checked.row_findings[["source_line", "code", "field"]],
            btn[["source_line", "code", "field"]],
        ]
    )
    scores = score_rows(model, parsed.loaded[["source_line", "carrier_id"]], scored_codes)
    verdicts = verdicts.merge(scores, on="source_line", how="left")
    verdicts["risk_level"] = verdicts["risk_level"].fillna(UNSCORED)
    verdicts["suborder"] = verdicts["source_line"].map(suborder_of)
    verdicts["input_row"] = verdicts["source_line"]
    facts = _row_facts(parsed.loaded, checked.matches, checked.numbers, verdicts)
    project = group[group["code"].isin(check.PROJECT_CODES)]
    heading = [
        (
            "Input",
            f"{input_path.name}, sheet {table.name!r}, header on row {table.header_line}",
        ),
        ("Warehouse", str(warehouse)),
        ("As of", as_of),
        ("Rows", len(lines)),
        ("Sub-orders", len(suborders)),
        ("Risk from", risk_source),
    ]
    sections = summarise(
        facts, findings, project, book, len(suborders), set(table.mapping.values())
    )
    if warning:
        steps = [warning, *sections[ADVICE]["step"]]
        sections[ADVICE] = pd.DataFrame({"step": steps})
    write_workbook(
        output_path,
        table.header,
        echoed_rows(table, parsed),
        table.pin_positions,
        table.tn_position,
        verdicts,
        heading,
        sections,
        suborders,
        replace,
    )
    counts = verdicts["verdict"].value_counts()
    return PrecheckOutcome(
        {v: int(counts.get(v, 0)) for v in verdict.VERDICTS}
        | {"rows": len(lines), "suborders": len(suborders)},
        sections[ADVICE]["step"].tolist(),
    )
