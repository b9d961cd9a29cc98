"""Writing the precheck workbook: the checked rows, a Summary and the Sub-orders.

Every cell is written with an explicit type (xlsxwriter's write_string / write_number / ...), so
no input text ever becomes a formula; text that a spreadsheet could still read as one when it is
re-typed or exported (leading `=`, `+`, `-`, `@`, tab, CR) is also marked quote-prefixed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.exceptions import XlsxFileError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from portrecon.pins import MASK
from portrecon.precheck.errors import PrecheckInputError
from portrecon.precheck.summary import ADVICE
from portrecon.probability import PROBABILITY_FORMAT
from portrecon.reports.safety import runs_as_formula
from portrecon.reports.xlsx import HEADER_FORMAT, HEADER_WRAP_AT, INDENT_CHARS, wrapped_lines

MAX_CELL_TEXT = 32_767
ADDED_COLUMNS = [
    "input_row",
    "verdict",
    "risk",
    "risk_level",
    "findings",
    "fixes",
    "suborder",
]
_WIDE = {
    "findings": 36,
    "fixes": 32,
    "numbers": 22,
    "notes": 24,
    "end_user_name": 20,
    "losing_carrier": 18,
    "fix": 100,
    "result": 60,
}
# Long text that wraps inside its column (the row is made tall enough), so it prints whole.
_WRAPPED = ("findings", "fixes", "numbers", "notes", "end_user_name", "losing_carrier")
# Headers in plain words, Title Case like the input sheets' (docs/precheck.md): a key's words
# capitalised, but for these.
_HEADER_WORDS = {
    "suborder": "Sub-order",
    "numbers_count": "Count",
    "sheet_rows": "Input Rows",
    "end_user_name": "End-User Name",
    "pin": "PIN",
    "btn": "BTN",
    "tn": "TN",
    "csr": "CSR",
    "loa": "LOA",
}
# What a specialist submitting a sub-order needs on paper, printed first (one page wide, legible);
# the other columns follow, on screen.
SUBORDER_PAPER = (
    "suborder",
    "losing_carrier",
    "account_number",
    "numbers_count",
    "numbers",
    "end_user_name",
    "requested_port_date",
    "earliest_feasible_date",
    "notes",
)
CHARS_PER_WIDTH = 1.05  # a width unit is one "0"; proportional text fits a little more
# Where the Sub-orders sheet's masked PINs come from: the header's comment and a note below.
PIN_NOTE = (
    "PIN **** means the input sheet gives a PIN on the sub-order's input rows (listed under Input "
    "Rows). PINs are never copied into this workbook: take the PIN from the input sheet (or the "
    "customer) when you submit the sub-order. Blank: no row of the sub-order gave a PIN."
)
# Summary columns (first, last, width): labels, values, then the counts of the tables.
_SUMMARY_WIDTHS = ((0, 0, 40), (1, 1, 36), (2, 6, 12))
LINE_HEIGHT = 15  # points per line of wrapped 11-point text
_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
}


def plain_header(key: str) -> str:
    """A column key (`risk_level`) as its header in plain words (`Risk Level`)."""
    if key in _HEADER_WORDS:
        return _HEADER_WORDS[key]
    return " ".join(_HEADER_WORDS.get(word, word.capitalize()) for word in key.split("_"))


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    return a.exists() and b.exists() and a.samefile(b)


def check_output_path(path: Path, replace: bool, source: Path | None = None) -> None:
    """Refuse, in one PrecheckInputError line, an output that would destroy or mislead: the input
    sheet itself (always), an existing file (unless `replace`), a name not ending in .xlsx, a
    folder that does not exist (never created: a typo in it would scatter outputs)."""
    if source is not None and _same_file(path, source):
        raise PrecheckInputError(
            f"the output {path} is the input sheet; name another file (the input is never "
            "overwritten)"
        )
    if path.is_dir():
        raise PrecheckInputError(f"cannot write {path}: it is a folder; name an .xlsx file")
    if path.suffix.lower() != ".xlsx":
        raise PrecheckInputError(
            f"the output {path.name} must end in .xlsx (it is an xlsx workbook): name it "
            f"{path.with_suffix('.xlsx').name}"
        )
    if not path.parent.is_dir():
        what = "is not a folder" if path.parent.exists() else "does not exist"
        raise PrecheckInputError(f"cannot write {path}: the folder {path.parent} {what}")
    if path.exists() and not replace:
        raise PrecheckInputError(f"{path} already exists (use --force to replace it)")


@contextmanager
def output_workbook(path: Path, replace: bool) -> Iterator[xlsxwriter.Workbook]:
    """A workbook written to `path` when the block ends; a path that cannot be written is a
    PrecheckInputError (one line), not a traceback."""
    check_output_path(path, replace)
    workbook = xlsxwriter.Workbook(str(path), _WORKBOOK_OPTIONS)
    yield workbook
    try:
        workbook.close()
    except (OSError, XlsxFileError) as exc:
        raise PrecheckInputError(f"cannot write {path}: {exc}") from exc


class CellWriter:
    """Typed, formula-proof cell writes with the workbook's shared formats."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._properties: dict[int, dict[str, object]] = {}
        self._quoted: dict[int, Format] = {}
        self.text_quoted = self._format({"quote_prefix": True})
        # Dates read from the top, like the wrapped text beside them in a tall row.
        self.date = self._format({"num_format": "yyyy-mm-dd", "align": "center", "valign": "top"})
        self.datetime = self._format(
            {"num_format": "yyyy-mm-dd hh:mm:ss", "align": "center", "valign": "top"}
        )
        self.header = self._format(dict(HEADER_FORMAT))
        self.probability = self._format({"num_format": PROBABILITY_FORMAT, "valign": "top"})
        # Indented, so wrapped text never runs into a right-aligned number beside it.
        self.wrap = self._format({"text_wrap": True, "valign": "top", "align": "left", "indent": 1})
        self.top = self._format({"valign": "top"})
        self.note = self._format({"italic": True, "font_color": "#6C757D"})
        self.note_wrap = self._format(
            {"italic": True, "font_color": "#6C757D", "text_wrap": True, "valign": "top"}
        )
        self.title = self._format({"bold": True, "font_size": 13})
        self.paragraph = self._format({"text_wrap": True, "valign": "top"})
        self.verdict = {
            verdict: self._format(
                {"bg_color": bg, "font_color": fg, "valign": "top", "align": "left", "indent": 1}
            )
            for verdict, (bg, fg) in (
                ("ok", ("#C6EFCE", "#006100")),
                ("warn", ("#FFEB9C", "#9C5700")),
                ("block", ("#FFC7CE", "#9C0006")),
            )
        }

    def _format(self, properties: dict[str, object]) -> Format:
        fmt = self._workbook.add_format(properties)
        self._properties[id(fmt)] = properties
        return fmt

    def _quoted_format(self, fmt: Format | None) -> Format:
        """fmt with Excel's quote prefix (the cell stays text when edited), made once per format."""
        if fmt is None:
            return self.text_quoted
        if id(fmt) not in self._quoted:
            properties = {**self._properties[id(fmt)], "quote_prefix": True}
            self._quoted[id(fmt)] = self._workbook.add_format(properties)
        return self._quoted[id(fmt)]

    def write(
        self, sheet: Worksheet, row: int, col: int, value: object, fmt: Format | None = None
    ) -> None:
        if type(value) is str:  # the common case first: 10,000-row sheets are mostly text
            self.write_text(sheet, row, col, value, fmt)
        elif value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value, fmt)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if math.isfinite(value):
                sheet.write_number(row, col, value, fmt)
            else:
                sheet.write_string(row, col, str(value), fmt)
        elif isinstance(value, dt.datetime):
            plain = value.replace(tzinfo=None)
            has_time = plain.time() != dt.time()
            sheet.write_datetime(row, col, plain, fmt or (self.datetime if has_time else self.date))
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt or self.date)
        else:
            self.write_text(sheet, row, col, str(value), fmt)

    def write_text(
        self, sheet: Worksheet, row: int, col: int, text: str, fmt: Format | None = None
    ) -> None:
        if len(text) > MAX_CELL_TEXT:
            text = text[: MAX_CELL_TEXT - 1] + "…"
        sheet.write_string(
            row, col, text, self._quoted_format(fmt) if runs_as_formula(text) else fmt
        )

    def table(
        self,
        sheet: Worksheet,
        top: int,
        header: Sequence[str],
        rows: Iterable[Sequence[object]],
        formats: dict[int, dict[object, Format]] | None = None,
    ) -> int:
        """Header + rows from `top`; returns the next free row. formats: column -> value -> fmt."""
        for col, name in enumerate(header):
            self.write_text(sheet, top, col, str(name), self.header)
        row_index = top
        for row_index, values in enumerate(rows, start=top + 1):
            for col, value in enumerate(values):
                fmt = (formats or {}).get(col, {}).get(value)
                self.write(sheet, row_index, col, value, fmt)
        return row_index + 1


