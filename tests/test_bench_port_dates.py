"""bench/bench_reconcile.py's issue-18 scoring on a small synth world: carrier_intervals agrees
with the truth on every metric, a wrong value is caught, and PORT_DATE_NOT_FEASIBLE planted by
order size is found."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from portrecon.carriers import default_carrier_book
from portrecon.intervals import build_carrier_intervals
from portrecon.reconcile import build_findings
from portrecon.synth import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_reconcile import (
    INTERVAL_METRICS,
    LARGE_ORDER,
    interval_agreement,
    warehouse_from_inbox,
)

AS_OF = date(2026, 11, 20)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("bench18")
    generate(root / "inbox", 1200, 3, AS_OF, root / "truth", port_date_defects=0.1,
             late_carriers=True)  # fmt: skip
    con, _ = warehouse_from_inbox(root / "inbox", AS_OF)
    return con, root / "truth"


def test_carrier_intervals_agree_with_the_truth_on_every_metric(world) -> None:
    con, truth = world
    product = build_carrier_intervals(con, AS_OF, default_carrier_book())
    scores = interval_agreement(product, pd.read_csv(truth / "carrier_intervals.csv", dtype=str))
    assert scores == {metric: 1.0 for metric in INTERVAL_METRICS}


def test_a_wrong_rate_or_a_missing_row_lowers_the_agreement(world) -> None:
    con, truth = world
    product = build_carrier_intervals(con, AS_OF, default_carrier_book())
    expected = pd.read_csv(truth / "carrier_intervals.csv", dtype=str)
    wrong = product.copy()
    wrong.loc[wrong.index[0], "foc_on_time_rate"] = -1.0
    scores = interval_agreement(wrong.iloc[:-1], expected)
    share = 1 - 2 / len(expected)
    assert scores["foc_on_time_rate"] == pytest.approx(share)
    assert scores["dispute_candidates"] == pytest.approx(1 - 1 / len(expected))


def test_not_feasible_for_the_order_size_is_planted_and_found(world) -> None:
    con, truth = world
    large = set(
        con.sql(f"SELECT order_id FROM loa_records WHERE tn_count >= {LARGE_ORDER}").df().order_id
    )
    dated = pd.read_csv(truth / "port_date_findings.csv", dtype=str)
    planted = set(dated.loc[dated["code"].eq("PORT_DATE_NOT_FEASIBLE"), "order_id"]) & large
    findings = build_findings(con, AS_OF)
    found = set(findings.loc[findings["code"].eq("PORT_DATE_NOT_FEASIBLE"), "order_id"]) & large
    assert planted
    assert found == planted
