"""Parquet hand-over between assets, so steps can run in separate processes under `dagster dev`,
or on Celery workers on several machines.

Each run writes its own folder, `<warehouse>.stage/<run_id>/` (a `UPath`: a local folder, or a
bucket every worker reaches when the stage setting is a URL): two runs never read each other's
half-written stage. An input is read from the folder of the run that last materialised it: this
run's, or an earlier run's when one asset is re-run from the UI. The
warehouse itself is only written by the publish step, from these files, in one go.
"""

import pandas as pd
from dagster import (
    AssetIn,
    ConfigurableIOManagerFactory,
    InputContext,
    OutputContext,
    UPathIOManager,
)
from upath import UPath

from portrecon.pipelines.resources import PortreconSettings


def producing_run(context: InputContext | OutputContext, stage: UPath, suffix: str) -> str:
    """The run whose stage folder holds this output (an input's: the run that produced it)."""
    if isinstance(context, OutputContext):
        return context.run_id
    # Produced earlier in this run, the usual case: this run's file, found without asking the
    # instance (a query per input was a tenth of a small step's start in its own process).
    run = context.step_context.run_id
    if (stage / run).joinpath(*context.asset_key.path).with_suffix(suffix).exists():
        return run
    # In an earlier run (one asset re-run from the UI): the last one that materialised it.
    latest = context.instance.get_latest_materialization_event(context.asset_key)
    if latest is None:
        raise FileNotFoundError(
            f"{context.asset_key.to_user_string()} has never been materialised: "
            "materialise it before the assets that read it"
        )
    return latest.run_id


class ParquetFrameIOManager(UPathIOManager):
    """Stores each asset's DataFrame as one Parquet file in its run's stage folder."""

    extension: str = ".parquet"

    def __init__(self, stage: UPath) -> None:
        super().__init__(base_path=stage)
        self.stage = stage

    def get_asset_relative_path(self, context: InputContext | OutputContext) -> UPath:
        run = producing_run(context, self.stage, self.extension)
        return UPath(run, *context.asset_key.path)

    def dump_to_path(self, context: OutputContext, obj: pd.DataFrame, path: UPath) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        obj.to_parquet(str(path), index=False)

    def load_from_path(self, context: InputContext, path: UPath) -> pd.DataFrame:
        return pd.read_parquet(str(path))


class ParquetPathLoader(ParquetFrameIOManager):
    """Loads an input as the path of its Parquet file: a step that works in DuckDB scans the file
    itself instead of holding it as a pandas frame (`AssetIn(input_manager_key=STAGE_PATHS)`)."""

    def load_from_path(self, context: InputContext, path: UPath) -> str:
        # A local path, or a URL (file://, s3://, gs://) that DuckDB reads (httpfs for buckets).
        return str(path)


# The input manager key of inputs read as Parquet paths.
STAGE_PATHS = "stage_paths"
# The IO manager key of small op outputs that are not tables (which carriers a step reconciles).
STAGE_PICKLES = "stage_pickles"


def staged_input(asset_name: str) -> AssetIn:
    """An input that arrives as its Parquet file's path (for steps that read it with DuckDB)."""
    return AssetIn(asset_name, input_manager_key=STAGE_PATHS)


class StageIOManager(ConfigurableIOManagerFactory):
    """The Parquet IO manager rooted at the settings' stage folder; with as_paths, the loader
    that gives inputs as their files' paths (the STAGE_PATHS input manager)."""

    settings: PortreconSettings
    as_paths: bool = False

    def create_io_manager(self, context) -> ParquetFrameIOManager:
        manager = ParquetPathLoader if self.as_paths else ParquetFrameIOManager
        return manager(self.settings.stage_path())
