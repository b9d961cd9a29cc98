"""nightly.xlsx: the morning workbook, one sheet per report table (PRODUCT.md section 9).

Written with XlsxWriter (docs/reports.md: faster than openpyxl at 100k orders, and it has the
quote-prefix cell style). Every cell is written by its column's kind with an explicit typed
call, so input text is always a string cell and never a formula, dates are date cells and
numbers are numbers.
"""

from __future__ import annotations

import os
import textwrap
from datetime import date, datetime, time
from pathlib import Path

import duckdb
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from portrecon.probability import PROBABILITY_FORMAT
from portrecon.reports.queries import (
    MISSED,
    SINCE_LAST_NIGHT,
    Relations,
    detail_tables,
    summary,
    summary_figures,
)
from portrecon.reports.safety import runs_as_formula
from portrecon.reports.tables import TONES, Column, ReportTable

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_MAX_ROWS = 1_048_576
MIN_WIDTH, MAX_WIDTH = 6, 22  # longer text wraps inside its column (legible on paper)
LIST_MAX_WIDTH = 36  # a list, one item a line, may be wider: an item then wraps at most once
WORD_MAX_WIDTH = 30  # a column is never narrower than its longest word (a code), up to this
# The printed columns' widths add up to at most this on every sheet: LibreOffice prints about
# 103 width units across Letter landscape at 100%, so 145 keeps the scale at 70% or more (docs/
# reports.md "On paper").
PAPER_WIDTH = 145
LINE_HEIGHT, MAX_LINES = 15, 12  # points per wrapped line; taller rows are capped
CHARS_PER_WIDTH = 1.05  # a width unit is one "0"; proportional text fits a little more
INDENT_CHARS = 3  # the text indent and cell padding take about this many width units
HEADER_WRAP_AT = 10  # headers longer than this wrap, at most onto three lines

_NUMBER_FORMATS = {
    "int": "#,##0",
    "id": "0",
    "number": "#,##0.0",
    "pct": "0.0%",
    "probability": PROBABILITY_FORMAT,
    "date": "yyyy-mm-dd",
    "month": "yyyy-mm",
    "datetime": "yyyy-mm-dd hh:mm",
}
_DATES = ("date", "month", "datetime")
_FILLS = {
    "bad": ("#F8D7DA", "#842029"),
    "warn": ("#FFF3CD", "#664D03"),
    "ok": ("#D1E7DD", "#0F5132"),
}


# The header row of every table portrecon writes (nightly.xlsx and the precheck workbook alike).
HEADER_FORMAT = {
    "bold": True,
    "bg_color": "#1F3B57",
    "font_color": "#FFFFFF",
    "text_wrap": True,
    "align": "left",
    "indent": 1,
    "valign": "top",
    "border": 1,
    "border_color": "#1F3B57",
}


