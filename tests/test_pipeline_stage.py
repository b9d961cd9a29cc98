"""The stage hand-over through a path abstraction (issue 14): a bucket URL replaces the folder
beside the warehouse when workers sit on several machines. `memory://` and `file://` stand in
for the bucket (fsspec's own filesystems, no server); the Celery run itself is
bench/bench_distributed.py."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dagster import asset, materialize
from typer.testing import CliRunner
from upath import UPath

from portrecon.pipelines.cli import app
from portrecon.pipelines.io_manager import STAGE_PATHS, StageIOManager, staged_input
from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.runner import CELERY_BROKER, _clear_stage

FRAME = pd.DataFrame({"tn": ["2175550100", "2175550101"], "verdict": ["match", None]})


@asset
def numbers() -> pd.DataFrame:
    return FRAME


@asset
def matched(numbers: pd.DataFrame) -> pd.DataFrame:
    return numbers[numbers["verdict"].notna()]


@asset(ins={"numbers": staged_input("numbers")})
def counted(numbers: str) -> pd.DataFrame:
    """Reads its input the way the DuckDB steps do: by the path the loader gives."""
    return duckdb.sql(
        f"SELECT count(*) AS n, '{numbers}' AS read FROM read_parquet('{numbers}')"
    ).df()


def _materialise(settings: PortreconSettings, assets: list) -> str:
    """Materialise the assets with the stage IO managers on these settings; the run id."""
    result = materialize(
        assets,
        resources={
            "settings": settings,
            "io_manager": StageIOManager(settings=settings),
            STAGE_PATHS: StageIOManager(settings=settings, as_paths=True),
        },
    )
    assert result.success
    return result.run_id


def test_frames_round_trip_through_a_bucket_url(tmp_path: Path) -> None:
    settings = PortreconSettings(warehouse=str(tmp_path / "w.duckdb"), stage="memory://night")
    run_id = _materialise(settings, [numbers, matched])
    folder = UPath("memory://night/w.duckdb.stage") / run_id
    assert sorted(path.name for path in folder.iterdir()) == ["matched.parquet", "numbers.parquet"]
    pd.testing.assert_frame_equal(pd.read_parquet(str(folder / "numbers.parquet")), FRAME)
    assert not (tmp_path / "w.duckdb.stage").exists()


def test_duckdb_steps_read_their_inputs_by_url(tmp_path: Path) -> None:
    settings = PortreconSettings(
        warehouse=str(tmp_path / "w.duckdb"), stage=(tmp_path / "bucket").as_uri()
    )
    run_id = _materialise(settings, [numbers, counted])
    staged = tmp_path / "bucket" / "w.duckdb.stage" / run_id
    row = pd.read_parquet(staged / "counted.parquet").iloc[0]
    assert row["n"] == 2
    assert row["read"] == (staged / "numbers.parquet").as_uri()


def test_the_default_stage_is_beside_the_warehouse(tmp_path: Path) -> None:
    settings = PortreconSettings(warehouse=str(tmp_path / "w.duckdb"))
    assert settings.stage_path() == UPath(tmp_path / "w.duckdb.stage")


def test_a_new_run_clears_earlier_stages_in_a_bucket_and_nothing_else(tmp_path: Path) -> None:
    settings = PortreconSettings(warehouse=str(tmp_path / "w.duckdb"), stage="memory://shared")
    kept = UPath("memory://shared/other-data.csv")
    kept.write_text("not the stage's\n")
    stale = settings.stage_path() / "a-crashed-run" / "csr_raw.parquet"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"half written")
    (settings.stage_path() / "stray.tmp").write_text("x")
    _clear_stage(settings)
    assert list(settings.stage_path().iterdir()) == []
    assert kept.read_text() == "not the stage's\n"


@pytest.mark.parametrize(
    "unset", [["DAGSTER_HOME"], [CELERY_BROKER], ["DAGSTER_HOME", CELERY_BROKER]]
)
def test_celery_without_its_instance_or_broker_is_refused_before_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unset: list[str]
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setenv(CELERY_BROKER, "redis://127.0.0.1:1/0")
    for name in unset:
        monkeypatch.delenv(name)
    result = CliRunner().invoke(
        app, ["nightly", "--warehouse", str(tmp_path / "w.duckdb"), "--executor", "celery"]
    )
    assert result.exit_code == 2
    assert " and ".join(unset) in result.output
    assert not (tmp_path / "w.duckdb").exists()
