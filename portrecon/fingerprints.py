"""Row counts and content digests of every table of a warehouse: how the tests and the benches
tell that two nights (cached and fresh, one executor and another) published the same tables."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

# Columns that differ from run to run by design (and where the inbox lies on this machine).
RUN_SPECIFIC = {
    "run_log": ["run_id", "started_at", "finished_at", "inbox"],
    "changes": ["run_id", "previous_run_id"],
}
# Tables that describe tonight against the warehouse it replaces (PRODUCT.md 10.1): a night built
# over another predecessor differs there by design.
AGAINST_LAST_NIGHT = frozenset({"changes"})


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


def tonights_fingerprints(warehouse: Path) -> dict[str, dict[str, object]]:
    """fingerprints() of the tables that depend on tonight's inbox alone."""
    found = fingerprints(warehouse)
    return {name: found[name] for name in found if name not in AGAINST_LAST_NIGHT}
