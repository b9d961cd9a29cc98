"""Writing one input file (CSV in a given encoding and line ending, or xlsx) row by row, with
its header spelling, column order and unknown columns, while counting exactly what the
product must read, load and quarantine from it (the per-file truth)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import xlsxwriter

from portrecon.synth.rand import Dice

FIXED_CREATED = datetime(2026, 1, 1, 6, 0, 0)
HEADER_STYLES = ("snake", "title", "upper_dash", "camel", "upper_space")
_SHUFFLE_BUFFER = 4096


def header_text(column: str, style: str) -> str:
    words = column.split("_")
    if style == "title":
        return " ".join(
            w.upper() if w in ("tn", "btn", "pin", "loa", "csr", "id") else w.capitalize()
            for w in words
        )
    if style == "upper_dash":
        return "-".join(w.upper() for w in words)
    if style == "camel":
        return "".join(w.capitalize() for w in words)
    if style == "upper_space":
        return " ".join(w.upper() for w in words)
    return column


@dataclass(slots=True)
class QuarantineRow:
    source_file: str
    source_line: int | None
    reason_kind: str


@dataclass(slots=True)
class FileTruth:
    source_file: str
    kind: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    quarantine: list[QuarantineRow] = field(default_factory=list)


class TableFile:
    """One CSV or xlsx input file. Rows are dicts by canonical column (unknown columns filled
    by `extras`); `bad` names the quarantine reason a row must get. Rows are shuffled in
    blocks, so files are not in event order."""

    def __init__(
        self,
        root: Path,
        path: str,
        kind: str,
        columns: list[str],
        headers: list[str],
        dice: Dice,
        encoding: str = "utf-8",
        newline: str = "\n",
        header_row: int = 1,
        shuffle: bool = True,
        missing_column: str | None = None,
    ) -> None:
        self.path = path
        self.columns = columns
        self._empty = [""] * len(columns)
        self.dice = dice
        self.truth = FileTruth(path, kind)
        self.xlsx = path.endswith(".xlsx")
        self.shuffle = shuffle
        self.missing_column = missing_column
        self.multiline = kind == "loa"  # only LOA `tns` cells hold line breaks
        self._buffer: list[tuple[list, str | None]] = []
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.xlsx:
            self._book = xlsxwriter.Workbook(
                str(target),
                {
                    "constant_memory": True,
                    "strings_to_numbers": False,
                    "strings_to_formulas": False,
                },
            )
            self._book.set_properties({"created": FIXED_CREATED, "author": "portrecon synth"})
            self._sheet = self._book.add_worksheet("Export")
            self._date_format = self._book.add_format({"num_format": "yyyy-mm-dd"})
            self._time_format = self._book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
            self._row = header_row - 1
            self._write_xlsx_row(headers)
        else:
            self._handle = open(target, "w", encoding=encoding, newline="")  # noqa: SIM115
            self._writer = csv.writer(self._handle, lineterminator=newline)
            self._writer.writerow(headers)
            self._line = 2

    def add(self, values: dict[str, object], bad: str | None = None) -> None:
        row = list(map(values.get, self.columns, self._empty))
        if bad is None and self.missing_column:
            bad = "missing_column"
        self._buffer.append((row, bad))
        if len(self._buffer) >= _SHUFFLE_BUFFER:
            self._flush()

    def add_fields(self, row: list[object], bad: str | None) -> None:
        """A row given as its fields (possibly ragged)."""
        self._buffer.append((row, bad))

    def blank(self) -> None:
        """A row with every field empty: not a row for the product."""
        self._buffer.append(([""] * len(self.columns), "blank"))

    def _flush(self) -> None:
        if self.shuffle:
            self.dice.shuffle(self._buffer)
        for row, bad in self._buffer:
            self._emit(row, bad)
        self._buffer.clear()

    def _emit(self, row: list, bad: str | None) -> None:
        if self.xlsx:
            line = self._row + 1
            self._write_xlsx_row(row)
        else:
            line = self._line
            self._writer.writerow(row)
            self._line += 1
            if self.multiline:
                self._line += sum(v.count("\n") for v in row if isinstance(v, str))
        if bad == "blank":
            return
        truth = self.truth
        truth.rows_read += 1
        if bad:
            truth.rows_quarantined += 1
            truth.quarantine.append(QuarantineRow(self.path, line, bad))
        else:
            truth.rows_loaded += 1

    def _write_xlsx_row(self, row: list) -> None:
        sheet = self._sheet
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                fmt = (
                    self._date_format if value.time() == datetime.min.time() else self._time_format
                )
                sheet.write_datetime(self._row, col, value, fmt)
            elif isinstance(value, int | float):
                sheet.write_number(self._row, col, value)
            else:
                sheet.write_string(self._row, col, str(value))
        self._row += 1

    def close(self) -> FileTruth:
        self._flush()
        if self.xlsx:
            self._book.close()
        else:
            self._handle.close()
        return self.truth


def write_unreadable(root: Path, path: str, kind: str, dice: Dice) -> FileTruth:
    """A file named like an input that is not one (e.g. an old binary .xls saved as .xlsx)."""
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = bytes([0xD0, 0xCF, 0x11, 0xE0]) + bytes(dice.integer(0, 255) for _ in range(3000))
    target.write_bytes(payload)
    truth = FileTruth(path, kind, rows_read=1, rows_quarantined=1)
    truth.quarantine.append(QuarantineRow(path, None, "unreadable_file"))
    return truth


def write_skipped(root: Path, path: str, content: bytes) -> FileTruth:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return FileTruth(path, "skipped")
