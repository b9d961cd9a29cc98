"""A night re-uses the files it parsed on earlier nights (issue 13, the incremental night): the
tables are those of a fresh parse, and a changed, new or removed file, or a new PIN key, is seen."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from portrecon.fingerprints import AGAINST_LAST_NIGHT, tonights_fingerprints
from portrecon.ingest import load_inbox
from portrecon.ingest.cache import cache_folder
from portrecon.pipelines.resources import PortreconSettings, bundled_sample_inbox
from portrecon.pipelines.runner import run_nightly

SAMPLE = bundled_sample_inbox()
DAILY = Path("orders/daily/orders_daily_2026-11-20.csv")
GOLDEN = Path(__file__).parent / "golden" / "sample_2026-11-20.json"
TABLES = ("csr_records", "order_events")  # derived tables the cache keeps by their input's bytes


def _sample_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "inbox"))


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.pickle"))


def _rows_read(frames: dict[str, pd.DataFrame], source: Path) -> int:
    return int(frames["ingest_files"].set_index("source_file").loc[source.as_posix(), "rows_read"])


def _assert_same_tables(found: dict[str, pd.DataFrame], fresh: dict[str, pd.DataFrame]) -> None:
    assert found.keys() == fresh.keys()
    for name, frame in fresh.items():
        pd.testing.assert_frame_equal(found[name], frame, obj=name)


def test_an_ingest_from_the_cache_equals_a_fresh_parse(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_inbox(SAMPLE, cache_folder=cache)
    stored = {path: path.stat().st_mtime_ns for path in _entries(cache)}
    found = load_inbox(SAMPLE, cache_folder=cache).frames
    assert stored and {p: p.stat().st_mtime_ns for p in _entries(cache)} == stored
    _assert_same_tables(found, load_inbox(SAMPLE).frames)


def test_a_file_changed_since_the_last_night_is_parsed_again(tmp_path: Path) -> None:
    inbox, cache = _sample_copy(tmp_path), tmp_path / "cache"
    before = _rows_read(load_inbox(inbox, cache_folder=cache).frames, DAILY)
    daily = inbox / DAILY
    last_line = daily.read_text(encoding="utf-8").splitlines()[-1]
    with daily.open("a", encoding="utf-8") as handle:
        handle.write(last_line.replace("2026-11-20", "2026-11-19") + "\n")
    found = load_inbox(inbox, cache_folder=cache).frames
    _assert_same_tables(found, load_inbox(inbox).frames)
    assert _rows_read(found, DAILY) == before + 1


def test_a_file_gone_since_the_last_night_leaves_the_tables_and_the_cache(
    tmp_path: Path,
) -> None:
    inbox, cache = _sample_copy(tmp_path), tmp_path / "cache"
    load_inbox(inbox, cache_folder=cache)
    before = len(_entries(cache))
    (inbox / DAILY).unlink()
    found = load_inbox(inbox, cache_folder=cache).frames
    _assert_same_tables(found, load_inbox(inbox).frames)
    assert DAILY.as_posix() not in set(found["ingest_files"]["source_file"])
    assert len(_entries(cache)) == before - 1


def test_a_new_pin_key_hashes_the_cached_files_pins_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = load_inbox(SAMPLE, cache_folder=cache).frames["loa_records"]["pin_hash"]
    monkeypatch.setenv("PORTRECON_PIN_KEY", "another-key-not-secret")
    again = load_inbox(SAMPLE, cache_folder=cache).frames["loa_records"]["pin_hash"]
    pd.testing.assert_series_equal(again, load_inbox(SAMPLE).frames["loa_records"]["pin_hash"])
    assert not again.dropna().isin(first.dropna()).any()


@pytest.mark.slow
def test_a_night_after_one_new_daily_order_file_publishes_a_fresh_nights_tables(
    tmp_path: Path,
) -> None:
    """The first night lacks the daily order file; the second has it and re-uses the parses of
    everything else, and csr_records, whose input did not change: its tables are the recorded
    ones of a fresh night over the whole sample (but `changes`, which compares with the first
    night by design)."""
    inbox = _sample_copy(tmp_path)
    held_back = tmp_path / "held_back.csv"
    shutil.move(inbox / DAILY, held_back)
    settings = PortreconSettings(
        inbox=str(inbox), warehouse=str(tmp_path / "warehouse.duckdb"),
        reports=str(tmp_path / "reports"), as_of="2026-11-20",
    )  # fmt: skip
    assert run_nightly(settings).success
    derived = {name: _entries(cache_folder(settings.warehouse_path()) / name) for name in TABLES}
    shutil.move(held_back, inbox / DAILY)
    assert run_nightly(settings).success
    again = {name: _entries(cache_folder(settings.warehouse_path()) / name) for name in TABLES}
    assert again["csr_records"] == derived["csr_records"]  # no CSR file changed: re-used
    assert again["order_events"] != derived["order_events"]  # a new order file: recomputed
    recorded = json.loads(GOLDEN.read_text())
    fresh = {name: recorded[name] for name in recorded if name not in AGAINST_LAST_NIGHT}
    assert tonights_fingerprints(settings.warehouse_path()) == fresh
