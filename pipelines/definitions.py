"""The Dagster code location: every asset, check, job, schedule, sensor and resource.

`dagster dev` loads this module (pyproject's [tool.dagster]); the CLI builds the same Definitions
with the user's paths via `build_definitions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dagster import (
    Definitions,
    FilesystemIOManager,
    colored_console_logger,
    in_process_executor,
    load_assets_from_modules,
)

from portrecon.assets import changes, ingest, quality, reconcile, reports, risk, sla, warehouse
from portrecon.checks.ingest_checks import INGEST_CHECKS
from portrecon.pipelines.io_manager import (
    STAGE_PATHS,
    STAGE_PICKLES,
    StageIOManager,
)
from portrecon.pipelines.jobs import nightly_job
from portrecon.pipelines.notify_sensor import notify_changes
from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.schedules import nightly_schedule
from portrecon.pipelines.sensors import inbox_sensor

if TYPE_CHECKING:
    from portrecon.pipelines.jobs import UnresolvedAssetJobDefinition

ASSET_MODULES = (ingest, quality, sla, reconcile, risk, changes, warehouse, reports)


def build_definitions(
    settings: PortreconSettings | None = None,
    nightly: UnresolvedAssetJobDefinition = nightly_job,
) -> Definitions:
    """Definitions wired to one set of paths (default: the PORTRECON_* environment, else the
    bundled sample inbox and data/warehouse.duckdb), with this nightly job (another executor's)."""
    settings = settings or PortreconSettings.from_environment()
    return Definitions(
        assets=load_assets_from_modules(list(ASSET_MODULES)),
        asset_checks=INGEST_CHECKS,
        jobs=[nightly],
        schedules=[nightly_schedule],
        sensors=[inbox_sensor, notify_changes],
        resources={
            "settings": settings,
            "io_manager": StageIOManager(settings=settings),
            STAGE_PATHS: StageIOManager(settings=settings, as_paths=True),
            # Small op outputs that are not tables, in the same stage folder (by run and step).
            STAGE_PICKLES: FilesystemIOManager(base_dir=str(settings.stage_path())),
        },
        executor=in_process_executor,
        loggers={"console": colored_console_logger},
    )


defs = build_definitions()
