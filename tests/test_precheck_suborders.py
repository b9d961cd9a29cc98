"""Sub-orders: each submittable number once, one carrier and one account each, carrier size cap."""

from __future__ import annotations

import pytest
from precheck_world import ACCOUNTS, clean_row, output_rows, precheck, suborders

from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.precheck.suborders import as_ranges

ACCOUNT_OF = {tn[2:]: account for account, a in ACCOUNTS.items() for tn in a["tns"]}


def _small_orders_book(limit: int) -> CarrierBook:
    """The bundled profiles with every carrier capped at `limit` numbers per order."""
    book = default_carrier_book()
    capped = [p.model_copy(update={"max_numbers_per_order": limit}) for p in book.profiles.values()]
    return CarrierBook(book.default.model_copy(update={"max_numbers_per_order": limit}), capped)


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], list[dict]]:
    tmp = tmp_path_factory.mktemp("suborders")
    rows = [clean_row(tn=f"21755501{n:02d}") for n in range(1, 10)]  # 8 good + 0109 again below
    rows[1]["End User Name"] = "ACME, Inc."  # equivalent: the CSR's name goes on the sub-order
    rows[4]["End User Name"] = "Zeta Corp"  # blocked: in no sub-order
    rows[7]["End User Name"] = "Acme Imc"  # similar on one row: the CSR's name, with a note
    rows += [
        clean_row(tn="2175550109"),  # repeated number: placed once
        clean_row("2002", "2175550201", **{"End User Name": "Betta LLC"}),  # similar: kept
        clean_row("2002", "2175550203", **{"End User Name": "Betta LLC"}),
        clean_row("CW-1", "2175550300", PIN=None),
        clean_row("CW-1", "2175550301", PIN=None),
        clean_row("CW-1", "2175550302", PIN=None),
    ]
    _, out = precheck(tmp, rows, book=_small_orders_book(4))
    return output_rows(out), suborders(out)


def _numbers(text: str) -> list[str]:
    out: list[str] = []
    for part in text.split(", "):
        first, _, last = part.partition("-")
        out += [str(n) for n in range(int(first), int(last or first) + 1)]
    return out


def test_every_submittable_number_is_in_exactly_one_suborder(split: tuple) -> None:
    rows, orders = split
    placed = [n for order in orders for n in _numbers(order["numbers"])]
    submittable = {str(r["TN"]) for r in rows if r["verdict"] != "block"}
    assert sorted(placed) == sorted(submittable)


def test_blocked_numbers_are_in_no_suborder(split: tuple) -> None:
    rows, orders = split
    placed = {n for order in orders for n in _numbers(order["numbers"])}
    assert all(str(r["TN"]) not in placed for r in rows if r["verdict"] == "block")
    assert all(r["suborder"] is None for r in rows if r["verdict"] == "block")


def test_a_suborder_never_mixes_carriers_or_accounts(split: tuple) -> None:
    for order in split[1]:
        accounts = {ACCOUNT_OF[n] for n in _numbers(order["numbers"])}
        assert accounts == {order["account_number"]}


def test_the_carrier_maximum_splits_an_account_into_several_suborders(split: tuple) -> None:
    sizes = sorted(o["numbers_count"] for o in split[1] if o["account_number"] == "1001")
    assert sizes == [4, 4]
    assert all(o["numbers_count"] <= 4 for o in split[1])


def test_consecutive_numbers_are_written_as_ranges(split: tuple) -> None:
    (cascadia,) = [o for o in split[1] if o["account_number"] == "CW-1"]
    assert cascadia["numbers"] == "2175550300-2175550302"


def test_equivalent_values_are_replaced_by_the_csr_values(split: tuple) -> None:
    assert {o["end_user_name"] for o in split[1] if o["account_number"] == "1001"} == {"Acme Inc"}


def test_a_close_variant_on_some_rows_gives_the_csr_value_and_a_note(split: tuple) -> None:
    acme = [o for o in split[1] if o["account_number"] == "1001"]
    assert all(o["end_user_name"] == "Acme Inc" and "some rows differ" in o["notes"] for o in acme)


def test_suborder_pin_is_masked(split: tuple) -> None:
    assert {o["pin"] for o in split[1] if o["account_number"] != "CW-1"} == {"****"}


def test_ranges_of_sorted_numbers() -> None:
    assert as_ranges([1, 2, 3, 5, 7, 8]) == "1-3, 5, 7-8"
    assert as_ranges([]) == ""


def test_a_similar_name_is_kept_as_typed_and_noted(split: tuple) -> None:
    (order,) = [o for o in split[1] if o["account_number"] == "2002"]
    assert order["end_user_name"] == "Betta LLC" and "check" in order["notes"]
