"""Changes stage: tonight's tables against the warehouse they are about to replace."""

import duckdb
import pandas as pd
from dagster import AssetExecutionContext, Output, asset

from portrecon import schema
from portrecon.assets.metadata import definition_metadata, frame_metadata
from portrecon.changes import build_changes
from portrecon.duck import frames_connection
from portrecon.pipelines.io_manager import staged_input
from portrecon.pipelines.resources import PortreconSettings

INPUTS = ["orders", "order_events", "findings", "rejection_risk", "portout_watch"]


@asset(
    group_name="publish",
    kinds={"duckdb", "pandas"},
    description=f"{schema.CHANGES.doc} Grain: {schema.CHANGES.grain}.",
    ins={name: staged_input(name) for name in INPUTS},
    metadata=definition_metadata(schema.CHANGES),
)
def changes(
    context: AssetExecutionContext, settings: PortreconSettings, **parquet: str
) -> Output[pd.DataFrame]:
    """What changed since the published warehouse; the run holds the warehouse's lock, so the
    file read here is the one this run's publish replaces."""
    with frames_connection(**parquet) as con:
        try:
            frame = build_changes(
                con, settings.as_of_date(), settings.warehouse_path(), context.run_id
            )
        except duckdb.Error as exc:  # a damaged previous file must not stop the night
            context.log.warning(
                f"the previous warehouse {settings.warehouse_path()} could not be read, so no "
                f"changes are published tonight: {str(exc).splitlines()[0]}"
            )
            frame = build_changes(con, settings.as_of_date(), None, context.run_id)
    return Output(frame, metadata=frame_metadata(frame, schema.CHANGES))
