"""Great Expectations (GX Core 1.x) suites for every ingested table, built in code.

Suites are data about the contract (keys, E.164 pattern, date ranges, allowed codes, the per-file
balance), so they live beside the checks rather than in a GX project folder.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache

import great_expectations as gx
import pandas as pd
from great_expectations.core.expectation_validation_result import (
    ExpectationSuiteValidationResult,
)
from great_expectations.data_context.types.base import ProgressBarsConfig

from portrecon.ingest.values import STATUSES
from portrecon.pins import SECRET_NAME_PATTERN

# A JSON field whose key names a PIN, passcode or password (any case) and whose value is not the
# mask: a secret shown in clear.
UNMASKED_SECRET = rf'(?i)"[^"]*(?:{SECRET_NAME_PATTERN})[^"]*": "(?!\*\*\*\*")[^"]+"'
E164_ANY = r"^\+1\d{10}$"
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _date_range(column: str, as_of: dt.date, days_ahead: int = 366) -> gx.expectations.Expectation:
    """Dates from 2000 to `days_ahead` days after as-of (a day count, so 29 February is fine)."""
    latest = dt.datetime.combine(as_of + dt.timedelta(days=days_ahead), dt.time.max, dt.UTC)
    return gx.expectations.ExpectColumnValuesToBeBetween(
        column=column, min_value=EARLIEST, max_value=latest
    )


def expectations(table: str, as_of: dt.date) -> list[gx.expectations.Expectation]:
    """The suite of one ingested table (PRODUCT.md 3 and 7)."""
    e = gx.expectations
    suites: dict[str, list[gx.expectations.Expectation]] = {
        "csr_records": [
            e.ExpectColumnValuesToNotBeNull(column="tn"),
            e.ExpectColumnValuesToNotBeNull(column="account_number"),
            e.ExpectColumnValuesToMatchRegex(column="tn", regex=E164_ANY),
            e.ExpectColumnValuesToMatchRegex(column="btn", regex=E164_ANY),
            e.ExpectCompoundColumnsToBeUnique(column_list=["carrier_id", "account_number", "tn"]),
            _date_range("csr_date", as_of, days_ahead=0),
        ],
        "loa_records": [
            e.ExpectColumnValuesToNotBeNull(column="loa_id"),
            e.ExpectColumnValuesToBeUnique(column="loa_id"),
            e.ExpectColumnValuesToNotBeNull(column="order_id"),
            e.ExpectColumnValuesToBeInSet(column="number_type", value_set=["local", "tollfree"]),
            e.ExpectColumnValuesToMatchRegex(column="btn", regex=E164_ANY),
            e.ExpectColumnValuesToBeBetween(column="tn_count", min_value=1),
            _date_range("signed_date", as_of, days_ahead=0),
            _date_range("requested_port_date", as_of),
        ],
        "loa_numbers": [
            e.ExpectColumnValuesToNotBeNull(column="order_id"),
            e.ExpectColumnValuesToMatchRegex(column="tn", regex=E164_ANY),
            e.ExpectCompoundColumnsToBeUnique(column_list=["loa_id", "tn_raw"]),
        ],
        "order_events": [
            e.ExpectColumnValuesToNotBeNull(column="order_id"),
            e.ExpectColumnValuesToNotBeNull(column="event_time"),
            e.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES)),
            e.ExpectColumnValuesToBeInSet(column="direction", value_set=["port_in", "port_out"]),
            e.ExpectCompoundColumnsToBeUnique(column_list=["order_id", "status", "event_time"]),
            _date_range("foc_date", as_of),
        ],
        "quarantine": [
            e.ExpectColumnValuesToNotBeNull(column="source_file"),
            e.ExpectColumnValuesToNotBeNull(column="reason"),
            e.ExpectColumnValuesToNotMatchRegex(column="raw", regex=UNMASKED_SECRET),
        ],
        "ingest_files": [
            e.ExpectColumnValuesToBeUnique(column="source_file"),
            e.ExpectColumnValuesToBeBetween(column="balance_gap", min_value=0, max_value=0),
        ],
    }
    return suites[table]


# Validated columns computed from stored ones: the ledger's balance (read - loaded - quarantined).
DERIVED = {"balance_gap": ("rows_read", "rows_loaded", "rows_quarantined")}


def suite_columns(table: str, as_of: dt.date) -> list[str]:
    """The columns the table's expectations read, in first-use order."""
    named = (
        [e.column] if hasattr(e, "column") else list(e.column_list)
        for e in expectations(table, as_of)
    )
    return list(dict.fromkeys(column for columns in named for column in columns))


def prepared(table: str, data: pd.DataFrame | str, as_of: dt.date) -> pd.DataFrame:
    """The table as validated, from a frame or a stage's Parquet file: only the columns the suite
    reads, date columns as UTC datetimes, and the ledger with its balance column.

    Why each: GX fingerprints (hashes) the whole batch frame and copies its rows for every
    unexpected-row lookup, so columns no expectation reads cost time and change no result; from
    Parquet they are not even read (at 100,000 orders csr_records is 264 MiB in pandas, 62 MiB
    with the suite's columns). GX compares datetimes with its bounds in one vectorised step only
    for nanosecond or time-zone-aware columns; the ingested dates are microsecond (they span the
    years 1 to 9999, beyond nanoseconds' 1677-2262), which GX checks one Python call per row (7 of
    the 12 CPU seconds at 100,000 orders). As UTC instants they keep every value and take the
    vectorised path; the bounds are UTC too (_date_range).
    """
    columns = suite_columns(table, as_of)
    if isinstance(data, str):
        stored = dict.fromkeys(name for c in columns for name in DERIVED.get(c, (c,)))
        data = pd.read_parquet(data, columns=list(stored))
    if "balance_gap" in columns:
        read, loaded, quarantined = (data[c] for c in DERIVED["balance_gap"])
        data = data.assign(balance_gap=read - loaded - quarantined)
    frame = data[columns]
    dates = [c for c in columns if c.endswith("_date")]
    return frame.assign(**{c: pd.to_datetime(frame[c]).dt.tz_localize(dt.UTC) for c in dates})


@cache
def _context() -> gx.data_context.AbstractDataContext:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.data_sources.add_pandas("portrecon")
    return context


def validate(
    table: str, data: pd.DataFrame | str, as_of: dt.date
) -> ExpectationSuiteValidationResult:
    """Run the table's suite over a frame or a stage's Parquet file in an ephemeral GX context."""
    context = _context()
    name = f"{table}-{as_of.isoformat()}"
    source = context.data_sources.get("portrecon")
    try:
        batch = source.get_asset(name).get_batch_definition("whole")
        definition = context.validation_definitions.get(name)
    except (LookupError, ValueError, gx.exceptions.DataContextError):
        batch = source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe("whole")
        suite = context.suites.add(gx.ExpectationSuite(name=name))
        for expectation in expectations(table, as_of):
            suite.add_expectation(expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )
    return definition.run(batch_parameters={"dataframe": prepared(table, data, as_of)})
