"""rejection_risk: carriers' learnt strictness drives the score, defaults without history, every
medium/high row explained."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from risk_world import AS_OF, World, strict_names_world

from portrecon.risk import build_rejection_risk
from portrecon.risk.learned import learn
from portrecon.risk.model import DEFAULT_CLEAN_RATE
from portrecon.schema import REJECTION_RISK


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    return strict_names_world().connect()


@pytest.fixture(scope="module")
def table(con) -> pd.DataFrame:
    return build_rejection_risk(con, AS_OF)


@pytest.fixture(scope="module")
def risk(table) -> pd.DataFrame:
    return table.set_index("order_id")


def test_carrier_rejecting_every_name_equivalent_scores_such_an_order_high(risk) -> None:
    assert risk.loc["OPEN-ATT-NAME", "level"] == "high"
    assert risk.loc["OPEN-ATT-NAME", "reason_codes"].split(",")[0] == "NAME_EQUIVALENT"


def test_clean_order_at_that_carrier_scores_low(risk) -> None:
    assert risk.loc["OPEN-ATT-CLEAN", "level"] == "low"


def test_a_carrier_that_accepts_name_equivalent_scores_it_low(risk) -> None:
    assert risk.loc["OPEN-VZ-NAME", "probability"] < risk.loc["OPEN-ATT-NAME", "probability"] / 3
    assert risk.loc["OPEN-VZ-NAME", "level"] == "low"


def test_carrier_without_history_gets_the_pooled_effects(con, risk) -> None:
    model = learn(con, AS_OF).model
    pooled = model.pooled["NAME_EQUIVALENT"] + model.components["NAME_FORMAT"]
    expected = 1 / (1 + np.exp(-(model.intercept + pooled)))
    row = risk.loc["OPEN-NEW-NAME"]
    assert row["probability"] == pytest.approx(expected, abs=1e-4)
    assert row["carrier_history"] == 0


def test_without_any_history_a_clean_order_gets_the_default_rate() -> None:
    world = World()
    world.open("ONLY", "AT&T", ())
    risk = build_rejection_risk(world.connect(), AS_OF)
    assert risk["probability"].tolist() == [pytest.approx(DEFAULT_CLEAN_RATE, abs=1e-4)]


def test_without_any_history_a_blocking_finding_scores_high() -> None:
    world = World()
    world.open("ONLY", "AT&T", ("NAME_DIFFERENT",))
    risk = build_rejection_risk(world.connect(), AS_OF)
    assert risk["level"].tolist() == ["high"]
    assert risk["reason_codes"].tolist() == ["NAME_DIFFERENT"]


def test_every_medium_and_high_row_has_a_fix_for_each_reason(risk) -> None:
    flagged = risk[risk["level"] != "low"]
    assert len(flagged) >= 2
    for _, row in flagged.iterrows():
        reasons = row["top_reasons"].split(" | ")
        fixes = row["fixes"].split(" | ")
        assert len(reasons) == len(fixes) == len(row["reason_codes"].split(","))
        assert all(fix.strip() for fix in fixes)


def test_reason_says_what_the_carrier_did_with_that_finding(risk) -> None:
    assert "(AT&T rejected 20 of 20)" in risk.loc["OPEN-ATT-NAME", "top_reasons"]


def test_open_statuses_and_loa_only_drafts_are_scored_and_decided_orders_are_not(risk) -> None:
    assert set(risk.index) == {
        "OPEN-ATT-NAME", "OPEN-ATT-CLEAN", "OPEN-VZ-NAME", "OPEN-NEW-NAME", "OPEN-DRAFT",
    }  # fmt: skip
    assert risk.loc["OPEN-DRAFT", "status"] == "draft"


def test_rows_sorted_by_probability_then_order_id(table) -> None:
    frame = table
    ordered = frame.sort_values(["probability", "order_id"], ascending=[False, True])
    assert frame["order_id"].tolist() == ordered["order_id"].tolist()
    assert list(frame.columns) == REJECTION_RISK.column_names


def test_same_inputs_in_any_row_order_give_identical_scores(table) -> None:
    again = build_rejection_risk(strict_names_world().connect(reverse=True), AS_OF)
    pd.testing.assert_frame_equal(table, again)


def test_findings_about_our_side_do_not_move_the_score() -> None:
    world = strict_names_world()
    world.open("OPEN-ATT-OURS", "AT&T", ("TN_IN_OTHER_ORDER", "CARRIER_UNKNOWN"))
    risk = build_rejection_risk(world.connect(), AS_OF).set_index("order_id")
    assert risk.loc["OPEN-ATT-OURS", "probability"] == risk.loc["OPEN-ATT-CLEAN", "probability"]


def test_clean_order_at_a_carrier_rejecting_many_clean_orders_names_the_carrier() -> None:
    world = World()
    for i in range(40):
        world.past(f"P{i:02d}", "AT&T", (), "rejected" if i % 5 < 2 else "approved")
    world.open("OPEN-CLEAN", "AT&T", ())
    row = build_rejection_risk(world.connect(), AS_OF).iloc[0]
    assert row["level"] == "medium"
    assert row["reason_codes"] == "CARRIER_BASELINE"
    assert row["top_reasons"].startswith("CARRIER_BASELINE 100% (AT&T rejects")


@pytest.mark.parametrize(
    ("strict_carrier", "seen_code", "open_code"),
    [("AT&T", "NAME_SIMILAR", "NAME_EQUIVALENT"), ("T-Mobile", "PIN_MISSING_LOA", "PIN_DIFFERENT")],
)
def test_a_carrier_strict_on_one_finding_of_a_field_is_expected_strict_on_another(
    strict_carrier: str, seen_code: str, open_code: str
) -> None:
    world = World()
    world.history(strict_carrier, "S", seen_code, rejected_with=20)
    world.history("Verizon", "V", seen_code, rejected_with=0)
    world.open("OPEN-STRICT", strict_carrier, (open_code,))
    world.open("OPEN-VZ", "Verizon", (open_code,))
    risk = build_rejection_risk(world.connect(), AS_OF).set_index("order_id")["probability"]
    assert risk["OPEN-STRICT"] > 2 * risk["OPEN-VZ"]


def _strict_on_name_similar_world() -> World:
    """AT&T rejected all 20 orders with NAME_SIMILAR, Verizon none of its 20."""
    world = World()
    world.history("AT&T", "S", "NAME_SIMILAR", rejected_with=20)
    world.history("Verizon", "V", "NAME_SIMILAR", rejected_with=0)
    return world


def test_reason_learnt_from_the_carriers_other_differences_in_the_field_cites_them() -> None:
    world = _strict_on_name_similar_world()
    world.open("OPEN-STRICT", "AT&T", ("NAME_EQUIVALENT",))
    row = build_rejection_risk(world.connect(), AS_OF).set_index("order_id").loc["OPEN-STRICT"]
    assert "(AT&T rejected 20 of 20 orders with another name difference)" in row["top_reasons"]


def test_reason_seen_at_a_field_strict_carrier_cites_its_own_and_the_field_record() -> None:
    world = _strict_on_name_similar_world()
    for i in range(3):
        world.past(f"S-E{i}", "AT&T", ("NAME_EQUIVALENT",), "rejected" if i else "approved")
    world.open("OPEN-STRICT", "AT&T", ("NAME_EQUIVALENT",))
    row = build_rejection_risk(world.connect(), AS_OF).set_index("order_id").loc["OPEN-STRICT"]
    assert "(AT&T rejected 2 of 3; 22 of 23 with any name difference)" in row["top_reasons"]


def test_a_carrier_answering_like_the_others_is_not_cited_for_the_field() -> None:
    world = World()
    for carrier, prefix in (("AT&T", "A"), ("Verizon", "V"), ("Lumen", "L")):
        world.history(carrier, prefix, "NAME_SIMILAR", rejected_with=10)
    world.history("Lumen", "LE", "NAME_EQUIVALENT", rejected_with=4)
    world.open("OPEN-ATT", "AT&T", ("NAME_EQUIVALENT",))
    row = build_rejection_risk(world.connect(), AS_OF).set_index("order_id").loc["OPEN-ATT"]
    assert "(all carriers rejected 4 of 20)" in row["top_reasons"]


def _pin_world() -> World:
    """Verizon rejected 15 of 20 orders with PIN_DIFFERENT; AT&T saw one, and one CSR_NOT_FOUND."""
    world = World()
    world.history("Verizon", "V", "PIN_DIFFERENT", rejected_with=15)
    world.history("AT&T", "A", "NAME_SIMILAR", rejected_with=10)
    world.past("A-PIN", "AT&T", ("PIN_DIFFERENT",), "rejected")
    world.past("A-CSR", "AT&T", ("CSR_NOT_FOUND",), "rejected")
    world.open("OPEN-ATT", "AT&T", ("PIN_DIFFERENT", "CSR_NOT_FOUND"))
    return world


def test_a_thin_carrier_record_comes_with_all_carriers_record() -> None:
    risk = build_rejection_risk(_pin_world().connect(), AS_OF).set_index("order_id")
    assert (
        "(AT&T rejected 1 of 1; all carriers rejected 16 of 21)"
        in risk.loc["OPEN-ATT", "top_reasons"]
    )


def test_a_code_everyone_has_seen_only_a_few_times_says_its_effect_is_mostly_the_default() -> None:
    risk = build_rejection_risk(_pin_world().connect(), AS_OF).set_index("order_id")
    reasons = risk.loc["OPEN-ATT", "top_reasons"]
    assert "(AT&T rejected 1 of 1; mostly the default for a warn finding)" in reasons
