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
from datetime import date, timedelta
from functools import cache, lru_cache
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
# Any of those words anywhere in a row's extra JSON text: without one, the row names no complex
# service, and the JSON need not be parsed (most rows carry only notes or rate plans).
_COMPLEX_HINT = re.compile("|".join(COMPLEX_SERVICES), re.IGNORECASE)
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


@cache
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


@cache
def _counting_day(day: date, late: bool, country: str, subdivision: str | None) -> date:
    """The business day a request of local `day` counts from (47 CFR 52.35): that day when it is
    a business day and the request came at or before the cut-off (`late` False), else the next
    business day."""
    if is_business_day(day, country, subdivision) and not late:
        return day
    return add_business_days(day, 1, country, subdivision)


@cache
def _business_days_after(day: date, n: int, country: str, subdivision: str | None) -> date:
    return add_business_days(day, n, country, subdivision)


@cache
def first_business_day_from(day: date, country: str, subdivision: str | None) -> date:
    """`day` itself when it is a business day, else the next one."""
    return _counting_day(day, False, country, subdivision)


def _local_requests(requests: pd.DataFrame, book: CarrierBook) -> pd.DataFrame:
    """Per request row: subdivision, the local day and wall-clock time (seconds after local
    midnight) of submitted_at in the carrier's zone (NaT/NaN where not submitted), and the
    carrier's cut-off in seconds. Converted per zone, so a night of 100k requests is a few
    vectorised conversions, not one per row."""
    states = requests["state"].astype(object).where(requests["state"].notna(), None)
    countries = requests["country"].tolist()
    carriers = requests["carrier_id"].tolist()
    profiles = {c: book.profile(c) for c in set(carriers)}
    zones = [zone_of(profiles[c], k).key for c, k in zip(carriers, countries, strict=True)]
    cutoff = {c: p.foc_cutoff_local for c, p in profiles.items()}
    out = pd.DataFrame(
        {
            "subdivision": [
                subdivision_of(k, s) for k, s in zip(countries, states.tolist(), strict=True)
            ],
            "cutoff_seconds": [
                cutoff[c].hour * 3600 + cutoff[c].minute * 60 + cutoff[c].second for c in carriers
            ],
        },
        index=requests.index,
    )
    submitted = pd.to_datetime(requests["submitted_at"])
    out["local_day"] = pd.Series(pd.NaT, index=requests.index, dtype=object)
    out["local_seconds"] = float("nan")
    zone_series = pd.Series(zones, index=requests.index)
    for zone in sorted(set(zones)):
        picked = zone_series.eq(zone) & submitted.notna()
        if not picked.any():
            continue
        local = submitted[picked].dt.tz_localize("UTC").dt.tz_convert(zone)
        out.loc[picked, "local_day"] = pd.Series(local.dt.date, index=local.index, dtype=object)
        out.loc[picked, "local_seconds"] = (
            local.dt.hour * 3600
            + local.dt.minute * 60
            + local.dt.second
            + local.dt.microsecond / 1e6
        )
    out["zone"] = zones
    return out


def foc_due_times(frame: pd.DataFrame, book: CarrierBook) -> pd.Series:
    """When the FOC of each row is due (UTC, naive; NaT where not submitted): FOC_RESPONSE_HOURS
    after submission, counting only the hours of the carrier's local business days.

    `frame`: carrier_id, country, state, submitted_at. Submitted on a business day, the 24 hours
    end at the same wall-clock time of the next business day; submitted on another day, at the
    end of the next business day. (US and Canadian clocks change on Sundays, never business days,
    so wall-clock time and elapsed business hours agree.)
    """
    local = _local_requests(frame, book)
    due = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    for zone in sorted(set(local["zone"])):
        rows = local[local["zone"].eq(zone) & local["local_day"].notna()]
        if rows.empty:
            continue
        countries = frame.loc[rows.index, "country"].tolist()
        subs = [_province(s) for s in rows["subdivision"]]
        days = rows["local_day"].tolist()
        business = [is_business_day(d, k, s) for d, k, s in zip(days, countries, subs, strict=True)]
        following = [
            _business_days_after(d, 1, k, s) for d, k, s in zip(days, countries, subs, strict=True)
        ]
        offset = pd.to_timedelta(
            [
                seconds if on_business_day else 86400.0
                for seconds, on_business_day in zip(rows["local_seconds"], business, strict=True)
            ],
            unit="s",
        )
        wall = pd.to_datetime(pd.Series(following, index=rows.index)) + offset
        due[rows.index] = (
            wall.dt.tz_localize(zone, ambiguous=True, nonexistent="shift_forward")
            .dt.tz_convert("UTC")
            .dt.tz_localize(None)
            .astype("datetime64[us]")
        )
    return due


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
    local = _local_requests(requests, book)
    countries = requests["country"].tolist()
    subs = [_province(s) for s in local["subdivision"]]
    drafts = local["local_day"].isna()
    days = local["local_day"].where(~drafts, as_of).tolist()
    late = (~drafts & (local["local_seconds"] > local["cutoff_seconds"])).tolist()
    carriers = requests["carrier_id"].tolist()
    counts = requests["tn_count"].tolist()
    leads = {
        key: lead_business_days(book.profile(key[0]), None if pd.isna(key[1]) else int(key[1]))
        for key in set(zip(carriers, counts, strict=True))
    }
    lead = [leads[key] for key in zip(carriers, counts, strict=True)]
    max_days = {c: book.profile(c).max_port_date_days for c in set(carriers)}
    wanted_dates = pd.to_datetime(requests["requested_port_date"]).dt.date.tolist()
    requested = [None if pd.isna(d) else d for d in wanted_dates]
    rows = []
    for carrier_id, country, sub, day, is_late, n, wanted in zip(
        carriers, countries, subs, days, late, lead, requested, strict=True
    ):
        counted = _counting_day(day, is_late, country, sub)
        rows.append(
            (
                sub,
                day,
                counted,
                n,
                *_judged(country, sub, day, counted, n, max_days[carrier_id], wanted),
            )
        )
    judged = pd.DataFrame(rows, columns=ASSESSED_COLUMNS, index=requests.index)
    return pd.concat([requests, judged], axis=1)


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
    """earliest, latest, requested_is_business_day, feasible and proposed of one request;
    cached, as a night's requests share most arguments."""
    earliest = _business_days_after(counted, lead, country, subdivision)
    latest = request_day + timedelta(days=max_days)
    if requested is None:
        return (earliest, latest, None, None, earliest)
    business = is_business_day(requested, country, subdivision)
    feasible = business and earliest <= requested <= latest
    proposed = first_business_day_from(max(requested, earliest), country, subdivision)
    if proposed > latest:
        proposed = earliest
    return (earliest, latest, business, feasible, proposed)


