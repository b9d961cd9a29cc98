"""Normalisers: each distinct value maps to an exact form and an equivalence key."""

import pandas as pd
import pytest

from portrecon.normalise.accounts import normalise_accounts
from portrecon.normalise.addresses import normalise_addresses, postal_key, state_key
from portrecon.normalise.names import normalise_names
from portrecon.normalise.text import squeeze_spaces


def _address(line1, line2=None, city="Springfield", state="IL", postal="62701"):
    columns = ["service_address_1", "service_address_2", "city", "state", "postal_code"]
    return pd.DataFrame([(line1, line2, city, state, postal)], columns=columns)


def test_business_suffix_spellings_share_one_name_key():
    keys = normalise_names(["Acme Inc", "ACME, INCORPORATED", "Acme Inc."])["key"]
    assert keys.nunique() == 1


def test_llc_with_dots_and_ampersand_share_the_and_spelling_key():
    keys = normalise_names(["Melton & Mathews, L.L.C.", "Melton and Mathews LLC"])["key"]
    assert keys.nunique() == 1


def test_names_are_normalised_once_per_distinct_value():
    assert len(normalise_names(["Acme", "Acme", None, "acme"])) == 2


def test_account_key_drops_separators_and_leading_zeros():
    keys = normalise_accounts(["0012345", "12345", "12-345", "12345.0"])["key"]
    assert set(keys) == {"12345"}


def test_usps_long_and_short_forms_give_the_same_components():
    short = normalise_addresses(_address("123 N Main St Ste 4"))
    long_ = normalise_addresses(_address("123 North Main Street", "Suite 4"))
    assert short.iloc[0].tolist() == long_.iloc[0].tolist()


def test_french_street_type_and_directional_are_components():
    parts = normalise_addresses(_address("798 avenue du Mont-Royal Est", None, "Montréal", "QC"))
    row = parts.iloc[0]
    assert (row.c_number, row.c_street, row.c_suffix, row.c_postdirectional, row.c_city) == (
        "798",
        "DU MONT ROYAL",
        "AVE",
        "E",
        "MONTREAL",
    )


def test_rue_first_and_ouest_last_become_suffix_and_postdirectional():
    row = normalise_addresses(_address("2149 rue Sainte-Catherine Ouest")).iloc[0]
    assert (row.c_street, row.c_suffix, row.c_postdirectional) == ("SAINTE CATHERINE", "RUE", "W")


def test_unparseable_street_line_falls_back_without_error():
    row = normalise_addresses(_address("1 Main St Apt 5 Apt 6")).iloc[0]
    assert row.c_number == "1"


def test_zip_plus_four_and_lost_leading_zero_fold_to_zip5():
    assert postal_key(pd.Series(["02134-1234", "2134", "021341234"])).tolist() == ["02134"] * 3


def test_canadian_postal_codes_compare_without_case_or_space():
    assert postal_key(pd.Series(["V8W 4V3", "v8w4v3"])).tolist() == ["V8W 4V3", "V8W 4V3"]


def test_province_names_fold_to_their_codes():
    assert state_key(pd.Series(["Québec", "QC", "Illinois"])).tolist() == ["QC", "QC", "IL"]


@pytest.mark.parametrize("dtype", ["object", "string[pyarrow]"])
def test_no_break_spaces_collapse_in_object_and_arrow_columns(dtype: str) -> None:
    text = pd.Series(["ACME\u00a0 INC\u202f ", " A\u2007B"], dtype=dtype)
    assert squeeze_spaces(text).tolist() == ["ACME INC", "A B"]
