"""nightly.xlsx: sheets, headers, frozen panes, filters, typed cells, formula safety, no PIN."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from reports_world import AS_OF, AT_PAYLOAD, CLEAR_PIN, FORMULA_PAYLOAD, warehouse

from portrecon.portouts import ACTIONS
from portrecon.probability import PROBABILITY_FORMAT
from portrecon.reports import write_nightly_xlsx
from portrecon.reports.queries import IF_FIXED_LEGEND, SHEET_COLUMNS, WHY_LEGEND
from portrecon.reports.xlsx import wrapped_lines

SHEETS = [
    "Summary",
    "Since last night",
    "At risk",
    "Rejected - fix and resubmit",
    "Findings",
    "SLA by carrier",
    "Aging",
    "Port-out watch",
    "Quarantine",
    "Carrier strictness",
    "Prevention",
    "Missed rejections",
]  # PRODUCT.md section 9, plus the learnt carrier strictness (issue 9), the rejections to fix,
# what changed since the previous run (issue 19) and the prevention scorecard (issue 17)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], Path]:
    path = tmp_path_factory.mktemp("xlsx") / "nightly.xlsx"
    return write_nightly_xlsx(warehouse(), path, AS_OF), path


def _headers(sheet: Worksheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def _expected_headers() -> dict[str, list[str]]:
    """Each sheet's headers: the printed columns first, then the on-screen-only ones."""
    return {
        name: [c.header for c in columns if c.paper] + [c.header for c in columns if not c.paper]
        for name, columns in SHEET_COLUMNS.items()
    }


def _cells(path: Path) -> list:
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def test_every_sheet_exists_in_order_with_its_header(workbook):
    _, path = workbook
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    expected = _expected_headers()
    for name in SHEETS:
        assert _headers(book[name]) == expected[name]


def test_every_sheet_freezes_its_header_row_and_filters_its_columns(workbook):
    _, path = workbook
    book = openpyxl.load_workbook(path)
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref.startswith("A1:" + last)


def test_rows_written_per_sheet_are_returned(workbook):
    written, path = workbook
    book = openpyxl.load_workbook(path)
    assert written["At risk"] == 2
    assert written["Findings"] == 3  # PI3 is completed: its finding can no longer be fixed
    assert written["Quarantine"] == 2
    assert written["Port-out watch"] == 1
    for name, rows in written.items():
        assert book[name].auto_filter.ref.endswith(str(rows + 1))


def _at_risk_cell(path: Path, row: int, header: str) -> Cell:
    sheet = openpyxl.load_workbook(path)["At risk"]
    return sheet.cell(row, _headers(sheet).index(header) + 1)


