"""DuckDB tables typed by the warehouse contract, and throwaway connections holding frames.

Frames lose SQL types on the way through pandas/Parquet (a DATE comes back as a timestamp), so
every contract table is created from its DDL and filled with casts; the builders (timelines, SLA,
reconciliation, risk) then see the same types as in the published warehouse. A table's source is
a frame or, between pipeline stages, the Parquet file holding it: DuckDB reads that file itself,
so a stage never holds its inputs as pandas frames.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeAlias

import duckdb
import pandas as pd

from portrecon.schema import Table, all_tables


def sql_literal(text: str) -> str:
    """A SQL string literal of `text`, for the few statements that take no bound parameters
    (ATTACH, COMMENT ON, generated CASE expressions)."""
    return "'" + text.replace("'", "''") + "'"


def connect(path: Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that prints nothing: its progress bar would land in the CLI's output."""
    con = duckdb.connect(str(path) if path is not None else ":memory:", read_only=read_only)
    con.execute("SET enable_progress_bar = false")
    return con


# A contract table's rows: a frame, or the path of a Parquet file written from one.
TableSource: TypeAlias = pd.DataFrame | str


@contextmanager
def _incoming(
    con: duckdb.DuckDBPyConnection, name: str, source: TableSource
) -> Iterator[tuple[str, list[str]]]:
    """(FROM clause, column names) of a source: a registered frame or a read_parquet() scan."""
    if isinstance(source, pd.DataFrame):
        view = f"_incoming_{name}"
        con.register(view, source)
        try:
            yield f'"{view}"', [str(c) for c in source.columns]
        finally:
            con.unregister(view)
        return
    scan = f"read_parquet({sql_literal(str(source))})"
    yield scan, [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]


def create_typed_table(con: duckdb.DuckDBPyConnection, table: Table, source: TableSource) -> None:
    """CREATE the contract table and INSERT the source's columns cast to the contract types."""
    with _incoming(con, table.name, source) as (scan, columns):
        _check_columns(table, columns)
        con.execute(table.ddl())
        con.execute(f'INSERT INTO "{table.name}" SELECT {_typed_select(table)} FROM {scan}')


def create_typed_view(con: duckdb.DuckDBPyConnection, table: Table, parquet: str) -> None:
    """A view named after the contract table over its Parquet file, cast to the contract types:
    a step reads its inputs where they lie instead of copying every row into the connection
    first (the copy was a fixed ~0.2 s per step even on a small night)."""
    with _incoming(con, table.name, parquet) as (scan, columns):
        _check_columns(table, columns)
        con.execute(f'CREATE VIEW "{table.name}" AS SELECT {_typed_select(table)} FROM {scan}')


def _check_columns(table: Table, columns: list[str]) -> None:
    missing = [c for c in table.column_names if c not in columns]
    if missing:
        raise ValueError(f"frame for {table.name} lacks columns {missing}")


def _typed_select(table: Table) -> str:
    return ", ".join(f'CAST("{c.name}" AS {c.sql_type}) AS "{c.name}"' for c in table.columns)


@contextmanager
def frames_connection(**tables: TableSource) -> Iterator[duckdb.DuckDBPyConnection]:
    """In-memory connection where each keyword is a contract table of that name: a frame is
    copied in, a Parquet file (a stage's hand-over) is read through a typed view."""
    contracts = {table.name: table for table in all_tables()}
    con = connect()
    try:
        for name, source in tables.items():
            if isinstance(source, pd.DataFrame):
                create_typed_table(con, contracts[name], source)
            else:
                create_typed_view(con, contracts[name], source)
        yield con
    finally:
        con.close()
