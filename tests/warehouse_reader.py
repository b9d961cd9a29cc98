"""An analyst in a loop: opens the warehouse read-only, reads every table, and opens the reports,
until told to stop; one JSON line per read saying what it saw (the run) or what was wrong.

Run as its own process (`python warehouse_reader.py WAREHOUSE REPORTS STOP OUT TABLE...`), as
analysts are: DuckDB shares one open database per path within a process, so a reader in the
test's own process could keep reading a file the nightly has since replaced.
"""

from __future__ import annotations

import json
import sys
import time
import zipfile
from pathlib import Path

import duckdb

PAUSE_SECONDS = 0.25


def read_warehouse(path: Path, tables: set[str]) -> str:
    """The run id of a complete, consistent warehouse; raises AssertionError saying what is not.

    Complete: exactly the contract's tables, every row of each readable. Consistent: one run_log
    row, whose counts are the sum of the ingest_files ledger, and every loaded row's file in that
    ledger (a table of another run's inbox would name other files).
    """
    con = duckdb.connect(str(path), read_only=True)
    try:
        found = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert found == tables, f"tables {sorted(found ^ tables)} missing or extra"
        for table in sorted(tables):  # every block of every table, checksums verified
            con.execute(f'SELECT count(*), bit_xor(hash(t)) FROM "{table}" t').fetchall()
        ((run_id, rows_in, loaded, quarantined),) = con.execute(
            "SELECT run_id, rows_in, rows_loaded, rows_quarantined FROM run_log"
        ).fetchall()
        ledger = con.execute(
            "SELECT sum(rows_read), sum(rows_loaded), sum(rows_quarantined) FROM ingest_files"
        ).fetchone()
        assert ledger == (rows_in, loaded, quarantined), f"run_log {run_id} vs ledger {ledger}"
        (strangers,) = con.execute(
            "SELECT count(*) FROM (SELECT source_file FROM csr_raw UNION SELECT source_file "
            "FROM loa_raw UNION SELECT source_file FROM order_events_raw) "
            "WHERE source_file NOT IN (SELECT source_file FROM ingest_files)"
        ).fetchone()
        assert strangers == 0, f"{strangers} loaded files are not in run {run_id}'s ledger"
        return str(run_id)
    finally:
        con.close()


def read_reports(folder: Path) -> None:
    """Each report there is whole: the workbook a valid zip with its workbook part, the page
    ending where the writer ends it."""
    for path in sorted(folder.glob("nightly.*")):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as workbook:
                assert workbook.testzip() is None and "xl/workbook.xml" in workbook.namelist()
        else:
            assert path.read_text(encoding="utf-8").endswith("</html>\n"), f"{path} is cut"


def main(warehouse: Path, reports: Path, stop: Path, out: Path, tables: set[str]) -> None:
    with out.open("a", encoding="utf-8") as log:
        while not stop.exists():
            try:
                record = {"run_id": read_warehouse(warehouse, tables)}
                read_reports(reports)
            except Exception as exc:  # every failure is what the test looks for
                record = {"error": f"{type(exc).__name__}: {exc}"}
            log.write(json.dumps(record) + "\n")
            log.flush()
            time.sleep(PAUSE_SECONDS)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]),
         set(sys.argv[5:]))  # fmt: skip
