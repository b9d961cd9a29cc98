"""The prevention scorecard (issue 17): every rejection scored against portrecon's checks, per
check, per carrier and the causes with no check, and the missed rejections with the findings the
order had, in the workbook (Prevention, Missed rejections sheets) and on the page."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from portrecon import schema
from portrecon.reports import write_nightly_html, write_nightly_xlsx

AS_OF = date(2026, 11, 20)
FORMULA = '=HYPERLINK("http://x","y")'


def _order(order_id: str, carrier: str, approved: bool = False) -> dict[str, object]:
    return {
        "order_id": order_id,
        "direction": "port_in",
        "carrier": carrier,
        "carrier_id": carrier.lower(),
        "status": "approved" if approved else "rejected",
        "submitted_at": datetime(2026, 11, 2, 9),
        "approved_at": datetime(2026, 11, 4, 9) if approved else None,
        "rejections": 0 if approved else 1,
        "update_requests": 0,
    }


def _finding(order_id: str, code: str, severity: str) -> dict[str, object]:
    return {
        "order_id": order_id,
        "code": code,
        "field": code.split("_")[0].lower(),
        "severity": severity,
        "detail": f"{code.lower()} detail",
        "reference_date": date(2026, 11, 2),
    }


def _outcome(order_id: str, carrier: str, reason: str, label: str, **scored) -> dict[str, object]:
    return {
        "order_id": order_id,
        "carrier_id": carrier.lower(),
        "carrier": carrier,
        "event_time": datetime(2026, 11, 5, int(order_id[-1])),
        "status": "rejected",
        "reason": reason,
        "reason_label": label,
        **scored,
    }


def _rejected_event(outcome: dict[str, object]) -> dict[str, object]:
    keys = ("order_id", "carrier", "event_time", "status", "reason")
    return {"direction": "port_in", **{key: outcome[key] for key in keys}}


ROWS = {
    schema.ORDERS: [
        *(_order(f"PI{n}", "Acme") for n in (1, 2, 3)),
        _order("PI4", "Zed"),
        _order("PI5", "Zed", approved=True),
    ],
    schema.FINDINGS: [
        _finding("PI1", "PIN_DIFFERENT", "block"),
        _finding("PI5", "PIN_MISSING_LOA", "block"),
        _finding("PI2", "NAME_SIMILAR", "warn"),
    ],
    schema.REJECTION_OUTCOMES: [
        _outcome("PI1", "Acme", "8C", "PIN or passcode mismatch", vendor="industry",
                 finding_code="PIN_DIFFERENT", flagged=True, flagged_severity="block",
                 prevention="caught"),
        _outcome("PI2", "Acme", FORMULA, "Service address mismatch",
                 finding_code="ADDRESS_DIFFERENT", flagged=False, prevention="missed"),
        _outcome("PI3", "Acme", "Past due", "Unpaid balance", prevention="no_check"),
        _outcome("PI4", "Zed", "Past due", "Unpaid balance", prevention="no_check"),
        _outcome("PI6", "Zed", "Centrex", "Complex service", prevention="no_check"),
    ],
}  # fmt: skip
ROWS[schema.ORDER_EVENTS] = [_rejected_event(o) for o in ROWS[schema.REJECTION_OUTCOMES]]


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for table, rows in ROWS.items():
        con.execute(table.ddl())
        con.register("_rows", pd.DataFrame(rows))
        con.execute(f'INSERT INTO "{table.name}" BY NAME SELECT * FROM _rows')
        con.unregister("_rows")
    return con


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("prevention") / "nightly.xlsx"
    write_nightly_xlsx(_warehouse(), path, AS_OF)
    return openpyxl.load_workbook(path)


def _records(workbook: openpyxl.Workbook, sheet: str) -> list[dict[str, object]]:
    values = [row for row in workbook[sheet].iter_rows(values_only=True) if any(row)]
    headers = values[0]
    return [dict(zip(headers, row, strict=True)) for row in values[1:] if row[1] is not None]


def _scorecard(workbook: openpyxl.Workbook, view: str) -> dict[str, dict[str, object]]:
    rows = _records(workbook, "Prevention")
    return {r["Check, carrier or reason"]: r for r in rows if r["Scorecard"] == view}


def test_a_check_counts_the_rejections_it_caught_and_its_block_findings_precision(workbook):
    pin = _scorecard(workbook, "By check")["PIN_*"]
    assert (pin["Rejections"], pin["Caught"], pin["Missed"]) == (1, 1, 0)
    assert pin["Caught of checked"] == 1.0
    assert (pin["Answered with a block finding"], pin["Rejected for it"]) == (2, 0.5)


def test_a_check_that_did_not_fire_has_its_miss_counted(workbook):
    address = _scorecard(workbook, "By check")["ADDRESS_*"]
    assert (address["Caught"], address["Missed"], address["Caught of checked"]) == (0, 1, 0.0)


def test_each_carrier_has_its_caught_missed_and_no_check_rejections(workbook):
    carriers = _scorecard(workbook, "By carrier")
    acme = carriers["Acme"]
    assert (acme["Rejections"], acme["Caught"], acme["Missed"], acme["No check"]) == (3, 1, 1, 1)
    assert carriers["Zed"]["No check"] == 2


def test_the_causes_without_a_check_are_ranked_by_count(workbook):
    backlog = _scorecard(workbook, "No check yet (backlog)")
    assert [(name, row["Rejections"]) for name, row in backlog.items()] == [
        ("Unpaid balance", 2),
        ("Complex service", 1),
    ]


def test_a_missed_rejection_is_listed_with_the_findings_the_order_had(workbook):
    (missed,) = _records(workbook, "Missed rejections")
    assert (missed["Order"], missed["Check that did not fire"]) == ("PI2", "ADDRESS_DIFFERENT")
    assert missed["Findings when submitted"] == "warn NAME_SIMILAR: name_similar detail"


def test_a_carriers_reason_shaped_like_a_formula_stays_text(workbook):
    sheet = workbook["Missed rejections"]
    cell = sheet.cell(2, [c.value for c in sheet[1]].index("Carrier's reason") + 1)
    assert cell.value == FORMULA and cell.data_type == "s"


def test_the_page_has_the_scorecard_and_the_missed_rejections(tmp_path: Path):
    path = tmp_path / "nightly.html"
    write_nightly_html(_warehouse(), path, AS_OF)
    page = path.read_text(encoding="utf-8")
    section = page[page.index("<h2>Prevention scorecard") : page.index("<h2>Data quality")]
    assert "PIN_*" in section and "Unpaid balance" in section
    assert ">PI2<" in section
    assert "<script" not in section.lower() and FORMULA.replace('"', "&quot;") in section


def test_a_missed_rejections_order_links_to_its_row_on_the_order_sheets(workbook):
    cell = workbook["Missed rejections"]["A2"]
    sheet, _, target = cell.hyperlink.location.rpartition("!")
    assert cell.value == "PI2" and sheet == "'Rejected - fix and resubmit'"
    assert workbook[sheet.strip("'")][target].value == "PI2"
