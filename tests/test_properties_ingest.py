"""Property tests of reading files: encodings, CSV dialects, xlsx cell types, and the balance.

Invariants (issue 15, item 1): any bytes give a table or one plain-words UnreadableFile, never
another exception; what an exporter writes in any dialect or encoding reads back as written; and
every data row of every file is loaded or quarantined, never both, never neither.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from fuzzing import (
    Dialect,
    cell_text,
    csv_text,
    dialects,
    encodable,
    examples,
    field_values,
    is_blank,
    xlsx_safe,
    xlsx_text,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from portrecon.carriers import default_carrier_book
from portrecon.ingest import readers
from portrecon.ingest.discovery import discover
from portrecon.ingest.inbox import file_ledger, load_kind, manifest_frame, quarantine_table
from portrecon.ingest.kinds import SPECS
from portrecon.ingest.values import parse_date
from portrecon.phones import nanp_e164

BOOK = default_carrier_book()


def _write(path: Path, text: str, dialect: Dialect) -> None:
    encoding = dialect.encoding if encodable(text, dialect.encoding) else "utf-8"
    path.write_bytes(text.encode(encoding))


# --- encodings -----------------------------------------------------------------------------


@settings(max_examples=examples(200))
@given(cell_text, st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_text_in_each_encoding_decodes_as_written(text: str, encoding: str) -> None:
    assume(encodable(text, encoding))
    data = text.encode(encoding)
    if encoding == "cp1252" and not text.isascii():
        try:
            data.decode("utf-8")
            assume(False)  # these bytes are also UTF-8: the rule reads them as UTF-8
        except UnicodeDecodeError:
            pass
    decoded, label = readers.decode(data)
    assert decoded == text
    assert label == ("utf-8" if encoding == "cp1252" and text.isascii() else encoding)


@settings(max_examples=examples(200))
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_are_refused_as_binary(data: bytes) -> None:
    try:
        text, label = readers.decode(data)
    except readers.UnreadableFile as exc:
        assert str(exc) == "the file is binary, not text"
        return
    assert isinstance(text, str) and label in {"utf-8", "utf-8-sig", "cp1252"}


# --- CSV dialects --------------------------------------------------------------------------

records = st.lists(st.lists(cell_text, min_size=1, max_size=6), min_size=1, max_size=8)


@settings(max_examples=examples(150))
@given(st.lists(cell_text.filter(str.strip), min_size=1, max_size=6), records, dialects)
def test_a_csv_in_any_dialect_reads_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: list, dialect: Dialect
) -> None:
    text, starts = csv_text([header, *rows], dialect)
    path = tmp_path_factory.mktemp("csv") / "table.csv"
    _write(path, text, dialect)
    table = readers.read_csv(path)
    kept = [(line, row) for line, row in zip(starts[1:], rows, strict=True) if not is_blank(row)]
    assert table.header == [h.strip() for h in header]
    assert table.header_line == 1
    assert table.rows == kept
    assert table.damaged == {}


@settings(max_examples=examples(200))
@given(
    st.one_of(st.binary(max_size=400), st.text('ab,"\r\n ;\t\x00', max_size=200).map(str.encode))
)
def test_any_bytes_named_csv_give_a_table_or_one_plain_refusal(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("csv") / "table.csv"
    path.write_bytes(data)
    try:
        table = readers.read_table(path)
    except readers.UnreadableFile as exc:
        assert str(exc) and "Error" not in str(exc)
        return
    lines = [table.header_line] + [line for line, _ in table.rows]
    assert lines == sorted(set(lines))
    assert not any(is_blank(fields) for _, fields in table.rows)


# --- xlsx cells ----------------------------------------------------------------------------

cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)),
    st.dates(dt.date(1900, 3, 1)),
    st.times(),
    st.text(),
)


@settings(max_examples=examples(300))
@given(cell_values)
def test_every_cell_type_becomes_text(value: object) -> None:
    text = readers.cell_text(value)
    assert isinstance(text, str)
    if isinstance(value, float) and value.is_integer():
        assert not text.endswith(".0")


tn_cells = st.builds(
    lambda n, form: {"int": int(n), "float": float(n), "text": n, "dashed": f"{n[:3]}-{n[3:]}"}[
        form
    ],
    st.from_regex(r"[2-9]\d\d[2-9]\d{6}", fullmatch=True),
    st.sampled_from(["int", "float", "text", "dashed"]),
)
date_cells = st.dates(dt.date(1910, 1, 1), dt.date(2099, 12, 31)).flatmap(
    lambda d: st.sampled_from(
        [
            d,
            dt.datetime.combine(d, dt.time()),
            dt.datetime.combine(d, dt.time(13, 45)),
            d.isoformat(),
            d.strftime("%m/%d/%Y"),
            (d - dt.date(1899, 12, 30)).days,
        ]
    )
)


@settings(max_examples=examples(25))
@given(st.lists(st.tuples(tn_cells, date_cells, xlsx_text), min_size=1, max_size=20))
def test_typed_xlsx_cells_read_as_their_values(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple]
) -> None:
    workbook = Workbook()
    workbook.active.append(["tn", "csr_date", "account_name"])
    for row in rows:
        workbook.active.append(list(row))
    path = tmp_path_factory.mktemp("xlsx") / "cells.xlsx"
    workbook.save(path)
    table = readers.read_xlsx(path)
    assert len(table.rows) == len(rows)  # a number in each: no row is blank
    for (_, (tn, day, name)), (tn_cell, day_cell, name_cell) in zip(table.rows, rows, strict=True):
        digits = str(int(tn_cell)) if isinstance(tn_cell, int | float) else tn_cell
        assert nanp_e164(tn) == nanp_e164(digits) == "+1" + digits.replace("-", "")
        expected = day_cell if isinstance(day_cell, dt.date) else parse_date(str(day_cell))
        assert parse_date(day) == (
            expected.date() if isinstance(expected, dt.datetime) else expected
        )
        assert name == name_cell


# --- every row loaded or quarantined -------------------------------------------------------


@st.composite
def input_files(draw: st.DrawFn) -> tuple[str, list[str], list[list[str]]]:
    """(kind, header, rows): the kind's columns shuffled, some missing, some unknown, and rows of
    real and nasty values, some ragged, some blank."""
    kind = draw(st.sampled_from(sorted(SPECS)))
    spec = SPECS[kind]
    columns = draw(st.permutations(spec.columns))
    if draw(st.integers(0, 4)) == 0:  # now and then a file without one of its columns
        columns = columns[1:]
    header = [*columns, *draw(st.lists(st.sampled_from(["Notes", "Passcode", ""]), max_size=2))]
    base = dict(zip(spec.columns, _good(kind), strict=True))
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = [base.get(name, "x") for name in header]
        for i in draw(st.lists(st.integers(0, len(header) - 1), max_size=3)):
            row[i] = draw(field_values)
        shape = draw(st.sampled_from(["whole"] * 6 + ["short", "long", "blank"]))
        if shape == "short":
            row = row[: draw(st.integers(1, len(row)))]
        elif shape == "long":
            row = [*row, draw(field_values)]
        elif shape == "blank":
            row = [""] * len(header)
        rows.append(row)
    return kind, header, rows


def _good(kind: str) -> list[str]:
    from inbox_builders import csr_row, event_row, loa_row

    return {"csr": csr_row, "loa": loa_row, "orders": event_row}[kind]()


@settings(max_examples=examples(25))
@given(st.lists(input_files(), min_size=1, max_size=3), st.data())
def test_every_row_is_loaded_or_quarantined_never_both_never_neither(
    tmp_path_factory: pytest.TempPathFactory, files: list, data: st.DataObject
) -> None:
    inbox = tmp_path_factory.mktemp("inbox")
    expected: dict[str, list[int] | None] = {}
    for number, (kind, header, rows) in enumerate(files):
        prefix = {"csr": "csr", "loa": "loa", "orders": "order"}[kind]
        if data.draw(st.booleans(), label="xlsx"):
            name = f"{prefix}_{number}.xlsx"
            rows = [[xlsx_safe(value) for value in row] for row in rows]
            workbook = Workbook()
            for row in [header, *rows]:
                workbook.active.append(row)
            workbook.save(inbox / name)
            lines = [n for n, row in enumerate(rows, start=2) if not is_blank(row)]
        else:
            name = f"{prefix}_{number}.csv"
            dialect = data.draw(dialects, label="dialect")
            text, starts = csv_text([header, *rows], dialect)
            _write(inbox / name, text, dialect)
            lines = [n for n, row in zip(starts[1:], rows, strict=True) if not is_blank(row)]
        expected[name] = lines
    found = discover(inbox)
    loads = [load_kind(found, kind, BOOK) for kind in ("csr", "loa", "orders")]
    quarantine = quarantine_table([load.quarantine for load in loads])
    ledger = file_ledger(
        manifest_frame(found),
        [load.files for load in loads],
        [load.loaded["source_file"] for load in loads],
        quarantine,
    ).set_index("source_file")
    loaded = pd.concat([load.loaded[["source_file", "source_line"]] for load in loads])
    for name, lines in expected.items():
        kept = sorted(loaded.loc[loaded["source_file"] == name, "source_line"].astype(int))
        bad = quarantine.loc[quarantine["source_file"] == name, "source_line"].dropna()
        bad = sorted(bad.astype(int))
        assert not set(kept) & set(bad)
        assert sorted(kept + bad) == lines
        assert ledger.loc[name, "rows_read"] == len(lines) == len(kept) + len(bad)
        assert ledger.loc[name, "rows_read"] == (
            ledger.loc[name, "rows_loaded"] + ledger.loc[name, "rows_quarantined"]
        )
