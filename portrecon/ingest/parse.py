"""Typed values for a kind's text rows: every distinct text is parsed once, then mapped back.

Rows whose required value is empty or whose typed value cannot be read are moved to quarantine
with a plain-words reason naming the column; nothing is dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd

from portrecon.carriers import CarrierBook
from portrecon.ingest.files import KindRows, quarantine_entry, shown_value
from portrecon.ingest.kinds import KindSpec
from portrecon.ingest.values import (
    parse_count,
    parse_date,
    parse_datetime,
    parse_direction,
    parse_number_type,
    parse_status,
)
from portrecon.phones import RangeError, nanp_e164, split_tns
from portrecon.pins import MASK, hash_pin, hash_pin_unpadded, looks_like_pin


def _distinct_map(
    series: pd.Series, parser: Callable[[str], object]
) -> tuple[pd.Series, pd.Series]:
    """(parsed values, error message or None) for a text column, parsing distinct texts once."""
    parsed: dict[str, object] = {}
    errors: dict[str, str | None] = {}
    for text in series.dropna().unique():
        if text == "":
            parsed[text], errors[text] = None, None
            continue
        try:
            parsed[text], errors[text] = parser(text), None
        except ValueError as exc:
            parsed[text], errors[text] = None, _message(exc, text)
    return series.map(parsed), series.map(errors)


def _message(exc: ValueError, text: str) -> str:
    """The parser's reason, with a value that looks like a PIN (one typed or shifted into this
    column) quoted as the mask: reasons reach the warehouse and the reports."""
    message = str(exc)
    return message.replace(repr(text), repr(MASK)) if looks_like_pin(text) else message


def _nanp(text: str) -> str:
    e164 = nanp_e164(text)
    if e164 is None:
        raise ValueError(f"{text!r} is not a 10-digit North American number")
    return e164


def _checked_tns(text: str) -> list[str]:
    try:
        numbers = split_tns(text)
    except RangeError as exc:
        raise ValueError(str(exc)) from None
    if not numbers:
        raise ValueError(f"{text!r} lists no number")
    return numbers


_PARSERS: dict[str, Callable[[str], object]] = {
    "tn": _nanp,
    "btn": _nanp,
    "csr_date": parse_date,
    "signed_date": parse_date,
    "requested_port_date": parse_date,
    "invoice_date": parse_date,
    "foc_date": parse_date,
    "event_time": parse_datetime,
    "tn_count": parse_count,
    "number_type": parse_number_type,
    "direction": parse_direction,
    "status": parse_status,
    "tns": _checked_tns,
}


def parse_kind(rows: KindRows, spec: KindSpec, book: CarrierBook) -> pd.DataFrame:
    """Typed frame of the loadable rows; failures are appended to rows.quarantine."""
    frame = rows.frame.copy()
    problems = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for column in spec.required_values:
        empty = frame[column].fillna("").eq("")
        problems = problems.where(~(empty & problems.isna()), f"{column} is empty")
    for column in spec.columns:
        parser = _PARSERS.get(column)
        if parser is None:
            continue
        if column == "status":
            frame["status_raw"] = frame[column]
        values, errors = _distinct_map(frame[column], parser)
        failed = errors.notna() & problems.isna()
        problems = problems.where(~failed, column + ": " + errors.astype("string"))
        frame[column] = values.where(errors.isna(), None)
    bad = problems.notna()
    if bad.any():
        _quarantine(rows, frame[bad], problems[bad], spec)
    loaded = frame[~bad].copy()
    for column in spec.columns:
        if column not in _PARSERS:
            loaded[column] = loaded[column].replace("", None)
    carrier_column = "losing_carrier" if spec.kind == "loa" else "carrier"
    ids = {name: book.carrier_id(name) for name in loaded[carrier_column].dropna().unique()}
    loaded["carrier_id"] = loaded[carrier_column].map(ids).fillna(book.carrier_id(None))
    if "pin" in loaded:
        pins = loaded["pin"].dropna().unique()
        loaded["pin_hash"] = loaded["pin"].map({p: hash_pin(p) for p in pins})
        loaded["pin_hash_unpadded"] = loaded["pin"].map({p: hash_pin_unpadded(p) for p in pins})
        loaded = loaded.drop(columns="pin")
    return loaded.reset_index(drop=True)


def _quarantine(rows: KindRows, bad: pd.DataFrame, reasons: pd.Series, spec: KindSpec) -> None:
    textual = rows.frame.loc[bad.index]
    for (_, record), reason in zip(textual.iterrows(), reasons, strict=True):
        raw = {c: shown_value(record[c], c == "pin") for c in spec.columns if record[c]}
        if record["extra"]:
            raw.update({k: shown_value(v, False) for k, v in json.loads(record["extra"]).items()})
        rows.quarantine.append(
            quarantine_entry(
                record["source_file"],
                int(record["source_line"]),
                spec.kind,
                reason,
                json.dumps(raw, ensure_ascii=False),
            )
        )
