"""What a perfect `carrier_intervals` says of synth's world (truth/carrier_intervals.csv), and the
punctuality synth planted (truth/punctuality.csv). docs/port-dates.md's definitions, implemented
here from the generator's own events and orders, independently of portrecon/intervals.py: the FOC
is on time when at most 24 hours of the carrier's local business days have elapsed since the
first submission (counted hour by hour here, where the product computes a due instant)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from portrecon.carriers import default_carrier_book
from portrecon.synth.answer_times import AnswerTimes
from portrecon.synth.calendars import BusinessCalendar
from portrecon.synth.orders import PortIn
from portrecon.synth.policies import NO_FINDING_REASONS
from portrecon.synth.port_date_truth import DESK_ZONES, open_day
from portrecon.synth.timelines import Event, OrderHeader
from portrecon.synth.truth import _num, _write

FOC_HOURS = 24
SIMPLE_PORT_BUSINESS_DAYS = 1
# Checks (synth's REASONS keys) a losing carrier may not require on a simple port (47 CFR 52.36
# allows numbers, account number, ZIP and PIN only), plus the unpaid-balance reason.
OUTSIDE_52_36_CHECKS = frozenset({"NAME", "ADDRESS", "BTN", "LOA_STALE", "INVOICE_STALE"})
UNPAID_BALANCE = next(r for r in NO_FINDING_REASONS if "unpaid balance" in r)
HEADER = [
    "carrier_id",
    "direction",
    "month",
    "foc_responses",
    "foc_on_time",
    "foc_on_time_rate",
    "simple_ports",
    "simple_completed",
    "simple_on_interval",
    "simple_on_interval_rate",
    "dispute_candidates",
]
COUNTS = HEADER[3:5] + HEADER[6:9] + HEADER[10:]


def business_seconds(start: datetime, end: datetime, country: str, province: str | None) -> float:
    """Seconds of local business days between two local wall-clock instants, counted up to a
    little past the 24 hours (enough to say late)."""
    total, day = 0.0, start.date()
    while day <= end.date() and total <= FOC_HOURS * 3600:
        if open_day(day, country, province):
            low = max(start, datetime.combine(day, time()))
            high = min(end, datetime.combine(day + timedelta(days=1), time()))
            total += max((high - low).total_seconds(), 0.0)
        day += timedelta(days=1)
    return total


def _local(instant: int, zone: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(instant, UTC).astimezone(zone).replace(tzinfo=None)


def _is_simple(order: PortIn, max_numbers: int) -> bool:
    """47 CFR 52.36 as docs/port-dates.md reads it, on what synth planted: few enough numbers,
    one CSR account, local (synth writes no complex-service column)."""
    owners = {e.owner for e in order.entries if e.owner is not None}
    return (
        order.header.tn_count <= max_numbers
        and len(owners) <= 1
        and order.header.number_type == "local"
    )


def _disputable(event: Event) -> bool:
    return event.status == "rejected" and (
        event.check in OUTSIDE_52_36_CHECKS or event.reason == UNPAID_BALANCE
    )


def interval_row(
    header: OrderHeader, events: list[Event], order: PortIn | None, calendar: BusinessCalendar
) -> tuple[tuple[str, str, str], list[int]] | None:
    """(carrier, direction, month) and the COUNTS of one submitted order; None if not submitted."""
    start_status = "submitted" if header.direction == "port_in" else "requested"
    starts = [e.time for e in events if e.status == start_status]
    if not starts:
        return None
    carrier, book = header.carrier, default_carrier_book()
    profile = book.profile(carrier.carrier_id) if carrier.known else book.default
    country = carrier.calendar_country
    province = None
    if order is not None and order.loa_in_inbox and order.fields.address[3]:
        place = order.account.place
        province = place.state if country == "CA" and place.country == "CA" else None
    zone = ZoneInfo(profile.timezone or DESK_ZONES[country])
    approvals = [e.time for e in events if e.status == "approved"]
    answered = bool(approvals)
    on_time = (
        answered
        and business_seconds(
            _local(min(starts), zone), _local(min(approvals), zone), country, province
        )
        <= FOC_HOURS * 3600
    )
    simple = order is not None and _is_simple(order, profile.simple_port_max_numbers)
    focs = [e.foc for e in events if e.foc is not None]
    done = [e.day for e in events if e.status == "completed"]
    completed = simple and bool(done) and bool(focs)
    on_interval = completed and calendar.between(focs[-1], min(done)) <= SIMPLE_PORT_BUSINESS_DAYS
    dispute = simple and any(_disputable(e) for e in events)
    month = datetime.fromtimestamp(min(starts), UTC).date().replace(day=1).isoformat()
    key = (carrier.carrier_id, header.direction, month)
    return key, [int(answered), int(on_time), int(simple), int(completed), int(on_interval),
                 int(dispute)]  # fmt: skip


def interval_rows(
    port_ins: list[PortIn],
    port_outs: list[tuple[OrderHeader, list[Event]]],
    calendars: dict[str, BusinessCalendar],
) -> list[list]:
    """The truth's carrier_intervals rows: counts and rates per carrier, direction, month."""
    orders = [(o.header, o.events, o) for o in port_ins]
    orders += [(h, ev, None) for h, ev in port_outs]
    sums: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0] * len(COUNTS))
    for header, events, order in orders:
        row = interval_row(header, events, order, calendars[header.carrier.calendar_country])
        if row is not None:
            key, counts = row
            sums[key] = [a + b for a, b in zip(sums[key], counts, strict=True)]
    rows = []
    for key, (responses, on_time, simple, completed, on_interval, disputes) in sums.items():
        rows.append(
            [
                *key,
                responses,
                on_time,
                _num(on_time / responses) if responses else "",
                simple,
                completed,
                on_interval,
                _num(on_interval / completed) if completed else "",
                disputes,
            ]
        )
    return rows


def write_interval_truth(
    out: Path,
    port_ins: list[PortIn],
    port_outs: list[tuple[OrderHeader, list[Event]]],
    calendars: dict[str, BusinessCalendar],
    answer_times: AnswerTimes | None,
) -> None:
    """carrier_intervals.csv always; punctuality.csv when late carriers were planted."""
    _write(out / "carrier_intervals.csv", HEADER, interval_rows(port_ins, port_outs, calendars))
    if answer_times is not None:
        _write(
            out / "punctuality.csv",
            ["carrier_id", "late", "foc_late_share", "completion_late_share"],
            [
                [p.carrier_id, int(p.late), _num(p.foc_late_share), _num(p.completion_late_share)]
                for p in answer_times.punctuality.values()
            ],
        )
