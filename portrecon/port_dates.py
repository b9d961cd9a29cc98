"""Port dates a losing carrier will accept, and whether a port is simple (PRODUCT.md 10, 10.1).

Port-ins bounce on dates as often as on names: a holiday, too soon for the order's size, after
the cut-off, or too far out. The rules live here once, without Dagster, so the nightly's findings,
the `port_dates` table and precheck's sub-orders all judge a date the same way
(docs/port-dates.md lists the rules, the profile settings and their sources).
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from portrecon.calendars import add_business_days, is_business_day
from portrecon.carriers import CarrierBook, CarrierProfile
from portrecon.normalise.addresses import PROVINCES
from portrecon.portouts import nightly_at
from portrecon.schema import PORT_DATES

# The cut-off's zone when a profile names none: the zone most of the country's porting desks
# keep (Eastern time for both US and Canadian carriers' head offices).
COUNTRY_ZONES = {"US": "America/New_York", "CA": "America/Toronto"}
# Losing carriers return a FOC within 24 hours, weekends and holidays excluded (PRODUCT.md 10).
FOC_RESPONSE_HOURS = 24

SIMPLE, NON_SIMPLE = "simple", "non_simple"
# Services that make a port non-simple under 47 CFR 52.36 (complex switch translations, lines
# shared with data service), as an inputs' service-type or features column writes them.
COMPLEX_SERVICES = {
    "centrex": "Centrex",
    "isdn": "ISDN",
    "pri": "ISDN PRI",
    "hunt": "hunt group",
    "dsl": "DSL",
    "pbx": "PBX trunk",
    "trunk": "PBX trunk",
}
_COMPLEX_RE = re.compile(r"\b(" + "|".join(COMPLEX_SERVICES) + r")", re.IGNORECASE)
# Input columns (normalised: lower case, no spaces, `-` or `_`) that may carry such markers.
SERVICE_COLUMNS = ("servicetype", "service", "services", "features", "feature", "linetype")


def zone_of(profile: CarrierProfile, country: str) -> ZoneInfo:
    """The carrier's local zone: its profile's, else its country's."""
    return ZoneInfo(profile.timezone or COUNTRY_ZONES[country])


def lead_business_days(profile: CarrierProfile, tn_count: int | None) -> int:
    """Business days the carrier needs before a port of this many numbers (the largest size
    threshold of `min_business_days_by_size` the order reaches)."""
    size = max(int(tn_count or 1), 1)
    return max(
        days for smallest, days in profile.min_business_days_by_size.items() if size >= smallest
    )


def subdivision_of(country: str, state: object) -> str | None:
    """The Canadian province whose holidays add to the calendar, from the service address's
    state as written (`QC`, `Quebec`, `Québec`; NULL or NaN when absent); None for US carriers
    and unknown spellings."""
    if country != "CA" or not isinstance(state, str):
        return None
    text = unicodedata.normalize("NFKD", state)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    text = re.sub(r"[^A-Z]+", " ", text).strip()
    return PROVINCES.get(text) or (text if text in PROVINCES.values() else None)


def calendar_country(book: CarrierBook, carrier_id: str, state: object) -> str:
    """A carrier's calendar country: its profile's; for a carrier without a profile, CA when the
    service address is in a province (as reconciliation decides), else the default profile's."""
    if book.is_known(carrier_id):
        return book.profile(carrier_id).country
    return "CA" if subdivision_of("CA", state) else book.default.country


def _province(value: object) -> str | None:
    """A subdivision column's value as is_business_day takes it (pandas may hold NaN for none)."""
    return value if isinstance(value, str) else None


def common_port_date(assessed: pd.DataFrame) -> date | None:
    """The earliest date every assessed request can meet (a project's sub-orders, best ported
    together): the latest earliest_feasible_date, moved on to the first day that is a business
    day in every request's calendar. None without requests."""
    if assessed.empty:
        return None
    day = max(assessed["earliest_feasible_date"])
    pairs = zip(assessed["country"], assessed["subdivision"], strict=True)
    calendars = {(country, _province(sub)) for country, sub in pairs}
    while not all(is_business_day(day, country, sub) for country, sub in calendars):
        day += timedelta(days=1)
    return day


def counting_day(
    request_at: datetime, zone: ZoneInfo, cutoff: time, country: str, subdivision: str | None
) -> date:
    """The business day a request counts from (47 CFR 52.35): its local day when that is a
    business day and the request arrived at or before the cut-off, else the next business day.

    `request_at` is UTC (naive, like the warehouse's timestamps, or aware).
    """
    aware = request_at if request_at.tzinfo else request_at.replace(tzinfo=UTC)
    local = aware.astimezone(zone)
    day = local.date()
    if is_business_day(day, country, subdivision) and local.time() <= cutoff:
        return day
    return add_business_days(day, 1, country, subdivision)


