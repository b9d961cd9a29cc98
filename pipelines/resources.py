"""Run settings as a Dagster resource: where the inbox, warehouse and reports are, and as-of.

Every path is a setting (never derived from a module's __file__), so `dagster dev`, the CLI and the
tests point the same assets at different folders.
"""

import datetime as dt
from importlib import resources
from pathlib import Path

from dagster import ConfigurableResource

DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_REPORTS = "reports"


def bundled_sample_inbox() -> Path:
    """The sample inbox shipped in portrecon.data (made by `portrecon synth`)."""
    return Path(str(resources.files("portrecon.data").joinpath("sample_inbox")))


class PortreconSettings(ConfigurableResource):
    """Paths and the as-of date of one nightly run; empty values mean the documented defaults."""

    inbox: str = ""
    warehouse: str = DEFAULT_WAREHOUSE
    reports: str = DEFAULT_REPORTS
    as_of: str = ""

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
        return dt.date.fromisoformat(self.as_of) if self.as_of else dt.date.today()
