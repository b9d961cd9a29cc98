"""What a perfect product concludes from the inbox, written as sorted CSV files with a header.
Derived from the generator's own structures and clean event lists with the `holidays`
calendars; it never calls the product's parsing, normalising or matching code."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from portrecon.carriers import default_carrier_book
from portrecon.synth.calendars import BusinessCalendar
from portrecon.synth.orders import PortIn
from portrecon.synth.policies import ReviewPolicy
from portrecon.synth.port_date_truth import port_date_codes
from portrecon.synth.tables import FileTruth
from portrecon.synth.timelines import Event, OrderHeader
from portrecon.synth.world import Carrier

# docs/metrics.md's definitions, implemented here independently of portrecon/portouts.py.
CLOSING_STATUSES = ("cancelled", "rejected", "auto_rejected", "stopped")
REJECTIONS = ("rejected", "auto_rejected")
FOC_CLOSE_DAYS = 5
CANCEL_AFTER_FOC_DAYS = 5
RELEASE_WITHIN_DAYS = 5
DISPUTE_WINDOW_DAYS = 30
GENERIC_SLA_DAYS = 20


@dataclass(slots=True)
class OrderTruth:
    """One order at as-of: status, milestones and durations as docs/metrics.md defines them."""

    order_id: str
    direction: str
    carrier: Carrier
    status: str
    submitted: int | None = None
    approved: int | None = None
    foc: int | None = None
    first_foc: int | None = None
    completed: int | None = None
    cancelled: int | None = None
    rejections: int = 0
    update_requests: int = 0
    days_to_foc: int | None = None
    days_to_complete: int | None = None
    foc_slip_days: int | None = None
    disputed: bool = False

    @property
    def is_open(self) -> bool:
        """Open until completed, cancelled, rejected or stopped (docs/metrics.md)."""
        return self.completed is None and self.status not in CLOSING_STATUSES


def order_truth(header: OrderHeader, events: list[Event], calendar: BusinessCalendar) -> OrderTruth:
    """One order's current state and durations from its distinct events (UTC dates)."""
    ordered = sorted(events, key=lambda e: e.time)
    truth = OrderTruth(
        header.order_id,
        header.direction,
        header.carrier,
        ordered[-1].status if ordered else "draft",
    )
    start = "submitted" if header.direction == "port_in" else "requested"
    for event in ordered:
        day, status = event.day, event.status
        if status == start and truth.submitted is None:
            truth.submitted = day
        elif status == "approved" and truth.approved is None:
            truth.approved = day
        elif status == "completed" and truth.completed is None:
            truth.completed = day
        elif status == "cancelled" and truth.cancelled is None:
            truth.cancelled = day
        elif status == "stopped" and truth.completed is not None:
            truth.disputed = True
        truth.rejections += status in REJECTIONS
        truth.update_requests += status == "update_required"
        if event.foc is not None:
            truth.first_foc = event.foc if truth.first_foc is None else truth.first_foc
            truth.foc = event.foc
    if truth.submitted is not None:
        if truth.approved is not None:
            truth.days_to_foc = calendar.between(truth.submitted, truth.approved)
        if truth.completed is not None:
            truth.days_to_complete = calendar.between(truth.submitted, truth.completed)
    if truth.first_foc is not None:
        truth.foc_slip_days = calendar.between(truth.first_foc, truth.foc)
    return truth


def _iso(day: int | None) -> str:
    return date.fromordinal(day).isoformat() if day is not None else ""


