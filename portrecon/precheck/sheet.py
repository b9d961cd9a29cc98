"""Reading a bulk-port spreadsheet: find its header row, match its columns, parse its rows.

Customers' sheets carry title rows and notes above the header, so the header is the row (among
the first rows) whose cells match the most LOA columns including `tn`. Columns and values go
through the ingest's own header matching and parsers, so a sheet reads like an LOA file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from portrecon.carriers import CarrierBook
from portrecon.ingest.files import KindRows, header_mapping
from portrecon.ingest.kinds import LOA, KindSpec
from portrecon.ingest.parse import parse_kind
from portrecon.ingest.readers import (
    OLD_WORKBOOK,
    MissingSheet,
    UnreadableFile,
    XlsxSheet,
    cell_text,
    ole_problem,
    read_csv,
    read_xlsx_sheet,
)
from portrecon.pins import MASK, is_secret_header, looks_like_pin
from portrecon.precheck.errors import PrecheckInputError

# One row per number: the LOA columns of PRODUCT.md 3.2, read through the ingest's `tns` parser
# (so a cell may also hold a range); only the number is required.
SHEET_SPEC = KindSpec("loa", LOA.columns, ("tns",), ("tns",))
# The sheet's date columns: the output writes them as the dates they were read as, whatever the
# cell held (a date, an Excel serial such as 46316, or text such as 11/02/2026).
DATE_COLUMNS = ("signed_date", "requested_port_date", "invoice_date")
# Header spellings seen on customer sheets, on top of the ingest's case/separator matching.
HEADER_ALIASES: dict[str, set[str]] = {
    "tns": {
        "tn",
        "telephone number",
        "telephone numbers",
        "phone number",
        "phone numbers",
        "number",
        "numbers",
        "phone",
        "did",
    },
    "pin": {"passcode", "port out pin", "pin code", "account pin"},
    "end_user_name": {"customer name", "end user", "business name"},
    "service_address_1": {"service address", "address", "street"},
    "service_address_2": {"unit", "suite"},
    "postal_code": {"zip", "zip code", "postcode"},
    "account_number": {"account", "account no", "ban"},
}
HEADER_SCAN_ROWS = 50
# Header words of columns whose values are masked in the output even when not the PIN column.
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class SheetRow:
    """One non-blank data row as it stands in the sheet (typed cell values, 1-based row)."""

    line: int
    values: tuple[object, ...]


@dataclass
class Sheet:
    """The header, its column mapping and every non-blank data row, in sheet order."""

    name: str
    header: list[str]
    header_line: int
    mapping: dict[int, str]  # column position -> canonical LOA column
    rows: list[SheetRow]

    @property
    def pin_positions(self) -> list[int]:
        """The PIN column, and any other column whose header names a PIN or passcode."""
        named = {i for i, text in enumerate(self.header) if is_secret_header(text)}
        return sorted(named | {i for i, column in self.mapping.items() if column == "pin"})

    @property
    def tn_position(self) -> int:
        """The numbers' column (`tn`), which a sheet needs to be read at all."""
        return next(i for i, column in self.mapping.items() if column == "tns")


@dataclass
class ParsedSheet:
    """Typed rows the checks can use, and the rows that could not be read, with why."""

    loaded: pd.DataFrame  # ingest LOA columns (tns as lists, pin_hash) + source_line
    unreadable: dict[int, str]  # sheet row -> plain-words reason


def _check_input_file(path: Path) -> None:
    """A folder, a missing file or an old binary workbook (whatever its name) said in one line."""
    if path.is_dir():
        raise PrecheckInputError(f"{path} is a folder, not a file: give the sheet's .xlsx or .csv")
    if not path.is_file():
        raise PrecheckInputError(f"input file not found: {path}")
    problem = ole_problem(path) or (OLD_WORKBOOK if path.suffix.lower() == ".xls" else None)
    if problem:
        raise PrecheckInputError(f"{path.name} is {problem}")


def _xlsx_sheet(path: Path, sheet_name: str | None) -> XlsxSheet:
    try:
        return read_xlsx_sheet(path, sheet_name)
    except MissingSheet as exc:
        raise PrecheckInputError(f"{path.name} {exc}") from exc
    except UnreadableFile as exc:
        raise PrecheckInputError(f"{path.name} is {exc}") from exc


def _records_csv(path: Path) -> list[tuple[int, tuple]]:
    try:
        table = read_csv(path)
    except UnreadableFile as exc:
        raise PrecheckInputError(f"{path.name} cannot be read: {exc}") from exc
    return [(table.header_line, tuple(table.header))] + [(n, tuple(f)) for n, f in table.rows]


