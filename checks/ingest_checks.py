"""Asset checks over the ingested tables: one GX suite each, results in the UI and the warehouse.

The suites run once, in the `check_results` asset (so the warehouse and the report carry them);
each check reads its table's row from there.
"""

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetIn,
    asset_check,
)

from portrecon.checks.gx_results import SUITE_CHECKS, VALIDATED_TABLES


def gx_check(table: str) -> AssetChecksDefinition:
    """An asset check reporting the table's GX suite; failures warn, they do not stop the run."""

    @asset_check(
        asset=table,
        name=f"{table}_gx_suite",
        description=f"Great Expectations suite of {table}: {SUITE_CHECKS[table]}. A failure "
        "warns; the night goes on.",
        additional_ins={"check_results": AssetIn("check_results")},
    )
    def _check(check_results: pd.DataFrame) -> AssetCheckResult:
        row = check_results.set_index("table_name").loc[table]
        return AssetCheckResult(
            passed=bool(row["passed"]),
            severity=AssetCheckSeverity.WARN,
            description=str(row["description"]),
            metadata={"evaluated": int(row["evaluated"]), "failed": int(row["failed"])},
        )

    return _check


INGEST_CHECKS = [gx_check(table) for table in VALIDATED_TABLES]
