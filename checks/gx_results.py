"""Great Expectations results as rows: one per suite, for the warehouse, the report and the UI."""

import datetime as dt

import pandas as pd

VALIDATED_TABLES = (
    "csr_records",
    "loa_records",
    "loa_numbers",
    "order_events",
    "quarantine",
    "ingest_files",
)


def _failure(expectation: dict) -> str:
    kwargs = expectation["kwargs"]
    target = kwargs.get("column") or ",".join(kwargs.get("column_list") or [])
    count = expectation["result"].get("unexpected_count")
    rows = f": {count} rows" if count is not None else ": could not be evaluated"
    return f"{expectation['expectation_type']}({target}){rows}"


def suite_result(table: str, data: pd.DataFrame | str, as_of: dt.date) -> dict[str, object]:
    """Run the table's suite over a frame or a stage's Parquet file (only the suite's columns are
    read); the row of CHECK_RESULTS plus the full GX description.

    Great Expectations is imported here, not at module level: it costs ~6 s, and only the
    validation step needs it (every other step process, the CLI and `dagster dev` start without).
    """
    from portrecon.checks.gx_suites import validate

    described = validate(table, data, as_of).describe_dict()
    failures = [_failure(e) for e in described["expectations"] if not e["success"]]
    return {
        "check_name": f"{table}_gx_suite",
        "table_name": table,
        "passed": not failures,
        "evaluated": described["statistics"]["evaluated_expectations"],
        "failed": len(failures),
        "description": "; ".join(failures) if failures else "all expectations met",
        "gx": described,
    }
