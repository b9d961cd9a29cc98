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

from portrecon.duck import TableSource, connect, create_typed_table, sql_literal
from portrecon.schema import Table


def _document(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    con.execute(f'COMMENT ON TABLE "{table.name}" IS {sql_literal(table.doc)}')
    for column in table.columns:
        con.execute(
            f'COMMENT ON COLUMN "{table.name}"."{column.name}" IS {sql_literal(column.doc)}'
        )


def publish(target: Path, tables: Iterable[tuple[Table, TableSource]]) -> dict[str, int]:
    """Write every table to a fresh file and atomically replace `target`; returns row counts."""
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(f"{target.name}.building-{os.getpid()}")
    building.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = connect(building)
    try:
        for table, source in tables:
            create_typed_table(con, table, source)
            _document(con, table)
            ((counts[table.name],),) = con.execute(
                f'SELECT count(*) FROM "{table.name}"'
            ).fetchall()
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        building.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(building, target)
    return counts
