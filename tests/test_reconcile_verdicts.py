"""Field verdicts on hand-written pairs: the similar/different boundary."""

import pandas as pd
import pytest

from portrecon.match.verdicts import (
    compare_accounts,
    compare_addresses,
    compare_btns,
    compare_names,
    compare_pins,
)
from portrecon.pins import hash_pin, hash_pin_unpadded

_FIELDS = ["service_address_1", "service_address_2", "city", "state", "postal_code"]


def _one_name(loa, csr):
    return compare_names([loa], [csr]).iloc[0]


ADDRESS_PAIRS = {
    "usps_forms": (
        ("123 N Main St Ste 4", None, "Springfield", "IL", "62701"),
        ("123 North Main Street Suite 4", None, "Springfield", "IL", "62701"),
    ),
    "no_suite": (
        ("123 N Main St", None, "Springfield", "IL", "62701"),
        ("123 N Main St", "Suite 4", "Springfield", "IL", "62701"),
    ),
    "zip_plus_four": (
        ("123 N Main St", None, "Springfield", "IL", "62701-1234"),
        ("123 N Main St", None, "Springfield", "IL", "62701"),
    ),
    "city_typo": (
        ("12 Oak Ave", None, "Cedar Rawids", "IA", "52404"),
        ("12 Oak Ave", None, "Cedar Rapids", "IA", "52404"),
    ),
    "other_number": (
        ("48 Oak Ave", None, "Cedar Rapids", "IA", "52404"),
        ("12 Oak Ave", None, "Cedar Rapids", "IA", "52404"),
    ),
    "french": (
        ("798 avenue du Mont-Royal Est", None, "Montréal", "QC", "H3B 2T7"),
        ("798 Avenue du Mont Royal E", None, "MONTREAL", "Quebec", "h3b2t7"),
    ),
    "canadian_postal_spacing": (
        ("1870 Government Street", "Apartment 38", "Victoria", "BC", "V8W 4V3"),
        ("1870 Government St", "Apt 38", "Victoria", "BC", "v8w4v3"),
    ),
    "unit_type_only": (
        ("2320 Radcliffe Dr SW", "Apt 17", "Cedar Rapids", "IA", "52404"),
        ("2320 Radcliffe Dr SW", "Unit 17", "Cedar Rapids", "IA", "52404"),
    ),
    "highway_postdirectional": (
        ("7744 Oak Highway E", None, "Halifax", "NS", "B3H 9E1"),
        ("7744 OAK HWY E", None, "HALIFAX", "NS", "B3H 9E1"),
    ),
    "french_street_typo": (
        ("5449 place de la Monttagne Sud", None, "Laval", "QC", "H7N 5R9"),
        ("5449 place de la Montagne Sud", None, "Laval", "QC", "H7N 5R9"),
    ),
    "no_address_on_loa": (
        (None, None, None, None, None),
        ("12 Oak Ave", None, "Cedar Rapids", "IA", "52404"),
    ),
}


@pytest.fixture(scope="module")
def addresses():
    loa = pd.DataFrame([pair[0] for pair in ADDRESS_PAIRS.values()], columns=_FIELDS)
    csr = pd.DataFrame([pair[1] for pair in ADDRESS_PAIRS.values()], columns=_FIELDS)
    judged = compare_addresses(loa, csr)
    return dict(zip(ADDRESS_PAIRS, judged.itertuples(index=False), strict=True))


def test_acme_inc_vs_acme_incorporated_is_name_equivalent():
    assert _one_name("Acme Inc", "ACME INCORPORATED") == "equivalent"


def test_case_and_spacing_only_is_name_exact():
    assert _one_name("  acme   inc ", "ACME INC") == "exact"


def test_one_transposed_letter_is_name_similar():
    assert _one_name("Jonh Smith", "John Smith") == "similar"


def test_a_dropped_middle_name_is_name_similar():
    assert _one_name("Sheena Williamson", "SHEENA TINA WILLIAMSON") == "similar"


