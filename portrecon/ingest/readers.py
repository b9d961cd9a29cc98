"""Turning a CSV or xlsx file into a header and text rows with their line numbers.

Every cell becomes text here (xlsx numbers and dates in a canonical text form) so that one set of
value parsers serves both formats; formulas are read as their text and never evaluated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

UTF8_BOM = b"\xef\xbb\xbf"
# First bytes of an OLE compound file, and what to say about one.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
OLD_WORKBOOK = (
    "an old .xls workbook (Excel 97-2003 format, or one with a password): "
    "open it in Excel and save it as .xlsx without a password"
)
# What openpyxl raises on a file that is not a workbook, or on a workbook whose parts are damaged.
_XLSX_ERRORS = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    ElementTree.ParseError,
    EOFError,
)


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; the message says why in plain words."""


@dataclass
class RawTable:
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]  # (line number, fields)
    encoding: str


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
    return all(not f.strip() for f in fields)


def _split_header(records: list[tuple[int, list[str]]], encoding: str) -> RawTable:
    records = [(line, fields) for line, fields in records if not _is_blank(fields)]
    if not records:
        raise UnreadableFile("the file has no header row")
    (header_line, header), *rows = records
    return RawTable([h.strip() for h in header], header_line, rows, encoding)


def read_csv(path: Path) -> RawTable:
    text, encoding = decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableFile(f"the CSV cannot be parsed near line {start}: {exc}") from exc
    return _split_header(records, encoding)


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
    rows: list[tuple[int, tuple]]  # (1-based row number, cell values)
    sheet_names: list[str]


def is_old_workbook(path: Path) -> bool:
    """An OLE compound file: an Excel 97-2003 .xls, or a password-protected workbook."""
    with path.open("rb") as handle:
        return handle.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE


def read_xlsx_sheet(path: Path, sheet_name: str | None = None) -> XlsxSheet:
    """The named sheet (default: the first), cells typed, formulas as text (data_only=False)."""
    if is_old_workbook(path):
        raise UnreadableFile(OLD_WORKBOOK)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except _XLSX_ERRORS as exc:
        raise UnreadableFile(f"not a readable xlsx workbook ({type(exc).__name__})") from exc
    try:
        if sheet_name is None:
            worksheet = workbook.worksheets[0]
        elif sheet_name in workbook.sheetnames:
            worksheet = workbook[sheet_name]
        else:
            names = ", ".join(workbook.sheetnames)
            raise MissingSheet(f"has no sheet {sheet_name!r} (sheets: {names})")
        # Read-only sheets are parsed lazily: a damaged sheet fails here, not at opening.
        rows = list(enumerate(worksheet.iter_rows(values_only=True), start=1))
        return XlsxSheet(worksheet.title, rows, list(workbook.sheetnames))
    except _XLSX_ERRORS as exc:
        raise UnreadableFile(f"a workbook whose sheet is damaged ({type(exc).__name__})") from exc
    finally:
        workbook.close()


def read_xlsx(path: Path) -> RawTable:
    """First sheet as text rows (cell_text), formulas as text."""
    sheet = read_xlsx_sheet(path)
    records = [(index, [cell_text(v) for v in values]) for index, values in sheet.rows]
    table = _split_header(records, "xlsx")
    width = len(table.header)
    table.rows = [(line, _fit(fields, width)) for line, fields in table.rows]
    return table


def _fit(fields: list[str], width: int) -> list[str]:
    """xlsx rows carry empty trailing cells; only non-empty cells past the header are ragged."""
    while len(fields) > width and not fields[-1].strip():
        fields.pop()
    return fields + [""] * (width - len(fields))


def read_table(path: Path) -> RawTable:
    if path.suffix.lower() in (".xlsx", ".xls"):
        return read_xlsx(path)
    return read_csv(path)
