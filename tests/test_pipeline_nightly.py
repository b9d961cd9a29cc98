"""The nightly job as users run it: real Dagster materialisation into a real DuckDB file."""

import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd
import pytest
from run_outputs import warehouse_tables

from portrecon.checks.gx_results import VALIDATED_TABLES
from portrecon.duck import create_typed_table
from portrecon.ingest import load_inbox
from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.runner import run_nightly
from portrecon.schema import all_tables

AS_OF = "2026-11-20"
SECRET_PIN = "73519468"


def _run(inbox: Path, warehouse: Path) -> tuple[list[int], list[str]]:
    """Run the nightly job; returns the step total it announced and the steps it reported."""
    settings = PortreconSettings(
        inbox=str(inbox), warehouse=str(warehouse), reports=str(warehouse.parent), as_of=AS_OF
    )
    totals: list[int] = []
    steps: list[str] = []
    outcome = run_nightly(settings, on_step=steps.append, on_total=totals.append)
    assert outcome.success, outcome.error
    return totals, steps


class Runs(NamedTuple):
    """Two runs of one inbox (warehouses in root/w1 and root/w2) and the first one's progress."""

    root: Path
    totals: list[int]
    steps: list[str]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    from inbox_builders import (
        CSR_HEADER,
        EVENT_HEADER,
        LOA_HEADER,
        csr_row,
        event_row,
        loa_row,
        write_csv,
    )

    root = tmp_path_factory.mktemp("nightly")
    inbox = root / "inbox"
    pin = {"pin": SECRET_PIN}
    write_csv(
        inbox / "csr_a.csv",
        CSR_HEADER,
        [csr_row(**pin), csr_row(tn="2175550101", **pin), ["bad", SECRET_PIN]],
    )
    write_csv(inbox / "loa_a.csv", LOA_HEADER, [loa_row(**pin), loa_row(order_id="", **pin)])
    write_csv(inbox / "order_a.csv", EVENT_HEADER, [event_row(), event_row(status="FOC")])
    (inbox / "readme.txt").write_text("clutter")
    totals, steps = _run(inbox, root / "w1" / "warehouse.duckdb")
    _run(inbox, root / "w2" / "warehouse.duckdb")
    return Runs(root, totals, steps)


@pytest.fixture(scope="module")
def published(runs: Runs) -> Path:
    return runs.root


def test_the_announced_step_total_is_the_number_of_steps_reported(runs: Runs) -> None:
    assert runs.totals == [len(runs.steps)]


def test_the_nightlys_ingest_tables_equal_load_inbox_on_the_same_inbox(published: Path) -> None:
    """The assets chain the ingest steps on their own; load_inbox (benches, tests) must agree."""
    published_tables = warehouse_tables(published / "w1" / "warehouse.duckdb")
    contract = {table.name: table for table in all_tables()}
    con = duckdb.connect()
    for name, frame in load_inbox(published / "inbox").frames.items():
        create_typed_table(con, contract[name], frame)
        expected = con.execute(f'SELECT * FROM "{name}"').df()
        got = published_tables[name][expected.columns]
        pd.testing.assert_frame_equal(
            got.sort_values(list(got.columns)).reset_index(drop=True),
            expected.sort_values(list(expected.columns)).reset_index(drop=True),
            obj=name,
        )


def test_nightly_publishes_every_ingest_table_with_its_rows(published: Path) -> None:
    tables = warehouse_tables(published / "w1" / "warehouse.duckdb")
    counts = {name: len(frame) for name, frame in tables.items()}
    assert counts["csr_records"] == 2
    assert counts["loa_records"] == 1
    assert counts["order_events"] == 2
    assert counts["quarantine"] == 2
    assert counts["run_log"] == 1


CONTRACT_TABLES = {
    "csr_records",
    "loa_records",
    "loa_numbers",
    "order_events",
    "orders",
    "findings",
    "rejection_risk",
    "sla_by_carrier",
    "portout_watch",
    "quarantine",
    "run_log",
}


def test_nightly_publishes_every_table_of_the_analyst_contract(published: Path) -> None:
    assert warehouse_tables(published / "w1" / "warehouse.duckdb").keys() >= CONTRACT_TABLES


def test_nightly_writes_the_workbook_and_the_page_under_the_as_of(published: Path) -> None:
    folder = published / "w1" / AS_OF
    assert (folder / "nightly.xlsx").stat().st_size > 0
    assert (folder / "nightly.html").stat().st_size > 0


