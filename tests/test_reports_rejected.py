"""Rejected - fix and resubmit: port-ins sent back by the carrier, not resubmitted or cancelled."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from reports_world import ACCOUNT_REASON, AS_OF, PIN_REASON, UNPAID_REASON, warehouse

from portrecon.findings_catalogue import default_catalogue
from portrecon.rejection_reasons import classify_reason
from portrecon.reports import write_nightly_html, write_nightly_xlsx
from portrecon.reports.queries import NO_CATALOGUED_FIX

SHEET = "Rejected - fix and resubmit"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rejected") / "nightly.xlsx"
    write_nightly_xlsx(warehouse(), path, AS_OF)
    return path


@pytest.fixture(scope="module")
def rows(workbook: Path) -> dict[str, dict[str, object]]:
    """The sheet read back from the workbook: order id -> {header: value}, in sheet order."""
    sheet = openpyxl.load_workbook(workbook)[SHEET]
    values = list(sheet.iter_rows(values_only=True))
    headers = values[0]
    return {row[0]: dict(zip(headers, row, strict=True)) for row in values[1:] if row[1]}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("rejected_html") / "nightly.html"
    write_nightly_html(warehouse(), path, AS_OF)
    return path.read_text(encoding="utf-8")


def _fix(code: str) -> str:
    return default_catalogue().findings[code].fix


def test_a_rejected_port_in_not_resubmitted_is_listed_with_the_fix_of_its_reasons_finding(rows):
    row = rows["PI5"]
    assert row["Carrier's reason"] == PIN_REASON
    assert row["Reason (taxonomy)"] == classify_reason(PIN_REASON).label
    # The reason maps to the PIN codes; the order's own PIN finding says which fix applies.
    assert (row["Fix for code"], row["Fix"]) == ("PIN_MISSING_LOA", _fix("PIN_MISSING_LOA"))


def test_the_rejection_date_and_business_days_since_come_from_the_rejecting_event(rows):
    row = rows["PI5"]
    assert row["Rejected on"] == datetime(2026, 11, 18)
    assert row["Business days since"] == 2  # Wednesday 18 -> Friday 20 November


def test_business_days_since_skip_the_carriers_public_holidays(rows):
    # Friday 6 -> Friday 20 November 2026: ten weekdays less Veterans Day (11 November).
    assert rows["PI9"]["Business days since"] == 9


def test_a_resubmitted_port_in_is_not_listed(rows):
    assert "PI6" not in rows


def test_a_cancelled_port_in_is_not_listed(rows):
    assert "PI8" not in rows


def test_an_update_request_waiting_for_a_fix_is_listed_with_its_status(rows):
    assert rows["PI7"]["Status"] == "update_required"


def test_a_reason_matching_no_finding_code_says_there_is_no_catalogued_fix(rows):
    row = rows["PI7"]
    assert row["Carrier's reason"] == UNPAID_REASON
    assert (row["Fix"], row["Fix for code"]) == (NO_CATALOGUED_FIX, None)


def test_the_latest_rejection_gives_the_reason_and_without_a_finding_the_fields_different_fix(
    rows,
):
    row = rows["PI9"]
    assert row["Carrier's reason"] == ACCOUNT_REASON
    assert (row["Fix for code"], row["Fix"]) == ("ACCOUNT_DIFFERENT", _fix("ACCOUNT_DIFFERENT"))


def test_current_findings_list_blocking_then_warning_ones_only(rows):
    assert rows["PI5"]["Current findings (block, warn)"].split("\n") == [
        "PIN_MISSING_LOA (block)",
        "INVOICE_STALE (warn)",
    ]


def test_rows_come_newest_rejection_first(rows):
    assert list(rows) == ["PI7", "PI5", "PI9"]


def test_the_summary_counts_the_port_ins_to_fix(workbook):
    summary = openpyxl.load_workbook(workbook)["Summary"]
    values = {r[1].value: r[2].value for r in summary.iter_rows(min_row=2)}
    assert values["Rejected port-ins to fix and resubmit"] == 3


def test_the_page_lists_each_order_with_its_reason_and_fix(page):
    section = page[page.index("<h2>Rejected - fix and resubmit") : page.index("Port-outs needing")]
    assert section.index(">PI7<") < section.index(">PI5<") < section.index(">PI9<")
    assert ">PI6<" not in section and ">PI8<" not in section
    assert f"Update required: {UNPAID_REASON}" in section
    assert _fix("PIN_MISSING_LOA") in section


def test_the_page_has_a_headline_card_for_the_port_ins_to_fix(page):
    assert (
        '<div class="value">3</div><div class="label">Rejected port-ins to fix and resubmit</div>'
        in page
    )


def test_a_warehouse_without_order_events_still_lists_the_orders_without_a_date(tmp_path: Path):
    path = tmp_path / "nightly.xlsx"
    written = write_nightly_xlsx(warehouse(only=("orders",)), path, AS_OF)
    sheet = openpyxl.load_workbook(path)[SHEET]
    assert written[SHEET] == 3
    assert [sheet.cell(r, 4).value for r in (2, 3, 4)] == [None, None, None]


def test_a_warehouse_without_order_events_still_has_a_page_listing_the_orders(tmp_path: Path):
    path = tmp_path / "nightly.html"
    write_nightly_html(warehouse(only=("orders",)), path, AS_OF)
    page = path.read_text(encoding="utf-8")
    section = page[page.index("<h2>Rejected - fix and resubmit") : page.index("Port-outs needing")]
    assert all(f">{order_id}<" in section for order_id in ("PI5", "PI7", "PI9"))
