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
