"""Precheck and template outputs never destroy a file by surprise nor land where not meant."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from precheck_world import AS_OF, build_warehouse, clean_row, write_sheet

from portrecon.precheck import PrecheckInputError, run_precheck, write_template


def _refused(call: Callable[..., object], *args: object, **kwargs: object) -> str:
    with pytest.raises(PrecheckInputError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return write_sheet(tmp_path / "in.xlsx", [clean_row()])


def test_an_existing_template_is_kept_unless_replace(tmp_path: Path) -> None:
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(b"the specialist's work")
    message = _refused(write_template, filled, replace=False)
    assert message == f"{filled} already exists (use --force to replace it)"
    assert filled.read_bytes() == b"the specialist's work"


def test_replace_writes_the_template_over_an_existing_file(tmp_path: Path) -> None:
    old = tmp_path / "t.xlsx"
    old.write_bytes(b"old")
    write_template(old, replace=True)
    assert old.read_bytes().startswith(b"PK")


def test_an_output_not_named_xlsx_is_refused_with_the_name_to_use(tmp_path: Path) -> None:
    message = _refused(write_template, tmp_path / "t.csv")
    assert "must end in .xlsx" in message and "name it t.xlsx" in message
    assert not (tmp_path / "t.csv").exists()


def test_a_missing_output_folder_is_said_and_not_created(tmp_path: Path) -> None:
    message = _refused(write_template, tmp_path / "nowhere" / "t.xlsx")
    assert message.endswith(f"the folder {tmp_path / 'nowhere'} does not exist")
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_as_the_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out.xlsx").mkdir()
    assert "it is a folder" in _refused(write_template, tmp_path / "out.xlsx")


def test_the_input_sheet_is_never_the_output_even_with_replace(sheet: Path) -> None:
    before = sheet.read_bytes()
    warehouse = build_warehouse(sheet.parent / "w.duckdb")
    message = _refused(run_precheck, sheet, sheet, warehouse, AS_OF, replace=True)
    assert "is the input sheet" in message
    assert sheet.read_bytes() == before


def test_the_input_sheet_is_recognised_under_another_spelling(sheet: Path) -> None:
    other_spelling = sheet.parent / "." / ".." / sheet.parent.name / sheet.name
    warehouse = build_warehouse(sheet.parent / "w.duckdb")
    message = _refused(run_precheck, sheet, other_spelling, warehouse, AS_OF, replace=True)
    assert "is the input sheet" in message


def test_an_existing_precheck_output_is_kept_unless_replace(sheet: Path) -> None:
    out = sheet.parent / "checked.xlsx"
    out.write_bytes(b"yesterday's check")
    warehouse = build_warehouse(sheet.parent / "w.duckdb")
    message = _refused(run_precheck, sheet, out, warehouse, AS_OF, replace=False)
    assert "already exists" in message
    assert out.read_bytes() == b"yesterday's check"


def test_a_precheck_output_named_csv_is_refused(sheet: Path) -> None:
    warehouse = build_warehouse(sheet.parent / "w.duckdb")
    message = _refused(run_precheck, sheet, sheet.parent / "out.csv", warehouse, AS_OF)
    assert "must end in .xlsx" in message