def service_markers(extra_json: object) -> list[str]:
    """Complex services named in an input row's unknown columns (its `extra` JSON; NULL or NaN
    when the row has none) whose header is a service-type or features column."""
    if not isinstance(extra_json, str):
        return []
    return list(_text_markers(extra_json))


@lru_cache(maxsize=65_536)
def _text_markers(extra_json: str) -> tuple[str, ...]:
    """service_markers of one JSON text, read once: a night's rows repeat a few dozen texts
    (10,000 orders: 146 distinct texts over 28,000 rows)."""
    if not _COMPLEX_HINT.search(extra_json):
        return ()
    values = json.loads(extra_json)
    found: list[str] = []
    for key, value in values.items():
        if re.sub(r"[\s_-]+", "", str(key)).lower() in SERVICE_COLUMNS and value is not None:
            found += [COMPLEX_SERVICES[m.lower()] for m in _COMPLEX_RE.findall(str(value))]
    return tuple(sorted(set(found)))


def _order_markers(loa_extra: object, csr_extras: object) -> list[str]:
    """Complex services named by an order's LOA row or any of its CSR rows (`csr_extras`: the
    rows' `extra` JSON texts, NULL when none has one)."""
    texts = [loa_extra, *([] if pd.api.types.is_scalar(csr_extras) else list(csr_extras))]
    return sorted({marker for text in texts for marker in service_markers(text)})


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
    SELECT n.order_id, count(DISTINCT c.carrier_id || '|' || c.account_number) AS accounts,
           list(DISTINCT r.extra) FILTER (WHERE r.extra IS NOT NULL) AS csr_extras
    FROM loa_numbers n
    JOIN csr_records c ON c.tn = n.tn
    LEFT JOIN csr_raw r
        ON r.tn = c.tn AND r.source_file = c.source_file AND r.source_line = c.source_line
    GROUP BY n.order_id
)
SELECT o.order_id, l.loa_id, o.carrier_id, coalesce(o.country, $default_country) AS country,
       l.state, coalesce(l.tn_count, o.tn_count) AS tn_count,
       coalesce(l.number_type, o.number_type) AS number_type, o.status, o.submitted_at,
       o.approved_at, l.requested_port_date, l.extra, a.accounts, a.csr_extras
FROM orders o
LEFT JOIN loa l USING (order_id)
LEFT JOIN accounts a USING (order_id)
WHERE o.direction = 'port_in' AND (o.is_open OR NOT $open_only)
ORDER BY o.order_id
"""


def port_in_orders(
    con: duckdb.DuckDBPyConnection, book: CarrierBook, *, open_only: bool
) -> pd.DataFrame:
    """Port-ins (open ones, or all) with their LOA's values, port_type and port_type_reason
    (tables orders, loa_records, loa_raw, loa_numbers, csr_records, csr_raw). A complex-service
    marker counts from the LOA's unknown columns or from those of the newest CSR rows of its
    numbers."""
    frame = con.execute(
        _PORT_INS_SQL, {"default_country": book.default.country, "open_only": open_only}
    ).df()
    typed = [
        port_type(
            book.profile(carrier_id),
            None if pd.isna(count) else int(count),
            number_type,
            None if pd.isna(accounts) else int(accounts),
            _order_markers(extra, csr_extras),
        )
        for carrier_id, count, number_type, accounts, extra, csr_extras in zip(
            frame["carrier_id"].tolist(),
            frame["tn_count"].tolist(),
            frame["number_type"].tolist(),
            frame["accounts"].tolist(),
            frame["extra"].tolist(),
            frame["csr_extras"].tolist(),
            strict=True,
        )
    ]
    frame["port_type"] = [kind for kind, _ in typed]
    frame["port_type_reason"] = [reason for _, reason in typed]
    return frame


def build_port_dates(
    con: duckdb.DuckDBPyConnection, as_of: date, book: CarrierBook
) -> pd.DataFrame:
    """PORT_DATES rows: every open port-in with its port type, its feasible dates and whether
    its FOC is overdue."""
    frame = assess_port_dates(port_in_orders(con, book, open_only=True), book, as_of)
    frame["foc_due_at"] = foc_due_times(frame, book)
    frame["foc_overdue"] = (
        frame["status"].eq("submitted")
        & frame["approved_at"].isna()
        & (frame["foc_due_at"] < nightly_at(as_of))
    )
    return frame.reindex(columns=PORT_DATES.column_names)
