"""No output workbook lets a cell run as a formula (PRODUCT.md 8): after a nightly and a precheck
over inputs full of formula text (`= + - @`, tab, CR, also behind leading spaces) in names,
carriers, order ids, reasons, a folder name, a header and extra columns, no workbook cell is a
formula, and every text cell a spreadsheet would run as one carries the quote prefix.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import NamedTuple

import pytest
from attack_inbox import FORMULAS, HOSTILE_FOLDER, build_inbox, build_precheck_sheet
from openpyxl.cell.cell import Cell
from run_outputs import AS_OF, workbook_cells, zip_members

from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.runner import run_nightly
from portrecon.precheck import run_precheck, write_template

_FORMULA_ELEMENT = re.compile(r"<(?:\w+:)?f[\s/>]")


class Workbooks(NamedTuple):
    nightly: Path
    precheck: Path
    template: Path


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Workbooks:
    root = tmp_path_factory.mktemp("formulas")
    warehouse = root / "warehouse.duckdb"
    settings = PortreconSettings(
        inbox=str(build_inbox(root)), warehouse=str(warehouse), reports=str(root), as_of=AS_OF
    )
    outcome = run_nightly(settings)
    assert outcome.success, outcome.error
    sheet = build_precheck_sheet(root / "bulk.xlsx")
    checked = root / "checked.xlsx"
    run_precheck(sheet, checked, warehouse, dt.date.fromisoformat(AS_OF))
    write_template(root / "template.xlsx")
    return Workbooks(root / AS_OF / "nightly.xlsx", checked, root / "template.xlsx")


def would_run_as_formula(text: str) -> bool:
    """What a spreadsheet program may run when the cell is edited or the sheet is re-imported:
    text starting with tab or CR, or with = + - @ after any leading white space."""
    return text[:1] in ("\t", "\r") or text.lstrip()[:1] in ("=", "+", "-", "@")


def unquoted(cells: list[Cell]) -> list[str]:
    return [
        f"{c.parent.title}!{c.coordinate}: {c.value!r}"
        for c in cells
        if isinstance(c.value, str) and would_run_as_formula(c.value) and not c.quotePrefix
    ]


WORKBOOKS = ("nightly", "precheck", "template")


def test_the_check_flags_every_trigger_also_behind_leading_spaces() -> None:
    assert all(would_run_as_formula(text) for text in FORMULAS)
    assert not any(would_run_as_formula(t) for t in ("Acme = Inc", "1-800-FLOWERS", "O'Brien"))


def test_the_hostile_text_reaches_the_nightly_workbook(workbooks: Workbooks) -> None:
    """The attack is real: every payload (as ingest trims it) and the folder's name are cells."""
    texts = {str(c.value).strip() for c in workbook_cells(workbooks.nightly) if c.value}
    seen = {payload.strip() for payload in FORMULAS} & texts
    assert len(seen) >= 5, seen
    assert any(text.startswith(HOSTILE_FOLDER) for text in texts)


def test_the_hostile_text_reaches_the_precheck_workbook_untrimmed(workbooks: Workbooks) -> None:
    values = {c.value for c in workbook_cells(workbooks.precheck)}
    assert {"   =2+2", "\t=1+1", "  +1+1", "=HEADER()", "-5"} <= values


@pytest.mark.parametrize("name", WORKBOOKS)
def test_no_cell_of_an_output_workbook_is_a_formula(workbooks: Workbooks, name: str) -> None:
    path = getattr(workbooks, name)
    sheets = {p: xml for p, xml in zip_members(path).items() if p.startswith("xl/worksheets/")}
    assert sheets
    assert [p for p, xml in sheets.items() if _FORMULA_ELEMENT.search(xml)] == []
    assert [c.coordinate for c in workbook_cells(path) if c.data_type == "f"] == []


@pytest.mark.parametrize("name", WORKBOOKS)
def test_text_that_would_run_as_a_formula_is_quoted(workbooks: Workbooks, name: str) -> None:
    assert unquoted(workbook_cells(getattr(workbooks, name))) == []
