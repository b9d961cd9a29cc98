"""One nightly at a time per warehouse (PRODUCT.md 10.2): a second run waits or refuses, no mixing.

The runs are real `portrecon nightly` processes over small inboxes that differ in their files.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from inbox_builders import named_inbox

from portrecon.pipelines.definitions import build_definitions
from portrecon.pipelines.resources import PortreconSettings
from portrecon.runlock import current_holder, hold_warehouse

AS_OF = "2026-11-20"


def _nightly(inbox: Path, warehouse: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "portrecon.pipelines.cli", "nightly", "--inbox", str(inbox),
         "--warehouse", str(warehouse), "--reports", str(warehouse.parent / "reports"),
         "--as-of", AS_OF, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip


def _wait_until_held_by(process: subprocess.Popen, warehouse: Path) -> str:
    """The run id of `process` once it holds the warehouse."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        holder = current_holder(warehouse)
        if holder and holder.pid == process.pid:
            return holder.run_id
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the first run never took the warehouse")


def _published_files(warehouse: Path) -> set[str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {row[0] for row in con.execute("SELECT source_file FROM ingest_files").fetchall()}
    finally:
        con.close()


@pytest.mark.slow
def test_a_second_nightly_on_a_warehouse_being_built_refuses_and_names_the_first(
    tmp_path: Path,
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    first = _nightly(named_inbox(tmp_path, "first"), warehouse)
    run_id = _wait_until_held_by(first, warehouse)
    os.kill(first.pid, signal.SIGSTOP)  # the first run is mid-build while the second starts
    second = _nightly(named_inbox(tmp_path, "second"), warehouse)
    _, second_err = second.communicate(timeout=300)
    os.kill(first.pid, signal.SIGCONT)
    first_out, first_err = first.communicate(timeout=300)
    assert second.returncode == 2
    assert "another nightly run is building" in second_err and run_id in second_err
    assert "Traceback" not in second_err
    assert first.returncode == 0, first_err
    assert "csr_first.csv" in first_out and "_second.csv" not in first_out
    assert _published_files(warehouse) == {"csr_first.csv", "loa_first.csv", "order_first.csv"}


@pytest.mark.slow
def test_a_nightly_told_to_wait_runs_after_the_first_with_its_own_files(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    first = _nightly(named_inbox(tmp_path, "first"), warehouse)
    run_id = _wait_until_held_by(first, warehouse)
    os.kill(first.pid, signal.SIGSTOP)
    second = _nightly(named_inbox(tmp_path, "second"), warehouse, "--wait", "300")
    waiting = next(line for line in second.stderr if line.startswith("Waiting"))
    os.kill(first.pid, signal.SIGCONT)
    first_out, first_err = first.communicate(timeout=300)
    second_out, second_err = second.communicate(timeout=300)
    assert waiting.startswith("Waiting up to 300 s for run " + run_id)
    assert (first.returncode, second.returncode) == (0, 0), first_err + second_err
    assert "csr_first.csv" in first_out and "_second.csv" not in first_out
    assert "csr_second.csv" in second_out and "_first.csv" not in second_out
    assert _published_files(warehouse) == {"csr_second.csv", "loa_second.csv", "order_second.csv"}


def test_a_run_launched_from_dagster_fails_while_another_run_holds_the_warehouse(
    tmp_path: Path,
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    settings = PortreconSettings(
        inbox=str(named_inbox(tmp_path, "x")), warehouse=str(warehouse), reports=str(tmp_path)
    )
    job = build_definitions(settings).resolve_job_def("nightly")
    with hold_warehouse(warehouse, "the-other-run", "elsewhere"):
        result = job.execute_in_process(raise_on_error=False)
    assert not result.success
    failure = next(event for event in result.all_events if event.is_failure)
    assert "the-other-run" in str(failure.event_specific_data)
    assert not warehouse.exists()


def test_the_lock_of_a_killed_run_does_not_block_the_next(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from portrecon.runlock import hold_warehouse"
         "\nwith hold_warehouse(Path(sys.argv[1]), 'doomed', 'in'):\n print('held', flush=True)"
         "; time.sleep(600)", str(warehouse)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    assert current_holder(warehouse).run_id == "doomed"
    holder.kill()
    holder.wait()
    assert current_holder(warehouse) is None
    with hold_warehouse(warehouse, "next", "in") as taken:
        assert taken.run_id == "next"


def test_each_run_stages_in_its_own_folder_and_clears_earlier_ones(tmp_path: Path) -> None:
    from portrecon.pipelines.runner import run_nightly

    warehouse = tmp_path / "warehouse.duckdb"
    settings = PortreconSettings(
        inbox=str(named_inbox(tmp_path, "x")), warehouse=str(warehouse), reports=str(tmp_path),
        as_of=AS_OF,
    )  # fmt: skip
    stale = settings.stage_path() / "a-crashed-run"
    (stale / "csr_raw.parquet").parent.mkdir(parents=True)
    (stale / "csr_raw.parquet").write_bytes(b"half written")
    assert run_nightly(settings).success
    (run_folder,) = settings.stage_path().iterdir()
    assert run_folder.name != stale.name
    assert (run_folder / "csr_raw.parquet").is_file()


def test_an_asset_re_run_alone_reads_its_inputs_from_the_run_that_made_them(
    tmp_path: Path,
) -> None:
    from dagster import AssetKey, DagsterInstance

    settings = PortreconSettings(
        inbox=str(named_inbox(tmp_path, "x")), warehouse=str(tmp_path / "warehouse.duckdb"),
        reports=str(tmp_path / "reports"), as_of=AS_OF,
    )  # fmt: skip
    job = build_definitions(settings).resolve_job_def("nightly")
    (tmp_path / "home").mkdir()
    with DagsterInstance.local_temp(str(tmp_path / "home")) as instance:
        full = job.execute_in_process(instance=instance)
        (settings.warehouse_path()).unlink()
        alone = job.execute_in_process(instance=instance, asset_selection=[AssetKey("warehouse")])
    assert full.success and alone.success
    assert [p.name for p in settings.stage_path().iterdir()] == [full.run_id]
    assert _published_files(settings.warehouse_path()) == {"csr_x.csv", "loa_x.csv", "order_x.csv"}
