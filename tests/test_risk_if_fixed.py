"""What each fix buys: every open port-in's probability once its fixable findings are fixed, and
once each reason alone is fixed (rejection_risk.probability_if_fixed, probability_without)."""

from __future__ import annotations

import pandas as pd
import pytest
from risk_world import AS_OF, strict_names_world

from portrecon.risk import build_rejection_risk


@pytest.fixture(scope="module")
def risk() -> pd.DataFrame:
    """AT&T rejected every NAME_EQUIVALENT; open AT&T orders with the name finding, with it and
    an address missing on the CSR, with only that, and clean."""
    world = strict_names_world()
    world.open("OPEN-ATT-NAME-CSR", "AT&T", ("NAME_EQUIVALENT", "ADDRESS_MISSING_CSR"))
    world.open("OPEN-ATT-CSR", "AT&T", ("ADDRESS_MISSING_CSR",))
    return build_rejection_risk(world.connect(), AS_OF).set_index("order_id")


def _without(row: pd.Series) -> dict[str, str]:
    codes, without = row["reason_codes"].split(","), row["probability_without"].split(",")
    return dict(zip(codes, without, strict=True))


def test_fixing_every_finding_leaves_the_carriers_clean_order_probability(risk) -> None:
    clean = risk.loc["OPEN-ATT-CLEAN", "probability"]
    assert risk.loc["OPEN-ATT-NAME", "probability"] >= 0.5
    assert risk.loc["OPEN-ATT-NAME", "probability_if_fixed"] == clean


def test_fixing_one_reason_gives_the_probability_without_that_finding(risk) -> None:
    row = risk.loc["OPEN-ATT-NAME-CSR"]
    assert float(_without(row)["NAME_EQUIVALENT"]) == risk.loc["OPEN-ATT-CSR", "probability"]


def test_a_value_missing_on_the_csr_is_not_ours_to_fix_and_stays(risk) -> None:
    assert risk.loc["OPEN-ATT-CSR", "probability"] > risk.loc["OPEN-ATT-CLEAN", "probability"]
    row = risk.loc["OPEN-ATT-NAME-CSR"]
    assert row["probability_if_fixed"] == risk.loc["OPEN-ATT-CSR", "probability"]
    assert _without(row)["ADDRESS_MISSING_CSR"] == ""


def test_an_order_without_reasons_is_as_likely_rejected_once_fixed(risk) -> None:
    row = risk.loc["OPEN-ATT-CLEAN"]
    assert row["probability_if_fixed"] == row["probability"]
