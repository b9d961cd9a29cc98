"""Which LOA's requested port date a perfect product flags, from what synth planted: the order's
requested day, its first submission's instant, its carrier's profile and the service address's
province (when the LOA writes a state). docs/port-dates.md's rules, implemented here
independently of portrecon/port_dates.py (shared data only: the carrier profiles and the
`holidays` calendars)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from portrecon.carriers import CarrierBook, CarrierProfile
from portrecon.synth.orders import PortIn

# The porting desks' zones when a profile names none (docs/port-dates.md, "Cut-off").
DESK_ZONES = {"US": "America/New_York", "CA": "America/Toronto"}
PORT_DATE_CODES = ("PORT_DATE_NOT_BUSINESS_DAY", "PORT_DATE_NOT_FEASIBLE", "PORT_DATE_TOO_FAR")


@cache
def _closed(country: str, province: str | None, year: int) -> frozenset[date]:
    """Holidays of one year: the country's (US federal, CA federal statutory) and, in Canada,
    the province's public holidays."""
    if country == "CA":
        days = set(holidays.CA(years=year, categories=("government",)))
        if province is not None:
            days |= set(holidays.CA(years=year, subdiv=province))
    else:
        days = set(holidays.US(years=year))
    return frozenset(d for d in days if d.year == year)


def open_day(day: date, country: str, province: str | None) -> bool:
    return day.weekday() < 5 and day not in _closed(country, province, day.year)


def next_open_day(day: date, country: str, province: str | None, count: int = 1) -> date:
    """The count-th business day after `day`."""
    while count:
        day += timedelta(days=1)
        count -= open_day(day, country, province)
    return day


def lead_days(profile: CarrierProfile, numbers: int) -> int:
    """Business days of notice for an order of this many numbers (the largest size step)."""
    steps = profile.min_business_days_by_size
    return steps[max(s for s in steps if max(numbers, 1) >= s)]


def port_date_codes(order: PortIn, book: CarrierBook, as_of: int) -> list[str]:
    """The PORT_DATE_* codes of one port-in's LOA (none without a requested date)."""
    if order.requested is None:
        return []
    carrier = order.header.carrier
    profile = book.profile(carrier.carrier_id) if carrier.known else book.default
    country = carrier.calendar_country
    place = order.account.place
    # The province's holidays count only when the LOA writes a state: without one a perfect
    # product, like a porting specialist, does not know which province's calendar applies.
    written_state = order.fields.address[3]
    province = place.state if country == "CA" and place.country == "CA" else None
    province = province if written_state else None
    submissions = [e.time for e in order.events if e.status == "submitted"]
    if order.submitted is None or not submissions:
        day, late = date.fromordinal(as_of), False
    else:
        zone = ZoneInfo(profile.timezone or DESK_ZONES[country])
        local = datetime.fromtimestamp(min(submissions), UTC).astimezone(zone)
        day = local.date()
        late = local.time().replace(tzinfo=None) > profile.foc_cutoff_local
    start = day if open_day(day, country, province) and not late else None
    start = start or next_open_day(day, country, province)
    earliest = next_open_day(start, country, province, lead_days(profile, order.header.tn_count))
    requested = date.fromordinal(order.requested)
    codes = []
    if not open_day(requested, country, province):
        codes.append("PORT_DATE_NOT_BUSINESS_DAY")
    if requested < earliest and "PORT_DATE_TOO_SOON" not in order.codes:
        codes.append("PORT_DATE_NOT_FEASIBLE")
    if requested > day + timedelta(days=profile.max_port_date_days):
        codes.append("PORT_DATE_TOO_FAR")
    return codes
