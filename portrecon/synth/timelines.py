"""Order event histories: port-ins simulated from the carrier's hidden policy on the business days
of its country (review, update requests, rejections, FOC and its slips, completion, cancel) and
port-outs through every status of PRODUCT.md 3.3, all cut at the as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portrecon.synth.calendars import BusinessCalendar
from portrecon.synth.policies import UPDATE_REASONS, ReviewPolicy
from portrecon.synth.rand import Dice
from portrecon.synth.vendor_reasons import vendor_reason
from portrecon.synth.world import Carrier

EPOCH_DAY = date(1970, 1, 1).toordinal()
DAY_SECONDS = 86400
DISPUTE_REASON = "Dispute: customer reports unauthorized port-out"
PORT_OUT_REASONS = {
    "stopped": "Customer requested stop",
    "auto_rejected": "Request does not match account data",
    "cancelled": "Cancelled by gaining carrier",
    "not_completed": "Not completed within 5 days of due date",
}


@dataclass(slots=True)
class OrderHeader:
    """What every event row of one order repeats."""

    order_id: str
    direction: str
    carrier: Carrier
    number_type: str
    tn_count: int


@dataclass(slots=True)
class Event:
    """One status event of one order (instant in UTC seconds)."""

    header: OrderHeader
    status: str
    time: int  # seconds since 1970-01-01 UTC
    foc: int | None = None  # ordinal day
    reason: str = ""
    vendor: str = ""  # the platform whose code the reason carries (truth), empty for words only
    vendor_code: str = ""
    check: str = ""  # the check (field or finding code) the carrier's words name; empty = none

    @property
    def day(self) -> int:
        return self.time // DAY_SECONDS + EPOCH_DAY


class Clock:
    """Gives each event of one order a strictly later instant on the wanted day."""

    def __init__(self, dice: Dice) -> None:
        self.dice = dice
        self.last = 0

    def at(self, day: int, late: bool = False) -> int:
        start = (day - EPOCH_DAY) * DAY_SECONDS
        if late and self.dice.chance(0.04):
            # evening in the Americas: already the next day in UTC
            moment = start + DAY_SECONDS + self.dice.integer(0, 3 * 3600)
        else:
            moment = start + self.dice.integer(13 * 3600, 21 * 3600)
        self.last = max(moment, self.last + 60)
        return self.last


def port_in_events(
    header: OrderHeader,
    policy: ReviewPolicy,
    calendar: BusinessCalendar,
    dice: Dice,
    submitted: int,
    rejected: bool,
    draft_event: bool,
    codes: list[str],
) -> tuple[list[Event], int | None]:
    """Every event of a submitted port-in, including those after as-of (cut by the caller), and
    the index of its first carrier decision (None when cancelled before any decision).
    `rejected` is the sampled first decision."""
    clock = Clock(dice)
    events: list[Event] = []

    def add(status: str, day: int, foc: int | None = None, reason: str = "") -> None:
        events.append(Event(header, status, clock.at(day, late=bool(events)), foc, reason))

    def send_back(status: str, day: int, words: str) -> None:
        written = vendor_reason(words, header.order_id, day, status)
        add(status, day, reason=written.text)
        events[-1].vendor, events[-1].vendor_code = written.vendor, written.vendor_code
        events[-1].check = written.check

    if draft_event:
        add("draft", submitted - dice.integer(0, 4))
    events.append(Event(header, "submitted", clock.at(submitted)))
    review = dice.integer(*policy.review_days)
    decided = calendar.add(submitted, review)
    if dice.chance(policy.cancel_rate):
        add(
            "cancelled",
            calendar.add(submitted, dice.integer(1, review - 1)),
            reason="Cancelled at customer request",
        )
        return events, None
    first_decision = len(events)
    resubmits = 0
    while rejected:
        if dice.chance(policy.update_share):
            send_back("update_required", decided, dice.pick(UPDATE_REASONS))
            if not dice.chance(0.85):
                add(
                    "cancelled",
                    calendar.add(decided, dice.integer(2, 10)),
                    reason="Cancelled at customer request",
                )
                return events, first_decision
        else:
            send_back("rejected", decided, policy.reason(codes, dice))
            if resubmits or not dice.chance(policy.resubmit_after_reject):
                return events, first_decision
        resubmits += 1
        resubmitted = calendar.add(decided, dice.integer(1, 5))
        add("resubmitted", resubmitted)
        decided = calendar.add(resubmitted, dice.integer(3, 10))
        rejected = dice.chance(0.15 if resubmits == 1 else 0.05)
    foc = calendar.add(decided, dice.integer(*policy.foc_lead_days))
    add("approved", decided, foc)
    slipped_on = decided
    while dice.chance(policy.slip_rate if slipped_on == decided else 0.2):
        slipped_on = min(calendar.add(slipped_on, 1), foc)
        foc = calendar.add(foc, dice.integer(1, 5))
        add("approved", slipped_on, foc, reason="FOC rescheduled by losing carrier")
    add("completed", foc)
    return events, first_decision


def port_out_path(
    kind: str,
    start: int,
    foc: int,
    calendar: BusinessCalendar,
    dice: Dice,
    dispute_day: int | None = None,
) -> list[tuple[str, int, int | None, str]]:
    """(status, day, foc, reason) of a port-out requested on `start` with FOC `foc`."""
    path: list[tuple[str, int, int | None, str]] = [("requested", start, foc, "")]
    if kind == "pending" and dice.chance(0.3):
        return path  # the confirmation request has not gone out yet
    path.append(("confirmation_sent", start, foc, ""))
    answered = min(calendar.add(start, dice.integer(1, 2)), calendar.add(foc, -1))
    if kind in ("stopped", "auto_rejected", "cancelled"):
        return [*path, (kind, answered, None, PORT_OUT_REASONS[kind])]
    if kind == "pending":
        return path
    path.append(("authorized" if dice.chance(0.6) else "auto_approved", answered, None, ""))
    if kind == "overdue" and dice.chance(0.25):
        return path  # confirmed, but the FOC approval never came
    approved = answered if dice.chance(0.5) else min(calendar.add(answered, 1), foc)
    path.append(("approved", approved, foc, ""))
    if kind == "not_completed":
        cancel_day = calendar.add(foc, dice.integer(6, 8))
        return [*path, ("cancelled", cancel_day, None, PORT_OUT_REASONS[kind])]
    if kind == "overdue":
        return path
    path.append(("completed", foc, None, ""))
    if kind == "dispute":
        path.append(("stopped", dispute_day or foc + dice.integer(1, 20), None, DISPUTE_REASON))
    return path


def port_out_events(
    header: OrderHeader, calendar: BusinessCalendar, dice: Dice, as_of: int
) -> list[Event]:
    """A port-out's events: either somewhere in the past year, or placed so that it needs (or
    nearly needs) action at as-of: FOC close, FOC long passed, recent completion, dispute."""
    d = dice
    scenario = d.weighted(
        (
            ("history", 0.72),
            ("pending_soon", 0.05),
            ("pending_far", 0.03),
            ("overdue", 0.04),
            ("passed_recently", 0.02),
            ("completed_recent", 0.06),
            ("completed_old", 0.03),
            ("dispute_open", 0.03),
            ("dispute_old", 0.02),
        )
    )
    dispute_day = None
    if scenario == "history":
        kind = d.weighted(
            (
                ("completed", 0.7),
                ("stopped", 0.07),
                ("auto_rejected", 0.07),
                ("cancelled", 0.05),
                ("not_completed", 0.05),
                ("dispute", 0.06),
            )
        )
        start = calendar.on_or_after(as_of - d.integer(0, 330))
        foc = calendar.add(start, d.integer(3, 7))
    elif scenario in ("pending_soon", "pending_far"):
        kind = "pending"
        ahead = d.integer(1, 5) if scenario == "pending_soon" else d.integer(6, 9)
        foc = calendar.add(as_of, ahead)
        start = min(calendar.add(foc, -d.integer(3, 5)), calendar.add(as_of + 1, -1))
    elif scenario in ("overdue", "passed_recently"):
        kind = "overdue"
        foc = calendar.add(as_of, -(d.integer(6, 12) if scenario == "overdue" else d.integer(1, 3)))
        start = calendar.add(foc, -d.integer(3, 7))
    elif scenario in ("completed_recent", "completed_old"):
        kind = "completed"
        back = d.integer(0, 5) if scenario == "completed_recent" else d.integer(6, 15)
        foc = calendar.add(as_of + 1, -1 - back)
        start = calendar.add(foc, -d.integer(3, 7))
    else:
        kind = "dispute"
        back = d.integer(5, 20) if scenario == "dispute_open" else d.integer(45, 80)
        foc = calendar.add(as_of - back + 1, -1)
        start = calendar.add(foc, -d.integer(3, 7))
        dispute_day = min(foc + d.integer(1, 10), as_of)
    clock = Clock(d)
    events = [
        Event(header, status, clock.at(day, late=index > 1), foc_day, reason)
        for index, (status, day, foc_day, reason) in enumerate(
            port_out_path(kind, start, foc, calendar, d, dispute_day)
        )
    ]
    return [e for e in events if e.day <= as_of]
