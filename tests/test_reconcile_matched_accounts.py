"""Reconciled.matches: the CSR account each LOA was compared with, as reconcile matched it."""

import pandas as pd
import pytest
from reconcile_world import AS_OF, Case, World

from portrecon.reconcile import MATCHED_ACCOUNT_COLUMNS, build_findings, reconcile


@pytest.fixture(scope="module")
def matched() -> pd.DataFrame:
    world = World()
    by_account, by_numbers, unmatched = Case(world, 1), Case(world, 2), Case(world, 3)
    by_account.csr(account_name="Acme Inc").loa()
    by_numbers.csr().loa(account_number="777", btn=None)
    unmatched.loa(account_number="999", tns=("+13195550000",), btn=None)
    return reconcile(world.connect(), AS_OF).matches.set_index("loa_id")


def test_an_loa_matched_by_account_number_gets_that_accounts_csr_values(matched) -> None:
    row = matched.loc["LO001"]
    assert (row["match_method"], row["account_number"], row["account_name"]) == (
        "account",
        "A001",
        "Acme Inc",
    )


def test_an_loa_matched_by_its_numbers_names_the_account_holding_them(matched) -> None:
    assert (matched.loc["LO002", "match_method"], matched.loc["LO002", "account_number"]) == (
        "numbers",
        "A002",
    )


def test_an_loa_without_a_csr_account_is_not_listed(matched) -> None:
    assert "LO003" not in matched.index


def test_columns_are_the_match_and_the_accounts_values(matched) -> None:
    assert list(matched.reset_index().columns) == [
        "loa_id", "match_method", "acct_id", "cid", *MATCHED_ACCOUNT_COLUMNS, "carrier",
    ]  # fmt: skip


def test_reconciling_leaves_no_work_tables_for_a_later_reader() -> None:
    # What a caller needs of the match is returned; nothing is left to read from the connection.
    world = World()
    Case(world, 1).csr().loa()
    con = world.connect()
    for run in (reconcile, build_findings):
        run(con, AS_OF)
        left = con.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE temporary AND starts_with(table_name, '_recon_')"
        ).fetchall()
        assert left == []
