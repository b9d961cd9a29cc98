"""Great Expectations results as rows: one per suite, for the warehouse, the report and the UI."""

import datetime as dt

import pandas as pd

# Each validated table and what its suite (checks/gx_suites.py) checks, in the words the Dagster
# UI shows beside the check: an operator reads what failed without opening the code.
SUITE_CHECKS = {
    "csr_records": "tn and account_number filled; tn and btn E.164 (+1 and 10 digits); each "
    "carrier_id + account_number + tn once; csr_date from 2000 to the as-of date",
    "loa_records": "loa_id filled and unique; order_id filled; number_type local or tollfree; "
    "btn E.164; tn_count at least 1; signed_date from 2000 to the as-of date; "
    "requested_port_date from 2000 to a year after the as-of date",
    "loa_numbers": "order_id filled; tn E.164; each loa_id + tn_raw once (no number twice on an "
    "LOA)",
    "order_events": "order_id and event_time filled; status one of the known statuses; direction "
    "port_in or port_out; each order_id + status + event_time once; foc_date from 2000 to a year "
    "after the as-of date",
    "quarantine": "source_file and reason filled; no PIN, passcode or password in clear in raw",
    "ingest_files": "source_file unique; every file balances (rows_read = rows_loaded + "
    "rows_quarantined)",
}
VALIDATED_TABLES = tuple(SUITE_CHECKS)


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
