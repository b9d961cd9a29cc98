"""Precheck names each carrier as the nightly report does, whatever the CSRs' spellings."""

import duckdb
import pytest

from portrecon.carriers import default_carrier_book
from portrecon.precheck.check import carrier_names


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    con = duckdb.connect()
    con.execute("CREATE TABLE orders (carrier_id VARCHAR, carrier VARCHAR)")
    con.execute("CREATE TABLE csr_records (carrier_id VARCHAR, carrier VARCHAR)")
    con.execute("INSERT INTO orders VALUES ('lone_star_fiber', 'LONE STAR FIBER'), ('att', 'ATT')")
    con.execute(
        "INSERT INTO csr_records VALUES ('lone_star_fiber', 'Lone Star Fiber Co.'), "
        "('tidewater', 'TIDEWATER NETWORKS INC'), ('tidewater', 'Tidewater Networks'), "
        "('tidewater', 'Tidewater Networks'), ('att', 'AT and T')"
    )
    return carrier_names(con, default_carrier_book())


def test_a_carrier_with_orders_gets_the_nightly_reports_name(names) -> None:
    assert names["lone_star_fiber"] == "LONE STAR FIBER"


def test_a_carrier_only_on_csrs_gets_its_most_common_spelling(names) -> None:
    assert names["tidewater"] == "Tidewater Networks"


def test_a_known_carrier_gets_its_profiles_display_name(names) -> None:
    assert names["att"] == "AT&T"
