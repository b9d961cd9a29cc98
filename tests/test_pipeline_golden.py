"""The bundled sample's night keeps its tables: a fingerprint per table, so a change that is meant
to be faster (a stage moved to DuckDB, another executor) cannot change a row unnoticed.

When a change is meant to change the tables, regenerate the fingerprints and say why in the
commit: `PORTRECON_WRITE_GOLDEN=1 python -m pytest tests/test_pipeline_golden.py`.
"""

import hashlib
import json
import os
from pathlib import Path

import duckdb
import pytest

from portrecon.pipelines.resources import PortreconSettings, bundled_sample_inbox
from portrecon.pipelines.runner import run_nightly

AS_OF = "2026-11-20"
GOLDEN = Path(__file__).parent / "golden" / f"sample_{AS_OF}.json"
RUN_SPECIFIC = {"run_log": ["run_id", "started_at", "finished_at"]}


def fingerprints(warehouse: Path) -> dict[str, dict[str, object]]:
    """Rows and a SHA-256 of every table's content in its published order (floats to 9 digits)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        result = {}
        for name in sorted(names):
            frame = con.execute(f'SELECT * FROM "{name}"').df()
            frame = frame.drop(columns=RUN_SPECIFIC.get(name, []))
            text = frame.to_csv(index=False, float_format="%.9g")
            result[name] = {"rows": len(frame), "sha256": hashlib.sha256(text.encode()).hexdigest()}
        return result
    finally:
        con.close()


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
