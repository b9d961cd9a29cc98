"""carrier_intervals: FOC answers within 24 business hours, simple ports completed within a
business day of the FOC date, and simple ports rejected outside the 47 CFR 52.36 fields.

Every order is an AT&T port-in submitted Monday 2026-11-02 at noon EST (17:00 UTC), so its FOC
is due Tuesday at noon.
"""

import datetime as dt

import duckdb
import pandas as pd
import pytest
from reconcile_world import AS_OF, Case, World

from portrecon import schema
from portrecon.carriers import default_carrier_book
from portrecon.intervals import build_carrier_intervals, outside_52_36

SUBMITTED = dt.datetime(2026, 11, 2, 17, 0)
FOC_DATE = dt.date(2026, 11, 10)


def _order(world: World, rejections: list[dict], k: int, numbers: int, **values: object) -> None:
    """Order O<k> of `numbers` numbers with its CSR, LOA, orders row and rejection, if any."""
    case = Case(world, k)
    tns = case.numbers(k, numbers)
    case.csr(tns=tns).loa(tns=tns)
    reason = values.pop("rejected_for", None)
    world.insert(
        schema.ORDERS,
        [
            {
                "order_id": case.order_id,
                "direction": "port_in",
                "carrier_id": "att",
                "carrier": "AT&T",
                "country": "US",
                "number_type": "local",
                "tn_count": numbers,
                "status": "rejected" if reason else "completed",
                "is_open": False,
                "submitted_at": SUBMITTED,
                **values,
            }
        ],
    )
    if reason:
        rejections.append({"order_id": case.order_id, "status": "rejected", "reason": reason})


def _connect(world: World) -> duckdb.DuckDBPyConnection:
    """The world's tables plus the raw layers (no unknown columns) and an empty event log."""
    con = world.connect()
    con.execute("CREATE TABLE loa_raw AS SELECT *, NULL::VARCHAR AS extra FROM loa_records")
    con.execute("CREATE TABLE csr_raw AS SELECT *, NULL::VARCHAR AS extra FROM csr_records")
    con.execute(schema.ORDER_EVENTS.ddl())
    return con


@pytest.fixture(scope="module")
def intervals() -> pd.Series:
    world, rejections = World(), []
    answered = {"foc_date": FOC_DATE}
    _order(world, rejections, 0, 1, approved_at=dt.datetime(2026, 11, 3, 16, 0), **answered,
           completed_at=dt.datetime(2026, 11, 11, 20, 0))  # fmt: skip
    _order(world, rejections, 1, 1, approved_at=dt.datetime(2026, 11, 4, 16, 0), **answered,
           completed_at=dt.datetime(2026, 11, 13, 20, 0))  # fmt: skip
    _order(world, rejections, 2, 1, rejected_for="End user name does not match")
    _order(world, rejections, 3, 1, rejected_for="ZIP code mismatch")
    _order(world, rejections, 4, 2, rejected_for="End user name does not match")
    con = _connect(world)
    con.register("_rejections", pd.DataFrame(rejections))
    con.execute("INSERT INTO order_events BY NAME SELECT * FROM _rejections")
    frame = build_carrier_intervals(con, AS_OF, default_carrier_book())
    assert len(frame) == 1
    return frame.iloc[0]


def test_a_foc_within_24_business_hours_is_on_time_and_a_later_one_is_not(intervals):
    assert (intervals["foc_responses"], intervals["foc_on_time"]) == (2, 1)
    assert intervals["foc_on_time_rate"] == 0.5


def test_one_number_on_one_account_counts_as_a_simple_port(intervals):
    assert intervals["simple_ports"] == 4


def test_a_simple_port_completed_the_business_day_after_its_foc_date_is_on_interval(intervals):
    assert (intervals["simple_completed"], intervals["simple_on_interval"]) == (2, 1)


def test_only_a_simple_port_rejected_for_its_name_is_a_dispute_candidate(intervals):
    # The ZIP rejection is allowed by 52.36; the name rejection of 2 numbers is not a simple port.
    assert intervals["dispute_candidates"] == 1


@pytest.mark.parametrize(
    ("reason", "disputable"),
    [
        ("End user name does not match", True),
        ("Service address mismatch", True),
        ("BTN does not match", True),
        ("ZIP code mismatch", False),
        ("PIN / passcode invalid", False),
        ("Account number mismatch", False),
        ("Telephone number not on account", False),
        (None, False),
    ],
)
def test_the_52_36_fields_are_numbers_account_zip_and_pin(reason, disputable):
    assert outside_52_36(reason) is disputable


def test_an_empty_warehouse_has_no_intervals():
    con = _connect(World())
    assert build_carrier_intervals(con, AS_OF, default_carrier_book()).empty
