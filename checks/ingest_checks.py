"""Asset checks over the ingested tables: one GX suite each, results in the UI and the run log."""

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    MetadataValue,
    asset_check,
)

from portrecon.checks.gx_suites import validate
from portrecon.pipelines.resources import PortreconSettings

VALIDATED_TABLES = (
    "csr_records",
    "loa_records",
    "loa_numbers",
    "order_events",
    "quarantine",
    "ingest_files",
)


def _failed_summary(result_dict: dict) -> list[str]:
    return [
        f"{e['expectation_type']}({e['kwargs'].get('column') or e['kwargs'].get('column_list')})"
        for e in result_dict["expectations"]
        if not e["success"]
    ]


def gx_check(table: str) -> AssetChecksDefinition:
    """An asset check running the table's GX suite; failures warn, they do not stop the run."""

    @asset_check(asset=table, name=f"{table}_gx_suite", description=f"GX suite for {table}.")
    def _check(settings: PortreconSettings, frame: pd.DataFrame) -> AssetCheckResult:
        result = validate(table, frame, settings.as_of_date())
        described = result.describe_dict()
        failed = _failed_summary(described)
        return AssetCheckResult(
            passed=bool(result.success),
            severity=AssetCheckSeverity.WARN,
            description="all expectations met" if not failed else "failed: " + ", ".join(failed),
            metadata={
                "evaluated": described["statistics"]["evaluated_expectations"],
                "failed": len(failed),
                "gx": MetadataValue.json(described),
            },
        )

    return _check


INGEST_CHECKS = [gx_check(table) for table in VALIDATED_TABLES]
