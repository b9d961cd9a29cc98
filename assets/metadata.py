"""Asset metadata the Dagster UI shows: row count, column schema and a preview of the top rows."""

from __future__ import annotations

import pandas as pd
from dagster import MetadataValue, TableColumn, TableSchema

from portrecon.schema import Table

_PREVIEW_ROWS = 5


def table_schema(table: Table) -> TableSchema:
    """The contract's columns as a Dagster schema (shown before the first materialisation)."""
    return TableSchema(
        columns=[
            TableColumn(name=c.name, type=c.sql_type, description=c.doc) for c in table.columns
        ]
    )


def definition_metadata(table: Table) -> dict[str, object]:
    """Static metadata of an asset that becomes a warehouse table."""
    return {
        "dagster/column_schema": table_schema(table),
        "warehouse_table": table.name,
        "grain": table.grain,
    }


def frame_metadata(frame: pd.DataFrame, table: Table | None = None) -> dict[str, object]:
    """Row count, schema (with the contract's column docs where known) and a markdown preview."""
    docs = {c.name: c.doc for c in table.columns} if table else {}
    columns = [
        TableColumn(name=str(name), type=str(dtype), description=docs.get(str(name)))
        for name, dtype in frame.dtypes.items()
    ]
    preview = frame.head(_PREVIEW_ROWS)
    if "raw" in preview:
        preview = preview.assign(raw=preview["raw"].str.slice(0, 60))
    return {
        "dagster/row_count": len(frame),
        "dagster/column_schema": TableSchema(columns=columns),
        "preview": MetadataValue.md(preview.to_markdown(index=False)),
    }
