"""Typed values for a kind's text rows: every distinct text is parsed once, then mapped back.

Rows whose required value is empty or whose typed value cannot be read are moved to quarantine
with a plain-words reason naming the column; nothing is dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd

from portrecon.carriers import CarrierBook
from portrecon.distinct import map_distinct, spread
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
from portrecon.phones import RangeError, nanp_e164_many, split_tns
from portrecon.pins import MASK, hash_pin, hash_pin_unpadded, looks_like_pin, pin_key

Reading = tuple[object, str | None]  # (typed value, or why the text cannot be one)
ColumnParser = Callable[[list[str]], list[Reading]]


def _distinct_map(series: pd.Series, parser: ColumnParser) -> tuple[pd.Series, pd.Series]:
    """(parsed values, error message or None) for a text column, parsing distinct texts once."""
    codes, uniques = pd.factorize(series)
    readings = parser(list(uniques))
    values = spread([value for value, _ in readings], codes, series.index)
    errors = spread([error for _, error in readings], codes, series.index)
    return values, errors


def _message(exc: ValueError, text: str) -> str:
    """The parser's reason, with a value that looks like a PIN (one typed or shifted into this
    column) quoted as the mask: reasons reach the warehouse and the reports."""
    message = str(exc)
    return message.replace(repr(text), repr(MASK)) if looks_like_pin(text) else message


def _each(parse: Callable[[str], object]) -> ColumnParser:
    """A column parser calling `parse` on each distinct non-empty text."""

    def read(text: str) -> Reading:
        if text == "":
            return None, None
        try:
            return parse(text), None
        except ValueError as exc:
            return None, _message(exc, text)

    return lambda texts: [read(text) for text in texts]


def _nanp(texts: list[str]) -> list[Reading]:
    """Numbers in one vectorised pass (phones.nanp_e164_many); an empty text is no error."""
    return [
        (e164, None)
        if e164 or text == ""
        else (None, _message(ValueError(f"{text!r} is not a 10-digit North American number"), text))
        for text, e164 in zip(texts, nanp_e164_many(texts), strict=True)
    ]


def _checked_tns(text: str) -> list[str]:
    try:
        numbers = split_tns(text)
    except RangeError as exc:
        raise ValueError(str(exc)) from None
    if not numbers:
        raise ValueError(f"{text!r} lists no number")
    return numbers


_PARSERS: dict[str, ColumnParser] = {
    "tn": _nanp,
    "btn": _nanp,
    "csr_date": _each(parse_date),
    "signed_date": _each(parse_date),
    "requested_port_date": _each(parse_date),
    "invoice_date": _each(parse_date),
    "foc_date": _each(parse_date),
    "event_time": _each(parse_datetime),
    "tn_count": _each(parse_count),
    "number_type": _each(parse_number_type),
    "direction": _each(parse_direction),
    "status": _each(parse_status),
    "tns": _each(_checked_tns),
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
    carrier_ids = map_distinct(loaded[carrier_column], book.carrier_id)
    loaded["carrier_id"] = carrier_ids.fillna(book.carrier_id(None))
    if "pin" in loaded:
        key = pin_key()
        loaded["pin_hash"] = map_distinct(loaded["pin"], lambda pin: hash_pin(pin, key))
        loaded["pin_hash_unpadded"] = map_distinct(
            loaded["pin"], lambda pin: hash_pin_unpadded(pin, key)
        )
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
