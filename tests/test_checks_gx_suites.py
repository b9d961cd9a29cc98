"""Great Expectations suites of the ingested tables: date bounds relative to the as-of."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from inbox_builders import LOA_HEADER, loa_row, write_csv

from portrecon.checks.gx_results import suite_result
from portrecon.ingest import load_inbox


def _loa_records(tmp_path: Path, signed: str) -> pd.DataFrame:
    write_csv(tmp_path / "loa.csv", LOA_HEADER, [loa_row(signed_date=signed)])
    return load_inbox(tmp_path).frames["loa_records"]


def test_a_leap_day_as_of_validates(tmp_path: Path) -> None:
    result = suite_result("loa_records", _loa_records(tmp_path, "2028-02-10"), dt.date(2028, 2, 29))
    assert result["passed"], result["description"]


def test_an_loa_signed_after_the_as_of_fails_the_suite(tmp_path: Path) -> None:
    result = suite_result(
        "loa_records", _loa_records(tmp_path, "2026-12-01"), dt.date(2026, 11, 20)
    )
    assert "signed_date" in str(result["description"])


@pytest.mark.parametrize("key", ["Passcode", "Account_PIN", "AccountPIN", "pin"])
def test_a_secret_in_clear_in_quarantine_fails_the_suite(tmp_path: Path, key: str) -> None:
    write_csv(tmp_path / "loa.csv", LOA_HEADER, [loa_row(loa_id="")])
    quarantine = load_inbox(tmp_path).frames["quarantine"]
    quarantine["raw"] = f'{{"loa_id": "", "{key}": "4321"}}'
    result = suite_result("quarantine", quarantine, dt.date(2026, 11, 20))
    assert not result["passed"] and "raw" in str(result["description"])


def test_dates_beyond_nanosecond_range_are_counted_out_of_range(tmp_path: Path) -> None:
    # Ingest accepts the years 1 to 9999; the suite validates them as UTC instants (GX's
    # vectorised path), which must not lose or clip a date outside pandas' nanosecond range.
    rows = [
        loa_row(loa_id="A", order_id="PI1", signed_date="0001-01-01"),
        loa_row(loa_id="B", order_id="PI2", requested_port_date="9999-12-31"),
        loa_row(loa_id="C", order_id="PI3", signed_date="2026-11-20"),
    ]
    write_csv(tmp_path / "loa.csv", LOA_HEADER, rows)
    loa_records = load_inbox(tmp_path).frames["loa_records"]
    result = suite_result("loa_records", loa_records, dt.date(2026, 11, 20))
    assert result["description"] == (
        "expect_column_values_to_be_between(signed_date): 1 rows; "
        "expect_column_values_to_be_between(requested_port_date): 1 rows"
    )


def test_a_stage_file_validates_as_its_frame(tmp_path: Path) -> None:
    # The nightly hands the suites Parquet paths and reads only the suites' columns; the ledger's
    # balance is computed from three stored columns that no expectation names.
    write_csv(tmp_path / "in" / "loa.csv", LOA_HEADER, [loa_row(signed_date="2027-01-01")])
    frames = load_inbox(tmp_path / "in").frames
    frames["ingest_files"]["rows_read"] += 1
    for table in ("loa_records", "ingest_files"):
        path = tmp_path / f"{table}.parquet"
        frames[table].to_parquet(path, index=False)
        from_file = suite_result(table, str(path), dt.date(2026, 11, 20))
        from_frame = suite_result(table, frames[table], dt.date(2026, 11, 20))
        assert not from_file["passed"]
        assert {k: v for k, v in from_file.items() if k != "gx"} == {
            k: v for k, v in from_frame.items() if k != "gx"
        }
