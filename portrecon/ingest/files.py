"""From files of one kind to one frame of text rows, quarantining what cannot be a row.

Works file by file (encoding, header, raggedness); value parsing happens afterwards over the
union of all files so that each distinct value is parsed once (see parse.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from portrecon.ingest.discovery import InboxFile
from portrecon.ingest.kinds import KindSpec
from portrecon.ingest.readers import UnreadableFile, read_table
from portrecon.ingest.values import compact
from portrecon.pins import MASK, is_secret_header

QUARANTINE_COLUMNS = ["source_file", "source_line", "kind", "reason", "raw"]
_PIN_LIKE = re.compile(r"^\s*\d{3,8}\s*$")


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


def masked_raw(header: list[str], fields: list[str], pin_positions: Iterable[int]) -> str:
    """The raw row as JSON (header -> text); PINs masked, and in ragged rows anything PIN-like.

    A ragged row's fields may sit under the wrong header, so every short all-digit field is
    masked there rather than trusting the PIN column's position.
    """
    ragged = len(fields) != len(header)
    pins = set(pin_positions)
    shown = [
        MASK if (i in pins and f.strip()) or (ragged and _PIN_LIKE.match(f)) else f
        for i, f in enumerate(fields)
    ]
    record: dict[str, object] = dict(zip(header, shown, strict=False))
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
    frame = pd.DataFrame(good, columns=range(len(header)), dtype=object)
    chunk = pd.DataFrame(
        {c: frame[i].str.strip() for i, c in mapping.items()}, index=frame.index, dtype=object
    )
    for column in spec.columns:
        if column not in chunk:
            chunk[column] = ""
    unknown = [i for i in range(len(header)) if i not in mapping]
    if unknown:
        names = [header[i] or f"column {i + 1}" for i in unknown]
        secret = [i in pins for i in unknown]
        chunk["extra"] = [
            json.dumps(
                {
                    name: MASK if hidden and value.strip() else value
                    for name, value, hidden in zip(names, values, secret, strict=True)
                },
                ensure_ascii=False,
            )
            for values in frame[unknown].itertuples(index=False, name=None)
        ]
    else:
        chunk["extra"] = None
    chunk["source_file"] = source
    chunk["source_line"] = lines
    return chunk


def quarantine_entry(
    source: str, line: int | None, kind: str, reason: str, raw: str
) -> dict[str, object]:
    """One quarantine row (the QUARANTINE contract's columns)."""
    return dict(zip(QUARANTINE_COLUMNS, (source, line, kind, reason, raw), strict=True))
