"""Precheck judges port dates by the nightly's rules and proposes one date for the project.

As-of Friday 2026-11-20: AT&T's 2 business days make Tuesday the 24th its earliest date; Verizon,
here given 4 days of lead time, reaches Friday the 27th across Thanksgiving.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from precheck_world import clean_row, output_rows, precheck, suborders

from portrecon.carriers import CarrierBook, default_carrier_book


def _slow_verizon_book() -> CarrierBook:
    """The bundled profiles with Verizon needing 4 business days for any order."""
    book = default_carrier_book()
    profiles = [
        p.model_copy(update={"min_business_days_by_size": {1: 4}}) if p.id == "verizon" else p
        for p in book.profiles.values()
    ]
    return CarrierBook(book.default, profiles)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], list[dict]]:
    rows = [
        clean_row(tn="2175550101"),
        clean_row(tn="2175550102"),
        clean_row("2002", "2175550201"),
        clean_row(tn="2175550103", **{"Requested Port Date": dt.date(2026, 11, 28)}),
    ]
    _, out = precheck(tmp_path_factory.mktemp("dates"), rows, book=_slow_verizon_book())
    return output_rows(out), suborders(out)


def _earliest(orders: list[dict], carrier: str) -> dt.date:
    (order,) = [o for o in orders if o["losing_carrier"] == carrier]
    return order["earliest_feasible_date"].date()


def test_a_saturday_on_the_sheet_is_not_a_business_day(checked: tuple) -> None:
    row = next(r for r in checked[0] if str(r["TN"]) == "2175550103")
    assert "PORT_DATE_NOT_BUSINESS_DAY" in row["findings"]
    assert "Request 2026-11-30 or later" in row["fixes"]


def test_each_suborder_gets_its_own_earliest_date(checked: tuple) -> None:
    orders = checked[1]
    assert _earliest(orders, "AT&T") == dt.date(2026, 11, 24)
    assert _earliest(orders, "Verizon") == dt.date(2026, 11, 27)


def test_every_suborder_proposes_the_date_all_of_them_can_meet(checked: tuple) -> None:
    assert {o["project_port_date"].date() for o in checked[1]} == {dt.date(2026, 11, 27)}


def test_a_suborder_requesting_a_date_before_the_project_date_says_so(tmp_path: Path) -> None:
    rows = [
        clean_row(tn="2175550101", **{"Requested Port Date": dt.date(2026, 11, 25)}),
        clean_row("2002", "2175550201", **{"Requested Port Date": dt.date(2026, 11, 30)}),
    ]
    _, out = precheck(tmp_path, rows, book=_slow_verizon_book())
    notes = {o["losing_carrier"]: o["notes"] for o in suborders(out)}
    assert notes == {
        "AT&T": "requested port date 2026-11-25 is before the project date 2026-11-27",
        "Verizon": None,
    }
