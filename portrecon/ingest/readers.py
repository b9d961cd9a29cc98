"""Turning a CSV or xlsx file into a header and text rows with their line numbers.

Every cell becomes text here (xlsx numbers and dates in a canonical text form) so that one set of
value parsers serves both formats; formulas are read as their text and never evaluated.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import olefile
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

UTF8_BOM = b"\xef\xbb\xbf"
# First bytes of an OLE compound file. What to say about one (its streams read with olefile) that
# holds a workbook: an Excel 97-2003 .xls ("Workbook", or Excel 5's "Book" stream) or an xlsx
# locked with a password.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
OLD_WORKBOOK = (
    "an old .xls workbook (Excel 97-2003 format, or one with a password): "
    "open it in Excel and save it as .xlsx without a password"
)
WORKBOOK_STREAMS = frozenset({"Workbook", "Book", "EncryptedPackage"})
# Other Office files in the same container, by a stream only they hold: named, never told to be
# saved as .xlsx (there is no sheet in them to save).
OTHER_OLE_FILES = {
    "WordDocument": "a Word document",
    "PowerPoint Document": "a PowerPoint presentation",
    "__properties_version1.0": "an Outlook message",
}
# What openpyxl raises on a file that is not a workbook, or on a workbook whose parts are damaged,
# and how to say it: no exception's name reaches a message.
_XLSX_ERRORS = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    ElementTree.ParseError,
    EOFError,
)
_DAMAGED_PARTS = "its parts are damaged: open it in Excel and save it again"
_XLSX_PROBLEMS: dict[type[Exception], str] = {
    zipfile.BadZipFile: "not a zip package: a damaged copy, or another kind of file renamed .xlsx",
    KeyError: "a zip file without a workbook inside: another kind of file renamed .xlsx",
    InvalidFileException: "not an Excel workbook: open it in Excel and save it as .xlsx",
}
# A value longer than this is no CSR, LOA or event field but damage (a quote left open swallows
# the rest of the file) and its row is quarantined. It is the csv module's own field limit, so
# ordinary files never pay for the check.
MAX_VALUE = 131_072
_SHOWN = 200  # characters of an over-long value kept in the quarantined raw row
CHANGED_WHILE_READ = (
    "the file changed while it was being read (still being copied into the inbox?); "
    "it is read whole on the next run"
)


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; the message says why in plain words."""


@dataclass
class RawTable:
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]  # (line number, fields)
    encoding: str
    damaged: dict[int, str] = field(default_factory=dict)  # line -> why it cannot be loaded


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) when it decodes, else Windows-1252; PRODUCT.md section 3."""
    if b"\x00" in data[:4096]:
        raise UnreadableFile("the file is binary, not text")
    if data.startswith(UTF8_BOM):
        return data[len(UTF8_BOM) :].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; they become U+FFFD instead of an exception.
        return data.decode("cp1252", errors="replace"), "cp1252"


def _is_blank(fields: list[str]) -> bool:
    return not "".join(fields).strip()  # every field blank = their concatenation is


def _split_header(records: list[tuple[int, list[str]]], encoding: str) -> RawTable:
    records = [(line, fields) for line, fields in records if not _is_blank(fields)]
    if not records:
        raise UnreadableFile("the file has no header row")
    (header_line, header), *rows = records
    return RawTable([h.strip() for h in header], header_line, rows, encoding)


def _damage(rows: list[tuple[int, list[str]]], cause: str) -> dict[int, str]:
    """Rows holding a value over MAX_VALUE characters or a NUL byte, with why; an over-long value
    is cut to its start in place, so that the quarantine keeps the row but not the bulk."""
    damaged: dict[int, str] = {}
    for line, fields in rows:
        longest = max(map(len, fields), default=0)
        if longest > MAX_VALUE:
            damaged[line] = (
                f"a value is {longest:,} characters long (at most {MAX_VALUE:,}): {cause}"
            )
            fields[:] = [
                f if len(f) <= MAX_VALUE else f"{f[:_SHOWN]}... ({len(f):,} characters)"
                for f in fields
            ]
        elif any("\x00" in f for f in fields):
            damaged[line] = "a value holds NUL bytes: the file was damaged where it was written"
    return damaged


def _csv_records(text: str) -> list[tuple[int, list[str]]]:
    """(physical line where each record starts, fields)."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    if len(records) == len(io.StringIO(text, newline="").readlines()):
        return list(enumerate(records, start=1))  # no record spans lines: record n is line n
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    start = 1
    for fields in reader:
        records.append((start, fields))
        start = reader.line_num + 1
    return records


def read_csv(path: Path) -> RawTable:
    text, encoding = decode(path.read_bytes())
    suspect = "\x00" in text
    try:
        records = _csv_records(text)
    except csv.Error:
        # The non-strict reader stops only at a field over its limit: read again without the
        # limit (process-wide, so put back at once); that row is then quarantined as damaged.
        suspect = True
        limit = csv.field_size_limit(2**31 - 1)
        try:
            records = _csv_records(text)
        except csv.Error as exc:
            raise UnreadableFile(f"the CSV cannot be parsed ({exc})") from None
        finally:
            csv.field_size_limit(limit)
    table = _split_header(records, encoding)
    if suspect:
        table.damaged = _damage(table.rows, "a quote left open or a damaged file")
    return table


