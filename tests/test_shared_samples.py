"""The porting desk's export bundle in ../shared/samples, read as a user would (skip if absent)."""

from pathlib import Path

import pytest

from portrecon.ingest import load_inbox

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "inbox"
pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="../shared/samples is not beside this checkout"
)


@pytest.fixture(scope="module")
def frames() -> dict:
    return load_inbox(SAMPLES).frames


def test_every_file_of_the_bundle_is_accounted_for(frames: dict) -> None:
    on_disk = {p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*") if p.is_file()}
    assert set(frames["ingest_files"]["source_file"]) == on_disk


def test_every_file_of_the_bundle_balances(frames: dict) -> None:
    ledger = frames["ingest_files"]
    assert (ledger["rows_read"] == ledger["rows_loaded"] + ledger["rows_quarantined"]).all()


def test_the_bundles_carriers_stay_unknown(frames: dict) -> None:
    from portrecon.carriers import default_carrier_book

    book = default_carrier_book()
    assert not any(book.is_known(c) for c in frames["csr_records"]["carrier_id"].unique())
