"""Asset checks over the ingested tables: one GX suite each, results in the UI and the warehouse.

The suites run once, in the `check_results` asset (so the warehouse and the report carry them);
one step then reports each table's row from there as that table's check: a step per check
would cost more to start than the check does.
"""

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetIn,
    multi_asset_check,
)

from portrecon.checks.gx_results import SUITE_CHECKS, VALIDATED_TABLES


@multi_asset_check(
    name="gx_suites",
    specs=[
        AssetCheckSpec(
            f"{table}_gx_suite",
            asset=table,
            description=f"Great Expectations suite of {table}: {SUITE_CHECKS[table]}. A "
            "failure warns; the night goes on.",
            additional_deps=["check_results"],
        )
        for table in VALIDATED_TABLES
    ],
    ins={"check_results": AssetIn("check_results")},
)
def gx_suites(check_results: pd.DataFrame):
    """Each validated table's GX suite result as that table's check; failures warn, they do not
    stop the run."""
    rows = check_results.set_index("table_name")
    for table in VALIDATED_TABLES:
        row = rows.loc[table]
        yield AssetCheckResult(
            asset_key=table,
            check_name=f"{table}_gx_suite",
            passed=bool(row["passed"]),
            severity=AssetCheckSeverity.WARN,
            description=str(row["description"]),
            metadata={"evaluated": int(row["evaluated"]), "failed": int(row["failed"])},
        )


INGEST_CHECKS = [gx_suites]
