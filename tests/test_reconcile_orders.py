"""Order findings of build_findings: each code fires on its case and not on its near-miss."""

import datetime as dt

import pytest
from reconcile_world import AS_OF, Case, case_findings, clean, codes

JAMAICA = "+18765550123"
MONTREAL = "+15143450800"
THANKSGIVING_EVE = dt.datetime(2026, 11, 25, 15, 0)  # US holiday next day, not in Canada
FRIDAY_AFTER = dt.date(2026, 11, 27)


def _two_accounts(c: Case, first: int, second: int) -> None:
    """An LOA listing `first` numbers of the case's account and `second` of another account."""
    k = int(c.order_id[1:])
    a, b = c.numbers(k, first, start=100), c.numbers(k, second, start=200)
    c.csr(tns=a).csr(tns=b, account_number=c.account + "B").loa(tns=a + b, btn=None)


def _other_order(c: Case, *, is_open: bool) -> None:
    clean(c)
    other = f"{c.order_id}X"
    c.loa(tns=c.tns[1:], loa_id=f"L{other}", order_id=other).order(other, is_open=is_open)


CASES = {
    "clean": clean,
    "no_csr": lambda c: c.loa(account_number="777"),
    "numbers_only": lambda c: c.csr().loa(account_number="777"),
    "extra_number": lambda c: c.csr().loa(tns=(*c.tns, "+13196408199")),
    "invalid_number": lambda c: c.csr().loa(tns=(*c.tns, "+11002040998")),
    "typed_numbers": lambda c: c.csr().loa(
        tns=tuple(f"1-{t[2:5]}-{t[5:8]}-{t[8:]}" for t in c.tns)
    ),
    "jamaica": lambda c: c.csr().loa(tns=(*c.tns, JAMAICA)),
    "montreal": lambda c: c.csr(tns=(*c.tns, MONTREAL)).loa(tns=(*c.tns, MONTREAL)),
    "other_open": lambda c: _other_order(c, is_open=True),
    "other_closed": lambda c: _other_order(c, is_open=False),
    "btn_only": lambda c: c.csr().loa(tns=c.tns[:1]),
    "non_btn_only": lambda c: c.csr().loa(tns=c.tns[1:]),
    "tollfree_unsigned": lambda c: c.csr().loa(number_type="tollfree", signed_date=None),
    "local_unsigned": lambda c: c.csr().loa(signed_date=None),
    # AT&T's profile accepts LOAs up to 60 days old.
    "signed_61_days": lambda c: c.csr().loa(signed_date=AS_OF - dt.timedelta(days=61)),
    "signed_60_days": lambda c: c.csr().loa(signed_date=AS_OF - dt.timedelta(days=60)),
    "invoice_61_days": lambda c: c.csr().loa(invoice_date=AS_OF - dt.timedelta(days=61)),
    "invoice_60_days": lambda c: c.csr().loa(invoice_date=AS_OF - dt.timedelta(days=60)),
    "invoice_missing": lambda c: c.csr().loa(invoice_date=None),
    # Friday 2026-11-20 -> Monday is one business day, Tuesday two.
    "port_monday": lambda c: c.csr().loa(requested_port_date=dt.date(2026, 11, 23)),
    "port_tuesday": lambda c: c.csr().loa(requested_port_date=dt.date(2026, 11, 24)),
    "us_thanksgiving": lambda c: (
        c.csr().loa(requested_port_date=FRIDAY_AFTER).order(submitted_at=THANKSGIVING_EVE)
    ),
    "ca_thanksgiving": lambda c: (
        c.csr(carrier="Bell")
        .loa(losing_carrier="Bell", requested_port_date=FRIDAY_AFTER)
        .order(submitted_at=THANKSGIVING_EVE)
    ),
    "unknown_quebec_thanksgiving": lambda c: (
        c.csr(carrier="Maple Leaf Telecom", state="QC")
        .loa(losing_carrier="Maple Leaf Telecom", state="QC", requested_port_date=FRIDAY_AFTER)
        .order(submitted_at=THANKSGIVING_EVE)
    ),
    "unknown_quebec_spelled_out": lambda c: (
        c.csr(carrier="Maple Leaf Telecom", state="Québec")
        .loa(losing_carrier="Maple Leaf Telecom", state="Québec", requested_port_date=FRIDAY_AFTER)
        .order(submitted_at=THANKSGIVING_EVE)
    ),
    "submitted_in_june": lambda c: (
        c.csr()
        .loa(signed_date=dt.date(2026, 5, 20), invoice_date=None, requested_port_date=None)
        .order(submitted_at=dt.datetime(2026, 6, 1, 15, 30))
    ),
    "project_two_accounts": lambda c: _two_accounts(c, 60, 40),
    "small_two_accounts": lambda c: _two_accounts(c, 60, 39),
    "other_carrier": lambda c: c.csr().loa(losing_carrier="Verizon", pin=None),
    "account_at_other_carrier": lambda c: c.csr(carrier="Lumen", account_number="718408666L").loa(
        losing_carrier="Frontier", account_number="718408666L", btn=None, tns=("+13195550199",)
    ),
    "unknown_1": lambda c: c.csr(carrier="Foo Telecom LLC").loa(losing_carrier="Foo Telecom, Inc."),
    "unknown_2": lambda c: c.csr(carrier="Foo Telecom LLC").loa(losing_carrier="FOO TELECOM"),
    "unknown_3": lambda c: c.csr(carrier="Foo Telecom LLC").loa(losing_carrier="foo telecom inc"),
}


@pytest.fixture(scope="module")
def found():
    return case_findings(CASES)


