"""`generate()`: the whole synthetic porting world for one seed: carriers and their hidden
policies, accounts, port-in orders with their LOAs and timelines, port-outs, the messy inbox
files and, on request, the truth tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from portrecon.carriers import default_carrier_book
from portrecon.synth.answer_times import AnswerTimes
from portrecon.synth.calendars import calendars_for
from portrecon.synth.files import InboxWriter
from portrecon.synth.interval_truth import write_interval_truth
from portrecon.synth.orders import OPEN_PORT_IN, PortIn, PortInBuilder
from portrecon.synth.phones import NumberPool
from portrecon.synth.policies import build_policies
from portrecon.synth.rand import Dice
from portrecon.synth.timelines import OrderHeader, port_out_events
from portrecon.synth.truth import write_truth
from portrecon.synth.world import AccountFactory, build_carriers, carrier_weights

PORT_OUT_SHARE = 0.2
DUPLICATE_SHARE = 0.01
PENDING_CONFLICT_SHARE = 0.05
CSR_ONLY_SHARE = 0.2


def generate(
    out_dir: Path,
    orders: int,
    seed: int = 0,
    as_of: date = date(2026, 11, 20),
    truth_dir: Path | None = None,
    events_until: date | None = None,
    port_date_defects: float = 0.0,
    late_carriers: bool = False,
) -> dict[str, int]:
    """Write a synthetic inbox of about `orders` port orders into out_dir (and the truth tables
    into truth_dir); the same seed and as-of give byte-identical files. Returns counts.

    `events_until` (before as-of) writes the same world as the export of that earlier night: its
    events after that day are left out (the truth's timelines too), so two inboxes of one seed
    and as-of make two consecutive nights of one world (bench/bench_changes.py).

    `port_date_defects` (0 to 1, default 0: the world as before, byte for byte): the share of
    port-ins whose requested port date is planted with a defect (weekend, holiday, too near for
    a late submission, beyond the window); truth/port_date_findings.csv says which code each
    LOA gets (bench/bench_reconcile.py --port-date-defects); it also plants, in 100+-number
    orders, dates too near for the order's size.

    `late_carriers` (default False: no die cast for it): a third of the carriers answer late
    (FOC after 24 business hours, simple ports completed late), the others promptly
    (synth/answer_times.py); truth/punctuality.csv holds what was planted. The truth's
    carrier_intervals.csv is written for every world.
    """
    out_dir, today = Path(out_dir), as_of.toordinal()
    dice = Dice(seed)
    carriers = build_carriers(default_carrier_book(), dice)
    policies = build_policies(carriers, dice)
    calendars = calendars_for(as_of.year)
    factory = AccountFactory(dice, NumberPool(dice))

    port_out_count = round(orders * PORT_OUT_SHARE)
    duplicate_count = round((orders - port_out_count) * DUPLICATE_SHARE)
    port_in_count = max(orders - port_out_count - duplicate_count, 1)
    answer_times = AnswerTimes(seed, carriers) if late_carriers else None
    builder = PortInBuilder(
        dice,
        factory,
        carriers,
        policies,
        calendars,
        today,
        port_in_count,
        port_date_defects,
        answer_times,
    )
    port_ins = [builder.build(i + 1) for i in range(port_in_count)]
    port_ins += _duplicates(builder, port_ins, duplicate_count, dice)
    port_ins += _pending_conflicts(
        builder, port_ins, round(port_in_count * PENDING_CONFLICT_SHARE), dice, today
    )

    accounts = builder.csr_accounts
    weights = carrier_weights(carriers)
    accounts += [
        factory.account(dice.weighted(weights), dice.integer(1, 8))
        for _ in range(round(port_in_count * CSR_ONLY_SHARE))
    ]
    for account in accounts:
        account.csr_date = today - dice.integer(3, 120)

    port_outs = []
    for i in range(port_out_count):
        carrier = dice.weighted(weights)
        header = OrderHeader(
            f"PO{i + 1:07d}",
            "port_out",
            carrier,
            "tollfree" if dice.chance(0.1) else "local",
            dice.integer(1, 10),
        )
        events = port_out_events(header, calendars[carrier.calendar_country], dice, today)
        if events:
            port_outs.append((header, events))

    if events_until is not None:
        cut = events_until.toordinal()
        for order in port_ins:
            order.events = [e for e in order.events if e.day <= cut]
        port_outs = [(h, kept) for h, ev in port_outs if (kept := [e for e in ev if e.day <= cut])]

    writer = InboxWriter(out_dir, dice, today, calendars)
    writer.write_csr(carriers, accounts)
    writer.write_loa(port_ins)
    events = [e for o in port_ins for e in o.events] + [e for _, ev in port_outs for e in ev]
    writer.write_events(events, len(events))
    writer.write_clutter()

    counts = {
        "files": len(writer.truths),
        "accounts": len(accounts),
        "port_ins": len(port_ins),
        "port_outs": len(port_outs),
        "events": len(events),
    }
    for kind in ("csr", "loa", "orders"):
        truths = [t for t in writer.truths if t.kind == kind]
        counts[f"{kind}_rows"] = sum(t.rows_read for t in truths)
        counts[f"{kind}_quarantined"] = sum(t.rows_quarantined for t in truths)
    if truth_dir is not None:
        write_truth(Path(truth_dir), writer.truths, port_ins, port_outs, policies, calendars, today)
        write_interval_truth(Path(truth_dir), port_ins, port_outs, calendars, answer_times)
    return counts


def _duplicates(
    builder: PortInBuilder, port_ins: list[PortIn], count: int, dice: Dice
) -> list[PortIn]:
    """Second orders for numbers already in an open order (TN_IN_OTHER_ORDER on both)."""
    open_orders = [
        o
        for o in port_ins
        if o.status in OPEN_PORT_IN
        and o.account.on_csr
        and o.loa_in_inbox
        and "TN_IN_OTHER_ORDER" not in o.codes
    ]
    chosen = dice.sample(open_orders, max(count, 2) if len(port_ins) >= 10 else count)
    first = len(port_ins) + 1
    return [builder.duplicate(original, first + k) for k, original in enumerate(chosen)]


def _pending_conflicts(
    builder: PortInBuilder, port_ins: list[PortIn], count: int, dice: Dice, today: int
) -> list[PortIn]:
    """Second orders submitted while an earlier order for some of the same numbers was pending
    (submitted, not yet completed, cancelled or rejected): the losing carrier sees the conflict."""
    windows = [(o, _pending_until(o, today)) for o in port_ins]
    candidates = [
        (o, until)
        for o, until in windows
        if o.submitted is not None and o.account.on_csr and o.loa_in_inbox
        and until - o.submitted >= 8
    ]  # fmt: skip
    chosen = dice.sample(candidates, min(count, len(candidates)))
    first = len(port_ins) + 1
    conflicts = []
    for k, (original, until) in enumerate(chosen):
        calendar = builder.calendars[original.header.carrier.calendar_country]
        day = calendar.on_or_after(dice.integer(original.submitted + 1, until - 6))
        conflicts.append(builder.duplicate(original, first + k, day))
    return conflicts


def _pending_until(order: PortIn, today: int) -> int:
    """The day a submitted order stopped pending (its first completion, cancellation or
    rejection), or the day after as-of while it still is."""
    closing = (e.day for e in order.events if e.status in ("completed", "cancelled", "rejected"))
    return next(closing, today + 1)
