"""The nightly job: every asset of every stage, in one process, one process per step, or on Celery.

Stages hand over Parquet files and only the publish step writes DuckDB, so steps may run in
separate processes. The default is in process (what `portrecon nightly` does without
`--executor`); the launchpad's run config switches to `multiprocess` (PRODUCT.md 10.2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dagster import (
    AssetSelection,
    ExecutorDefinition,
    define_asset_job,
    multi_or_in_process_executor,
)

IN_PROCESS = {"in_process": {}}
NIGHTLY = "nightly"

if TYPE_CHECKING:  # the type define_asset_job returns (not exported by dagster itself)
    from dagster._core.definitions.unresolved_asset_job_definition import (
        UnresolvedAssetJobDefinition,
    )


def nightly_job_on(
    executor_def: ExecutorDefinition, config: dict | None = None
) -> UnresolvedAssetJobDefinition:
    """The nightly job on this executor: the code location's, or Celery's for
    `portrecon nightly --executor celery` (one executor per job in Dagster)."""
    return define_asset_job(
        name=NIGHTLY,
        selection=AssetSelection.all(),
        executor_def=executor_def,
        config=config,
        description="Ingest the inbox, reconcile, score, compute SLAs, publish the warehouse, "
        "report.",
    )


nightly_job = nightly_job_on(multi_or_in_process_executor, {"execution": {"config": IN_PROCESS}})