class _Formats:
    """The workbook's cell formats, created once (XlsxWriter formats belong to a workbook)."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.header = workbook.add_format(HEADER_FORMAT)
        # Every cell is top-aligned, so a row made tall by wrapped text reads from the top.
        # Text is indented one step so it never runs into a right-aligned number beside it.
        self.top = workbook.add_format({"valign": "top", "align": "left", "indent": 1})
        self.wrap = workbook.add_format(
            {"text_wrap": True, "valign": "top", "align": "left", "indent": 1}
        )
        # Excel's apostrophe prefix as a style: the cell stays text even when edited.
        self.quoted = workbook.add_format(
            {"quote_prefix": True, "valign": "top", "align": "left", "indent": 1}
        )
        self.quoted_wrap = workbook.add_format(
            {"quote_prefix": True, "text_wrap": True, "valign": "top", "align": "left", "indent": 1}
        )
        self.note = workbook.add_format({"italic": True, "font_color": "#6C757D"})
        self.number = {
            k: workbook.add_format({"num_format": v, "valign": "top"})
            for k, v in _NUMBER_FORMATS.items()
        }
        # Summary values of every kind share one column: all left-aligned beside their labels.
        self.value = {
            k: workbook.add_format({"num_format": v, "align": "left", "indent": 1, "valign": "top"})
            for k, v in _NUMBER_FORMATS.items()
        }
        self.tone = {
            tone: workbook.add_format({"bg_color": bg, "font_color": fg})
            for tone, (bg, fg) in _FILLS.items()
        }


def write_nightly_xlsx(con: duckdb.DuckDBPyConnection, path: Path, as_of: date) -> dict[str, int]:
    """Write nightly.xlsx from the published warehouse; returns rows written per sheet."""
    rel = Relations(con)
    tables = [summary(summary_figures(rel, as_of)), *detail_tables(rel, as_of)]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    workbook = xlsxwriter.Workbook(
        str(partial),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    # A fixed creation time keeps the file identical for the same warehouse and as-of.
    workbook.set_properties(
        {
            "title": f"Porting nightly report {as_of.isoformat()}",
            "author": "portrecon",
            "created": datetime.combine(as_of, time()),
        }
    )
    formats = _Formats(workbook)
    written = {table.name: _write_sheet(workbook, formats, table, as_of) for table in tables}
    _link_orders(workbook, tables)
    workbook.close()
    os.replace(partial, path)
    return written


# Sheets whose orders link to the order's row elsewhere: what changed overnight, and rejections
# no check caught (a person looks at the order to see why the check did not fire).
LINKING_SHEETS = (SINCE_LAST_NIGHT, MISSED)
# Where such an order links to: the first of these sheets that lists it.
ORDER_SHEETS = ("At risk", "Rejected - fix and resubmit", "Port-out watch", "Findings", "Aging")


def _link_orders(workbook: xlsxwriter.Workbook, tables: list[ReportTable]) -> None:
    """Each order of a LINKING_SHEETS sheet becomes a link to its row in an ORDER_SHEETS sheet."""
    rows = {
        t.name: {order_id: row for row, order_id in reversed(list(enumerate(t.frame["order_id"])))}
        for t in tables
        if t.name in ORDER_SHEETS
    }
    # Placed like the sheet's other text cells (XlsxWriter's own link style sits bottom-right).
    link = workbook.add_format(
        {"font_color": "#0563C1", "underline": 1, "valign": "top", "align": "left", "indent": 1}
    )
    for source in (t for t in tables if t.name in LINKING_SHEETS):
        sheet = workbook.get_worksheet_by_name(source.name)
        col = [c.key for c in source.sheet_columns].index("order_id")
        for row, order_id in enumerate(source.frame["order_id"].iloc[: EXCEL_MAX_ROWS - 3], 1):
            target = next((name for name in ORDER_SHEETS if order_id in rows.get(name, {})), None)
            if target is not None and rows[target][order_id] < EXCEL_MAX_ROWS - 3:
                sheet.write_url(
                    row,
                    col,
                    f"internal:'{target}'!A{rows[target][order_id] + 2}",
                    link,
                    string=str(order_id),
                    tip=f"{order_id} on the {target} sheet",
                )


def _write_sheet(
    workbook: xlsxwriter.Workbook, formats: _Formats, table: ReportTable, as_of: date
) -> int:
    sheet = workbook.add_worksheet(table.name)
    frame = table.frame.iloc[: EXCEL_MAX_ROWS - 3]
    rows = len(frame)
    wrapped: dict[str, int] = {}
    header_lines = 1
    columns = table.sheet_columns
    sizes = [_width(column, frame) for column in columns]
    widths = _fill_paper(columns, sizes)
    for col, (column, width, (_, natural)) in enumerate(zip(columns, widths, sizes, strict=True)):
        sheet.write_string(0, col, column.header, formats.header)
        if column.legend:
            sheet.write_comment(0, col, column.legend, {"x_scale": 2, "y_scale": 1.5})
        # Long text kept off paper is not wrapped, so it never makes the printed rows tall: its
        # cell shows the text whole when selected.
        wrap = natural > width and column.paper
        sheet.set_column(col, col, width, formats.wrap if wrap else formats.top)
        _write_column(sheet, formats, col, column, frame, wrap)
        if wrap:
            wrapped[column.key] = width
        header_lines = max(header_lines, -(-len(column.header) // (width - INDENT_CHARS)))
    sheet.set_row(0, LINE_HEIGHT * header_lines + 3)
    for row, lines in enumerate(_wrapped_lines(frame, wrapped).tolist(), 1):
        if lines > 1:
            sheet.set_row(row, LINE_HEIGHT * min(lines, MAX_LINES))
    last_col = len(columns) - 1
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, rows, last_col)
    if rows:
        _colour(sheet, formats, columns, rows, as_of)
    notes = [table.note] if table.note else []
    notes += [f"{c.header}: {c.legend}" for c in columns if c.legend and rows]
    if rows < len(table.frame):
        notes.append(f"Only the first {rows:,} of {len(table.frame):,} rows fit in a sheet.")
    first_note = rows + 1 + (1 if rows else 0)
    for offset, note in enumerate(notes):
        sheet.write_string(first_note + offset, 0, note, formats.note)
    _paper(sheet, columns, max(rows, first_note + len(notes) - 1))
    return rows


def _paper(sheet: Worksheet, columns: tuple[Column, ...], last_row: int) -> None:
    """Print setup: US Letter landscape, one page wide, header row on every page, and only the
    columns a reader needs on paper (they come first), so the text stays legible.
    """
    printed = sum(column.paper for column in columns)
    sheet.print_area(0, 0, last_row, printed - 1)
    sheet.set_paper(1)
    sheet.set_landscape()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header("&L&B&A", {"margin": 0.25})
    sheet.set_footer("&LPorting nightly report&RPage &P of &N", {"margin": 0.25})
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _write_column(
    sheet: Worksheet,
    formats: _Formats,
    col: int,
    column: Column,
    frame: pd.DataFrame,
    wrap: bool,
) -> None:
    values = frame[column.key]
    # Plain text takes the column's format (None); text that would run as a formula gets the
    # quote-prefix style, wrapped like its column.
    quoted = formats.quoted_wrap if wrap else formats.quoted
    if column.kind == "value":
        for row, (value, kind) in enumerate(zip(values, frame["value_kind"], strict=True), 1):
            if kind == "text":
                _write_text(sheet, row, col, value, quoted)
            elif value is not None:
                number = _serials(pd.Series([value])).iloc[0] if kind in _DATES else value
                sheet.write_number(row, col, float(number), formats.value[kind])
    elif column.kind in ("text", "level"):
        for row, value in enumerate(values.tolist(), 1):
            _write_text(sheet, row, col, value, quoted)
    else:
        fmt = formats.number[column.kind]
        numbers = (
            _serials(values)
            if column.kind in _DATES
            else (pd.to_numeric(values, errors="coerce").astype("float64"))
        )
        for row, number in enumerate(numbers.tolist(), 1):
            if number == number:  # NaN is a blank cell
                sheet.write_number(row, col, number, fmt)


def _write_text(sheet: Worksheet, row: int, col: int, value: object, quoted: Format) -> None:
    """A string cell, never a formula; text that would run as one gets the quote-prefix style."""
    if value is None or value is pd.NA or value != value:  # None, NA, NaN: blank cell
        return
    text = str(value)
    if text:
        sheet.write_string(row, col, text, quoted if runs_as_formula(text) else None)


def _wrapped_lines(frame: pd.DataFrame, widths: dict[str, int]) -> pd.Series:
    """Lines each row needs for its wrapped cells (an estimate that errs on the tall side).

    Spreadsheet programs do not all re-fit row heights on opening, so the heights are set.
    """
    lines = pd.Series(1, index=frame.index)
    for key, width in widths.items():
        # Each line of the text (split at its line breaks) wraps on its own.
        texts = frame[key].fillna("").astype(str)
        per_line = int((width - INDENT_CHARS) * CHARS_PER_WIDTH)
        distinct = texts.unique()
        counts = dict(zip(distinct, (wrapped_lines(t, per_line) for t in distinct), strict=True))
        needed = texts.map(counts)
        lines = lines.where(lines >= needed, needed)
    return lines


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines a wrapped cell needs: each line of the text (split at its line breaks) word-wrapped
    as spreadsheet programs do, breaking between words; a long list of numbers wraps at its
    commas, so counting characters alone left rows too short and clipped the last line."""
    pieces = text.split("\n") if text else [""]
    return sum(max(1, len(textwrap.wrap(piece, max(per_line, 1)))) for piece in pieces)


