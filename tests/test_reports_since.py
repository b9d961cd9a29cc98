"""The reports' "Since last night" (issue 19): first on the page and a sheet, grouped by kind, each
order linking to its row elsewhere in the report."""

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from portrecon.duck import connect
from portrecon.reports import write_nightly_html, write_nightly_xlsx
from portrecon.schema import CHANGES, REJECTION_RISK
from portrecon.warehouse import publish

AS_OF = date(2026, 11, 20)


def _change(order_id: str, kind: str, detail: str) -> dict[str, object]:
    return {"run_id": "r2", "previous_run_id": "r1", "as_of": AS_OF, "order_id": order_id,
            "direction": "port_in", "carrier_id": "att", "carrier": "AT&T", "kind": kind,
            "detail": detail, "changed_at": datetime(2026, 11, 20, 14)}  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    changes = pd.DataFrame([
        _change("PI-1", "became_high_risk", "risk 18% -> 64%: new PIN_DIFFERENT"),
        _change("PI-2", "foc_moved", "FOC moved 2026-12-04 -> 2026-12-09"),
        _change("PI-3", "foc_moved", "FOC moved 2026-12-01 -> 2026-12-02"),
    ])  # fmt: skip
    risk = pd.DataFrame([{"order_id": "PI-1", "carrier_id": "att", "carrier": "AT&T",
                          "probability": 0.64, "level": "high"}])  # fmt: skip
    path = tmp_path_factory.mktemp("since") / "warehouse.duckdb"
    tables = [(CHANGES, changes), (REJECTION_RISK, risk)]
    publish(path, [(table, frame.reindex(columns=table.column_names)) for table, frame in tables])
    return path


def _write(warehouse: Path, tmp_path: Path, writer, name: str) -> Path:
    con = connect(warehouse, read_only=True)
    try:
        writer(con, tmp_path / name, AS_OF)
    finally:
        con.close()
    return tmp_path / name


def test_the_page_opens_with_the_changes_grouped_by_kind(warehouse: Path, tmp_path: Path) -> None:
    page = _write(warehouse, tmp_path, write_nightly_html, "nightly.html").read_text()
    sections = page.index("<h2>Since last night</h2>")
    assert sections < page.index('<div class="cards">') < page.index("top at-risk orders</h2>")
    assert page.index("Became high risk (1)") < page.index("FOC moved (2)")
    assert "FOC moved 2026-12-04 -&gt; 2026-12-09" in page


def test_an_order_shown_further_down_the_page_is_a_link_to_its_row(warehouse, tmp_path) -> None:
    page = _write(warehouse, tmp_path, write_nightly_html, "nightly.html").read_text()
    link = page.split('">PI-1</a>')[0].rsplit('<a href="#', 1)[1]
    assert f'<tr id="{link}">' in page


def test_the_workbook_has_the_sheet_with_each_order_linked(warehouse, tmp_path) -> None:
    book = openpyxl.load_workbook(_write(warehouse, tmp_path, write_nightly_xlsx, "nightly.xlsx"))
    assert book.sheetnames[1] == "Since last night"
    sheet = book["Since last night"]
    assert [c.value for c in sheet["A"][1:4]] == ["Became high risk", "FOC moved", "FOC moved"]
    assert sheet["B2"].hyperlink.location == "'At risk'!A2"
