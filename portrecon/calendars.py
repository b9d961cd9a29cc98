"""Business-day calendars of the US and Canada (PRODUCT.md section 2), from the `holidays` package.

Every duration in the product is counted in business days of the carrier's country, so one
definition here serves Python callers and, through `calendar_frame`, set-based SQL joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache

import holidays
import numpy as np
import pandas as pd

# US: the package's default (public) category for the US is the federal holiday list.
# CA: the `government` category is "holidays for federally regulated workplaces", i.e. the
# Canada Labour Code's federal statutory holidays; the default `public` category holds only the
# five nationwide ones. See docs/metrics.md, "Calendars".
_CATEGORIES = {"US": ("public",), "CA": ("government",)}


def _check_country(country: str) -> str:
    if country not in _CATEGORIES:
        raise ValueError(f"unsupported calendar country {country!r}: expected one of US, CA")
    return country


@cache
def _holidays_of_year(country: str, year: int, subdivision: str | None = None) -> frozenset[date]:
    """Holiday dates (observed days included) falling in one year; cached per argument.

    With a subdivision (a Canadian province: QC's Fete nationale, ON's Family Day) the province's
    public holidays are added to the country's, as a carrier's staff there takes them off.
    """
    calendar = holidays.country_holidays(
        _check_country(country), years=year, categories=_CATEGORIES[country]
    )
    days = {day for day in calendar if day.year == year}
    if subdivision is not None:
        days |= set(holidays.country_holidays(country, years=year, subdiv=subdivision))
    return frozenset(day for day in days if day.year == year)


def _holidays_between(first: date, last: date, country: str) -> list[np.datetime64]:
    """Holidays of every year from first to last, as numpy days for the busday functions."""
    days = set().union(*(_holidays_of_year(country, y) for y in range(first.year, last.year + 1)))
    return [np.datetime64(day, "D") for day in sorted(days)]


def is_business_day(d: date, country: str, subdivision: str | None = None) -> bool:
    """Monday-Friday and not a holiday of the country's (and the subdivision's) calendar."""
    return d.weekday() < 5 and d not in _holidays_of_year(
        _check_country(country), d.year, subdivision
    )


def business_days_between(a: date, b: date, country: str) -> int:
    """bd(a, b): business days d with a < d <= b; bd(a, a) = 0; negative when b is before a."""
    _check_country(country)
    if b < a:
        return -business_days_between(b, a, country)
    first, stop = a + timedelta(days=1), b + timedelta(days=1)
    return int(np.busday_count(first, stop, holidays=_holidays_between(first, b, country)))


def business_days_between_many(
    starts: Sequence[date], ends: Sequence[date], country: str
) -> np.ndarray:
    """bd(a, b) of many pairs in one numpy call: business_days_between's counts for a whole
    column (the per-pair call rebuilds its holiday list each time)."""
    _check_country(country)
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    a = np.asarray(starts, dtype="datetime64[D]")
    b = np.asarray(ends, dtype="datetime64[D]")
    low, high = np.minimum(a, b), np.maximum(a, b)
    first = low.min().astype(date) + timedelta(days=1)
    last = high.max().astype(date)
    holidays_ = _holidays_between(first, max(first, last), country)
    counts = np.busday_count(low + 1, high + 1, holidays=holidays_)
    return np.where(b < a, -counts, counts)


def add_business_days(d: date, n: int, country: str, subdivision: str | None = None) -> date:
    """The n-th business day after d (n > 0), before d (n < 0), or d itself (n = 0)."""
    _check_country(country)
    step = timedelta(days=1 if n > 0 else -1)
    day, remaining = d, abs(n)
    while remaining:
        day += step
        remaining -= is_business_day(day, country, subdivision)
    return day


def calendar_frame(start: date, end: date, countries: Sequence[str] = ("US", "CA")) -> pd.DataFrame:
    """One row per (country, day) from start to end, with a cumulative business-day index.

    bd(a, b) = bd_index(b) - bd_index(a) for a, b inside the range, so SQL joins count business
    days without a per-row Python call.
    """
    days = pd.date_range(start, end, freq="D")
    day_values = days.values.astype("datetime64[D]")
    frames = []
    for country in sorted(set(countries)):
        _check_country(country)
        flags = np.is_busday(day_values, holidays=_holidays_between(start, end, country))
        frames.append(
            pd.DataFrame(
                {
                    "country": country,
                    "day": days.date,
                    "is_business_day": flags,
                    "bd_index": np.cumsum(flags, dtype="int64"),
                }
            )
        )
    columns = ["country", "day", "is_business_day", "bd_index"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
