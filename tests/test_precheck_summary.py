"""The Summary's "What to do" follows from the outcome: what is ready, what blocks the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from precheck_world import HEADER, clean_row, precheck

Outcome = tuple[dict, list[str]]  # counts, the steps of "What to do"


def what_to_do(out: Path) -> list[str]:
    """The Summary's steps: the cells below the "What to do" title, up to the next blank row."""
    cells = [row[0] for row in load_workbook(out)["Summary"].iter_rows(values_only=True)]
    start = cells.index("What to do") + 1
    return cells[start : cells.index(None, start)]


@pytest.fixture(scope="module")
def all_blocked(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """Two rows with a wrong PIN and one with a wrong name: nothing is submittable."""
    rows = [
        clean_row(tn="2175550101", PIN="9999"),
        clean_row(tn="2175550102", PIN="9999"),
        clean_row(tn="2175550103", **{"End User Name": "Zeta Corp"}),
    ]
    counts, out = precheck(tmp_path_factory.mktemp("blocked"), rows)
    return counts, what_to_do(out)


@pytest.fixture(scope="module")
def without_pin_column(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """Clean AT&T rows (AT&T requires a PIN) on a sheet whose PIN column was deleted."""
    rows = [clean_row(tn=f"217555010{n}") for n in range(1, 4)]
    header = [h for h in HEADER if h != "PIN"]
    counts, out = precheck(tmp_path_factory.mktemp("no_pin"), rows, header=header)
    return counts, what_to_do(out)


@pytest.fixture(scope="module")
def partly_ready(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """Two accounts ready (one row with a name typo: warn) and one row with a wrong name."""
    rows = [
        clean_row(tn="2175550101"),
        clean_row(tn="2175550102", **{"End User Name": "Acme Imc"}),
        clean_row("2002", "2175550201"),
        clean_row(tn="2175550103", **{"End User Name": "Zeta Corp"}),
    ]
    counts, out = precheck(tmp_path_factory.mktemp("partly"), rows)
    return counts, what_to_do(out)


def test_no_submittable_row_says_nothing_can_be_submitted_yet(all_blocked: Outcome) -> None:
    counts, steps = all_blocked
    assert counts["suborders"] == 0
    assert steps[0].startswith("Nothing can be submitted yet: 3 of 3 rows are blocked")
    assert not any("Submit" in step for step in steps)


def test_no_submittable_row_names_the_most_common_blocking_finding_and_its_fix(
    all_blocked: Outcome,
) -> None:
    last = all_blocked[1][-1]
    assert last.startswith("The most common blocking finding is PIN_DIFFERENT (2 rows)")
    assert "current port-out PIN" in last


def test_a_missing_pin_column_is_named_as_the_cause(without_pin_column: Outcome) -> None:
    counts, steps = without_pin_column
    assert counts["block"] == 3
    assert "The sheet has no pin column, so PIN_MISSING_LOA is on 3 of 3 rows" in steps[1]


def test_a_finding_the_missing_column_explains_is_not_named_again(
    without_pin_column: Outcome,
) -> None:
    assert not any("blocking finding is PIN_MISSING_LOA" in step for step in without_pin_column[1])


def test_ready_sub_orders_are_to_be_submitted(partly_ready: Outcome) -> None:
    counts, steps = partly_ready
    assert counts["suborders"] == 2
    assert steps[0].startswith("Submit the 2 sub-orders (sheet Sub-orders), each as its own order")


def test_warned_rows_in_sub_orders_are_to_be_read_before_submitting(partly_ready: Outcome) -> None:
    assert partly_ready[1][1].startswith("1 row in them has a warning: read their findings")


def test_blocked_rows_are_said_to_be_in_no_sub_order_with_their_main_reason(
    partly_ready: Outcome,
) -> None:
    last = partly_ready[1][-1]
    assert last.startswith("1 row is blocked and in no sub-order") and "NAME_DIFFERENT" in last