@cache
def first_business_day_from(day: date, country: str, subdivision: str | None) -> date:
    """`day` itself when it is a business day, else the next one."""
    if is_business_day(day, country, subdivision):
        return day
    return add_business_days(day, 1, country, subdivision)


def foc_due_at(
    submitted_at: datetime, zone: ZoneInfo, country: str, subdivision: str | None
) -> datetime:
    """When the FOC is due: FOC_RESPONSE_HOURS after submission, counting only the hours of
    the carrier's local business days (UTC, naive). Arithmetic runs on UTC instants, so a DST
    change inside the window is a day of 23 or 25 hours, as the clock on the wall says."""
    aware = submitted_at if submitted_at.tzinfo else submitted_at.replace(tzinfo=UTC)
    start = aware.astimezone(zone)
    remaining = timedelta(hours=FOC_RESPONSE_HOURS)
    day = start.date()
    while True:
        day_end = datetime.combine(day + timedelta(days=1), time(0), zone)
        if is_business_day(day, country, subdivision):
            left_today = day_end.astimezone(UTC) - start.astimezone(UTC)
            if remaining <= left_today:
                return (start.astimezone(UTC) + remaining).replace(tzinfo=None)
            remaining -= left_today
        day += timedelta(days=1)
        start = day_end


# Columns assess_port_dates adds to its input.
ASSESSED_COLUMNS = [
    "subdivision",
    "request_day",
    "counting_day",
    "min_business_days",
    "earliest_feasible_date",
    "latest_feasible_date",
    "requested_is_business_day",
    "feasible",
    "proposed_port_date",
]


def assess_port_dates(requests: pd.DataFrame, book: CarrierBook, as_of: date) -> pd.DataFrame:
    """The requests with ASSESSED_COLUMNS added.

    `requests`: carrier_id, country (US/CA), state (service address), tn_count, submitted_at
    (UTC; NaT = not submitted yet, which counts as a request on `as_of` before the cut-off) and
    requested_port_date (may be NULL). The earliest feasible date is the lead time for the
    order's size counted from the request's counting day; the latest is max_port_date_days
    calendar days after the request's local day. `feasible` is NULL without a requested date;
    `proposed_port_date` is the date to ask for: the first business day on or after both the
    requested and the earliest date, or the earliest when that lies beyond the latest.
    """
    out = requests.copy()
    rows = []
    for carrier_id, country, state, tn_count, submitted_at, requested in zip(
        out["carrier_id"],
        out["country"],
        out["state"],
        out["tn_count"],
        out["submitted_at"],
        out["requested_port_date"],
        strict=True,
    ):
        profile = book.profile(carrier_id)
        subdivision = subdivision_of(country, state)
        if pd.isna(submitted_at):
            request_day = as_of
            counted = first_business_day_from(as_of, country, subdivision)
        else:
            zone = zone_of(profile, country)
            moment = pd.Timestamp(submitted_at).to_pydatetime()
            request_day = (moment.replace(tzinfo=UTC)).astimezone(zone).date()
            counted = counting_day(moment, zone, profile.foc_cutoff_local, country, subdivision)
        lead = lead_business_days(profile, None if pd.isna(tn_count) else tn_count)
        rows.append(
            _judged(
                country,
                subdivision,
                request_day,
                counted,
                lead,
                profile.max_port_date_days,
                None if pd.isna(requested) else pd.Timestamp(requested).date(),
            )
        )
    judged = pd.DataFrame(rows, columns=ASSESSED_COLUMNS, index=out.index)
    return pd.concat([out, judged], axis=1)


@cache
def _judged(
    country: str,
    subdivision: str | None,
    request_day: date,
    counted: date,
    lead: int,
    max_days: int,
    requested: date | None,
) -> tuple[object, ...]:
    """One request's ASSESSED_COLUMNS; cached, as a night's requests share most arguments."""
    earliest = add_business_days(counted, lead, country, subdivision)
    latest = request_day + timedelta(days=max_days)
    if requested is None:
        return (subdivision, request_day, counted, lead, earliest, latest, None, None, earliest)
    business = is_business_day(requested, country, subdivision)
    feasible = business and earliest <= requested <= latest
    proposed = first_business_day_from(max(requested, earliest), country, subdivision)
    if proposed > latest:
        proposed = earliest
    return (subdivision, request_day, counted, lead, earliest, latest, business, feasible, proposed)


def service_markers(extra_json: object) -> list[str]:
    """Complex services named in an input row's unknown columns (its `extra` JSON; NULL or NaN
    when the row has none) whose header is a service-type or features column."""
    if not isinstance(extra_json, str) or not extra_json:
        return []
    values = json.loads(extra_json)
    found: list[str] = []
    for key, value in values.items():
        if re.sub(r"[\s_-]+", "", str(key)).lower() in SERVICE_COLUMNS and value is not None:
            found += [COMPLEX_SERVICES[m.lower()] for m in _COMPLEX_RE.findall(str(value))]
    return sorted(set(found))


