"""The synthetic world's building blocks: verdicts that hold by construction, valid numbers of
the right area, carrier spellings that resolve, and business days as common.md counts them."""

from __future__ import annotations

import ast
import hashlib
from datetime import date
from pathlib import Path

import numpy as np
import phonenumbers
import pytest

from portrecon.carriers import default_carrier_book
from portrecon.synth import generate
from portrecon.synth.calendars import calendars_for, holiday_dates
from portrecon.synth.perturb import Perturber
from portrecon.synth.phones import NumberPool, valid_exchanges
from portrecon.synth.rand import Dice
from portrecon.synth.values import exact_key
from portrecon.synth.world import UNKNOWN_CARRIERS, AccountFactory, account_key, build_carriers

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_inbox"


@pytest.fixture(scope="module")
def built() -> list[tuple]:
    """(account, LOA fields) for 600 accounts across every carrier."""
    dice = Dice(5)
    carriers = build_carriers(default_carrier_book(), dice)
    factory = AccountFactory(dice, NumberPool(dice))
    perturber = Perturber(dice, factory)
    pairs = []
    for i in range(600):
        account = factory.account(carriers[i % len(carriers)], dice.integer(1, 6))
        pairs.append((account, perturber.fields(account, compared=True)))
    return pairs


def _verdict(fields, field: str) -> str | None:
    return next((v for f, v, _ in fields.verdicts if f == field), None)


def test_name_verdicts_hold_under_the_exact_rule(built: list[tuple]) -> None:
    for account, loa in built:
        verdict = _verdict(loa, "name")
        if verdict in ("exact", "equivalent", "similar", "different"):
            same = exact_key(loa.end_user_name) == exact_key(account.csr_name)
            assert same == (verdict == "exact"), (verdict, loa.end_user_name, account.csr_name)


def test_address_verdicts_hold_under_the_exact_rule(built: list[tuple]) -> None:
    for account, loa in built:
        verdict = _verdict(loa, "address")
        if verdict in ("exact", "equivalent", "similar", "different"):
            same = list(map(exact_key, loa.address)) == list(map(exact_key, account.csr_address))
            assert same == (verdict == "exact"), (verdict, loa.address, account.csr_address)


def test_account_equivalents_differ_only_in_zeros_and_separators(built: list[tuple]) -> None:
    for account, loa in built:
        verdict = _verdict(loa, "account")
        if verdict in ("exact", "equivalent", "similar", "different"):
            assert (exact_key(loa.account_number) == exact_key(account.number)) == (
                verdict == "exact"
            )
            same_key = account_key(loa.account_number) == account_key(account.number)
            assert same_key == (verdict in ("exact", "equivalent"))


def test_pin_and_btn_verdicts_match_the_values(built: list[tuple]) -> None:
    for account, loa in built:
        pin, btn = _verdict(loa, "pin"), _verdict(loa, "btn")
        if pin in ("exact", "different"):
            assert (loa.pin == account.pin) == (pin == "exact")
        assert pin != "missing_loa" or (loa.pin is None and account.pin)
        if btn in ("exact", "similar", "different"):
            assert (loa.btn == account.csr_btn) == (btn == "exact")


def test_account_numbers_are_valid_numbers_of_the_service_area(built: list[tuple]) -> None:
    for account, _ in built:
        for tn in account.tns:
            number = phonenumbers.parse(f"+1{tn}")
            assert phonenumbers.is_valid_number(number), tn
            if account.tollfree:
                assert tn // 10**7 in (800, 833, 844, 855, 866, 877, 888)
            else:
                assert tn // 10**7 in account.place.area_codes
                assert phonenumbers.region_code_for_number(number) == account.place.country


def test_unknown_carrier_spellings_resolve_to_one_unknown_carrier() -> None:
    book = default_carrier_book()
    for carrier_id, _, spellings in UNKNOWN_CARRIERS:
        assert {book.carrier_id(s) for s in spellings} == {carrier_id}
        assert not book.is_known(carrier_id)


@pytest.mark.parametrize("country", ["US", "CA"])
def test_business_days_count_like_numpy_busday_count(country: str) -> None:
    calendar = calendars_for(2026)[country]
    holidays = holiday_dates(country, 2024, 2027)
    start = date(2026, 1, 1).toordinal()
    for offset in range(0, 700, 7):
        a, b = start - 300 + offset, start + offset
        expected = np.busday_count(
            date.fromordinal(a + 1), date.fromordinal(b + 1), holidays=holidays
        )
        assert calendar.between(a, b) == expected == -calendar.between(b, a)


def test_thanksgiving_counts_in_the_us_and_not_in_canada() -> None:
    wednesday, friday = date(2026, 11, 25).toordinal(), date(2026, 11, 27).toordinal()
    calendars = calendars_for(2026)
    assert calendars["US"].between(wednesday, friday) == 1
    assert calendars["CA"].between(wednesday, friday) == 2


@pytest.mark.skipif(not SAMPLE.exists(), reason="bundled sample inbox not in this checkout")
def test_bundled_sample_is_what_the_generator_writes(tmp_path: Path) -> None:
    generate(tmp_path, orders=300, seed=7)

    def digest(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*")
            if p.is_file()
        }

    assert digest(tmp_path) == digest(SAMPLE)


def test_synth_uses_no_product_code_but_the_carrier_profiles_and_usps_tables() -> None:
    """The truth must be able to catch the product's mistakes, so it cannot share its code; it
    shares only data: the carrier profiles and Publication 28's tables as published."""
    for path in sorted((ROOT / "portrecon" / "synth").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("portrecon"):
                assert node.module in (
                    "portrecon.carriers",
                    "portrecon.pub28",
                ) or node.module.startswith("portrecon.synth"), (path.name, node.module)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("portrecon") for a in node.names), path.name


def test_the_number_pool_outgrows_an_area_codes_usual_exchanges_without_repeating_a_number() -> (
    None
):
    # One area code holds ~4,000 blocks in its 40 usual exchanges; a national world needs more.
    pool = NumberPool(Dice(5))
    blocks = [pool.block((212,), 2) for _ in range(6_000)]
    numbers = [n for block in blocks for n in block]
    assert len(set(numbers)) == len(numbers) == 12_000
    exchanges = {n // 10_000 % 1_000 for n in numbers}
    assert len(exchanges) > len(valid_exchanges(212)[0])
    assert all(n // 10_000_000 == 212 for n in numbers)
