"""DuckDB tables typed by the warehouse contract, and throwaway connections holding frames.

Frames lose SQL types on the way through pandas/Parquet (a DATE comes back as a timestamp), so
every contract table is created from its DDL and filled with casts; the builders (timelines, SLA,
reconciliation, risk) then see the same types as in the published warehouse.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


def create_typed_table(con: duckdb.DuckDBPyConnection, table: Table, frame: pd.DataFrame) -> None:
    """CREATE the contract table and INSERT the frame's columns cast to the contract types."""
    missing = [c for c in table.column_names if c not in frame.columns]
    if missing:
        raise ValueError(f"frame for {table.name} lacks columns {missing}")
    con.execute(table.ddl())
    view = f"_incoming_{table.name}"
    con.register(view, frame)
    try:
        select = ", ".join(f'CAST("{c.name}" AS {c.sql_type})' for c in table.columns)
        con.execute(f'INSERT INTO "{table.name}" SELECT {select} FROM "{view}"')
    finally:
        con.unregister(view)


@contextmanager
def frames_connection(**frames: pd.DataFrame) -> Iterator[duckdb.DuckDBPyConnection]:
    """In-memory connection where each keyword is a contract table of that name."""
    contracts = {table.name: table for table in all_tables()}
    con = connect()
    try:
        for name, frame in frames.items():
            create_typed_table(con, contracts[name], frame)
        yield con
    finally:
        con.close()
