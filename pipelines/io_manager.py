"""Parquet hand-over between assets, so steps can run in separate processes under `dagster dev`.

The warehouse itself is only written by the publish step, from these files, in one go.
"""

import pandas as pd
from dagster import ConfigurableIOManagerFactory, InputContext, OutputContext, UPathIOManager
from upath import UPath

from portrecon.pipelines.resources import PortreconSettings


class ParquetFrameIOManager(UPathIOManager):
    """Stores each asset's DataFrame as one Parquet file under the stage folder."""

    extension: str = ".parquet"

    def dump_to_path(self, context: OutputContext, obj: pd.DataFrame, path: UPath) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        obj.to_parquet(str(path), index=False)

    def load_from_path(self, context: InputContext, path: UPath) -> pd.DataFrame:
        return pd.read_parquet(str(path))


class StageIOManager(ConfigurableIOManagerFactory):
    """The Parquet IO manager rooted at the settings' stage folder."""

    settings: PortreconSettings

    def create_io_manager(self, context) -> ParquetFrameIOManager:
        return ParquetFrameIOManager(base_path=UPath(str(self.settings.stage_path())))
