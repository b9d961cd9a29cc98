"""Opt-in port-date defects: planted only on request, and the truth names each of the three
PORT_DATE codes (issue 18)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from portrecon.synth import generate


def _codes(truth: Path) -> Counter[str]:
    with open(truth / "port_date_findings.csv", encoding="utf-8", newline="") as handle:
        return Counter(row["code"] for row in csv.DictReader(handle))


def test_planted_defects_reach_the_truth_and_default_worlds_stay_as_they_were(
    tmp_path: Path,
) -> None:
    generate(tmp_path / "plain" / "inbox", 400, seed=5, truth_dir=tmp_path / "plain" / "truth")
    generate(
        tmp_path / "bad" / "inbox",
        400,
        seed=5,
        truth_dir=tmp_path / "bad" / "truth",
        port_date_defects=0.3,
    )
    plain, bad = _codes(tmp_path / "plain" / "truth"), _codes(tmp_path / "bad" / "truth")
    for code in ("PORT_DATE_NOT_BUSINESS_DAY", "PORT_DATE_NOT_FEASIBLE", "PORT_DATE_TOO_FAR"):
        assert bad[code] > 0, code
    assert bad["PORT_DATE_NOT_BUSINESS_DAY"] > plain["PORT_DATE_NOT_BUSINESS_DAY"]