def _is_blank(values: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _texts(values: tuple) -> list[str]:
    return [cell_text(v).strip() for v in values]


def _column_aliases(book: CarrierBook) -> dict[str, set[str]]:
    aliases = {column: set(spellings) for column, spellings in HEADER_ALIASES.items()}
    for column, spellings in book.csr_column_aliases().items():
        aliases.setdefault(column, set()).update(spellings)
    return aliases


def sheet_label(name: str, path: Path) -> str:
    """How messages name a sheet: `sheet 'Numbers' of in.xlsx`, or the CSV's file name."""
    return f"sheet {name!r} of {path.name}" if name != path.name else path.name


def read_sheet(path: Path, sheet_name: str | None, book: CarrierBook) -> Sheet:
    """The sheet's header and non-blank rows; PrecheckInputError when it cannot be used."""
    _check_input_file(path)
    others: list[str] = []
    if path.suffix.lower() in XLSX_SUFFIXES:
        sheet = _xlsx_sheet(path, sheet_name)
        name, records = sheet.title, sheet.rows
        others = [s for s in sheet.sheet_names if s != name]
    elif sheet_name is not None:
        raise PrecheckInputError(f"--sheet applies to xlsx workbooks only, not {path.name}")
    else:
        name, records = path.name, _records_csv(path)
    records = [(n, values) for n, values in records if not _is_blank(values)]
    aliases = _column_aliases(book)
    best: tuple[int, int, dict[int, str]] | None = None  # (record index, row, mapping)
    for index, (line, values) in enumerate(records[:HEADER_SCAN_ROWS]):
        mapping = header_mapping(_texts(values), SHEET_SPEC, aliases)
        if "tns" in mapping.values() and (best is None or len(mapping) > len(best[2])):
            best = (index, line, mapping)
    if best is None:
        where = sheet_label(name, path)
        hint = f"; other sheets: {', '.join(others)} (choose with --sheet)" if others else ""
        raise PrecheckInputError(
            f"{where} has no tn column in its first {HEADER_SCAN_ROWS} rows "
            f"(one row per number, with a column named tn){hint}"
        )
    index, header_line, mapping = best
    header = _texts(records[index][1])
    while header and not header[-1]:
        header.pop()
    rows = [SheetRow(line, values) for line, values in records[index + 1 :]]
    return Sheet(name, header, header_line, mapping, rows)


def echoed_rows(sheet: Sheet, parsed: ParsedSheet) -> list[tuple[int, tuple[object, ...]]]:
    """The rows as the output repeats them, the DATE_COLUMNS of a readable row as the dates they
    were read as. A row that could not be read may hold its values under the wrong header, so
    each of its cells that looks like a PIN is masked, as the nightly masks a quarantined row (the
    PIN columns are masked in every row by the workbook)."""
    unreadable = parsed.unreadable
    dates = {
        position: dict(zip(parsed.loaded["source_line"], parsed.loaded[column], strict=True))
        for position, column in sheet.mapping.items()
        if column in DATE_COLUMNS
    }
    return [
        (
            row.line,
            tuple(
                MASK
                if row.line in unreadable and looks_like_pin(cell_text(value))
                else dates[position].get(row.line, value)
                if position in dates
                else value
                for position, value in enumerate(row.values)
            ),
        )
        for row in sheet.rows
    ]


def parse_rows(sheet: Sheet, source: str, book: CarrierBook) -> ParsedSheet:
    """Typed LOA values of every row, through the ingest's parsers (distinct values once)."""

    def column_texts(position: int) -> list[str]:
        return [
            cell_text(row.values[position]).strip() if position < len(row.values) else ""
            for row in sheet.rows
        ]

    texts = {column: column_texts(position) for position, column in sheet.mapping.items()}
    empty = [""] * len(sheet.rows)
    frame = pd.DataFrame({c: texts.get(c, empty) for c in SHEET_SPEC.columns}, dtype=object)
    frame["extra"] = None
    frame["source_file"] = source
    frame["source_line"] = [row.line for row in sheet.rows]
    kind_rows = KindRows(frame=frame)
    loaded = parse_kind(kind_rows, SHEET_SPEC, book)
    unreadable = {int(q["source_line"]): str(q["reason"]) for q in kind_rows.quarantine}
    return ParsedSheet(loaded, unreadable)
