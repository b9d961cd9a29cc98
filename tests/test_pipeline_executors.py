"""`portrecon nightly --executor in_process|multiprocess` (PRODUCT.md 10.2): the same tables either
way; with DAGSTER_HOME set the run is recorded in that instance."""

from pathlib import Path

import pandas as pd
import pytest
from dagster import DagsterInstance
from run_outputs import warehouse_tables
from typer.testing import CliRunner

from portrecon.pipelines.cli import app
from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.runner import run_nightly
from portrecon.synth import generate

AS_OF = "2026-11-20"


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("executors") / "inbox"
    generate(folder, orders=120, seed=3, as_of=pd.Timestamp(AS_OF).date())
    return folder


@pytest.fixture(scope="module")
def inbox_2k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("executors_2k") / "inbox"
    generate(folder, orders=2000, seed=3, as_of=pd.Timestamp(AS_OF).date())
    return folder


def _run(inbox: Path, folder: Path, executor: str, partitions: int) -> dict[str, pd.DataFrame]:
    """The warehouse tables of one night (run_log without its run id and times)."""
    settings = PortreconSettings(
        inbox=str(inbox), warehouse=str(folder / "warehouse.duckdb"), reports=str(folder),
        as_of=AS_OF, partitions=partitions,
    )  # fmt: skip
    steps: list[str] = []
    outcome = run_nightly(settings, on_step=steps.append, executor=executor, max_workers=2)
    assert outcome.success, outcome.error
    assert sum(s.startswith("findings.reconcile_carriers") for s in steps) == partitions
    tables = warehouse_tables(settings.warehouse_path())
    tables["run_log"] = tables["run_log"].drop(columns=["run_id", "started_at", "finished_at"])
    return tables


@pytest.mark.slow
def test_nights_reconciled_by_carrier_groups_publish_the_tables_of_a_whole_night(
    inbox_2k: Path, tmp_path: Path
) -> None:
    whole = _run(inbox_2k, tmp_path / "whole", "in_process", partitions=1)
    for executor in ("in_process", "multiprocess"):
        partitioned = _run(inbox_2k, tmp_path / executor, executor, partitions=3)
        assert partitioned.keys() == whole.keys()
        for name, frame in whole.items():
            pd.testing.assert_frame_equal(partitioned[name], frame, obj=f"{executor}: {name}")


@pytest.mark.slow
def test_with_dagster_home_the_cli_run_is_recorded_in_that_instance(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    result = CliRunner().invoke(
        app,
        ["nightly", "--inbox", str(inbox), "--warehouse", str(tmp_path / "w.duckdb"),
         "--reports", str(tmp_path), "--as-of", AS_OF, "--executor", "multiprocess"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with DagsterInstance.get() as instance:
        (run,) = instance.get_runs()
        assert run.job_name == "nightly" and run.is_success