def test_another_name_is_name_different():
    assert _one_name("Acme Plumbing", "Zenith Roofing") == "different"


def test_a_replaced_word_is_name_different():
    assert _one_name("Acme Plumbing", "Acme Roofing") == "different"


def test_suffix_added_is_similar_not_equivalent():
    assert _one_name("Acme", "Acme Inc") == "similar"


def test_missing_name_on_the_loa_is_missing_loa():
    assert _one_name(None, "Acme") == "missing_loa"


def test_leading_zeros_are_account_equivalent():
    assert compare_accounts(["0012345"], ["12345"]).iloc[0] == "equivalent"


def test_one_swapped_digit_is_account_similar():
    assert compare_accounts(["12354"], ["12345"]).iloc[0] == "similar"


def test_another_account_is_account_different():
    assert compare_accounts(["98765"], ["12345"]).iloc[0] == "different"


def test_two_swapped_digits_in_a_btn_are_similar():
    assert compare_btns(["+14155550132"], ["+14155550123"]).iloc[0] == "similar"


def test_one_other_digit_in_a_btn_is_different():
    assert compare_btns(["+14155550124"], ["+14155550123"]).iloc[0] == "different"


def _pin_verdict(loa: object, csr: object) -> str:
    """Verdict of two PINs as reconciliation sees them: keyed hashes only."""
    key = b"test-key"
    return compare_pins(
        [hash_pin(loa, key)],
        [hash_pin(csr, key)],
        [hash_pin_unpadded(loa, key)],
        [hash_pin_unpadded(csr, key)],
    ).iloc[0]


def test_equal_pins_are_exact_and_one_other_digit_is_different():
    assert (_pin_verdict("1234", "1234"), _pin_verdict("1234", "1235")) == ("exact", "different")


def test_a_pin_that_lost_its_leading_zero_in_a_spreadsheet_is_equivalent():
    assert _pin_verdict(123, "0123") == "equivalent"


def test_a_pin_with_a_trailing_zero_more_is_different():
    assert _pin_verdict("1230", "123") == "different"


def test_a_pin_only_on_the_loa_is_missing_csr():
    assert _pin_verdict("1234", None) == "missing_csr"


def test_usps_abbreviations_are_address_equivalent_or_exact(addresses):
    assert addresses["usps_forms"].verdict in ("exact", "equivalent")


def test_a_missing_suite_is_address_similar_naming_the_unit(addresses):
    got = addresses["no_suite"]
    assert (got.verdict, got.field) == ("similar", "address.unit")


def test_zip_plus_four_vs_zip5_is_address_equivalent(addresses):
    assert addresses["zip_plus_four"].verdict == "equivalent"


def test_a_city_typo_is_address_similar_naming_the_city(addresses):
    got = addresses["city_typo"]
    assert (got.verdict, got.field) == ("similar", "address.city")


def test_another_house_number_is_address_different_naming_the_number(addresses):
    got = addresses["other_number"]
    assert (got.verdict, got.field) == ("different", "address.number")


def test_french_and_accent_folded_canadian_address_is_equivalent(addresses):
    assert addresses["french"].verdict == "equivalent"


def test_canadian_postal_code_spacing_and_case_is_equivalent(addresses):
    assert addresses["canadian_postal_spacing"].verdict == "equivalent"


def test_another_unit_designator_for_the_same_unit_is_similar(addresses):
    got = addresses["unit_type_only"]
    assert (got.verdict, got.field) == ("similar", "address.unit")


def test_no_address_on_the_loa_is_address_missing_loa(addresses):
    assert addresses["no_address_on_loa"].verdict == "missing_loa"


def test_a_trailing_directional_after_highway_is_not_a_unit(addresses):
    assert addresses["highway_postdirectional"].verdict == "equivalent"


def test_a_typo_in_a_french_street_name_is_similar_naming_the_street(addresses):
    got = addresses["french_street_typo"]
    assert (got.verdict, got.field) == ("similar", "address.street")