def test_nightly_records_every_data_quality_check(published: Path) -> None:
    checks = warehouse_tables(published / "w1" / "warehouse.duckdb")["check_results"]
    assert set(checks["table_name"]) == set(VALIDATED_TABLES)


def test_an_inbox_without_input_files_fails_and_keeps_the_previous_warehouse(
    published: Path, tmp_path: Path
) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "README.txt").write_text("the drop failed")
    warehouse = tmp_path / "warehouse.duckdb"
    warehouse.write_bytes((published / "w1" / "warehouse.duckdb").read_bytes())
    settings = PortreconSettings(
        inbox=str(tmp_path / "inbox"), warehouse=str(warehouse), reports=str(tmp_path), as_of=AS_OF
    )
    outcome = run_nightly(settings)
    assert not outcome.success and "no CSR and no LOA file" in (outcome.error or "")
    assert len(warehouse_tables(warehouse)["csr_records"]) == 2


def test_no_pin_reaches_the_warehouse_the_stage_files_or_the_reports(published: Path) -> None:
    folder = published / "w1"
    tables = warehouse_tables(folder / "warehouse.duckdb")
    texts = [frame.astype(str).to_csv() for frame in tables.values()]
    texts += [pd.read_parquet(p).astype(str).to_csv() for p in folder.rglob("*.parquet")]
    with zipfile.ZipFile(folder / AS_OF / "nightly.xlsx") as workbook:
        texts += [workbook.read(name).decode("utf-8", "replace") for name in workbook.namelist()]
    texts.append((folder / AS_OF / "nightly.html").read_text())
    assert len(texts) > len(tables)
    assert not [text for text in texts if SECRET_PIN in text]


def test_run_log_balances_rows_in_against_loaded_and_quarantined(published: Path) -> None:
    run_log = warehouse_tables(published / "w1" / "warehouse.duckdb")["run_log"].iloc[0]
    assert run_log["rows_in"] == run_log["rows_loaded"] + run_log["rows_quarantined"] == 7


def test_same_inbox_and_as_of_give_identicalwarehouse_tables(published: Path) -> None:
    first = warehouse_tables(published / "w1" / "warehouse.duckdb")
    second = warehouse_tables(published / "w2" / "warehouse.duckdb")
    assert first.keys() == second.keys()
    for name in first:
        volatile = ["run_id", "started_at", "finished_at"] if name == "run_log" else []
        pd.testing.assert_frame_equal(
            first[name].drop(columns=volatile), second[name].drop(columns=volatile)
        )


def test_warehouse_columns_carry_their_documentation(published: Path) -> None:
    con = duckdb.connect(str(published / "w1" / "warehouse.duckdb"), read_only=True)
    undocumented = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE NOT internal AND comment IS NULL"
    ).fetchall()
    con.close()
    assert undocumented == []


def test_failed_run_leaves_the_previous_warehouse_intact(published: Path) -> None:
    warehouse = published / "w1" / "warehouse.duckdb"
    before = warehouse_tables(warehouse)["csr_records"]
    settings = PortreconSettings(
        inbox=str(published / "no-such-inbox"), warehouse=str(warehouse), as_of=AS_OF
    )
    assert not run_nightly(settings).success
    pd.testing.assert_frame_equal(warehouse_tables(warehouse)["csr_records"], before)


def test_reader_never_sees_an_error_or_a_half_built_warehouse(published: Path) -> None:
    warehouse = published / "w1" / "warehouse.duckdb"
    expected = {name: len(frame) for name, frame in warehouse_tables(warehouse).items()}
    inbox = published / "inbox"
    command = [
        sys.executable,
        "-m",
        "portrecon.pipelines.cli",
        "nightly",
        "--inbox",
        str(inbox),
        "--warehouse",
        str(warehouse),
        "--reports",
        str(published / "reports"),
        "--as-of",
        AS_OF,
    ]
    job = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    reads = 0
    while job.poll() is None or reads == 0:
        con = duckdb.connect(str(warehouse), read_only=True)
        seen = {
            name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in expected
        }
        con.close()
        assert seen == expected
        reads += 1
        time.sleep(0.01)
    assert job.returncode == 0, job.stderr.read().decode() if job.stderr else ""
    assert reads > 10
