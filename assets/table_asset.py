"""One factory for the assets that run a set-based builder over contract tables in DuckDB.

Every derived table (orders, findings, SLA, risk, ...) is `builder(con, as_of, book)` over named
input tables; the factory gives each the same wiring, description and metadata.
"""

from collections.abc import Callable, Iterable, Sequence

import pandas as pd
from dagster import AssetOut, AssetsDefinition, Output, asset, multi_asset

from portrecon.assets.metadata import definition_metadata, frame_metadata
from portrecon.carriers import default_carrier_book
from portrecon.duck import frames_connection
from portrecon.pipelines.io_manager import staged_input
from portrecon.pipelines.resources import PortreconSettings
from portrecon.schema import Table

Builder = Callable[..., pd.DataFrame]


def table_asset(
    table: Table, builder: Builder, inputs: Sequence[str], group: str
) -> AssetsDefinition:
    """An asset named after `table` computing it with `builder` from the `inputs` tables."""

    @asset(
        name=table.name,
        group_name=group,
        kinds={"duckdb", "pandas"},
        description=f"{table.doc} Grain: {table.grain}.",
        ins={name: staged_input(name) for name in inputs},
        metadata=definition_metadata(table),
    )
    def _compute(settings: PortreconSettings, **parquet: str) -> Output[pd.DataFrame]:
        with frames_connection(**parquet) as con:
            frame = builder(con, settings.as_of_date(), default_carrier_book())
        frame = frame.reindex(columns=table.column_names)
        return Output(frame, metadata=frame_metadata(frame, table))

    return _compute


def table_outs(tables: Iterable[Table]) -> dict[str, AssetOut]:
    """The outputs of a multi-asset step that computes these contract tables."""
    return {
        table.name: AssetOut(
            description=f"{table.doc} Grain: {table.grain}.",
            metadata=definition_metadata(table),
            kinds={"duckdb", "pandas"},
        )
        for table in tables
    }


def tables_asset(
    name: str, tables: Sequence[tuple[Table, Builder]], inputs: Sequence[str], group: str
) -> AssetsDefinition:
    """One step computing several tables from the same inputs (read once), each its own asset:
    for small tables a step of their own would cost more in start-up and reading than in work."""

    @multi_asset(
        name=name,
        group_name=group,
        ins={source: staged_input(source) for source in inputs},
        outs=table_outs(table for table, _ in tables),
    )
    def _compute(settings: PortreconSettings, **parquet: str):
        with frames_connection(**parquet) as con:
            for table, builder in tables:
                frame = builder(con, settings.as_of_date(), default_carrier_book())
                frame = frame.reindex(columns=table.column_names)
                yield Output(frame, table.name, metadata=frame_metadata(frame, table))

    return _compute
