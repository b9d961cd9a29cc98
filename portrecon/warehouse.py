"""Publishing the warehouse: build a new DuckDB file beside the old one, then swap it in.

Analysts query the warehouse while the nightly job runs, so the file they open is never written
to: the new one is complete and checkpointed before an atomic rename replaces it, and a run that
dies midway (killed, or the disk full) leaves the old file in place; the next run removes the
building files such a run left.
"""

from __future__ import annotations

import errno
import glob
import os
from collections.abc import Iterable
from pathlib import Path

import duckdb

from portrecon.duck import TableSource, connect, create_typed_table, sql_literal
from portrecon.schema import Table

# Why a write failed, in the words of the person who must act on it; keyed by the operating
# system's text, which DuckDB puts at the end of its message.
_PLAIN_REASONS = {
    os.strerror(errno.ENOSPC): "the disk is full",
    os.strerror(errno.EDQUOT): "the disk quota is used up",
    os.strerror(errno.EFBIG): "the file grew past the size limit set for this process",
}


class PublishError(Exception):
    """The new warehouse could not be written; the old one is untouched. Plain words."""


def _document(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    con.execute(f'COMMENT ON TABLE "{table.name}" IS {sql_literal(table.doc)}')
    for column in table.columns:
        con.execute(
            f'COMMENT ON COLUMN "{table.name}"."{column.name}" IS {sql_literal(column.doc)}'
        )


def publish(target: Path, tables: Iterable[tuple[Table, TableSource]]) -> dict[str, int]:
    """Write every table to a fresh file and atomically replace `target`; returns row counts.

    The caller holds the warehouse's lock (portrecon.runlock), so a building file already beside
    `target` is a dead run's (`kill -9`, a power cut): it is removed first, or it would keep the
    disk space the new file needs. A write that fails (disk full) removes this run's building file
    and raises PublishError saying so; `target` is then still the previous warehouse.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for stray in glob.glob(glob.escape(f"{target}.building-") + "*"):
        Path(stray).unlink(missing_ok=True)
    building = target.with_name(f"{target.name}.building-{os.getpid()}")
    counts: dict[str, int] = {}
    con: duckdb.DuckDBPyConnection | None = None
    try:
        con = connect(building)
        for table, source in tables:
            create_typed_table(con, table, source)
            _document(con, table)
            ((counts[table.name],),) = con.execute(
                f'SELECT count(*) FROM "{table.name}"'
            ).fetchall()
        con.execute("CHECKPOINT")
        con.close()
        os.replace(building, target)
    except BaseException as exc:
        if con is not None:
            con.close()
        for leftover in (building, building.with_name(f"{building.name}.wal")):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, duckdb.Error | OSError):
            raise PublishError(_failure_message(target, exc)) from exc
        raise
    return counts


def _failure_message(target: Path, exc: BaseException) -> str:
    """What failed and what it means for the analysts; DuckDB's own text only when the operating
    system's reason is not one the person on call can act on as said."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    why = next(
        (f"{plain} ({os_text})" for os_text, plain in _PLAIN_REASONS.items() if os_text in detail),
        detail,
    )
    return (
        f"the new warehouse could not be written beside {target}: {why}. Nothing was published: "
        "the previous warehouse is unchanged and still in use. Fix the cause and run again."
    )
