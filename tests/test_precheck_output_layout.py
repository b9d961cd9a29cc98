"""The precheck workbook reads like the nightly one (issue 20 item 4) and prints legibly (item 3):
dates as dates, risk as a probability, one header style, the masked PINs explained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet
from precheck_world import HEADER, clean_row, output_rows, precheck

from portrecon.precheck.workbook import PIN_NOTE
from portrecon.probability import PROBABILITY_FORMAT

SERIAL_2026_10_21 = 46316  # how Excel stores a date typed into a cell formatted as a number


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("layout")
    rows = [
        clean_row(tn="2175550101", **{"Signed Date": SERIAL_2026_10_21}),
        clean_row(tn="2175550102", **{"Requested Port Date": "12/15/2026"}),
        clean_row(tn="2175550103"),
    ]
    return precheck(tmp, rows)[1]


def test_a_date_typed_as_an_excel_serial_comes_back_as_a_date(written: Path) -> None:
    signed = load_workbook(written)["Rows"].cell(2, HEADER.index("Signed Date") + 1)
    assert signed.is_date and signed.value == dt.datetime(2026, 10, 21)


def test_a_date_typed_as_text_comes_back_as_a_date(written: Path) -> None:
    assert output_rows(written)[1]["Requested Port Date"] == dt.datetime(2026, 12, 15)


def test_risk_is_a_probability_formatted_like_the_nightly(written: Path) -> None:
    sheet = load_workbook(written)["Rows"]
    header = [c.value for c in sheet[1]]
    risk = sheet.cell(2, header.index("Risk") + 1)
    assert risk.data_type == "n" and 0 < risk.value < 1
    assert risk.number_format == PROBABILITY_FORMAT


def test_every_sheet_has_the_same_header_style(written: Path) -> None:
    book = load_workbook(written)
    headers = [
        book["Rows"]["A1"],
        book["Sub-orders"]["A1"],
        next(c for c in book["Summary"]["A"] if c.value == "Verdict"),
    ]
    styles = {(c.font.b, c.font.color.rgb, c.fill.fgColor.rgb) for c in headers}
    assert styles == {(True, "FFFFFFFF", "FF1F3B57")}


def test_the_sub_orders_sheet_says_where_the_masked_pins_come_from(written: Path) -> None:
    sheet = load_workbook(written)["Sub-orders"]
    header = [c.value for c in sheet[1]]
    pin = sheet.cell(1, header.index("PIN") + 1)
    assert sheet.cell(2, header.index("PIN") + 1).value == "****"
    assert pin.comment is not None and pin.comment.text == PIN_NOTE
    assert PIN_NOTE in [c.value for c in sheet["A"]]


def test_the_rows_sheet_prints_the_number_and_what_precheck_added(written: Path) -> None:
    sheet = load_workbook(written)["Rows"]
    header = [c.value for c in sheet[1]]
    first, last = header.index("Input Row") + 1, len(header)
    tn = HEADER.index("TN") + 1
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_title_cols == f"${get_column_letter(tn)}:${get_column_letter(tn)}"
    assert sheet.print_area == f"'Rows'!${get_column_letter(first)}$1:${get_column_letter(last)}$4"


# LibreOffice prints about 103 width units across US Letter landscape at 100% (docs/reports.md
# "On paper"): printed columns adding up to 147 units print at 70%, text at 7.7 pt or more.
LEGIBLE_PRINTED_WIDTH = 147


def _printed_width(sheet: Worksheet) -> float:
    """The widths of the sheet's printed columns (its print area and repeated columns) added up."""
    first, _, last, _ = range_boundaries(sheet.print_area.split("!")[1])
    printed = set(range(first, last + 1))
    if sheet.print_title_cols:
        printed.add(column_index_from_string(sheet.print_title_cols.split(":")[0].strip("$")))
    widths = {
        col: dim.width
        for dim in sheet.column_dimensions.values()
        for col in range(dim.min, dim.max + 1)
    }
    return sum(widths.get(col, 8.43) for col in printed)


def test_every_sheet_prints_one_page_wide_at_seventy_percent_or_more(written: Path) -> None:
    for sheet in load_workbook(written):
        setup = sheet.page_setup
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.orientation, setup.fitToWidth or 1, setup.fitToHeight) == ("landscape", 1, 0)
        assert _printed_width(sheet) <= LEGIBLE_PRINTED_WIDTH, sheet.title


def test_the_sub_orders_print_what_a_specialist_submits_first(written: Path) -> None:
    sheet = load_workbook(written)["Sub-orders"]
    header = [c.value for c in sheet[1]]
    printed = range_boundaries(sheet.print_area.split("!")[1])[2]
    assert header[:printed] == [
        "Sub-order",
        "Losing Carrier",
        "Account Number",
        "Count",
        "Numbers",
        "End-User Name",
        "Requested Port Date",
        "Earliest Feasible Date",
        "Notes",
    ]


def test_every_header_is_in_plain_words_in_the_inputs_title_case(written: Path) -> None:
    book = load_workbook(written)
    rows = [c.value for c in book["Rows"][1]]
    assert rows[: len(HEADER)] == HEADER
    assert rows[len(HEADER) :] == [
        "Input Row",
        "Verdict",
        "Risk",
        "Risk Level",
        "Findings",
        "Fixes",
        "Sub-order",
    ]
    for name in ("Rows", "Sub-orders"):
        for cell in book[name][1]:
            assert "_" not in cell.value and cell.value[0].isupper(), (name, cell.value)


def test_the_masked_pin_note_is_in_plain_words_and_wraps_across_the_printed_columns(
    written: Path,
) -> None:
    sheet = load_workbook(written)["Sub-orders"]
    (merged,) = [r for r in sheet.merged_cells.ranges if sheet.cell(r.min_row, 1).value == PIN_NOTE]
    printed = range_boundaries(sheet.print_area.split("!")[1])[2]
    assert (merged.min_col, merged.max_col) == (1, printed)
    assert sheet.cell(merged.min_row, 1).alignment.wrap_text
    assert "sheet_rows" not in PIN_NOTE and "Input Rows" in PIN_NOTE
