"""The operator's night from the command line (issue 20 items 6 and 8): the nightly ends with the
business headline and the report paths, and with DAGSTER_HOME set the run is recorded in that
Dagster instance, so `dagster dev` shows its materialisations and check results."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterEventType, DagsterInstance, DagsterRunStatus
from run_outputs import AS_OF

from portrecon.checks.gx_results import VALIDATED_TABLES
from portrecon.checks.gx_suites import suite_columns
from portrecon.pipelines.definitions import build_definitions

# The night's stages in the order they run: the lineage reads left to right in this order.
NIGHT_STAGES = ("ingest", "quality", "timelines", "reconcile", "sla", "risk", "publish", "reports")


@dataclass(frozen=True)
class Night:
    lines: list[str]
    warehouse: Path
    home: Path


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> Night:
    """`portrecon nightly` on the bundled sample in a fresh shell whose DAGSTER_HOME is set."""
    root = tmp_path_factory.mktemp("operator")
    home = root / "dagster_home"
    home.mkdir()
    warehouse = root / "warehouse.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "portrecon.pipelines.cli", "nightly", "--as-of", AS_OF,
         "--warehouse", str(warehouse), "--reports", str(root / "reports")],
        env={**os.environ, "DAGSTER_HOME": str(home)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return Night(done.stdout.splitlines(), warehouse, home)


def _count(warehouse: Path, sql: str) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_the_last_lines_are_the_headline_the_reports_and_the_warehouse(night: Night) -> None:
    last = night.lines[-10:]
    assert last[0] == f"The night of {AS_OF}:"
    open_port_ins = _count(
        night.warehouse, "SELECT count(*) FROM orders WHERE direction = 'port_in' AND is_open"
    )
    blocking = _count(
        night.warehouse,
        "SELECT count(*) FROM findings f JOIN orders o USING (order_id) "
        "WHERE o.is_open AND f.severity = 'block'",
    )
    figures = {line[8:].strip(): int(line[:8]) for line in last[1:7]}
    assert figures["open port-ins"] == open_port_ins
    assert figures["blocking findings on open orders"] == blocking
    assert set(figures) >= {
        "at high risk of rejection",
        "rejected port-ins to fix and resubmit",
        "port-outs needing action",
    }
    reports = [Path(line.removeprefix("Report: ")) for line in last[7:9]]
    assert sorted(path.name for path in reports) == ["nightly.html", "nightly.xlsx"]
    assert all(path.is_file() for path in reports)
    assert last[9] == f"Warehouse: {night.warehouse}"
    assert any(line.startswith("Slowest steps: ") for line in night.lines)


def test_the_run_is_in_the_dagster_home_instance_with_materialisations_and_checks(
    night: Night, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(night.home))
    with DagsterInstance.get() as instance:
        (run,) = instance.get_runs()
        assert run.job_name == "nightly" and run.status == DagsterRunStatus.SUCCESS
        orders = instance.get_latest_materialization_event(AssetKey("orders"))
        assert orders is not None and orders.run_id == run.run_id
        assert orders.asset_materialization.metadata["dagster/row_count"].value > 0
        warehouse = instance.get_latest_materialization_event(AssetKey("warehouse"))
        assert warehouse.asset_materialization.metadata["path"].value == str(night.warehouse)
        evaluations = instance.get_records_for_run(
            run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION
        ).records
        checked = [r.event_log_entry.dagster_event.event_specific_data for r in evaluations]
        assert {(c.check_name, c.passed) for c in checked} == {
            (f"{table}_gx_suite", True) for table in VALIDATED_TABLES
        }


def test_asset_groups_follow_the_night() -> None:
    graph = build_definitions().resolve_asset_graph()
    stage = {
        key: NIGHT_STAGES.index(graph.get(key).group_name) for key in graph.get_all_asset_keys()
    }
    for key in graph.get_all_asset_keys():
        for parent in graph.get(key).parent_keys:
            assert stage[parent] <= stage[key], (
                f"{parent.to_user_string()} -> {key.to_user_string()}"
            )
    assert graph.get(AssetKey("orders")).group_name == "timelines"


def test_each_check_says_what_it_checks() -> None:
    specs = [
        spec for checks in build_definitions().asset_checks or () for spec in checks.check_specs
    ]
    assert specs
    for spec in specs:
        table = spec.asset_key.to_user_string()
        for column in suite_columns(table, dt.date.fromisoformat(AS_OF)):
            assert column in spec.description or column == "balance_gap", (table, column)
