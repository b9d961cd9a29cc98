"""One display style per carrier (issue 20 item 7): the profile's display name, else the
title-cased canonical key, the same in the warehouse's orders (test_timelines_orders), the
reports and precheck."""

from pathlib import Path

import duckdb
import pytest
from precheck_world import build_warehouse, clean_row, precheck, suborders

from portrecon.carriers import default_carrier_book


@pytest.mark.parametrize(
    ("spelling", "shown"),
    [
        ("CASCADIA WIRELESS LLC", "Cascadia Wireless"),
        ("Cascadia Wireless, Inc.", "Cascadia Wireless"),
        ("Redwood & Pine Communications", "Redwood and Pine Communications"),
        ("bluegrass bell inc", "Bluegrass Bell"),
    ],
)
def test_an_unknown_carrier_is_shown_as_its_title_cased_canonical_name(spelling, shown) -> None:
    book = default_carrier_book()
    assert book.display_name(book.carrier_id(spelling)) == shown


def test_a_known_carrier_is_shown_as_its_profiles_display_name() -> None:
    book = default_carrier_book()
    assert book.display_name(book.carrier_id("AT and T")) == "AT&T"


def test_precheck_names_the_carrier_as_the_reports_do_not_as_the_csr_spells_it(
    tmp_path: Path,
) -> None:
    warehouse = build_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "UPDATE csr_records SET carrier = 'CASCADIA WIRELESS LLC' WHERE carrier_id = "
            "'cascadia_wireless'"
        )
    row = clean_row("CW-1", "2175550301", **{"Losing Carrier": "Cascadia Wireless, Inc."})
    _, out = precheck(tmp_path, [row], warehouse=warehouse)
    assert [s["losing_carrier"] for s in suborders(out)] == ["Cascadia Wireless"]
