"""Business-day calendars (US federal, Canadian federal statutory) on ordinal day numbers, so the
timeline simulation and the truth tables count business days the way common.md defines them."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

# Canada's federal statutory holidays (Canada Labour Code: New Year, Good Friday, Victoria Day,
# Canada Day, Labour Day, Truth and Reconciliation, Thanksgiving, Remembrance, Christmas, Boxing
# Day) are the `government` category of holidays.CA; its `public` category is only five of them.
_CA_CATEGORIES = ("government",)


def holiday_dates(country: str, first_year: int, last_year: int) -> list[date]:
    """Public holidays of the carrier country's calendar, sorted."""
    years = range(first_year, last_year + 1)
    if country == "CA":
        calendar = holidays.CA(years=years, categories=_CA_CATEGORIES)
    else:
        calendar = holidays.US(years=years)
    return sorted(calendar)


class BusinessCalendar:
    """Business days of one country over a span of years; days are `date.toordinal()` ints."""

    def __init__(self, country: str, first_year: int, last_year: int) -> None:
        self.country = country
        self.first_day = date(first_year, 1, 1).toordinal()
        last_day = date(last_year, 12, 31).toordinal()
        closed = {d.toordinal() for d in holiday_dates(country, first_year, last_year)}
        self._cumulative: list[int] = []
        self._business_days: list[int] = []
        for day in range(self.first_day, last_day + 1):
            if (day - 1) % 7 < 5 and day not in closed:  # ordinal 1 (0001-01-01) is a Monday
                self._business_days.append(day)
            self._cumulative.append(len(self._business_days))

    def between(self, start: int, end: int) -> int:
        """bd(start, end): business days d with start < d <= end, negative when end < start."""
        return self._cumulative[end - self.first_day] - self._cumulative[start - self.first_day]

    def add(self, day: int, count: int) -> int:
        """The count-th business day after `day` (count >= 1), or before it (count <= -1)."""
        index = self._cumulative[day - self.first_day]
        if count > 0:
            return self._business_days[index + count - 1]
        if self.is_business_day(day):
            index -= 1
        return self._business_days[index + count]

    def is_business_day(self, day: int) -> bool:
        offset = day - self.first_day
        before = self._cumulative[offset - 1] if offset else 0
        return self._cumulative[offset] > before

    def on_or_after(self, day: int) -> int:
        return day if self.is_business_day(day) else self.add(day, 1)


@cache
def calendars_for(as_of_year: int) -> dict[str, BusinessCalendar]:
    """US and CA calendars covering two years before the as-of year to one year after."""
    return {c: BusinessCalendar(c, as_of_year - 2, as_of_year + 1) for c in ("US", "CA")}
