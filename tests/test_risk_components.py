"""Address and name findings carry their component (ZIP vs the rest of the address; a
formatting-only name vs another name), so a carrier validating only the ZIP is learnt as such."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest
from risk_world import AS_OF, SUBMITTED, World

from portrecon.risk import build_rejection_risk
from portrecon.risk.features import with_components

STREET = "address.number,address.street"
ZIP = "address.zip"


def _address_world() -> World:
    """Comcast rejected all 15 orders whose address differed in the ZIP and approved all 15 whose
    street differed; Verizon rejected 12 of 15 of each. Each carrier has 30 clean orders, 2
    rejected. Open orders with each kind of difference at each carrier."""
    world = World()
    for carrier, zip_rejected, street_rejected in (("Comcast", 15, 0), ("Verizon", 12, 12)):
        for kind, field, rejected in (("Z", ZIP, zip_rejected), ("S", STREET, street_rejected)):
            for i in range(15):
                order = f"{carrier}-{kind}{i:02d}"
                world.past(order, carrier, (), "rejected" if i < rejected else "approved")
                world.finding(order, "ADDRESS_DIFFERENT", SUBMITTED.date(), field)
        for i in range(30):
            world.past(f"{carrier}-K{i:02d}", carrier, (), "rejected" if i < 2 else "approved")
        for kind, field in (("ZIP", ZIP), ("STREET", STREET)):
            world.open(f"OPEN-{carrier}-{kind}", carrier, ())
            world.finding(
                f"OPEN-{carrier}-{kind}", "ADDRESS_DIFFERENT", AS_OF - timedelta(days=2), field
            )
    return world


@pytest.fixture(scope="module")
def risk() -> pd.Series:
    table = build_rejection_risk(_address_world().connect(), AS_OF)
    return table.set_index("order_id")["probability"]


def test_a_zip_only_carrier_scores_a_street_difference_low(risk) -> None:
    assert risk["OPEN-Comcast-STREET"] < 0.2


def test_a_zip_only_carrier_scores_a_zip_difference_high(risk) -> None:
    assert risk["OPEN-Comcast-ZIP"] >= 0.5


def test_a_carrier_checking_the_whole_address_scores_a_street_difference_high(risk) -> None:
    assert risk["OPEN-Verizon-STREET"] >= 0.5
    assert risk["OPEN-Verizon-STREET"] > 3 * risk["OPEN-Comcast-STREET"]


def test_components_come_from_the_findings_field() -> None:
    findings = pd.DataFrame(
        [
            ("O1", "ADDRESS_DIFFERENT", "address.street,address.zip"),
            ("O2", "ADDRESS_SIMILAR", "address.city"),
            ("O3", "NAME_EQUIVALENT", "name"),
            ("O4", "NAME_DIFFERENT", "name"),
            ("O5", "ADDRESS_MISSING_LOA", "address"),
            ("O6", "PIN_DIFFERENT", "pin"),
        ],
        columns=["order_id", "code", "field"],
    )
    assert with_components(findings)["component"].tolist() == [
        "ADDRESS_ZIP", "ADDRESS_REST", "NAME_FORMAT", "NAME_OTHER", "", "",
    ]  # fmt: skip