def _num(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else repr(float(value))


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    """Rows sorted by their first three columns (every table's key lies there)."""
    rows = [["" if v is None else v for v in row] for row in rows]
    rows.sort(key=lambda r: [v if isinstance(v, str) else f"{v:012d}" for v in r[:3]])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _share(durations: list[int], target: int) -> str:
    """Share of durations within target; empty when there are none."""
    return _num(sum(1 for d in durations if d <= target) / len(durations)) if durations else ""


def _percentile(values: list[int], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


def portout_watch(truth: OrderTruth, as_of: int, calendar: BusinessCalendar) -> list[list]:
    """The actions a porting team owes on one port-out at as-of (docs/metrics.md)."""
    rows = []
    status, foc, completed = truth.status, truth.foc, truth.completed

    def before_foc() -> str:
        return _iso(calendar.add(foc, -1)) if foc is not None else ""

    if (
        truth.is_open
        and status in ("requested", "confirmation_sent")
        and (foc is None or calendar.between(as_of, foc) <= FOC_CLOSE_DAYS)
    ):
        rows.append([truth.order_id, "CONFIRMATION_PENDING", before_foc()])
    if (
        truth.is_open
        and status in ("authorized", "auto_approved", "approved")
        and foc is not None
        and foc < as_of
    ):
        cancel_day = calendar.add(foc, CANCEL_AFTER_FOC_DAYS)
        code = "CANCEL_WINDOW_PASSED" if cancel_day < as_of else "NOT_COMPLETED_AFTER_FOC"
        rows.append([truth.order_id, code, _iso(cancel_day)])
    if completed is not None and 0 <= calendar.between(completed, as_of) <= RELEASE_WITHIN_DAYS:
        rows.append(
            [truth.order_id, "RELEASE_NUMBERS", _iso(calendar.add(completed, RELEASE_WITHIN_DAYS))]
        )
    if completed is not None and truth.disputed and as_of <= completed + DISPUTE_WINDOW_DAYS:
        rows.append([truth.order_id, "DISPUTE_WINDOW", _iso(completed + DISPUTE_WINDOW_DAYS)])
    return rows


def _prevention(check: str, planted: list[str]) -> str:
    """What rejection_outcomes must say of a rejection naming `check`: caught when the order's
    planted findings hold it, missed otherwise (an order whose LOA is not in the inbox has none
    the product can see); empty when the words name no check of REASONS (their mapping is the
    product's taxonomy, not a truth of the world)."""
    if not check:
        return ""
    held = any(code == check or code.startswith(f"{check}_") for code in planted)
    return "caught" if held else "missed"


def write_truth(
    out: Path,
    files: list[FileTruth],
    port_ins: list[PortIn],
    port_outs: list[tuple[OrderHeader, list[Event]]],
    policies: dict[str, ReviewPolicy],
    calendars: dict[str, BusinessCalendar],
    as_of: int,
) -> dict[str, int]:
    """Write every truth table into `out`; returns row counts per table."""
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    reconciled = [o for o in port_ins if o.loa_in_inbox]  # without its LOA no order is compared

    def emit(name: str, header: list[str], rows: list[list]) -> None:
        _write(out / f"{name}.csv", header, rows)
        counts[name] = len(rows)

    emit(
        "files",
        ["source_file", "kind", "rows_read", "rows_loaded", "rows_quarantined"],
        [[f.source_file, f.kind, f.rows_read, f.rows_loaded, f.rows_quarantined] for f in files],
    )
    emit(
        "quarantine",
        ["source_file", "source_line", "reason_kind"],
        [[q.source_file, q.source_line, q.reason_kind] for f in files for q in f.quarantine],
    )
    emit(
        "field_verdicts",
        ["order_id", "field", "verdict", "component"],
        [[o.header.order_id, f, v, c] for o in reconciled for f, v, c in o.fields.verdicts],
    )
    emit(
        "order_findings",
        ["order_id", "code"],
        [[o.header.order_id, code] for o in reconciled for code in o.codes],
    )
    book = default_carrier_book()
    emit(
        "port_date_findings",
        ["order_id", "loa_id", "code"],
        [
            [o.header.order_id, o.loa_id, code]
            for o in reconciled
            for code in port_date_codes(o, book, as_of)
        ],
    )
    emit(
        "risk",
        ["order_id", "carrier_id", "true_probability", "outcome", "is_history"],
        [
            [
                o.header.order_id,
                o.header.carrier.carrier_id,
                _num(o.probability),
                int(o.rejected),
                int(o.decided),
            ]
            for o in port_ins
        ],
    )
    emit(
        "rejection_codes",
        ["order_id", "status", "day", "reason", "vendor", "vendor_code", "check", "prevention"],
        [
            [o.header.order_id, e.status, _iso(e.day), e.reason, e.vendor, e.vendor_code,
             e.check, _prevention(e.check, o.codes if o.loa_in_inbox else [])]
            for o in port_ins
            for e in o.events
            if e.status in ("rejected", "update_required") and e.day <= as_of
        ],
    )  # fmt: skip
    emit(
        "policies",
        ["carrier_id", "style", "code", "effect"],
        [
            [p.carrier_id, p.style, code, _num(effect)]
            for p in policies.values()
            for code, effect in (("BASE", p.base), *p.effects.items())
        ],
    )

    orders = [
        order_truth(o.header, o.events, calendars[o.header.carrier.calendar_country])
        for o in port_ins
    ]
    orders += [order_truth(h, ev, calendars[h.carrier.calendar_country]) for h, ev in port_outs]
    emit(
        "orders",
        [
            "order_id",
            "direction",
            "carrier_id",
            "country",
            "status",
            "submitted_date",
            "approved_date",
            "foc_date",
            "first_foc_date",
            "completed_date",
            "cancelled_date",
            "rejections",
            "update_requests",
            "days_to_foc",
            "days_to_complete",
            "foc_slip_days",
            "is_open",
        ],
        [
            [
                t.order_id,
                t.direction,
                t.carrier.carrier_id,
                t.carrier.calendar_country,
                t.status,
                _iso(t.submitted),
                _iso(t.approved),
                _iso(t.foc),
                _iso(t.first_foc),
                _iso(t.completed),
                _iso(t.cancelled),
                t.rejections,
                t.update_requests,
                t.days_to_foc,
                t.days_to_complete,
                t.foc_slip_days,
                int(t.is_open),
            ]
            for t in orders
        ],
    )
    emit(
        "portout_watch",
        ["order_id", "action_kind", "due_date"],
        [
            row
            for t in orders
            if t.direction == "port_out"
            for row in portout_watch(t, as_of, calendars[t.carrier.calendar_country])
        ],
    )
    emit("sla_by_carrier", _SLA_HEADER, _sla_rows(orders))
    return counts


_SLA_HEADER = [
    "carrier_id",
    "direction",
    "month",
    "orders",
    "completed",
    "rejected_orders",
    "rejection_rate",
    "median_days_to_foc",
    "p90_days_to_foc",
    "median_days_to_complete",
    "p90_days_to_complete",
    "on_time_rate",
    "on_time_rate_20bd",
    "open_orders",
]


def _sla_rows(orders: list[OrderTruth]) -> list[list]:
    groups: dict[tuple[str, str, str], list[OrderTruth]] = defaultdict(list)
    for t in orders:
        if t.submitted is not None:
            month = date.fromordinal(t.submitted).replace(day=1).isoformat()
            groups[(t.carrier.carrier_id, t.direction, month)].append(t)
    rows = []
    for (carrier_id, direction, month), group in groups.items():
        to_foc = [t.days_to_foc for t in group if t.days_to_foc is not None]
        to_complete = [t.days_to_complete for t in group if t.days_to_complete is not None]
        rejected = sum(1 for t in group if t.rejections)
        rows.append(
            [
                carrier_id,
                direction,
                month,
                len(group),
                len(to_complete),
                rejected,
                _num(rejected / len(group)),
                _num(_percentile(to_foc, 50)),
                _num(_percentile(to_foc, 90)),
                _num(_percentile(to_complete, 50)),
                _num(_percentile(to_complete, 90)),
                _share(to_complete, group[0].carrier.sla_days_to_complete),
                _share(to_complete, GENERIC_SLA_DAYS),
                sum(1 for t in group if t.is_open),
            ]
        )
    return rows
