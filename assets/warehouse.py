"""Publish stage: every contract table into one DuckDB file, swapped in atomically."""

import datetime as dt

import pandas as pd
from dagster import AssetExecutionContext, Failure, MetadataValue, Output, asset

from portrecon import schema
from portrecon.pipelines.io_manager import staged_input
from portrecon.pipelines.resources import PortreconSettings
from portrecon.warehouse import PublishError, publish

# Table contract -> the asset holding its rows (same name).
PUBLISHED: tuple[schema.Table, ...] = (
    schema.CSR_RAW,
    schema.CSR_RECORDS,
    schema.LOA_RAW,
    schema.LOA_RECORDS,
    schema.LOA_NUMBERS,
    schema.ORDER_EVENTS_RAW,
    schema.ORDER_EVENTS,
    schema.QUARANTINE,
    schema.INGEST_FILES,
    schema.ORDERS,
    schema.FINDINGS,
    schema.PORT_DATES,
    schema.CARRIER_INTERVALS,
    schema.SLA_BY_CARRIER,
    schema.ORDER_AGING,
    schema.PORTOUT_WATCH,
    schema.REJECTION_REASONS,
    schema.REJECTION_OUTCOMES,
    schema.REJECTION_RISK,
    schema.CARRIER_STRICTNESS,
    schema.RISK_MODEL,
    schema.CHECK_RESULTS,
    schema.CHANGES,
)


def run_log_row(
    run_id: str, as_of: dt.date, started_at: dt.datetime, ledger: pd.DataFrame, inbox: str
) -> pd.DataFrame:
    """The run's own row: what it read, loaded and quarantined over all files, and from where."""
    read = ledger[ledger["status"] != "skipped"]
    return pd.DataFrame(
        [
            {
                "run_id": run_id,
                "as_of": as_of,
                "started_at": started_at,
                "finished_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "files_read": len(read),
                "files_skipped": int((ledger["status"] == "skipped").sum()),
                "rows_in": int(ledger["rows_read"].sum()),
                "rows_loaded": int(ledger["rows_loaded"].sum()),
                "rows_quarantined": int(ledger["rows_quarantined"].sum()),
                "inbox": inbox,
            }
        ]
    )


def _run_started_at(context: AssetExecutionContext) -> dt.datetime:
    stats = context.instance.get_run_stats(context.run_id)
    started = (
        stats.start_time if stats and stats.start_time else dt.datetime.now(dt.UTC).timestamp()
    )
    return dt.datetime.fromtimestamp(started, dt.UTC).replace(tzinfo=None)


@asset(
    group_name="publish",
    kinds={"duckdb"},
    ins={table.name: staged_input(table.name) for table in PUBLISHED},
)
def warehouse(
    context: AssetExecutionContext, settings: PortreconSettings, **parquet: str
) -> Output[None]:
    """The analysts' DuckDB file, built aside from every stage's Parquet files (read by DuckDB,
    never all held in memory at once) and renamed over the old."""
    ledger = pd.read_parquet(parquet["ingest_files"])
    run_log = run_log_row(
        context.run_id,
        settings.as_of_date(),
        _run_started_at(context),
        ledger,
        str(settings.inbox_path().resolve()),
    )
    target = settings.warehouse_path()
    try:
        counts = publish(
            target,
            [*((table, parquet[table.name]) for table in PUBLISHED), (schema.RUN_LOG, run_log)],
        )
    except PublishError as exc:
        raise Failure(str(exc)) from None  # plain words: the CLI prints them as they are
    return Output(
        None,
        metadata={
            "path": MetadataValue.path(str(target.resolve())),
            "tables": MetadataValue.json(counts),
        },
    )
