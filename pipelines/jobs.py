"""The nightly job: every asset of every stage, in one process or one process per step.

Stages hand over Parquet files and only the publish step writes DuckDB, so steps may run in
separate processes. The default is in process (what `portrecon nightly` does without
`--executor`); the launchpad's run config switches to `multiprocess` (PRODUCT.md 10.2).
"""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job, multi_or_in_process_executor

IN_PROCESS = {"in_process": {}}

nightly_job = define_asset_job(
    name="nightly",
    selection=AssetSelection.all(),
    executor_def=multi_or_in_process_executor,
    config={"execution": {"config": IN_PROCESS}},
    description="Ingest the inbox, reconcile, score, compute SLAs, publish the warehouse, report.",
)
