"""The nightly job: every asset of every stage, run in one process (DuckDB is single-writer)."""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job, in_process_executor

nightly_job = define_asset_job(
    name="nightly",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest the inbox, reconcile, score, compute SLAs, publish the warehouse, report.",
)
