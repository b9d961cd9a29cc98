"""The business calendar inside DuckDB: a temp table plus macros, so SQL counts business days.

Timelines, aging and the port-out watch count business days for thousands of orders at once; a
join on a cumulative index keeps that set-based instead of a Python call per order.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from portrecon.calendars import calendar_frame

CALENDAR_TABLE = "business_calendar"
# Room around the data's dates for the "+ n business days" of due dates.
_MARGIN = timedelta(days=120)
# A mistyped date (year 2206, 1900) must not blow the calendar up: outside these bounds
# business-day counts are NULL.
CALENDAR_FIRST, CALENDAR_LAST = date(1990, 1, 1), date(2199, 12, 31)


def register_business_calendar(con: duckdb.DuckDBPyConnection, first: date, last: date) -> None:
    """Create temp table `business_calendar` and macros `bd_between`, `add_bd` covering the dates.

    The table's columns are prefixed `cal_` so that no caller's column can shadow them inside
    the macros' subqueries.

    bd_between(country, a, b) = bd(a, b) of docs/metrics.md; add_bd(country, d, n) = the n-th
    business day after d (n > 0), the |n|-th before it (n < 0), d (n = 0); NULL for a NULL date.
    """
    frame = calendar_frame(first - _MARGIN, last + _MARGIN)
    con.register("_calendar_frame", frame)
    try:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {CALENDAR_TABLE} AS
            SELECT country AS cal_country, CAST(day AS DATE) AS cal_day,
                   is_business_day AS cal_is_business_day, bd_index AS cal_bd_index
            FROM _calendar_frame
            """
        )
    finally:
        con.unregister("_calendar_frame")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP MACRO bd_index_of(p_country, p_day) AS (
            SELECT cal_bd_index FROM {CALENDAR_TABLE}
            WHERE cal_country = p_country AND cal_day = p_day
        )
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP MACRO bd_between(p_country, p_a, p_b) AS
            bd_index_of(p_country, p_b) - bd_index_of(p_country, p_a)
        """
    )
    # The n-th business day after d has index(d) + n; the |n|-th before d has index(d - 1) + n + 1.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP MACRO add_bd(p_country, p_day, p_n) AS CASE
            WHEN p_n = 0 THEN p_day
            ELSE (
                SELECT cal_day FROM {CALENDAR_TABLE}
                WHERE cal_country = p_country AND cal_is_business_day
                  AND cal_bd_index = CASE
                      WHEN p_n > 0 THEN bd_index_of(p_country, p_day) + p_n
                      ELSE bd_index_of(p_country, CAST(p_day - 1 AS DATE)) + p_n + 1
                  END
            )
        END
        """
    )


def register_calendar_for(
    con: duckdb.DuckDBPyConnection, date_bounds_sql: str, as_of: date
) -> None:
    """Register the calendar over the dates a query returns (one row: min, max) and as-of.

    The query may use the parameter `$as_of`.
    """
    params = {"as_of": as_of} if "$as_of" in date_bounds_sql else None
    bounds_sql = f"SELECT CAST(lo AS DATE), CAST(hi AS DATE) FROM ({date_bounds_sql}) b(lo, hi)"
    [(low, high)] = con.execute(bounds_sql, params).fetchall()
    first = max(min(low or as_of, as_of), CALENDAR_FIRST + _MARGIN)
    last = min(max(high or as_of, as_of), CALENDAR_LAST - _MARGIN)
    register_business_calendar(con, first, last)
