"""The bundled sample's night keeps its tables: a fingerprint per table, so a change that is meant
to be faster (a stage moved to DuckDB, another executor) cannot change a row unnoticed.

When a change is meant to change the tables, regenerate the fingerprints and say why in the
commit: `PORTRECON_WRITE_GOLDEN=1 python -m pytest tests/test_pipeline_golden.py`.
"""

import json
import os
from pathlib import Path

import duckdb
import openpyxl
import pytest
from run_outputs import AS_OF
from run_outputs import sample_night as run_sample_night

from portrecon.fingerprints import fingerprints
from portrecon.pipelines.resources import PortreconSettings

GOLDEN = Path(__file__).parent / "golden" / f"sample_{AS_OF}.json"


@pytest.fixture(scope="module")
def sample_night(tmp_path_factory: pytest.TempPathFactory) -> PortreconSettings:
    """The bundled sample's night, run once for the tests of this module."""
    return run_sample_night(tmp_path_factory.mktemp("sample_night"))


@pytest.mark.slow
def test_the_sample_night_publishes_the_recorded_tables(sample_night: PortreconSettings) -> None:
    found = fingerprints(sample_night.warehouse_path())
    if os.environ.get("PORTRECON_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
    recorded = json.loads(GOLDEN.read_text())
    assert found.keys() == recorded.keys()
    changed = [name for name in found if found[name] != recorded[name]]
    assert changed == []


@pytest.mark.slow
def test_the_sample_nights_prevention_scorecard_scores_every_rejection(
    sample_night: PortreconSettings,
) -> None:
    """Issue 17: each carrier's row of the Prevention sheet counts its rejections once, as
    caught, missed or no check, and the rows add up to the sample's rejection_outcomes."""
    path = Path(sample_night.reports) / AS_OF / "nightly.xlsx"
    values = list(openpyxl.load_workbook(path)["Prevention"].iter_rows(values_only=True))
    headers, rows = values[0], [dict(zip(values[0], row, strict=True)) for row in values[1:]]
    carriers = [row for row in rows if row["Scorecard"] == "By carrier"]
    with duckdb.connect(str(sample_night.warehouse_path()), read_only=True) as con:
        (outcomes,) = con.execute("SELECT count(*) FROM rejection_outcomes").fetchone()
    assert "Rejections" in headers and outcomes > 0
    assert sum(row["Rejections"] for row in carriers) == outcomes
    assert all(r["Caught"] + r["Missed"] + r["No check"] == r["Rejections"] for r in carriers)
