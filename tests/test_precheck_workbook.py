"""The precheck workbook: same rows in the same order, nothing runs as a formula, no PIN shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from precheck_world import HEADER, clean_row, output_rows, precheck

PAYLOADS = ["=1+1", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("workbook")
    rows = [clean_row(tn="2175550105"), clean_row(tn="2175550101", **{"Old PIN": "1234"})]
    rows += [
        clean_row(
            tn=f"217555010{6 + i}", **{"End User Name": payload, "Authorized Signer": payload}
        )
        for i, payload in enumerate(PAYLOADS)
    ]
    return precheck(tmp, rows, header=[*HEADER, "Old PIN"])[1]


def _cells(path: Path) -> list:
    workbook = load_workbook(path)
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_no_cell_of_the_output_is_a_formula(written: Path) -> None:
    assert [c.coordinate for c in _cells(written) if c.data_type == "f"] == []


def test_injection_payloads_come_back_as_quoted_text(written: Path) -> None:
    payload_cells = [c for c in _cells(written) if c.value in PAYLOADS]
    assert {c.value for c in payload_cells} == set(PAYLOADS)
    assert all(c.data_type == "s" and c.quotePrefix for c in payload_cells)


def test_pins_are_masked_everywhere(written: Path) -> None:
    values = [str(c.value) for c in _cells(written) if c.value is not None]
    assert not any("1234" in v for v in values)
    assert {row["PIN"] for row in output_rows(written)} == {"****"}
    assert output_rows(written)[1]["Old PIN"] == "****"


def test_rows_keep_their_order_and_values(written: Path) -> None:
    rows = output_rows(written)
    assert [r["TN"] for r in rows[:3]] == ["2175550105", "2175550101", "2175550106"]
    assert [r["input_row"] for r in rows] == sorted(r["input_row"] for r in rows)
    assert isinstance(rows[0]["Signed Date"], dt.datetime)


def test_summary_answers_the_one_account_rule(written: Path) -> None:
    summary = {
        row[0]: row[1] for row in load_workbook(written)["Summary"].iter_rows(values_only=True)
    }
    assert summary["All numbers from the same carrier account"] == "yes"
    assert summary["ok"] is not None and summary["block"] == len(PAYLOADS)


def test_summary_says_where_the_risk_comes_from(written: Path) -> None:
    summary = {
        row[0]: row[1] for row in load_workbook(written)["Summary"].iter_rows(values_only=True)
    }
    assert "defaults by finding severity" in summary["Risk from"]
