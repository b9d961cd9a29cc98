"""Publishing the warehouse: build a new DuckDB file beside the old one, then swap it in.

Analysts query the warehouse while the nightly job runs, so the file they open is never written
to: the new one is complete and checkpointed before an atomic rename replaces it, and a run that
dies midway leaves only a stray building file behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from portrecon.schema import Table


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _create_table(con: duckdb.DuckDBPyConnection, table: Table, frame: pd.DataFrame) -> None:
    con.execute(table.ddl())
    missing = [c for c in table.column_names if c not in frame.columns]
    if missing:
        raise ValueError(f"frame for {table.name} lacks columns {missing}")
    con.register("_incoming", frame)
    select = ", ".join(f'CAST("{c.name}" AS {c.sql_type})' for c in table.columns)
    con.execute(f'INSERT INTO "{table.name}" SELECT {select} FROM _incoming')
    con.unregister("_incoming")
    con.execute(f'COMMENT ON TABLE "{table.name}" IS {_quote(table.doc)}')
    for column in table.columns:
        con.execute(f'COMMENT ON COLUMN "{table.name}"."{column.name}" IS {_quote(column.doc)}')


def publish(target: Path, tables: Iterable[tuple[Table, pd.DataFrame]]) -> dict[str, int]:
    """Write every table to a fresh file and atomically replace `target`; returns row counts."""
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(f"{target.name}.building-{os.getpid()}")
    building.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(building))
    try:
        for table, frame in tables:
            _create_table(con, table, frame)
            counts[table.name] = len(frame)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        building.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(building, target)
    return counts
