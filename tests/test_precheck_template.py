"""`portrecon template`: an empty sheet with validation, instructions and an example row."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from portrecon.carriers import default_carrier_book
from portrecon.precheck import PrecheckInputError, write_template
from portrecon.precheck.sheet import read_sheet
from portrecon.precheck.template import COLUMNS, EXAMPLE


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    write_template(path)
    return path


def _validations(path: Path) -> dict[str, str]:
    """Validation type by header name of the column it covers."""
    sheet = load_workbook(path)["Numbers"]
    header = {cell.column_letter: cell.value for cell in sheet[1]}
    return {
        header[str(v.sqref).split(":")[0].rstrip("0123456789")]: v.type
        for v in sheet.data_validations.dataValidation
    }


def test_number_type_is_a_list_of_local_and_tollfree(template: Path) -> None:
    sheet = load_workbook(template)["Numbers"]
    (rule,) = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert rule.formula1 == '"local,tollfree"'


def test_dates_and_numbers_are_validated(template: Path) -> None:
    validations = _validations(template)
    assert {validations[c] for c in ("signed_date", "requested_port_date", "invoice_date")} == {
        "date"
    }
    assert validations["tn"] == validations["btn"] == "custom"


def test_the_numbers_sheet_is_empty_and_reads_as_a_precheck_sheet(template: Path) -> None:
    sheet = read_sheet(template, None, default_carrier_book())
    assert sheet.header == list(COLUMNS) and sheet.rows == []


def test_instructions_sheet_holds_the_steps_and_an_example_row(template: Path) -> None:
    values = [row for row in load_workbook(template)["Instructions"].iter_rows(values_only=True)]
    assert any("portrecon precheck" in str(row[0]) for row in values)
    assert tuple(COLUMNS) in [tuple(row[: len(COLUMNS)]) for row in values]
    assert any(row[COLUMNS.index("tn")] == EXAMPLE["tn"] for row in values)


def test_an_output_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text("not a folder")
    with pytest.raises(PrecheckInputError, match="cannot write"):
        write_template(tmp_path / "a_file" / "template.xlsx")
