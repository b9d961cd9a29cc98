"""What the reports show, independent of the format: columns with their kind, and the rows.

The workbook writer and the page writer both render these, so a sheet and its HTML table can
never disagree on a header, an order or a unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

# text: shown as text; int / number: numbers; id: a whole number naming something (a line);
# pct: a share in [0, 1] shown as a percentage;
# probability: a model's probability in [0, 1], a percentage never shown as 0% or 100%;
# date: a calendar date; month: the first day of a month; datetime: a UTC instant;
# level: a word whose tone is coloured (risk level, severity, yes/no);
# value: mixed, each row's kind is in the frame's `value_kind` column (Summary).
Kind = Literal[
    "text",
    "int",
    "id",
    "number",
    "pct",
    "probability",
    "date",
    "month",
    "datetime",
    "level",
    "value",
]


# The tone of each coloured word: bad (red), warn (amber), ok (green).
TONES = {
    "high": "bad",
    "block": "bad",
    "failed": "bad",
    "medium": "warn",
    "warn": "warn",
    "yes": "warn",
    "low": "ok",
    "passed": "ok",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = "text"
    # Colour a date before the as-of date, or a negative number, as overdue.
    overdue: bool = False
    # How to read the values, in plain words: a line under the page's table, and the header
    # cell's comment plus a note under the sheet's rows in the workbook.
    legend: str | None = None
    # Printed: the workbook puts the columns a reader does not need on paper (codes for filters,
    # the long text, detail counts) after the printed ones, where its print area ends; the page
    # keeps the columns' order.
    paper: bool = True


@dataclass(frozen=True)
class ReportTable:
    """One sheet of the workbook (and one table of the page): titled columns over a frame."""

    name: str
    columns: tuple[Column, ...]
    frame: pd.DataFrame
    note: str | None = None

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def sheet_columns(self) -> tuple[Column, ...]:
        """The columns in the workbook's order: the printed ones first, then the on-screen ones."""
        return tuple(sorted(self.columns, key=lambda c: not c.paper))

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)