def cell_text(value: object) -> str:
    """Canonical text of an xlsx cell: integral floats without `.0`, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class MissingSheet(UnreadableFile):
    """The workbook has no sheet of the requested name."""


@dataclass
class XlsxSheet:
    """One worksheet's title and rows of typed cell values, and every sheet's name."""

    title: str
    rows: list[tuple[int, tuple]]  # (1-based row number, cell values) of the non-blank rows
    sheet_names: list[str]


def ole_problem(path: Path) -> str | None:
    """Why an OLE compound file cannot be read as an xlsx sheet, in plain words: an old or locked
    workbook is to be saved as .xlsx; a Word document, a presentation or a mail is no sheet at
    all. None for a file of another kind."""
    with path.open("rb") as handle:
        if handle.read(len(OLE_SIGNATURE)) != OLE_SIGNATURE:
            return None
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError):  # olefile's words for a damaged container
        return (
            "a damaged Office file (it starts like an old Excel or Word file, but its contents "
            "cannot be read): ask the sender for a new copy, saved as .xlsx or .csv"
        )
    if streams & WORKBOOK_STREAMS:
        return OLD_WORKBOOK
    kind = next(
        (what for stream, what in OTHER_OLE_FILES.items() if stream in streams),
        "an Office file of another kind",
    )
    return (
        f"{kind}, not a spreadsheet: this file holds no sheet to read; export the data as "
        ".xlsx or .csv"
    )


def read_xlsx_sheet(path: Path, sheet_name: str | None = None) -> XlsxSheet:
    """The named sheet (default: the first), cells typed, formulas as text (data_only=False)."""
    problem = ole_problem(path)
    if problem:
        raise UnreadableFile(problem)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except _XLSX_ERRORS as exc:
        why = _XLSX_PROBLEMS.get(type(exc), _DAMAGED_PARTS)
        raise UnreadableFile(f"not a readable xlsx workbook ({why})") from exc
    try:
        if sheet_name is None:
            worksheet = workbook.worksheets[0]
        elif sheet_name in workbook.sheetnames:
            worksheet = workbook[sheet_name]
        else:
            names = ", ".join(workbook.sheetnames)
            raise MissingSheet(f"has no sheet {sheet_name!r} (sheets: {names})")
        # The stated size is not trusted: one stray cell at row 1,000,000 or column XFD would
        # have openpyxl pad every row up to it. Rows come as stored; blank ones are dropped here.
        worksheet.reset_dimensions()
        # Read-only sheets are parsed lazily: a damaged sheet fails here, not at opening.
        rows = [
            (number, values)
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
            if not all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
        ]
        return XlsxSheet(worksheet.title, rows, list(workbook.sheetnames))
    except _XLSX_ERRORS as exc:
        raise UnreadableFile(f"a workbook whose sheet is damaged ({_DAMAGED_PARTS})") from exc
    finally:
        workbook.close()


def read_xlsx(path: Path) -> RawTable:
    """First sheet as text rows (cell_text), formulas as text."""
    sheet = read_xlsx_sheet(path)
    records = [(index, [cell_text(v) for v in values]) for index, values in sheet.rows]
    table = _split_header(records, "xlsx")
    _drop_empty_columns(table)
    width = len(table.header)
    table.rows = [(line, _fit(fields, width)) for line, fields in table.rows]
    table.damaged = _damage(table.rows, "a damaged file")
    return table


def _drop_empty_columns(table: RawTable) -> None:
    """Drop the columns with neither a header nor a value: one stray header cell at XFD1 would
    make every row 16,384 cells wide. A kept column without a header is named `column N`."""
    header = table.header
    blank = {p for p, name in enumerate(header) if not name}
    if not blank:
        return
    first, width = min(blank), len(header)
    used = {
        p
        for _, row in table.rows
        for p in range(first, min(len(row), width))
        if p in blank and row[p].strip()
    }
    kept = [p for p in range(len(header)) if p not in blank or p in used]
    if len(kept) < len(header):
        table.header = [header[p] or f"column {p + 1}" for p in kept]
        table.rows = [
            (line, [row[p] if p < len(row) else "" for p in kept] + row[width:])
            for line, row in table.rows
        ]


def _fit(fields: list[str], width: int) -> list[str]:
    """xlsx rows carry empty trailing cells; only non-empty cells past the header are ragged."""
    while len(fields) > width and not fields[-1].strip():
        fields.pop()
    return fields + [""] * (width - len(fields))


def read_table(path: Path) -> RawTable:
    """The file's table; UnreadableFile saying why in plain words when there is none to read."""
    reader = read_xlsx if path.suffix.lower() in (".xlsx", ".xls") else read_csv
    try:
        before = path.stat()
        if before.st_size == 0:
            raise UnreadableFile("the file is empty (0 bytes)")
        try:
            table = reader(path)
        except UnreadableFile:
            if _changed(path, before):  # a half-written file reads as a damaged one
                raise UnreadableFile(CHANGED_WHILE_READ) from None
            raise
        if _changed(path, before):
            raise UnreadableFile(CHANGED_WHILE_READ)
    except OSError as exc:
        raise UnreadableFile(_os_problem(path, exc)) from None
    return table


def _changed(path: Path, before: os.stat_result) -> bool:
    after = path.stat()
    return (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)


_OS_PROBLEMS: dict[int, Callable[[Path], str]] = {
    errno.ENOENT: lambda path: (
        f"the file is a link to {os.readlink(path)}, which does not exist"
        if path.is_symlink()
        else "the file disappeared after the inbox was listed (moved or deleted during the run)"
    ),
    errno.ELOOP: lambda _: "the file is a link that leads back to itself (a loop of links)",
    errno.EACCES: lambda _: "the job is not allowed to read the file (its permissions)",
    errno.EISDIR: lambda _: "it is a folder, not a file",
    errno.ENAMETOOLONG: lambda _: "its path is longer than the system can open",
}


def _os_problem(path: Path, exc: OSError) -> str:
    """What an operating-system error while reading a file means, in plain words."""
    said = _OS_PROBLEMS.get(exc.errno or 0)
    return said(path) if said else f"the system could not read it ({exc.strerror or 'no reason'})"
