"""Run settings as a Dagster resource: where the inbox, warehouse and reports are, and as-of.

Every path is a setting (never derived from a module's __file__), so `dagster dev`, the CLI and the
tests point the same assets at different folders.
"""

import datetime as dt
import os
from importlib import resources
from pathlib import Path

from dagster import ConfigurableResource, InitResourceContext
from pydantic import PrivateAttr

DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_REPORTS = "reports"


def bundled_sample_inbox() -> Path:
    """The sample inbox shipped in portrecon.data (made by `portrecon synth`)."""
    return Path(str(resources.files("portrecon.data").joinpath("sample_inbox")))


# A run tag that pins the run's as-of when the settings do not (the schedule's and the sensor's
# runs): run config would replace the whole settings resource, paths included.
AS_OF_TAG = "portrecon/as_of"
# Where a deployed code location (`dagster dev`, the schedule, the sensor) finds its paths.
ENVIRONMENT = {
    "inbox": "PORTRECON_INBOX",
    "warehouse": "PORTRECON_WAREHOUSE",
    "reports": "PORTRECON_REPORTS",
}


class PortreconSettings(ConfigurableResource):
    """Paths and the as-of date of one nightly run; empty values mean the documented defaults."""

    inbox: str = ""
    warehouse: str = DEFAULT_WAREHOUSE
    reports: str = DEFAULT_REPORTS
    as_of: str = ""
    _run_day: dt.date | None = PrivateAttr(default=None)

    @classmethod
    def from_environment(cls) -> "PortreconSettings":
        """Settings from PORTRECON_INBOX / _WAREHOUSE / _REPORTS, defaults where unset."""
        return cls(
            **{
                field: os.environ[name]
                for field, name in ENVIRONMENT.items()
                if os.environ.get(name)
            }
        )

    def setup_for_execution(self, context: InitResourceContext) -> None:
        """Fix the as-of once per run (the run's AS_OF_TAG, else the day it starts), so a run that
        crosses midnight stays on one day."""
        tags = context.dagster_run.tags if context.dagster_run else {}
        tagged = tags.get(AS_OF_TAG)
        self._run_day = dt.date.fromisoformat(tagged) if tagged else dt.date.today()

    def inbox_path(self) -> Path:
        return Path(self.inbox) if self.inbox else bundled_sample_inbox()

    def warehouse_path(self) -> Path:
        return Path(self.warehouse)

    def stage_path(self) -> Path:
        """Intermediate Parquet files live beside the warehouse, one folder per warehouse."""
        path = self.warehouse_path()
        return path.with_name(path.name + ".stage")

    def reports_path(self) -> Path:
        return Path(self.reports) / self.as_of_date().isoformat()

    def as_of_date(self) -> dt.date:
        """The configured as-of, else the run's (its tag or start day), else today."""
        if self.as_of:
            return dt.date.fromisoformat(self.as_of)
        return self._run_day or dt.date.today()