def port_type(
    profile: CarrierProfile,
    tn_count: int | None,
    number_type: str | None,
    accounts: int | None,
    markers: list[str],
) -> tuple[str, str]:
    """(`simple` | `non_simple`, reason) of a port-in under 47 CFR 52.36: few enough numbers for
    the profile's simple_port_max_numbers, one account, a local number, no complex service."""
    reasons = []
    if (tn_count or 0) > profile.simple_port_max_numbers:
        reasons.append(f"{tn_count} numbers (simple: at most {profile.simple_port_max_numbers})")
    if (accounts or 0) > 1:
        reasons.append(f"numbers on {accounts} accounts")
    if number_type == "tollfree":
        reasons.append("toll-free (a RespOrg change, not a local number port)")
    if markers:
        reasons.append("complex service: " + ", ".join(markers))
    if reasons:
        return NON_SIMPLE, "; ".join(reasons)
    return SIMPLE, (
        f"{int(tn_count or 0)} local number(s) on one account, no complex service named"
    )


_PORT_INS_SQL = """
WITH loa AS (
    SELECT l.*, r.extra
    FROM loa_records l
    LEFT JOIN loa_raw r
        ON r.loa_id = l.loa_id AND r.source_file = l.source_file
           AND r.source_line = l.source_line
    QUALIFY row_number() OVER (PARTITION BY l.order_id ORDER BY l.loa_id) = 1
),
accounts AS (
    SELECT n.order_id, count(DISTINCT c.carrier_id || '|' || c.account_number) AS accounts
    FROM loa_numbers n JOIN csr_records c ON c.tn = n.tn
    GROUP BY n.order_id
)
SELECT o.order_id, l.loa_id, o.carrier_id, coalesce(o.country, $default_country) AS country,
       l.state, coalesce(l.tn_count, o.tn_count) AS tn_count,
       coalesce(l.number_type, o.number_type) AS number_type, o.status, o.submitted_at,
       o.approved_at, l.requested_port_date, l.extra, a.accounts
FROM orders o
LEFT JOIN loa l USING (order_id)
LEFT JOIN accounts a USING (order_id)
WHERE o.direction = 'port_in' AND (o.is_open OR NOT $open_only)
ORDER BY o.order_id
"""


def foc_due_times(frame: pd.DataFrame, book: CarrierBook) -> pd.Series:
    """foc_due_at of every row of a frame with carrier_id, country, state and submitted_at
    (NULL where not submitted)."""
    due = [
        None
        if pd.isna(submitted)
        else foc_due_at(
            pd.Timestamp(submitted).to_pydatetime(),
            zone_of(book.profile(carrier_id), country),
            country,
            subdivision_of(country, state),
        )
        for carrier_id, country, state, submitted in zip(
            frame["carrier_id"],
            frame["country"],
            frame["state"],
            frame["submitted_at"],
            strict=True,
        )
    ]
    return pd.Series(due, index=frame.index, dtype="datetime64[us]")


def port_in_orders(
    con: duckdb.DuckDBPyConnection, book: CarrierBook, *, open_only: bool
) -> pd.DataFrame:
    """Port-ins (open ones, or all) with their LOA's values, port_type, port_type_reason and
    foc_due_at (tables orders, loa_records, loa_raw, loa_numbers, csr_records)."""
    frame = con.execute(
        _PORT_INS_SQL, {"default_country": book.default.country, "open_only": open_only}
    ).df()
    typed = [
        port_type(
            book.profile(carrier_id),
            None if pd.isna(count) else int(count),
            number_type,
            None if pd.isna(accounts) else int(accounts),
            service_markers(extra),
        )
        for carrier_id, count, number_type, accounts, extra in zip(
            frame["carrier_id"],
            frame["tn_count"],
            frame["number_type"],
            frame["accounts"],
            frame["extra"],
            strict=True,
        )
    ]
    frame["port_type"] = [kind for kind, _ in typed]
    frame["port_type_reason"] = [reason for _, reason in typed]
    frame["foc_due_at"] = foc_due_times(frame, book)
    return frame


def build_port_dates(
    con: duckdb.DuckDBPyConnection, as_of: date, book: CarrierBook
) -> pd.DataFrame:
    """PORT_DATES rows: every open port-in with its port type, its feasible dates and whether
    its FOC is overdue."""
    frame = assess_port_dates(port_in_orders(con, book, open_only=True), book, as_of)
    frame["foc_overdue"] = (
        frame["status"].eq("submitted")
        & frame["approved_at"].isna()
        & (frame["foc_due_at"] < nightly_at(as_of))
    )
    return frame.reindex(columns=PORT_DATES.column_names)
