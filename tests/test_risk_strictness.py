"""carrier_strictness: what each carrier did with each finding, and the effect the model learnt."""

from __future__ import annotations

import pandas as pd
import pytest
from risk_world import AS_OF, strict_names_world

from portrecon.risk import build_carrier_strictness
from portrecon.schema import CARRIER_STRICTNESS


@pytest.fixture(scope="module")
def strictness() -> pd.DataFrame:
    return build_carrier_strictness(strict_names_world().connect(), AS_OF)


def _row(frame: pd.DataFrame, carrier_id: str, code: str) -> pd.Series:
    return frame.set_index(["carrier_id", "code"]).loc[(carrier_id, code)]


def test_counts_say_how_many_orders_with_the_code_the_carrier_rejected(strictness) -> None:
    att = _row(strictness, "att", "NAME_EQUIVALENT")
    assert (att["carrier"], att["orders_seen"], att["rejected"]) == ("AT&T", 20, 20)
    assert att["carrier_orders"] == 50
    assert att["carrier_rejection_rate"] == pytest.approx(22 / 50)


def test_strict_carrier_learns_a_larger_effect_than_the_pool(strictness) -> None:
    att = _row(strictness, "att", "NAME_EQUIVALENT")
    verizon = _row(strictness, "verizon", "NAME_EQUIVALENT")
    assert att["odds_ratio"] > att["pooled_odds_ratio"] > verizon["odds_ratio"]


def test_all_carriers_row_pools_the_counts(strictness) -> None:
    pooled = _row(strictness, "*", "NAME_EQUIVALENT")
    assert (pooled["orders_seen"], pooled["rejected"]) == (40, 20)
    assert pooled["odds_ratio"] == pytest.approx(pooled["pooled_odds_ratio"])


def test_columns_follow_the_contract(strictness) -> None:
    assert list(strictness.columns) == CARRIER_STRICTNESS.column_names
