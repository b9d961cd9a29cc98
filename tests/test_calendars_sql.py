"""The business calendar inside DuckDB agrees with the Python calendar functions."""

from datetime import date

import duckdb

from portrecon.calendar_sql import register_business_calendar
from portrecon.calendars import add_business_days, business_days_between

DAYS = [date(2026, 6, 26), date(2026, 7, 2), date(2026, 11, 21), date(2026, 11, 27)]


def _con():
    con = duckdb.connect()
    register_business_calendar(con, date(2026, 6, 1), date(2026, 12, 31))
    con.execute("CREATE TABLE d AS SELECT * FROM (VALUES ('US'), ('CA')) t(country)")
    con.execute("CREATE TABLE x AS SELECT UNNEST(?::DATE[]) AS day", [DAYS])
    return con


def test_bd_between_macro_equals_business_days_between_for_a_country_column():
    rows = (
        _con()
        .sql("SELECT country, a.day, b.day, bd_between(country, a.day, b.day) FROM d, x a, x b")
        .fetchall()
    )
    assert all(bd == business_days_between(a, b, c) for c, a, b, bd in rows)


def test_add_bd_macro_equals_add_business_days_for_a_country_column():
    rows = (
        _con()
        .sql("SELECT country, day, n, add_bd(country, day, n) FROM d, x, range(-6, 7) r(n)")
        .fetchall()
    )
    assert all(got == add_business_days(day, n, c) for c, day, n, got in rows)
