"""From files of one kind to one frame of text rows, quarantining what cannot be a row.

Works file by file (encoding, header, raggedness); value parsing happens afterwards over the
union of all files so that each distinct value is parsed once (see parse.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

import pandas as pd

from portrecon.distinct import map_distinct
from portrecon.ingest.discovery import InboxFile
from portrecon.ingest.kinds import KindSpec
from portrecon.ingest.readers import UnreadableFile, read_table
from portrecon.ingest.values import compact
from portrecon.pins import MASK, is_secret_header, looks_like_pin

QUARANTINE_COLUMNS = ["source_file", "source_line", "kind", "reason", "raw"]


@dataclass
class FileRead:
    source_file: str
    encoding: str | None
    rows_read: int
    message: str | None = None


@dataclass
class KindRows:
    """Text rows of every readable file of a kind, plus what was quarantined on the way."""

    frame: pd.DataFrame  # canonical columns + extra + source_file + source_line, all text
    quarantine: list[dict[str, object]] = field(default_factory=list)
    files: list[FileRead] = field(default_factory=list)


def header_mapping(
    header: list[str], spec: KindSpec, aliases: dict[str, set[str]]
) -> dict[int, str]:
    """Position -> canonical column, matching names case- and separator-insensitively."""
    lookup = {compact(name): name for name in spec.columns}
    for canonical, spellings in aliases.items():
        if canonical in spec.columns:
            lookup.update({compact(s): canonical for s in spellings})
    mapping: dict[int, str] = {}
    for position, name in enumerate(header):
        canonical = lookup.get(compact(name))
        if canonical and canonical not in mapping.values():
            mapping[position] = canonical
    return mapping


def column_names(header: list[str]) -> list[str]:
    """How JSON names each column: its header, or `column N` for a blank header cell and for one
    that looks like a PIN (a file without its header row has a data row there)."""
    return [
        f"column {i + 1}" if not name or looks_like_pin(name) else name
        for i, name in enumerate(header)
    ]


def shown_value(text: str, secret: bool) -> str:
    """A quarantined row's field as its raw JSON shows it: the mask for a value of a secret column
    and for any value that looks like a PIN, since a rejected row may hold its values under the
    wrong header (a comma in an unquoted field, a lost field, a deleted cell)."""
    return MASK if text.strip() and (secret or looks_like_pin(text)) else text


def masked_raw(header: list[str], fields: list[str], pin_positions: Iterable[int]) -> str:
    """The raw quarantined row as JSON (header -> text) with every field that may be a PIN masked.

    In a ragged row the PIN may have moved by as many places as fields were added or lost, so
    every field within that shift of a PIN column is masked too, whatever it looks like.
    """
    shift = len(fields) - len(header)
    secret = {p + d for p in pin_positions for d in range(min(shift, 0), max(shift, 0) + 1)}
    shown = [shown_value(f, i in secret) for i, f in enumerate(fields)]
    record: dict[str, object] = dict(zip(column_names(header), shown, strict=False))
    if len(shown) > len(header):
        record["(extra fields)"] = shown[len(header) :]
    return json.dumps(record, ensure_ascii=False)


def read_kind(files: list[InboxFile], spec: KindSpec, aliases: dict[str, set[str]]) -> KindRows:
    """Read every file of one kind; whole-file and ragged-row problems go to quarantine."""
    result = KindRows(frame=pd.DataFrame())
    chunks: list[pd.DataFrame] = []
    for inbox_file in files:
        chunk = _read_one(inbox_file, spec, aliases, result)
        if chunk is not None:
            chunks.append(chunk)
    columns = [*spec.columns, "extra", "source_file", "source_line"]
    result.frame = (
        pd.concat(chunks, ignore_index=True)
        if chunks
        else pd.DataFrame(columns=columns, dtype=object)
    )[columns]
    return result


def _read_one(
    inbox_file: InboxFile, spec: KindSpec, aliases: dict[str, set[str]], result: KindRows
) -> pd.DataFrame | None:
    source = inbox_file.source_file
    try:
        table = read_table(inbox_file.path)
    except UnreadableFile as exc:
        reason = f"file cannot be read: {exc}"
        result.quarantine.append(quarantine_entry(source, None, spec.kind, reason, "{}"))
        result.files.append(FileRead(source, None, 1, reason))
        return None
    header = table.header
    mapping = header_mapping(header, spec, aliases)
    pins = [i for i, name in enumerate(header) if mapping.get(i) == "pin" or is_secret_header(name)]
    missing = [c for c in spec.required_columns if c not in mapping.values()]
    said = None if table.rows else "the file has a header row but no data rows"
    result.files.append(FileRead(source, table.encoding, len(table.rows), said))
    if missing:
        reason = (
            "file has no " + ", ".join(missing) + (" column" if len(missing) == 1 else " columns")
        )
        result.files[-1].message = reason
        for line, fields in table.rows:
            raw = masked_raw(header, fields, pins)
            result.quarantine.append(quarantine_entry(source, line, spec.kind, reason, raw))
        return None
    good: list[list[str]] = []
    lines: list[int] = []
    for line, fields in table.rows:
        if len(fields) != len(header) or line in table.damaged:
            reason = table.damaged.get(line) or (
                f"row has {len(fields)} fields but the header has {len(header)}"
            )
            raw = masked_raw(header, fields, pins)
            result.quarantine.append(quarantine_entry(source, line, spec.kind, reason, raw))
        else:
            good.append(fields)
            lines.append(line)
    columns = list(zip(*good, strict=True)) or [()] * len(header)
    chunk = pd.DataFrame(
        {c: [text.strip() for text in columns[i]] for i, c in mapping.items()}, dtype=object
    )
    for column in spec.columns:
        if column not in chunk:
            chunk[column] = ""
    unknown = [i for i in range(len(header)) if i not in mapping]
    chunk["extra"] = _extra_json(columns, unknown, column_names(header), pins) if unknown else None
    chunk["source_file"] = source
    chunk["source_line"] = lines
    return chunk


def _extra_json(
    columns: list[tuple[str, ...]], unknown: list[int], named: list[str], pins: list[int]
) -> pd.Series:
    """Each row's unknown columns as a JSON object (name -> text, secrets masked), as json.dumps
    of a dict would write it, built a column at a time so that each distinct text is encoded once.
    A name given twice keeps its first place and its last value, as in a dict."""
    last = dict(zip((named[i] for i in unknown), unknown, strict=True))
    members = [
        json.dumps(name, ensure_ascii=False)
        + ": "
        + map_distinct(pd.Series(columns[i], dtype=object), _masked_json if i in pins else _json)
        for name, i in last.items()
    ]
    return "{" + reduce(lambda joined, member: joined + ", " + member, members) + "}"


def _json(text: object) -> str:
    return json.dumps(text, ensure_ascii=False)


def _masked_json(text: object) -> str:
    return _json(MASK if str(text).strip() else text)


def quarantine_entry(
    source: str, line: int | None, kind: str, reason: str, raw: str
) -> dict[str, object]:
    """One quarantine row (the QUARANTINE contract's columns)."""
    return dict(zip(QUARANTINE_COLUMNS, (source, line, kind, reason, raw), strict=True))
