"""The precheck workbook reads like the nightly one (issue 20 item 4) and prints legibly (item 3):
dates as dates, risk as a probability, one header style, the masked PINs explained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
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
    risk = sheet.cell(2, header.index("risk") + 1)
    assert risk.data_type == "n" and 0 < risk.value < 1
    assert risk.number_format == PROBABILITY_FORMAT


def test_every_sheet_has_the_same_header_style(written: Path) -> None:
    book = load_workbook(written)
    headers = [
        book["Rows"]["A1"],
        book["Sub-orders"]["A1"],
        next(c for c in book["Summary"]["A"] if c.value == "verdict"),
    ]
    styles = {(c.font.b, c.font.color.rgb, c.fill.fgColor.rgb) for c in headers}
    assert styles == {(True, "FFFFFFFF", "FF1F3B57")}


def test_the_sub_orders_sheet_says_where_the_masked_pins_come_from(written: Path) -> None:
    sheet = load_workbook(written)["Sub-orders"]
    header = [c.value for c in sheet[1]]
    pin = sheet.cell(1, header.index("pin") + 1)
    assert sheet.cell(2, header.index("pin") + 1).value == "****"
    assert pin.comment is not None and pin.comment.text == PIN_NOTE
    assert PIN_NOTE in [c.value for c in sheet["A"]]


def test_the_rows_sheet_prints_the_number_and_what_precheck_added(written: Path) -> None:
    sheet = load_workbook(written)["Rows"]
    header = [c.value for c in sheet[1]]
    first, last = header.index("input_row") + 1, len(header)
    tn = HEADER.index("TN") + 1
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_title_cols == f"${get_column_letter(tn)}:${get_column_letter(tn)}"
    assert sheet.print_area == f"'Rows'!${get_column_letter(first)}$1:${get_column_letter(last)}$4"
