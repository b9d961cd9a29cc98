"""Carriers that answer late (issue 18): planted on request, deterministic per seed, and the
truth's carrier_intervals shows the planted punctuality."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from portrecon.ingest import load_inbox
from portrecon.synth import generate

ORDERS = 2000
SEED = 4


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _digest(root: Path, pattern: str) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob(pattern))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same seed three times: with late carriers (twice) and without."""
    root = tmp_path_factory.mktemp("late")
    for name, late in (("late", True), ("again", True), ("plain", False)):
        generate(root / name / "inbox", ORDERS, SEED, truth_dir=root / name / "truth",
                 late_carriers=late)  # fmt: skip
    return {name: root / name for name in ("late", "again", "plain")}


def _pooled(world: Path, late: bool) -> tuple[float, float]:
    """Port-in FOC on-time and simple on-interval rates pooled over the late (or prompt)
    carriers, from the truth."""
    planted = {r["carrier_id"]: r["late"] == "1" for r in _rows(world / "truth/punctuality.csv")}
    sums = [0, 0, 0, 0]
    for row in _rows(world / "truth/carrier_intervals.csv"):
        if row["direction"] == "port_in" and planted[row["carrier_id"]] == late:
            for i, column in enumerate(
                ("foc_on_time", "foc_responses", "simple_on_interval", "simple_completed")
            ):
                sums[i] += int(row[column])
    return sums[0] / sums[1], sums[2] / sums[3]


def test_the_same_seed_gives_the_same_late_world(worlds: dict[str, Path]) -> None:
    assert _digest(worlds["late"], "*") == _digest(worlds["again"], "*")


def test_late_carriers_move_only_when_things_happen(worlds: dict[str, Path]) -> None:
    """Same customers, accounts and numbers; only instants move, and with them the LOA dates of a
    second order submitted while its first was pending (it is dated from that moment)."""
    assert _digest(worlds["late"] / "inbox/csr", "*") == _digest(worlds["plain"] / "inbox/csr", "*")
    dated = ["signed_date", "requested_port_date", "invoice_date"]
    late, plain = (
        load_inbox(worlds[name] / "inbox").frames["loa_records"].drop(columns=dated)
        for name in ("late", "plain")
    )
    pd.testing.assert_frame_equal(late, plain)
    assert _digest(worlds["late"] / "inbox/orders", "*") != _digest(
        worlds["plain"] / "inbox/orders", "*"
    )
    assert not (worlds["plain"] / "truth/punctuality.csv").exists()


def test_a_third_of_the_carriers_are_planted_late_within_the_planted_shares(
    worlds: dict[str, Path],
) -> None:
    planted = _rows(worlds["late"] / "truth/punctuality.csv")
    late = [r for r in planted if r["late"] == "1"]
    assert len(late) == round(len(planted) / 3)
    for row in planted:
        low, high = (0.3, 0.7) if row["late"] == "1" else (0.0, 0.05)
        assert low <= float(row["foc_late_share"]) <= high


def test_late_carriers_answer_late_and_prompt_ones_within_24_hours(
    worlds: dict[str, Path],
) -> None:
    late_foc, late_interval = _pooled(worlds["late"], late=True)
    prompt_foc, prompt_interval = _pooled(worlds["late"], late=False)
    # A prompt carrier's first FOC is on time unless a rejection came first (about one in five);
    # a late one misses 30-70 % of the rest as well.
    assert prompt_foc > 0.7
    assert late_foc < prompt_foc - 0.2
    assert prompt_interval > 0.9
    assert late_interval < prompt_interval - 0.1


def test_the_truth_has_dispute_candidates(worlds: dict[str, Path]) -> None:
    rows = _rows(worlds["late"] / "truth/carrier_intervals.csv")
    assert sum(int(r["dispute_candidates"]) for r in rows) > 0
    assert all(r["dispute_candidates"] == "0" for r in rows if r["direction"] == "port_out")


def test_without_late_carriers_no_foc_comes_within_24_business_hours(
    worlds: dict[str, Path],
) -> None:
    """Reviews take 5-20 business days (PRODUCT.md 2) unless late carriers are planted."""
    rows = _rows(worlds["plain"] / "truth/carrier_intervals.csv")
    port_ins = [r for r in rows if r["direction"] == "port_in"]
    assert sum(int(r["foc_responses"]) for r in port_ins) > 0
    assert sum(int(r["foc_on_time"]) for r in port_ins) == 0


def test_ordinary_requested_dates_lie_within_the_carriers_window(
    worlds: dict[str, Path],
) -> None:
    codes = {r["code"] for r in _rows(worlds["plain"] / "truth/port_date_findings.csv")}
    assert "PORT_DATE_TOO_FAR" not in codes
