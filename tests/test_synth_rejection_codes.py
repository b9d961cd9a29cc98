"""synth writes carrier reasons the way the porting platforms do (issue 17): codes alone, with
their description, in brackets, or words only, with the truth of each; the product reads every
written code back, and nothing else."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from portrecon.synth.generate import generate
from portrecon.vendor_codes import read_code


@pytest.fixture(scope="module")
def truth(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    root = tmp_path_factory.mktemp("synth_codes")
    generate(root / "inbox", orders=400, seed=11, truth_dir=root / "truth")
    with (root / "truth" / "rejection_codes.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_reasons_mix_codes_alone_described_bracketed_and_words(truth) -> None:
    coded = [row for row in truth if row["vendor_code"]]
    assert {row["vendor"] for row in coded} >= {"bandwidth", "industry", "telnyx"}
    assert any(row["reason"] == row["vendor_code"] for row in coded)
    assert any(row["reason"].startswith(f"{row['vendor_code']} - ") for row in coded)
    assert any(row["reason"].startswith(f"[{row['vendor_code']}]") for row in coded)
    assert len(coded) < len(truth)


def test_every_written_code_is_read_back_and_no_code_is_read_from_words(truth) -> None:
    read = [read_code(row["reason"]) for row in truth]
    found = [(r.vendor, r.vendor_code) if r else ("", "") for r in read]
    assert found == [(row["vendor"], row["vendor_code"]) for row in truth]


def test_a_coded_reason_names_the_check_that_drove_the_rejection(truth) -> None:
    for row in truth:
        if row["vendor_code"]:
            assert read_code(row["reason"]).entry.finding == row["check"]


def test_the_same_seed_writes_the_same_reasons(tmp_path: Path, truth) -> None:
    generate(tmp_path / "inbox", orders=400, seed=11, truth_dir=tmp_path / "truth")
    with (tmp_path / "truth" / "rejection_codes.csv").open(newline="", encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == truth
