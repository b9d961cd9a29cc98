"""Reading a specialist's sheet: header below title rows, formulas as text, blank rows, errors."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from precheck_world import (
    AS_OF,
    HEADER,
    build_warehouse,
    clean_row,
    output_rows,
    precheck,
    write_sheet,
)

from portrecon.precheck import PrecheckInputError, run_precheck

# A real Excel 97-2003 workbook (BIFF8 in an OLE container), saved by LibreOffice Calc.
EXCEL_97 = Path(__file__).parent / "precheck_files" / "excel_97_2003.xls"
HYPERLINK = '=HYPERLINK("http://example.invalid/loa","Open LOA")'


@pytest.fixture(scope="module")
def titled(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """Title, blank and note rows above the header (so it is on row 4), blank rows between."""
    tmp = tmp_path_factory.mktemp("sheet")
    rows = [
        clean_row(),
        None,
        clean_row(tn="2175550102", **{"End User Name": HYPERLINK}),
        None,
        None,
        clean_row(tn="(217) 555-0103"),
    ]
    above = [["Bulk port - project HARBOR"], [None], ["Notes: one row per number"]]
    return precheck(tmp, rows, above=above)


def test_header_on_row_four_is_found(titled: tuple[dict, Path]) -> None:
    summary = [
        v
        for row in load_workbook(titled[1])["Summary"].iter_rows(values_only=True)
        for v in row
        if v
    ]
    assert any("header on row 4" in str(v) for v in summary)


def test_blank_rows_are_not_rows(titled: tuple[dict, Path]) -> None:
    counts, out = titled
    assert counts["rows"] == 3
    assert [r["input_row"] for r in output_rows(out)] == [5, 7, 10]


def test_formula_cell_is_read_as_its_text_and_compared_as_a_name(titled: tuple[dict, Path]) -> None:
    row = output_rows(titled[1])[1]
    assert row["End User Name"] == HYPERLINK
    assert row["verdict"] == "block" and f"sheet: {HYPERLINK}" in row["findings"]


def test_a_csv_sheet_with_notes_above_the_header_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Project sheet"])
        writer.writerow(HEADER)
        writer.writerow([clean_row(**{"Signed Date": "2026-11-10"}).get(h) for h in HEADER])
    counts = run_precheck(
        path, tmp_path / "out.xlsx", build_warehouse(tmp_path / "w.duckdb"), AS_OF
    ).counts
    assert (counts["rows"], counts["ok"]) == (1, 1)


def test_named_sheet_is_read_instead_of_the_first(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["nothing here"])
    numbers = workbook.create_sheet("Batch 2")
    numbers.append(HEADER)
    numbers.append([clean_row().get(h) for h in HEADER])
    workbook.save(tmp_path / "in.xlsx")
    counts = run_precheck(
        tmp_path / "in.xlsx",
        tmp_path / "out.xlsx",
        build_warehouse(tmp_path / "w.duckdb"),
        AS_OF,
        sheet="Batch 2",
    ).counts
    assert counts["rows"] == 1


def _error(tmp_path: Path, sheet_path: Path, warehouse: Path | None = None, **kw: object) -> str:
    warehouse = warehouse or build_warehouse(tmp_path / "w.duckdb")
    with pytest.raises(PrecheckInputError) as caught:
        run_precheck(sheet_path, tmp_path / "out.xlsx", warehouse, AS_OF, **kw)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_missing_input_is_one_clear_line(tmp_path: Path) -> None:
    assert "input file not found" in _error(tmp_path, tmp_path / "nope.xlsx")


def test_unreadable_workbook_is_one_clear_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    assert "broken.xlsx is not a readable xlsx workbook" in _error(tmp_path, broken)


def test_sheet_without_a_tn_column_is_one_clear_line(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["Account Number", "End User Name"])
    workbook.active.append(["1001", "Acme Inc"])
    workbook.save(tmp_path / "no_tn.xlsx")
    assert "has no tn column" in _error(tmp_path, tmp_path / "no_tn.xlsx")


def test_a_first_sheet_without_numbers_points_to_the_other_sheets(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Cover"
    workbook.active.append(["Project HARBOR"])
    workbook.create_sheet("Batch 2").append(HEADER)
    workbook.save(tmp_path / "in.xlsx")
    assert "other sheets: Batch 2 (choose with --sheet)" in _error(tmp_path, tmp_path / "in.xlsx")


def test_an_old_xls_workbook_is_asked_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    shutil.copy(EXCEL_97, tmp_path / "in.xls")
    assert "in.xls is an old .xls workbook" in _error(tmp_path, tmp_path / "in.xls")


def test_an_old_xls_workbook_renamed_xlsx_is_recognised_by_its_bytes(tmp_path: Path) -> None:
    shutil.copy(EXCEL_97, tmp_path / "in.xlsx")
    message = _error(tmp_path, tmp_path / "in.xlsx")
    assert "in.xlsx is an old .xls workbook" in message and "save it as .xlsx" in message


def test_a_folder_given_as_the_sheet_is_said_to_be_a_folder(tmp_path: Path) -> None:
    (tmp_path / "sheets").mkdir()
    assert "is a folder, not a file" in _error(tmp_path, tmp_path / "sheets")


def test_missing_sheet_name_lists_the_sheets(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Numbers"
    workbook.save(tmp_path / "in.xlsx")
    message = _error(tmp_path, tmp_path / "in.xlsx", sheet="Batch 9")
    assert "no sheet 'Batch 9'" in message and "Numbers" in message


def test_missing_warehouse_is_one_clear_line(tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "in.xlsx", [clean_row()])
    message = _error(tmp_path, sheet, warehouse=tmp_path / "missing.duckdb")
    assert "warehouse not found" in message


def test_a_sheet_with_only_a_header_is_one_clear_line(tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "in.xlsx", [None, None], above=[["Project HARBOR"]])
    message = _error(tmp_path, sheet)
    assert (
        message == "sheet 'Numbers' of in.xlsx has a header (row 2) but no rows: nothing to check"
    )
    assert not (tmp_path / "out.xlsx").exists()


def test_a_sheet_of_unreadable_rows_reports_each_row(tmp_path: Path) -> None:
    counts, out = precheck(tmp_path, [clean_row(tn=None), clean_row(**{"Number Type": "fax"})])
    rows = output_rows(out)
    assert counts["block"] == 2 and [r["verdict"] for r in rows] == ["block", "block"]
    assert "tn is empty" in rows[0]["findings"] and "number type" in rows[1]["findings"]
