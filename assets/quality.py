"""Data-quality stage: the Great Expectations suites of every ingested table, run once."""

import pandas as pd
from dagster import AssetExecutionContext, MetadataValue, Output, asset

from portrecon import schema
from portrecon.assets.metadata import definition_metadata, frame_metadata
from portrecon.checks.gx_results import VALIDATED_TABLES, suite_result
from portrecon.pipelines.io_manager import staged_input
from portrecon.pipelines.resources import PortreconSettings


@asset(
    group_name="quality",
    kinds={"great_expectations"},
    ins={table: staged_input(table) for table in VALIDATED_TABLES},
    metadata=definition_metadata(schema.CHECK_RESULTS),
)
def check_results(
    context: AssetExecutionContext, settings: PortreconSettings, **parquet: str
) -> Output[pd.DataFrame]:
    """One row per GX suite (keys, E.164, dates in range, statuses, per-file balance).

    The tables arrive as their stage files, and each suite reads only the columns it checks.
    """
    results = [suite_result(t, parquet[t], settings.as_of_date()) for t in VALIDATED_TABLES]
    frame = pd.DataFrame([{k: v for k, v in r.items() if k != "gx"} for r in results])
    frame = frame.reindex(columns=schema.CHECK_RESULTS.column_names)
    gx = {r["table_name"]: MetadataValue.json(r["gx"]) for r in results}
    return Output(frame, metadata={**frame_metadata(frame, schema.CHECK_RESULTS), **gx})
