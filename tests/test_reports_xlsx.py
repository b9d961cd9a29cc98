"""nightly.xlsx: sheets, headers, frozen panes, filters, typed cells, formula safety, no PIN."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from reports_world import AS_OF, AT_PAYLOAD, CLEAR_PIN, FORMULA_PAYLOAD, warehouse

from portrecon.portouts import ACTIONS
from portrecon.reports import write_nightly_xlsx
from portrecon.reports.queries import IF_FIXED_LEGEND, SHEET_COLUMNS, WHY_LEGEND

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
    return {name: [c.header for c in columns] for name, columns in SHEET_COLUMNS.items()}


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


def test_at_risk_sheet_lists_orders_by_probability_with_reasons_one_per_line(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["At risk"]
    assert [sheet.cell(r, 1).value for r in (2, 3)] == ["PI1", "PI2"]
    why = _headers(sheet).index("Why (strongest first)") + 1
    assert sheet.cell(2, why).value.split("\n")[:2] == [
        "NAME_DIFFERENT 70% (no history)",
        "PIN_DIFFERENT 28% (no history)",
    ]


def test_at_risk_sheet_says_what_fixing_each_reason_then_all_does_to_the_probability(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["At risk"]
    if_fixed = _headers(sheet).index("If fixed") + 1
    assert sheet.cell(2, if_fixed).value.split("\n") == [
        "fix NAME_DIFFERENT: 83% → 41%",
        "fix PIN_DIFFERENT: 83% → 65%",
        "CARRIER_UNKNOWN: no fix of the order",
        "all fixed: 83% → 8%",
    ]
    assert sheet.cell(3, if_fixed).value.split("\n") == [
        "fix INVOICE_STALE: 12% → 5%",
        "all fixed: 12% → 5%",
    ]


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
    assert probability.data_type == "n" and probability.value == pytest.approx(0.83)
    assert "%" in probability.number_format
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
    assert values[("Rejection risk", "High risk")] == 1
    assert values[("Rejection risk", "Medium risk")] == 0
    assert values[("Findings on open orders", "Blocking")] == 2
    assert values[("Port-outs needing action", "Overdue")] == 1
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
    assert summary["High risk"] == (None, "table rejection_risk is not in this warehouse")
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
    sheet = openpyxl.load_workbook(path)["At risk"]
    why = sheet.cell(1, _headers(sheet).index("Why (strongest first)") + 1)
    assert why.comment is not None and why.comment.text == WHY_LEGEND


def test_the_at_risk_sheet_repeats_the_why_legend_under_its_rows(workbook):
    _, path = workbook
    sheet = openpyxl.load_workbook(path)["At risk"]
    notes = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert notes == [f"Why (strongest first): {WHY_LEGEND}", f"If fixed: {IF_FIXED_LEGEND}"]


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