def print_setup(sheet: Worksheet, header_rows: bool, fit_width: bool = True) -> None:
    """US Letter landscape, header repeated: how a specialist prints or exports it. One page
    wide, or (`fit_width` False, a table too wide to read at that scale) at 80% across pages."""
    sheet.set_paper(1)
    sheet.set_landscape()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header("&L&B&A", {"margin": 0.25})
    sheet.set_footer("&LBulk port precheck&RPage &P of &N", {"margin": 0.25})
    if fit_width:
        sheet.fit_to_pages(1, 0)
    else:
        sheet.set_print_scale(80)
        sheet.print_across()
    if header_rows:
        sheet.repeat_rows(0)


def _widths(
    writer: CellWriter, sheet: Worksheet, header: Sequence[str], body: list[list[object]]
) -> None:
    """Widths that fit the first 200 rows; _WRAPPED text wraps, its rows made tall enough (not
    every spreadsheet program re-fits row heights on opening); `risk` as the nightly's
    probability."""
    sample = body[:200]
    lines = [1] * len(body)
    header_lines = 1
    for col, name in enumerate(header):
        # A header longer than HEADER_WRAP_AT wraps between its words.
        words = plain_header(str(name))
        heading = len(max(words.split() or [""], key=len)) if len(words) > HEADER_WRAP_AT else 0
        longest = max([heading or len(words)] + [len(str(r[col])) for r in sample if col < len(r)])
        width = min(max(longest + 2, 8), _WIDE.get(str(name), 40))
        header_lines = max(header_lines, -(-len(words) // (width - 2)))
        # Every column reads from the top, beside the wrapped text of a tall row.
        fmt = (
            writer.probability
            if name == "risk"
            else writer.wrap
            if name in _WRAPPED
            else writer.top
        )
        sheet.set_column(col, col, width, fmt)
        if name in _WRAPPED:
            per_line = int((width - INDENT_CHARS) * CHARS_PER_WIDTH)
            for row, values in enumerate(body):
                text = str(values[col] or "") if col < len(values) else ""
                lines[row] = max(lines[row], wrapped_lines(text, per_line))
    for row, count in enumerate(lines, start=1):
        if count > 1:
            sheet.set_row(row, LINE_HEIGHT * min(count, 12))
    if header_lines > 1:
        sheet.set_row(0, LINE_HEIGHT * header_lines + 3)


def _frame_rows(frame: pd.DataFrame) -> list[list[object]]:
    return [
        [None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in row]
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]


def _write_rows(
    writer: CellWriter,
    sheet: Worksheet,
    header: list[str],
    rows: list[tuple[int, tuple[object, ...]]],
    pin_positions: list[int],
    added: pd.DataFrame,
    tn_position: int,
) -> None:
    """The sheet's rows as given (PIN cells masked), then the added columns, row for row."""
    width = max([len(header)] + [len(_trimmed(values)) for _, values in rows])
    full_header = [*header, *[""] * (width - len(header)), *ADDED_COLUMNS]
    shown = [*full_header[: -len(ADDED_COLUMNS)], *map(plain_header, ADDED_COLUMNS)]
    extra = {
        line: [v or None for v in values]
        for line, *values in added[["source_line", *ADDED_COLUMNS]].itertuples(index=False)
    }
    body = []
    for line, values in rows:
        cells = list(_trimmed(values)) + [None] * (width - len(_trimmed(values)))
        for position in pin_positions:
            if position < len(cells) and str(cells[position] or "").strip():
                cells[position] = MASK
        body.append(cells + extra[line])
    verdict_col = width + ADDED_COLUMNS.index("verdict")
    end = writer.table(sheet, 0, shown, body, {verdict_col: writer.verdict})
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(end - 1, 1), len(full_header) - 1)
    _widths(writer, sheet, full_header, body)
    # On paper: the number (tn column, on every page) and what precheck added; the rest of the
    # row is the input sheet the specialist already has.
    sheet.print_area(0, width, max(end - 1, 1), len(full_header) - 1)
    sheet.repeat_columns(tn_position)
    print_setup(sheet, header_rows=True)


def _trimmed(values: tuple[object, ...]) -> tuple[object, ...]:
    end = len(values)
    while end and (values[end - 1] is None or str(values[end - 1]).strip() == ""):
        end -= 1
    return values[:end]


def _write_paragraphs(writer: CellWriter, sheet: Worksheet, top: int, texts: list[str]) -> int:
    """Each text wrapped across the Summary's table width (so it prints whole); next free row."""
    last_col = _SUMMARY_WIDTHS[-1][1]
    chars_per_line = sum((last - first + 1) * width for first, last, width in _SUMMARY_WIDTHS)
    for row, text in enumerate(texts, start=top):
        sheet.merge_range(row, 0, row, last_col, "", writer.paragraph)
        writer.write_text(sheet, row, 0, text, writer.paragraph)
        sheet.set_row(row, LINE_HEIGHT * math.ceil(len(text) / chars_per_line))
    return top + len(texts)


def _write_summary(
    writer: CellWriter, sheet: Worksheet, heading: list[tuple[str, object]], sections: dict
) -> None:
    writer.write_text(sheet, 0, 0, "Bulk port precheck", writer.title)
    top = 1
    for label, value in heading:
        writer.write_text(sheet, top, 0, label)
        writer.write(sheet, top, 1, value)
        top += 1
    for title, frame in sections.items():
        top += 1
        writer.write_text(sheet, top, 0, title, writer.title)
        if title == ADVICE:
            top = _write_paragraphs(writer, sheet, top + 1, list(frame["step"]))
        else:
            headers = [plain_header(str(c)) for c in frame.columns]
            top = writer.table(sheet, top + 1, headers, _frame_rows(frame))
    for first, last, width in _SUMMARY_WIDTHS:
        sheet.set_column(first, last, width)
    # The printed width ends with the tables: a long value's overflow does not shrink the page.
    sheet.print_area(0, 0, top, _SUMMARY_WIDTHS[-1][1])
    print_setup(sheet, header_rows=False)


def write_workbook(
    path: Path,
    header: list[str],
    rows: list[tuple[int, tuple[object, ...]]],
    pin_positions: list[int],
    tn_position: int,
    added: pd.DataFrame,
    heading: list[tuple[str, object]],
    summary: dict[str, pd.DataFrame],
    suborders: pd.DataFrame,
    replace: bool,
) -> None:
    """Summary, Rows (input rows + ADDED_COLUMNS, same order) and Sub-orders sheets."""
    with output_workbook(path, replace) as workbook:
        writer = CellWriter(workbook)
        _write_summary(writer, workbook.add_worksheet("Summary"), heading, summary)
        rows_sheet = workbook.add_worksheet("Rows")
        _write_rows(writer, rows_sheet, header, rows, pin_positions, added, tn_position)
        _write_suborders(writer, workbook.add_worksheet("Sub-orders"), suborders)


def _write_suborders(writer: CellWriter, sheet: Worksheet, suborders: pd.DataFrame) -> None:
    """The sub-orders, SUBORDER_PAPER's columns first and printed one page wide; the masked PINs
    explained in the PIN header's comment and in a note under the table."""
    printed = [c for c in SUBORDER_PAPER if c in suborders.columns]
    columns = printed + [c for c in suborders.columns if c not in printed]
    frame = suborders[columns]
    body = _frame_rows(frame)
    end = writer.table(sheet, 0, [plain_header(c) for c in columns], body)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(end - 1, 1), len(columns) - 1)
    _widths(writer, sheet, columns, body)
    last_row = max(end - 1, 1)
    if "pin" in columns:
        sheet.write_comment(0, columns.index("pin"), PIN_NOTE, {"x_scale": 2})
        last_row = end + 1
        sheet.merge_range(last_row, 0, last_row, len(printed) - 1, "", writer.note_wrap)
        writer.write_text(sheet, last_row, 0, PIN_NOTE, writer.note_wrap)
        sheet.set_row(last_row, LINE_HEIGHT * 2)
    sheet.print_area(0, 0, last_row, len(printed) - 1)
    print_setup(sheet, header_rows=True)