def _serials(values: pd.Series) -> pd.Series:
    """Dates and instants as Excel serial day numbers (NaN where empty), computed at once."""
    stamps = pd.to_datetime(values, errors="coerce")
    return (stamps - EXCEL_EPOCH) / pd.Timedelta(days=1)


def _fill_paper(columns: tuple[Column, ...], sizes: list[tuple[int, int]]) -> list[int]:
    """The widths, the printed wrapped columns widened into what PAPER_WIDTH leaves spare (each
    toward its unwrapped width, in proportion to what it lacks): fewer lines, fewer pages, at a
    scale that stays legible. A width unit of padding per column is counted."""
    widths = [width for width, _ in sizes]
    lacking = {
        col: natural - width
        for col, (column, (width, natural)) in enumerate(zip(columns, sizes, strict=True))
        if column.paper and natural > width
    }
    spare = PAPER_WIDTH - sum(w + 1 for w, c in zip(widths, columns, strict=True) if c.paper)
    total = sum(lacking.values())
    for col, lack in lacking.items():
        widths[col] += min(lack, spare * lack // total) if spare > 0 else 0
    return widths


def _width(column: Column, frame: pd.DataFrame) -> tuple[int, int]:
    """Characters that fit the longest value and the header's longest word, and the width the
    column would take unwrapped (larger: its text wraps).

    Text longer than MAX_WIDTH wraps in its column rather than spilling over its neighbours (but
    never inside a word, such as a finding code); a list (one item a line, e.g. the At risk
    reasons) may take up to LIST_MAX_WIDTH. Numbers take the width of their longest value, so
    the printed sheet stays within PAPER_WIDTH.
    """
    limit = MAX_WIDTH
    if column.kind in ("text", "level", "value"):
        # Every measure below is a maximum: each distinct text is measured once.
        texts = pd.Series(frame[column.key].dropna().astype(str).unique(), dtype=object)
        lines = texts.str.split("\n")
        lengths = lines.explode().str.len()
        content = int(lengths.max()) if len(lengths) else 0
        if len(lines) and lines.str.len().max() > 1:
            limit = LIST_MAX_WIDTH
        words = lines.explode().str.split().explode().str.len()
        longest_word = int(words.max()) + 2 if len(words.dropna()) else 0
        limit = max(limit, min(longest_word, WORD_MAX_WIDTH))
    else:
        content = _number_width(column, frame[column.key])
    # A long header wraps, onto three lines at most, and never inside a word.
    header = (
        len(column.header)
        if len(column.header) <= HEADER_WRAP_AT
        else max(len(max(column.header.split(), key=len)), -(-len(column.header) // 3))
    )
    width = max(MIN_WIDTH, max(content, header) + 2)
    return min(limit, width), width


def _number_width(column: Column, values: pd.Series) -> int:
    """Characters of the widest value as its number format shows it."""
    fixed = {"date": 10, "month": 7, "datetime": 16, "probability": 4}
    if column.kind in fixed:
        return fixed[column.kind]
    numbers = pd.to_numeric(values, errors="coerce").dropna().abs()
    if numbers.empty:
        return 3
    largest = float(numbers.max())
    shown = {"pct": f"{largest:.1%}", "number": f"-{largest:,.1f}", "id": f"{largest:.0f}"}
    return len(shown.get(column.kind, f"-{largest:,.0f}"))


def _colour(
    sheet: Worksheet, formats: _Formats, columns: tuple[Column, ...], rows: int, as_of: date
) -> None:
    """Tone fills for risk levels, severities and yes/no flags; red for overdue dates."""
    for col, column in enumerate(columns):
        span = (1, col, rows, col)
        if column.kind == "level":
            for word, tone in TONES.items():
                sheet.conditional_format(
                    *span,
                    {
                        "type": "cell",
                        "criteria": "==",
                        "value": f'"{word}"',
                        "format": formats.tone[tone],
                    },
                )
        if column.overdue:
            first = xl_rowcol_to_cell(1, col, row_abs=False, col_abs=True)
            limit = _serials(pd.Series([as_of])).iloc[0] if column.kind == "date" else 0
            sheet.conditional_format(
                *span,
                {
                    "type": "formula",
                    "criteria": f"=AND(ISNUMBER({first}),{first}<{limit})",
                    "format": formats.tone["bad"],
                },
            )
