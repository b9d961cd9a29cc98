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


def _run(inbox: Path, folder: Path, executor: str) -> Path:
    settings = PortreconSettings(
        inbox=str(inbox), warehouse=str(folder / "warehouse.duckdb"), reports=str(folder),
        as_of=AS_OF,
    )  # fmt: skip
    steps: list[str] = []
    outcome = run_nightly(settings, on_step=steps.append, executor=executor, max_workers=2)
    assert outcome.success, outcome.error
    assert "warehouse" in steps and "nightly_xlsx" in steps
    return settings.warehouse_path()


@pytest.mark.slow
def test_multiprocess_and_in_process_runs_publish_the_samewarehouse_tables(
    inbox: Path, tmp_path: Path
) -> None:
    in_process = warehouse_tables(_run(inbox, tmp_path / "in_process", "in_process"))
    multiprocess = warehouse_tables(_run(inbox, tmp_path / "multiprocess", "multiprocess"))
    assert in_process.keys() == multiprocess.keys()
    for name, frame in in_process.items():
        volatile = ["run_id", "started_at", "finished_at"] if name == "run_log" else []
        pd.testing.assert_frame_equal(
            frame.drop(columns=volatile), multiprocess[name].drop(columns=volatile)
        )


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
