"""The bundled sample's night keeps its tables: a fingerprint per table, so a change that is meant
to be faster (a stage moved to DuckDB, another executor) cannot change a row unnoticed.

When a change is meant to change the tables, regenerate the fingerprints and say why in the
commit: `PORTRECON_WRITE_GOLDEN=1 python -m pytest tests/test_pipeline_golden.py`.
"""

import json
import os
from pathlib import Path

import pytest

from portrecon.fingerprints import fingerprints
from portrecon.pipelines.resources import PortreconSettings, bundled_sample_inbox
from portrecon.pipelines.runner import run_nightly

AS_OF = "2026-11-20"
GOLDEN = Path(__file__).parent / "golden" / f"sample_{AS_OF}.json"


@pytest.mark.slow
def test_the_sample_night_publishes_the_recorded_tables(tmp_path: Path) -> None:
    settings = PortreconSettings(
        inbox=str(bundled_sample_inbox()), warehouse=str(tmp_path / "warehouse.duckdb"),
        reports=str(tmp_path), as_of=AS_OF,
    )  # fmt: skip
    assert run_nightly(settings).success
    found = fingerprints(settings.warehouse_path())
    if os.environ.get("PORTRECON_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
    recorded = json.loads(GOLDEN.read_text())
    assert found.keys() == recorded.keys()
    changed = [name for name in found if found[name] != recorded[name]]
    assert changed == []
