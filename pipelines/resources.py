"""Run settings as a Dagster resource: where the inbox, warehouse and reports are, and as-of.

Every path is a setting (never derived from a module's __file__), so `dagster dev`, the CLI and the
tests point the same assets at different folders.
"""

import datetime as dt
import os
from contextlib import ExitStack
from pathlib import Path

from dagster import ConfigurableResource, Failure, InitResourceContext
from pydantic import PrivateAttr
from upath import UPath

from portrecon.paths import DEFAULT_REPORTS, DEFAULT_WAREHOUSE, bundled_sample_inbox
from portrecon.runlock import WarehouseBusyError, current_holder, hold_warehouse

# A run tag that pins the run's as-of when the settings do not (the schedule's and the sensor's
# runs): run config would replace the whole settings resource, paths included.
AS_OF_TAG = "portrecon/as_of"
# A run tag naming the claim on the warehouse that the launching process holds for the run (the
# CLI takes the lock before Dagster creates the run, so the run id is not known yet).
CLAIM_TAG = "portrecon/claim"
# Where a deployed code location (`dagster dev`, the schedule, the sensor) finds its paths.
ENVIRONMENT = {
    "inbox": "PORTRECON_INBOX",
    "warehouse": "PORTRECON_WAREHOUSE",
    "reports": "PORTRECON_REPORTS",
    "stage": "PORTRECON_STAGE",
    "partitions": "PORTRECON_PARTITIONS",
}


class PortreconSettings(ConfigurableResource):
    """Paths and the as-of date of one nightly run; empty values mean the documented defaults."""

    inbox: str = ""
    warehouse: str = DEFAULT_WAREHOUSE
    reports: str = DEFAULT_REPORTS
    as_of: str = ""
    # The folder that holds `<warehouse name>.stage/`: empty means the warehouse's own folder; a
    # URL (s3://bucket/prefix, gs://...) when step workers sit on several machines.
    stage: str = ""
    # How many steps reconcile the LOAs, each a group of whole losing carriers: 1 in process;
    # the CLI sets it to the workers of a multiprocess or Celery night (docs/scaling.md).
    partitions: int = 1
    _run_day: dt.date | None = PrivateAttr(default=None)
    _claim: ExitStack | None = PrivateAttr(default=None)

    @classmethod
    def from_environment(cls) -> "PortreconSettings":
        """Settings from PORTRECON_INBOX / _WAREHOUSE / _REPORTS / _STAGE / _PARTITIONS, defaults
        where unset."""
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
        if context.dagster_run:
            self._claim_warehouse(context.dagster_run.run_id, tags.get(CLAIM_TAG))

    def _claim_warehouse(self, run_id: str, claim: str | None) -> None:
        """A run holds its warehouse's lock while it executes (the CLI takes it before the run
        starts; a run launched from Dagster takes it here), so two runs never build one warehouse.
        """
        holder = current_holder(self.warehouse_path())
        if holder and holder.run_id in (run_id, claim):
            return  # held for this run by the process that launched it
        held = ExitStack()
        try:
            held.enter_context(
                hold_warehouse(self.warehouse_path(), run_id, str(self.inbox_path()))
            )
        except WarehouseBusyError as exc:
            raise Failure(str(exc)) from None
        self._claim = held

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if self._claim is not None:
            self._claim.close()
            self._claim = None

    def inbox_path(self) -> Path:
        return Path(self.inbox) if self.inbox else bundled_sample_inbox()

    def warehouse_path(self) -> Path:
        return Path(self.warehouse)

    def stage_path(self) -> UPath:
        """Intermediate Parquet files, one subfolder per run: `<warehouse name>.stage/` beside the
        warehouse, or under the stage setting (a bucket every worker reaches). The warehouse's
        name stays in the path so that a run clearing its earlier stages never touches what else
        the bucket holds."""
        name = self.warehouse_path().name + ".stage"
        return (
            UPath(self.stage) / name if self.stage else UPath(self.warehouse_path().with_name(name))
        )

    def reports_path(self) -> Path:
        return Path(self.reports) / self.as_of_date().isoformat()

    def as_of_date(self) -> dt.date:
        """The configured as-of, else the run's (its tag or start day), else today."""
        if self.as_of:
            return dt.date.fromisoformat(self.as_of)
        return self._run_day or dt.date.today()
