"""Field findings of build_findings: verdict codes, named address components, PINs kept secret."""

import pytest
from reconcile_world import AS_OF, TEST_KEY, World, case_findings, clean, codes

from portrecon.pins import hash_pin
from portrecon.reconcile import build_findings
from portrecon.schema import FINDINGS

CASES = {
    "clean": clean,
    "name_incorporated": lambda c: c.csr().loa(end_user_name="ACME INCORPORATED"),
    "name_other": lambda c: c.csr().loa(end_user_name="Zenith Corp"),
    "no_suite": lambda c: c.csr().loa(service_address_2=None),
    "zip_plus_four": lambda c: c.csr().loa(postal_code="62701-4410"),
    "account_zeros": lambda c: c.csr().loa(account_number=f"00{c.account}"),
    "account_typo": lambda c: c.csr().loa(account_number=c.account[:-2] + c.account[:-3:-1]),
    "account_missing": lambda c: c.csr().loa(account_number=None, btn=None),
    "pin_other": lambda c: c.csr().loa(pin="9999"),
    "pin_secret": lambda c: c.csr(pin="8642").loa(pin="97531"),
    "pin_only_on_csr": lambda c: c.csr().loa(pin=None),
    "pin_on_neither": lambda c: c.csr(pin=None).loa(pin=None),
    "btn_swap": lambda c: c.csr(btn="+13194218702").loa(btn="+13194218720"),
    "btn_other_number": lambda c: c.csr().loa(btn=c.tns[1]),
    "btn_of_another_account": lambda c: (
        c.csr()
        .csr(tns=c.numbers(int(c.account[1:]), 2, start=50), account_number=f"{c.account}B")
        .loa(account_number=None, btn=c.numbers(int(c.account[1:]), 1, start=50)[0])
    ),
    "numbers_on_no_account": lambda c: c.csr().loa(
        account_number=None, tns=c.numbers(int(c.account[1:]), 2, start=70)
    ),
}


@pytest.fixture(scope="module")
def found():
    return case_findings(CASES)


def test_a_clean_loa_has_no_findings(found):
    assert found["clean"].empty


def test_findings_have_the_contract_columns_in_order(found):
    assert list(found["name_other"].columns) == FINDINGS.column_names


def test_acme_inc_vs_acme_incorporated_is_name_equivalent(found):
    assert codes(found, "name_incorporated") == ["NAME_EQUIVALENT"]


def test_another_name_is_name_different(found):
    assert codes(found, "name_other") == ["NAME_DIFFERENT"]


def test_a_missing_suite_is_address_similar_naming_the_unit(found):
    rows = found["no_suite"][["code", "field"]].values.tolist()
    assert rows == [["ADDRESS_SIMILAR", "address.unit"]]


def test_zip_plus_four_vs_zip5_is_address_equivalent(found):
    assert codes(found, "zip_plus_four") == ["ADDRESS_EQUIVALENT"]


def test_leading_zeros_are_account_equivalent_and_still_match_by_account(found):
    rows = found["account_zeros"][["code", "match_method"]].values.tolist()
    assert rows == [["ACCOUNT_EQUIVALENT", "account"]]


def test_an_account_typo_is_account_similar_and_the_numbers_find_the_account(found):
    rows = found["account_typo"][["code", "match_method"]].values.tolist()
    assert rows == [["ACCOUNT_SIMILAR", "numbers"]]


def test_without_account_number_the_numbers_account_wins_over_the_btns(found):
    # The BTN was typed from another account: a BTN difference, not another account to compare.
    rows = found["btn_of_another_account"][["code", "match_method", "csr_account_number"]]
    account = found["btn_of_another_account"].csr_account_number.iloc[0]
    assert rows.values.tolist() == [
        ["ACCOUNT_MISSING_LOA", "numbers", account],
        ["BTN_DIFFERENT", "numbers", account],
    ]
    assert not account.endswith("B")


def test_when_no_account_holds_the_numbers_the_btn_finds_the_account(found):
    rows = found["numbers_on_no_account"][["code", "match_method"]].values.tolist()
    assert rows == [["ACCOUNT_MISSING_LOA", "btn"], ["TN_NOT_ON_CSR", "btn"]]


def test_without_account_number_and_btn_the_numbers_find_the_account(found):
    rows = found["account_missing"][["code", "match_method"]].values.tolist()
    assert rows == [["ACCOUNT_MISSING_LOA", "numbers"], ["BTN_MISSING_LOA", "numbers"]]


def test_another_pin_is_pin_different_shown_masked(found):
    rows = found["pin_other"][["code", "loa_value", "csr_value"]].values.tolist()
    assert rows == [["PIN_DIFFERENT", "****", "****"]]


def test_a_pin_never_appears_in_findings_in_clear_or_as_hash(found):
    text = found["pin_secret"].astype(str).to_string()
    secrets = ["8642", "97531", hash_pin("8642", key=TEST_KEY), hash_pin("97531", key=TEST_KEY)]
    assert found["pin_secret"].code.tolist() == ["PIN_DIFFERENT"]
    assert not [s for s in secrets if s in text]


def test_a_pin_on_the_csr_but_not_the_loa_is_pin_missing_loa(found):
    assert codes(found, "pin_only_on_csr") == ["PIN_MISSING_LOA"]


def test_no_pin_on_either_side_is_no_finding(found):
    assert codes(found, "pin_on_neither") == []


def test_two_swapped_digits_in_the_btn_are_btn_similar(found):
    assert codes(found, "btn_swap") == ["BTN_SIMILAR"]


def test_another_number_of_the_account_as_btn_is_btn_different(found):
    assert codes(found, "btn_other_number") == ["BTN_DIFFERENT"]


def test_no_loas_give_an_empty_findings_table_with_the_contract_columns():
    found = build_findings(World().connect(), AS_OF)
    assert (len(found), list(found.columns)) == (0, FINDINGS.column_names)