def test_at_risk_sheet_lists_orders_by_probability_with_reasons_one_per_line(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["At risk"]
    assert [sheet.cell(r, 1).value for r in (2, 3)] == ["PI1", "PI2"]


def test_each_reason_is_its_code_share_and_short_fix(workbook):
    _, path = workbook
    assert _at_risk_cell(path, 2, "Why: finding, share → fix").value.split("\n") == [
        "NAME_DIFFERENT 60% → confirm the account holder's name (if fixed: 41%)",
        "PIN_DIFFERENT 28% → get the current PIN (if fixed: 65%)",
        "CARRIER_UNKNOWN 2% → add a carrier profile",
    ]


def test_the_long_text_of_each_reason_is_in_the_in_full_column(workbook):
    _, path = workbook
    assert _at_risk_cell(path, 2, "In full: history → fix").value.split("\n")[0] == (
        "NAME_DIFFERENT 60% (no history) → Copy the CSR name."
    )


def test_the_carrier_baseline_is_a_base_rate_column_not_a_reason(workbook):
    _, path = workbook
    assert "CARRIER_BASELINE" not in _at_risk_cell(path, 2, "Why: finding, share → fix").value
    assert "CARRIER_BASELINE" not in _at_risk_cell(path, 2, "Codes").value
    base_rate = _at_risk_cell(path, 2, "Carrier's base rate")
    assert base_rate.value == pytest.approx(1 / (1 + math.exp(1.5)))  # intercept -2, offset 0.5
    assert _at_risk_cell(path, 3, "Carrier's base rate").value == pytest.approx(
        1 / (1 + math.exp(2))  # no offset for acme: the intercept alone
    )


def test_probabilities_are_never_formatted_as_certain(workbook):
    _, path = workbook
    probability = _at_risk_cell(path, 2, "Probability")
    assert probability.value == pytest.approx(0.9996)
    assert probability.number_format == PROBABILITY_FORMAT
    assert _at_risk_cell(path, 2, "Carrier's base rate").number_format == PROBABILITY_FORMAT


def test_at_risk_sheet_says_the_probability_once_every_fixable_finding_is_fixed(workbook):
    _, path = workbook
    all_fixed = _at_risk_cell(path, 2, "If all fixed")
    assert all_fixed.value == pytest.approx(0.08)
    assert all_fixed.number_format == PROBABILITY_FORMAT
    assert _at_risk_cell(path, 3, "If all fixed").value == pytest.approx(0.05)


def test_dates_are_date_cells(workbook):
    _, path = workbook
    book = openpyxl.load_workbook(path)
    watch = book["Port-out watch"]
    due = watch.cell(2, _headers(watch).index("Due") + 1)
    assert due.is_date and due.value == datetime(2026, 11, 18)
    at_risk = book["At risk"]
    requested = at_risk.cell(2, _headers(at_risk).index("Requested port date") + 1)
    assert requested.is_date and requested.value == datetime(2026, 11, 18)
    assert book["Summary"]["C2"].is_date and book["Summary"]["C2"].value == datetime(2026, 11, 20)


def test_numbers_are_numbers_and_shares_are_percentages(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["At risk"]
    probability = sheet.cell(2, _headers(sheet).index("Probability") + 1)
    assert probability.data_type == "n" and "%" in probability.number_format
    days = sheet.cell(2, _headers(sheet).index("Business days open") + 1)
    assert days.data_type == "n" and days.value == 13


@pytest.mark.parametrize("payload", [FORMULA_PAYLOAD, AT_PAYLOAD])
def test_formula_payloads_from_inputs_are_text_cells(workbook, payload):
    _, path = workbook
    cells = [c for c in _cells(path) if c.value == payload]
    assert cells, "the payload is shown as it was written"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_no_cell_is_a_formula(workbook):
    _, path = workbook
    assert [c.coordinate for c in _cells(path) if c.data_type == "f"] == []


def test_no_pin_in_any_cell(workbook):
    _, path = workbook
    assert not [c.coordinate for c in _cells(path) if CLEAR_PIN in str(c.value)]
    quarantine = openpyxl.load_workbook(path)["Quarantine"]
    assert '"pin": "****"' in quarantine["E2"].value


def test_risk_levels_and_overdue_dates_are_coloured(workbook):
    _, path = workbook
    book = openpyxl.load_workbook(path)
    risk_rules = {
        rule.formula[0]
        for area in book["At risk"].conditional_formatting
        for rule in area.rules
        if str(area.sqref) == "C2:C3"
    }
    assert {'"high"', '"medium"', '"low"'} <= risk_rules
    due_rules = [
        rule.formula[0]
        for area in book["Port-out watch"].conditional_formatting
        for rule in area.rules
        if str(area.sqref) == "E2"
    ]
    assert due_rules == ["AND(ISNUMBER($E2),$E2<46346.0)"]  # 46346 = 2026-11-20


def test_summary_counts_risk_levels_and_data_quality(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["Summary"]
    values = {(r[0].value, r[1].value): r[2].value for r in sheet.iter_rows(min_row=2)}
    assert values[("Rejection risk", "High risk port-ins")] == 1
    assert values[("Rejection risk", "Medium risk port-ins")] == 0
    assert values[("Findings on open orders", "Blocking findings")] == 2
    assert values[("Port-outs needing action", "Overdue actions")] == 1
    assert values[("Data quality", "Rows read")] == 11
    assert values[("Data quality", "Rows quarantined")] == 2
    assert values[("Data quality", "Files rejected whole")] == 1


def test_summary_names_the_failed_checks(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["Summary"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Checks failed")
    assert (row[2].value, row[3].value) == (1, "loa_records_gx_suite")


def test_a_warehouse_without_the_derived_tables_gives_empty_sheets_with_a_note(tmp_path):
    path = tmp_path / "nightly.xlsx"
    written = write_nightly_xlsx(warehouse(only=("quarantine", "ingest_files")), path, AS_OF)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    assert written["Quarantine"] == 2
    for name in (
        "At risk",
        "Rejected - fix and resubmit",
        "Findings",
        "SLA by carrier",
        "Aging",
        "Carrier strictness",
    ):
        assert written[name] == 0
        assert book[name]["A2"].value.startswith("No rows: table ")
        assert _headers(book[name]) == _expected_headers()[name]
    summary = {r[1].value: (r[2].value, r[3].value) for r in book["Summary"].iter_rows(min_row=2)}
    assert summary["High risk port-ins"] == (
        None,
        "table rejection_risk is not in this warehouse",
    )
    assert summary["Rows quarantined"] == (2, None)


def test_same_warehouse_and_as_of_give_the_same_file(workbook, tmp_path):
    _, first = workbook
    second = tmp_path / "again.xlsx"
    write_nightly_xlsx(warehouse(), second, AS_OF)
    assert first.read_bytes() == second.read_bytes()


def test_a_table_lacking_a_column_is_written_with_that_column_blank_and_a_note(tmp_path):
    con = warehouse(only=("rejection_risk",))
    con.execute("ALTER TABLE rejection_risk DROP COLUMN carrier_history")
    path = tmp_path / "nightly.xlsx"
    written = write_nightly_xlsx(con, path, AS_OF)
    sheet = openpyxl.load_workbook(path)["At risk"]
    assert written["At risk"] == 2
    history = _headers(sheet).index("Carrier history (orders)") + 1
    assert [sheet.cell(r, history).value for r in (2, 3)] == [None, None]
    assert sheet["A5"].value == "Table rejection_risk has no column carrier_history: shown blank."


def test_the_why_header_explains_that_its_percentages_are_shares_not_probabilities(workbook):
    _, path = workbook
    why = _at_risk_cell(path, 1, "Why: finding, share → fix")
    assert why.comment is not None and why.comment.text == WHY_LEGEND


def test_the_at_risk_sheet_repeats_its_legends_under_its_rows(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["At risk"]
    notes = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert notes[0] == f"Why: finding, share → fix: {WHY_LEGEND}"
    assert notes[1] == f"If all fixed: {IF_FIXED_LEGEND}"
    assert notes[2].startswith("Carrier's base rate: how often this carrier rejects an order")


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page(workbook):
    _, path = workbook
    for sheet in openpyxl.load_workbook(path):
        setup = sheet.page_setup
        # One page wide is the file format's default, so XlsxWriter leaves fitToWidth out.
        assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight) == (
            "landscape",
            1,  # US Letter
            1,
            0,
        )
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"


def test_the_printed_columns_end_where_the_on_screen_only_ones_begin(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["At risk"]
    last_printed = _headers(sheet).index("If all fixed") + 1
    letter = openpyxl.utils.get_column_letter(last_printed)
    # The header, 2 rows, a blank row and the 3 legends.
    assert sheet.print_area == f"'At risk'!$A$1:${letter}$7"


def test_overlapping_order_figures_say_how_they_overlap(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["Summary"]
    notes = {r[1].value: r[3].value for r in sheet.iter_rows(min_row=2)}
    assert notes["Rejected port-ins to fix and resubmit"].startswith(
        "2 rejected (closed), 1 update required (also open port-ins)"
    )
    assert "waiting ones are the next line" in notes["Open orders resubmitted after a rejection"]
    assert notes["Drafts not yet submitted"] == "part of the open port-ins and port-outs above"


def test_every_order_and_finding_figure_says_what_it_counts(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["Summary"]
    counted = {
        r[1].value: r[3].value
        for r in sheet.iter_rows(min_row=2)
        if r[0].value in ("Orders", "Rejection risk", "Findings on open orders")
    }
    assert all(counted.values()), [label for label, note in counted.items() if not note]


def _watch_actions(con, tmp_path: Path) -> dict[str, str]:
    """Order id -> the action the Port-out watch sheet shows, from a real workbook."""
    path = tmp_path / "nightly.xlsx"
    write_nightly_xlsx(con, path, AS_OF)
    sheet = openpyxl.load_workbook(path)["Port-out watch"]
    action = _headers(sheet).index("Action")
    return {r[0]: r[action] for r in sheet.iter_rows(min_row=2, values_only=True) if r[1]}


def test_the_port_out_sheet_shows_the_watch_tables_action(tmp_path):
    con = warehouse(only=("portout_watch",))
    con.execute(
        "INSERT INTO portout_watch (order_id, carrier, status, foc_date, action_code, action, "
        "due_date, days_left) VALUES ('PO2', 'Acme', 'approved', '2026-10-13', "
        "'CANCEL_WINDOW_PASSED', ?, '2026-10-20', -22)",
        [ACTIONS["CANCEL_WINDOW_PASSED"]],
    )
    assert _watch_actions(con, tmp_path)["PO2"] == ACTIONS["CANCEL_WINDOW_PASSED"]


def test_the_sla_sheet_shows_the_intervals_the_carrier_kept(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["SLA by carrier"]
    rows = list(sheet.iter_rows(values_only=True))
    acme = dict(zip(rows[0], rows[1], strict=True))
    assert (acme["FOC within 24 h"], acme["Dispute candidates"]) == (0, 1)


# LibreOffice prints about 103 width units across US Letter landscape (0.4 in margins) at 100%
# (docs/reports.md "On paper"), so printed columns adding up to 147 units print at 70%.
LEGIBLE_PRINTED_WIDTH = 147


def _printed_widths(path: Path) -> dict[str, float]:
    """Sheet -> the widths of its printed columns (those in its print area) added up."""
    totals = {}
    for sheet in openpyxl.load_workbook(path):
        printed = openpyxl.utils.range_boundaries(sheet.print_area.split("!")[1])[2]
        widths = {
            col: dim.width
            for dim in sheet.column_dimensions.values()
            for col in range(dim.min, dim.max + 1)
        }
        totals[sheet.title] = sum(widths[col] for col in range(1, printed + 1))
        assert (sheet.page_margins.left, sheet.page_margins.right) == (0.4, 0.4)
    return totals


def test_every_sheet_prints_its_columns_at_seventy_percent_or_more(workbook):
    _, path = workbook
    too_wide = {k: v for k, v in _printed_widths(path).items() if v > LEGIBLE_PRINTED_WIDTH}
    assert too_wide == {}


def test_long_carrier_names_and_fixes_wrap_rather_than_widen_the_page(tmp_path):
    con = warehouse()
    con.execute("UPDATE findings SET fix = repeat('Ask the losing carrier for the value. ', 9)")
    for (table,) in con.execute(
        "SELECT DISTINCT table_name FROM duckdb_columns() WHERE column_name = 'carrier'"
    ).fetchall():
        con.execute(f"UPDATE {table} SET carrier = 'Cascadia Wireless Telephone Cooperative LLC'")
    path = tmp_path / "nightly.xlsx"
    write_nightly_xlsx(con, path, AS_OF)
    sheet = openpyxl.load_workbook(path)["Findings"]
    header = _headers(sheet)
    assert sheet.cell(2, header.index("Fix") + 1).alignment.wrap_text
    assert sheet.cell(2, header.index("Losing carrier") + 1).alignment.wrap_text
    assert max(_printed_widths(path).values()) <= LEGIBLE_PRINTED_WIDTH


def test_a_wrapped_list_of_numbers_gets_a_line_for_each_line_it_breaks_into():
    # 34 characters in 20 a line would be 2 lines, but the list breaks only between numbers.
    assert wrapped_lines("3194385719, 3199714671, 3194385720", 20) == 3
    assert wrapped_lines("first line\nsecond", 20) == 2
