"""How values are written in the files: every date, time, telephone-number, `tns` list and status
spelling of PRODUCT.md 3.3-3.4 and ingest_rules.md, so the product meets them all."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

from portrecon.synth.phones import EXCEL_FORMS, SPACELESS_FORMS, TN_FORMS, tn_text
from portrecon.synth.rand import Dice

EXCEL_EPOCH = date(1899, 12, 30).toordinal()
UNIX_EPOCH = datetime(1970, 1, 1)

DATE_FORMS = ("iso", "us", "iso_time", "serial", "serial_float")
STATUS_SPELLINGS: dict[str, tuple[str, ...]] = {
    "draft": ("draft", "Draft", "DRAFT"),
    "submitted": ("submitted", "Submitted", "SUBMITTED"),
    "approved": ("approved", "Approved", "APPROVED", "FOC", "foc", "FOC received"),
    "update_required": ("update_required", "Update Required", "UPDATE-REQUIRED", "update-required"),
    "rejected": ("rejected", "Rejected", "REJECTED"),
    "resubmitted": ("resubmitted", "Resubmitted", "RESUBMITTED"),
    "completed": ("completed", "Completed", "COMPLETED"),
    "cancelled": ("cancelled", "Cancelled", "CANCELLED"),
    "requested": ("requested", "Requested", "REQUESTED"),
    "confirmation_sent": ("confirmation_sent", "Confirmation Sent", "CONFIRMATION-SENT"),
    "authorized": ("authorized", "Authorized", "AUTHORIZED"),
    "stopped": ("stopped", "Stopped", "STOPPED"),
    "auto_approved": ("auto_approved", "AUTO-APPROVED", "Auto Approved"),
    "auto_rejected": ("auto_rejected", "AUTO-REJECTED", "Auto Rejected"),
}
DIRECTION_SPELLINGS = {
    "port_in": ("port_in", "port_in", "PORT-IN", "port in", "Port In"),
    "port_out": ("port_out", "port_out", "PORT-OUT", "port out", "Port Out"),
}
NUMBER_TYPE_SPELLINGS = {
    "local": ("local", "local", "Local", "LOCAL"),
    "tollfree": ("tollfree", "tollfree", "toll-free", "Toll Free", "TF"),
}
# Offsets people's systems write event times in (hours east of UTC).
UTC_OFFSETS = (-4, -5, -6, -7, -8)
TIME_FORMS = ("z", "utc_offset", "offset", "offset", "naive", "naive_ms", "us")


def spell(spellings: dict[str, tuple[str, ...]], value: str, dice: Dice, plain: float) -> str:
    """The canonical spelling with probability `plain`, else any accepted variant."""
    options = spellings[value]
    return options[0] if dice.chance(plain) else dice.pick(options)


@cache
def render_date(day: int, form: str) -> str:
    if form == "iso":
        return date.fromordinal(day).isoformat()
    if form == "us":
        return date.fromordinal(day).strftime("%m/%d/%Y")
    if form == "iso_time":
        return f"{date.fromordinal(day).isoformat()} 00:00:00"
    if form == "serial":
        return str(day - EXCEL_EPOCH)
    return f"{day - EXCEL_EPOCH}.0"


def date_cell(day: int, dice: Dice) -> object:
    """An xlsx date: a date cell or an Excel serial number."""
    if dice.chance(0.7):
        return datetime.combine(date.fromordinal(day), datetime.min.time())
    return day - EXCEL_EPOCH


def render_time(seconds: int, form: str, dice: Dice) -> str:
    moment = UNIX_EPOCH + timedelta(seconds=seconds)
    if form == "z":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if form == "utc_offset":
        return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    if form == "offset":
        hours = dice.pick(UTC_OFFSETS)
        local = moment + timedelta(hours=hours)
        return (
            local.strftime("%Y-%m-%dT%H:%M:%S") + f"{'-' if hours < 0 else '+'}{abs(hours):02d}:00"
        )
    if form == "naive":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if form == "naive_ms":
        return moment.strftime("%Y-%m-%dT%H:%M:%S.000")
    return moment.strftime("%m/%d/%Y %H:%M:%S")


def time_cell(seconds: int) -> datetime:
    """An xlsx datetime cell (no zone: UTC)."""
    return UNIX_EPOCH + timedelta(seconds=seconds)


def render_tn(number: int, dice: Dice, spaceless: bool = False, excel: bool = True) -> str:
    if spaceless:
        return tn_text(number, dice.pick(SPACELESS_FORMS))
    return tn_text(number, dice.integer(0, TN_FORMS - 1 - (0 if excel else len(EXCEL_FORMS))))


def _runs(numbers: list[int]) -> list[list[int]]:
    """Consecutive runs of numbers inside one exchange (NPA-NXX)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1 and number // 10000 == runs[-1][-1] // 10000:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def render_tns(entries: list[tuple[int | None, str | None]], dice: Dice) -> str:
    """An LOA `tns` cell: numbers joined by `;`, `,`, spaces or newlines, with consecutive
    numbers written as ranges `4155550100-0199` or `4155550100-4155550199`."""
    separator = dice.weighted((("; ", 3), (";", 2), (", ", 2), (" ", 1), ("\n", 1)))
    spaceless = separator == " "
    use_ranges = dice.chance(0.7)
    pieces = []
    valid = [n for n, _ in entries if n is not None]
    for run in _runs(valid) if use_ranges else [[n] for n in valid]:
        if len(run) >= 3:
            first, last = str(run[0]), str(run[-1])
            pieces.append(f"{first}-{last[6:]}" if dice.chance(0.6) else f"{first}-{last}")
        else:
            pieces += [render_tn(n, dice, spaceless, excel=len(entries) == 1) for n in run]
    for _, text in entries:
        if text is not None:
            pieces.insert(
                dice.integer(0, len(pieces)),
                text if dice.chance(0.5) or spaceless else f"+1 {text}",
            )
    return separator.join(pieces)
