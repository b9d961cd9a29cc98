"""Every verdict class of precheck on its own case (PRODUCT.md section 8, issue 8).

All cases are rows of one sheet checked once against one warehouse; each case's row starts from a
clean row for its account and changes the one thing its behaviour is about.
"""

from __future__ import annotations

import pytest
from precheck_world import build_warehouse, clean_row, output_rows, precheck

from portrecon.findings_catalogue import default_catalogue

CASES = {
    "clean": (clean_row(), "ok", None),
    "unknown_carrier_alone": (clean_row("CW-1", "2175550301", PIN=None), "ok", None),
    "name_equivalent": (
        clean_row(tn="2175550102", **{"End User Name": "ACME, Inc."}),
        "ok",
        "NAME_EQUIVALENT",
    ),
    "name_similar": (
        clean_row(tn="2175550103", **{"End User Name": "Acme Imc"}),
        "warn",
        "NAME_SIMILAR",
    ),
    "name_different": (
        clean_row(tn="2175550104", **{"End User Name": "Zeta Corp"}),
        "block",
        "NAME_DIFFERENT",
    ),
    "address_different": (
        clean_row(tn="2175550105", **{"Service Address 1": "77 Pine St"}),
        "block",
        "ADDRESS_DIFFERENT",
    ),
    "pin_different": (clean_row(tn="2175550106", PIN="9999"), "block", "PIN_DIFFERENT"),
    "number_on_no_csr": (clean_row(tn="2175550999"), "block", "TN_NOT_ON_CSR"),
    "number_on_other_account": (clean_row(tn="2175550201"), "block", "TN_NOT_ON_CSR"),
    "account_different": (
        clean_row(tn="2175550107", **{"Account Number": "9999"}),
        "block",
        "ACCOUNT_DIFFERENT",
    ),
    "no_csr_at_all": (
        clean_row(tn="2175550998", BTN="2175550997", **{"Account Number": "7777"}),
        "block",
        "CSR_NOT_FOUND",
    ),
    "invalid_number": (clean_row(tn="1234567890"), "block", "TN_INVALID"),
    "not_portable": (clean_row(tn="8769271234"), "block", "TN_NOT_PORTABLE"),
    "in_other_open_order": (clean_row(tn="2175550109"), "block", "TN_IN_OTHER_ORDER"),
    "unreadable_date": (
        clean_row(tn="2175550108", **{"Signed Date": "next tuesday"}),
        "block",
        "UNREADABLE_ROW",
    ),
    "empty_number": (clean_row(tn=None), "block", "UNREADABLE_ROW"),
    "stale_invoice": (
        clean_row("2002", "2175550202", **{"Invoice Date": "2026-01-05"}),
        "warn",
        "INVOICE_STALE",
    ),
    "repeated_number": (clean_row(), "warn", "DUPLICATE_TN"),
    "btn_without_rest_of_account": (clean_row(tn="2175550100"), "warn", "PARTIAL_PORT_BTN"),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict[str, dict]]:
    tmp = tmp_path_factory.mktemp("verdicts")
    warehouse = build_warehouse(tmp / "w.duckdb", {"PORT-9": ["+12175550109"]})
    counts, out = precheck(tmp, [row for row, _, _ in CASES.values()], warehouse=warehouse)
    return counts, dict(zip(CASES, output_rows(out), strict=True))


@pytest.mark.parametrize("case", list(CASES))
def test_each_case_gets_its_verdict_and_finding(checked: tuple, case: str) -> None:
    _, expected_verdict, code = CASES[case]
    row = checked[1][case]
    assert row["verdict"] == expected_verdict, row["findings"]
    if code:
        assert code in row["findings"]


def test_without_order_history_risk_follows_the_model_defaults_by_severity(checked: tuple) -> None:
    rows = checked[1]
    levels = [rows[c]["risk_level"] for c in ("name_different", "name_similar", "clean")]
    assert levels == ["high", "medium", "low"]
    assert rows["name_different"]["risk"] > rows["name_similar"]["risk"] > rows["clean"]["risk"]


def test_a_row_that_cannot_be_read_has_no_risk_score(checked: tuple) -> None:
    row = checked[1]["unreadable_date"]
    assert (row["risk"], row["risk_level"]) == (None, "unknown")


def test_every_warn_or_block_row_says_how_to_fix_it(checked: tuple) -> None:
    assert all(row["fixes"] for row in checked[1].values() if row["verdict"] != "ok")


def test_unknown_carrier_info_is_not_listed_on_the_row(checked: tuple) -> None:
    assert "CARRIER_UNKNOWN" not in (checked[1]["unknown_carrier_alone"]["findings"] or "")


def test_other_open_order_is_named(checked: tuple) -> None:
    assert "PORT-9" in checked[1]["in_other_open_order"]["findings"]


def test_a_repeated_number_leaves_its_first_row_as_it_was(checked: tuple) -> None:
    assert "DUPLICATE_TN" not in (checked[1]["clean"]["findings"] or "")


def test_counts_by_verdict_add_up_to_the_rows(checked: tuple) -> None:
    counts = checked[0]
    expected = {v: sum(1 for _, e, _ in CASES.values() if e == v) for v in ("ok", "warn", "block")}
    assert {v: counts[v] for v in expected} == expected
    assert counts["rows"] == len(CASES)


def test_a_number_on_no_csr_is_a_warning_in_the_nightly_but_blocks_here(checked: tuple) -> None:
    assert default_catalogue().findings["CSR_NOT_FOUND"].severity == "warn"
    assert checked[1]["no_csr_at_all"]["verdict"] == "block"
