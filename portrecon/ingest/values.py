"""Parsers for dates, instants, counts and the coded columns, as people and Excel write them.

Each parser takes one text and returns a value or raises ValueError with a plain-words message;
callers apply them to distinct values only.
"""

from __future__ import annotations

import datetime as dt
import re

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_SERIAL = re.compile(r"^\d{4,5}(?:\.\d+)?$")
_COMPACT = re.compile(r"[^a-z0-9]")

PORT_IN_STATUSES = (
    "draft",
    "submitted",
    "approved",
    "update_required",
    "rejected",
    "resubmitted",
    "completed",
    "cancelled",
)
PORT_OUT_STATUSES = (
    "requested",
    "confirmation_sent",
    "authorized",
    "stopped",
    "auto_approved",
    "auto_rejected",
    "approved",
    "completed",
    "cancelled",
)
STATUSES = tuple(dict.fromkeys(PORT_IN_STATUSES + PORT_OUT_STATUSES))

_STATUS_SYNONYMS = {
    "foc": "approved",
    "focreceived": "approved",
    "focissued": "approved",
    "firmordercommitment": "approved",
    "canceled": "cancelled",
    "complete": "completed",
    "ported": "completed",
    "updaterequested": "update_required",
    "supplementrequired": "update_required",
    "confirmationrequested": "confirmation_sent",
    "autoapproval": "auto_approved",
    "autorejection": "auto_rejected",
}
_STATUS_BY_COMPACT = {_COMPACT.sub("", s): s for s in STATUSES} | _STATUS_SYNONYMS
_DIRECTIONS = {"portin": "port_in", "in": "port_in", "portout": "port_out", "out": "port_out"}
_NUMBER_TYPES = {"local": "local", "tollfree": "tollfree", "tf": "tollfree", "8xx": "tollfree"}


def compact(text: str) -> str:
    """Lower case without spaces, `-`, `_` or punctuation: how headers and codes are matched."""
    return _COMPACT.sub("", text.lower())


def _coded(text: str, table: dict[str, str], what: str) -> str:
    value = table.get(compact(text))
    if value is None:
        raise ValueError(f"{what} {text!r} is not recognised")
    return value


def parse_status(text: str) -> str:
    return _coded(text, _STATUS_BY_COMPACT, "status")


def parse_direction(text: str) -> str:
    return _coded(text, _DIRECTIONS, "direction")


def parse_number_type(text: str) -> str:
    return _coded(text, _NUMBER_TYPES, "number type")


def parse_count(text: str) -> int:
    try:
        number = float(text.strip().replace(",", ""))
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if not number.is_integer() or number < 0:
        raise ValueError(f"{text!r} is not a whole number")
    return int(number)


def _excel_serial(text: str) -> dt.datetime:
    return EXCEL_EPOCH + dt.timedelta(days=float(text))


def parse_datetime(text: str) -> dt.datetime:
    """An instant in UTC (naive). ISO with or without zone (none = UTC), US form, Excel serial."""
    value = text.strip()
    if _SERIAL.match(value):
        return _excel_serial(value)
    us = _US_DATE.match(value)
    if us:
        month, day, year, hour, minute, second = us.groups()
        try:
            return dt.datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not a date or time this product reads") from None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
        except OverflowError:  # 9999-12-31 23:00-02:00 is in year 10000 in UTC
            raise ValueError(f"{text!r} falls outside the years 1 to 9999 in UTC") from None
    return parsed


def parse_date(text: str) -> dt.date:
    """A calendar date: ISO, `MM/DD/YYYY`, Excel serial or a datetime (its date part)."""
    value = text.strip()
    if _SERIAL.match(value):
        return _excel_serial(value).date()
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
    return parse_datetime(value).date()