def test_csr_not_found_when_neither_account_nor_numbers_match(found):
    assert codes(found, "no_csr") == ["CSR_NOT_FOUND"]


def test_csr_found_by_numbers_is_not_csr_not_found(found):
    assert "CSR_NOT_FOUND" not in codes(found, "numbers_only")


def test_tn_not_on_csr_when_a_number_is_not_on_the_account(found):
    assert codes(found, "extra_number") == ["TN_NOT_ON_CSR"]


def test_tn_invalid_for_a_number_that_is_not_nanp(found):
    assert codes(found, "invalid_number") == ["TN_INVALID"]


def test_numbers_typed_with_dashes_are_not_tn_invalid(found):
    assert codes(found, "typed_numbers") == []


def test_numbers_all_on_the_account_are_not_tn_not_on_csr(found):
    assert "TN_NOT_ON_CSR" not in codes(found, "clean")


def test_tn_not_portable_for_a_jamaican_number(found):
    assert codes(found, "jamaica") == ["TN_NOT_PORTABLE"]


def test_a_canadian_number_is_portable(found):
    assert codes(found, "montreal") == []


def test_tn_in_other_order_when_another_open_order_lists_the_number(found):
    assert "TN_IN_OTHER_ORDER" in codes(found, "other_open")


def test_a_closed_other_order_is_not_tn_in_other_order(found):
    assert "TN_IN_OTHER_ORDER" not in codes(found, "other_closed")


def test_partial_port_btn_when_the_btn_moves_without_the_other_numbers(found):
    assert codes(found, "btn_only") == ["PARTIAL_PORT_BTN"]


def test_porting_only_non_btn_numbers_is_not_partial_port_btn(found):
    assert codes(found, "non_btn_only") == []


def test_loa_unsigned_tollfree_for_a_tollfree_order_without_signature(found):
    assert codes(found, "tollfree_unsigned") == ["LOA_UNSIGNED_TOLLFREE"]


def test_an_unsigned_local_loa_is_not_loa_unsigned_tollfree(found):
    assert codes(found, "local_unsigned") == []


def test_loa_stale_past_the_carriers_limit(found):
    assert codes(found, "signed_61_days") == ["LOA_STALE"]


def test_an_loa_at_the_carriers_limit_is_not_stale(found):
    assert codes(found, "signed_60_days") == []


def test_invoice_stale_past_60_days(found):
    assert codes(found, "invoice_61_days") == ["INVOICE_STALE"]


def test_a_missing_invoice_is_invoice_stale(found):
    assert codes(found, "invoice_missing") == ["INVOICE_STALE"]


def test_an_invoice_of_60_days_is_not_stale(found):
    assert codes(found, "invoice_60_days") == []


def test_port_date_too_soon_one_business_day_after_reference(found):
    assert codes(found, "port_monday") == ["PORT_DATE_TOO_SOON"]


def test_two_business_days_is_not_port_date_too_soon(found):
    assert codes(found, "port_tuesday") == []


def test_us_thanksgiving_counts_against_a_us_carrier(found):
    assert codes(found, "us_thanksgiving") == ["PORT_DATE_TOO_SOON"]


def test_us_thanksgiving_is_a_business_day_for_a_canadian_carrier(found):
    assert codes(found, "ca_thanksgiving") == []


def test_an_unknown_carrier_serving_quebec_uses_the_canadian_calendar(found):
    assert codes(found, "unknown_quebec_thanksgiving") == ["CARRIER_UNKNOWN"]


def test_a_province_spelled_out_with_its_accent_counts_as_canadian(found):
    assert codes(found, "unknown_quebec_spelled_out") == ["CARRIER_UNKNOWN"]


def test_a_submitted_order_is_judged_at_its_submission_date(found):
    # Signed 12 days before submission: not stale then, though 184 days before as-of.
    assert codes(found, "submitted_in_june") == ["INVOICE_STALE"]


def test_the_reference_date_of_a_submitted_order_is_recorded(found):
    dates = found["submitted_in_june"].reference_date.dt.date.tolist()
    assert dates == [dt.date(2026, 6, 1)]


def test_project_mixed_accounts_for_100_numbers_over_two_accounts(found):
    assert "PROJECT_MIXED_ACCOUNTS" in codes(found, "project_two_accounts")


def test_99_numbers_over_two_accounts_is_not_a_project(found):
    assert "PROJECT_MIXED_ACCOUNTS" not in codes(found, "small_two_accounts")


def test_carrier_mismatch_when_the_numbers_sit_with_another_carrier(found):
    assert "CARRIER_MISMATCH" in codes(found, "other_carrier")


def test_an_account_number_found_only_at_another_carrier_is_carrier_mismatch(found):
    rows = found["account_at_other_carrier"]
    mismatch = rows[rows.code == "CARRIER_MISMATCH"]
    assert mismatch.match_method.tolist() == ["account_other_carrier"]


def test_a_matching_carrier_is_not_carrier_mismatch(found):
    assert "CARRIER_MISMATCH" not in codes(found, "numbers_only")


def test_unknown_carrier_spelled_three_ways_is_one_carrier_with_one_info_each(found):
    unknown = [found[f"unknown_{i}"] for i in (1, 2, 3)]
    assert [u.code.tolist() for u in unknown] == [["CARRIER_UNKNOWN"]] * 3
    assert {cid for u in unknown for cid in u.carrier_id} == {"foo_telecom"}


def test_carrier_unknown_is_info(found):
    assert found["unknown_1"].severity.tolist() == ["info"]


def test_a_known_carrier_has_no_carrier_unknown(found):
    assert "CARRIER_UNKNOWN" not in codes(found, "clean")
