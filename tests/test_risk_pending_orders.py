"""A number already in another pending port order: the model sees it as it stood at each past
submission (order_events + loa_numbers), learns what each carrier does with it, and never counts
an order that became pending after the submission."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from risk_world import AS_OF, SUBMITTED, World

from portrecon.risk import build_rejection_risk
from portrecon.risk.training import PENDING_CONFLICT, load_history

EARLIER = SUBMITTED - timedelta(days=10)
LATER = SUBMITTED + timedelta(days=3)
NOW = datetime.combine(AS_OF - timedelta(days=2), SUBMITTED.time())


def _tn(i: int) -> str:
    return f"+1312555{i:04d}"


def _pending_world() -> World:
    """AT&T rejected every order submitted while another order held one of its numbers (20 of
    20) and approved 28 of 30 clean ones; open orders at AT&T with and without such a conflict."""
    world = World()
    for i in range(20):
        # The blocker was submitted before and answered (approved) only after the second order.
        world.past(f"BLOCK-{i:02d}", "AT&T", (), "approved", submitted=EARLIER)
        world.lists(f"BLOCK-{i:02d}", _tn(i))
        world.past(f"SECOND-{i:02d}", "AT&T", (), "rejected")
        world.lists(f"SECOND-{i:02d}", _tn(i))
    for i in range(30):
        world.past(f"CLEAN-{i:02d}", "AT&T", (), "rejected" if i < 2 else "approved")
        world.lists(f"CLEAN-{i:02d}", _tn(100 + i))
    world.open("OPEN-FIRST", "AT&T", ())
    world.lists("OPEN-FIRST", _tn(500))
    world.event("OPEN-FIRST", "AT&T", "submitted", NOW - timedelta(days=5))
    world.open("OPEN-SECOND", "AT&T", ())
    world.lists("OPEN-SECOND", _tn(500))
    world.open("OPEN-ALONE", "AT&T", ())
    world.lists("OPEN-ALONE", _tn(501))
    return world


@pytest.fixture(scope="module")
def risk():
    return build_rejection_risk(_pending_world().connect(), AS_OF).set_index("order_id")


def test_an_open_order_whose_number_sits_in_another_pending_order_scores_high(risk) -> None:
    row = risk.loc["OPEN-SECOND"]
    assert row["level"] == "high"
    assert row["reason_codes"].split(",")[0] == PENDING_CONFLICT


def test_the_order_submitted_first_is_not_in_conflict_and_scores_low(risk) -> None:
    assert risk.loc["OPEN-FIRST", "level"] == "low"
    assert risk.loc["OPEN-ALONE", "level"] == "low"


def _conflicted(world: World) -> set[str]:
    codes = load_history(world.connect(), AS_OF).codes
    return set(codes.loc[codes["code"] == PENDING_CONFLICT, "order_id"])


def test_a_past_order_counts_the_orders_pending_when_it_was_submitted() -> None:
    world = World()
    world.past("BLOCKER", "AT&T", (), "approved", submitted=EARLIER)
    world.lists("BLOCKER", _tn(1))
    world.past("SECOND", "AT&T", (), "rejected")
    world.lists("SECOND", _tn(1))
    assert _conflicted(world) == {"SECOND"}


def test_an_order_that_became_pending_after_the_submission_does_not_count() -> None:
    world = World()
    world.past("FIRST", "AT&T", (), "rejected")
    world.lists("FIRST", _tn(1))
    world.past("LATER", "AT&T", (), "approved", submitted=LATER)
    world.lists("LATER", _tn(1))
    assert "FIRST" not in _conflicted(world)


def test_an_order_closed_before_the_submission_does_not_count() -> None:
    world = World()
    for answer in ("rejected", "cancelled", "completed"):
        world.past(f"CLOSED-{answer}", "AT&T", (), answer, EARLIER + timedelta(days=2), EARLIER)
        world.lists(f"CLOSED-{answer}", _tn(1))
    world.past("SECOND", "AT&T", (), "rejected")
    world.lists("SECOND", _tn(1))
    assert "SECOND" not in _conflicted(world)


def test_an_order_not_yet_submitted_does_not_count() -> None:
    world = World()
    world.open("DRAFT", "AT&T", (), draft=True)
    world.lists("DRAFT", _tn(1))
    world.past("SUBMITTED", "AT&T", (), "rejected")
    world.lists("SUBMITTED", _tn(1))
    assert _conflicted(world) == set()
