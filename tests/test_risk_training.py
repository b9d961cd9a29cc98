"""Labelled history: first answer after submission, nothing from after the decision."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from risk_world import AS_OF, DECIDED, World, strict_names_world

from portrecon.risk import build_rejection_risk
from portrecon.risk.training import load_history


def _labels(world: World) -> dict[str, int]:
    history = load_history(world.connect(), AS_OF).orders
    return dict(zip(history["order_id"], history["rejected"], strict=True))


def test_update_required_counts_as_a_rejection_and_approval_does_not() -> None:
    world = World()
    world.past("UPD", "AT&T", (), "update_required")
    world.past("REJ", "AT&T", (), "rejected")
    world.past("OK", "AT&T", (), "approved")
    assert _labels(world) == {"OK": 0, "REJ": 1, "UPD": 1}


def test_only_the_first_answer_after_submission_labels_the_order() -> None:
    world = World()
    world.past("LATE-REJECT", "AT&T", (), "approved")
    world._event("LATE-REJECT", "AT&T", "rejected", datetime(2026, 9, 20, 15, 0))
    assert _labels(world) == {"LATE-REJECT": 0}


def test_cancelled_before_a_decision_carries_no_label() -> None:
    world = World()
    world.past("GONE", "AT&T", (), "cancelled")
    world._event("GONE", "AT&T", "rejected", datetime(2026, 9, 20, 15, 0))
    assert _labels(world) == {}


def test_a_decision_after_as_of_is_not_known_yet() -> None:
    world = World()
    world.past("FUTURE", "AT&T", (), "rejected", decided=datetime(2026, 11, 23, 15, 0))
    assert _labels(world) == {}


def test_loa_signed_after_its_decision_is_not_training_data() -> None:
    world = World()
    world.past("RESIGNED", "AT&T", ("NAME_SIMILAR",), "rejected")
    world.loas[-1]["signed_date"] = date(2026, 9, 15)
    assert _labels(world) == {}


def test_findings_and_events_dated_after_the_decision_change_nothing() -> None:
    clean = build_rejection_risk(strict_names_world().connect(), AS_OF)
    world = strict_names_world()
    for i in range(20):  # Verizon's approved NAME_EQUIVALENT orders, later rejected and flagged
        order_id = f"V-C{i:02d}"
        world._event(order_id, "Verizon", "rejected", datetime(2026, 9, 25, 15, 0))
        world.finding(order_id, "NAME_DIFFERENT", date(2026, 9, 25))
    assert DECIDED.date() < date(2026, 9, 25)
    pd.testing.assert_frame_equal(build_rejection_risk(world.connect(), AS_OF), clean)
