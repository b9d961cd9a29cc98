"""The risk model's shrinkage: a carrier that departs from the pool is shrunk less than one that
follows it, a large deviation less than a small one, and a carrier strict on every finding is
learnt as strict on the findings it has rarely seen."""

from __future__ import annotations

import pandas as pd

from portrecon.findings_catalogue import default_catalogue
from portrecon.risk.model import (
    CARRIER_SCALE_BOUNDS,
    RiskModel,
    _carrier_scales,
    _term_scales,
    fit_risk_model,
)
from portrecon.risk.training import History


def test_a_carrier_deviating_more_than_the_others_gets_a_looser_deviation_scale() -> None:
    model = RiskModel(
        intercept=-2.0,
        pooled={"NAME_SIMILAR": 1.0, "PIN_DIFFERENT": 2.0},
        carrier_offsets={},
        deviations={
            ("att", "NAME_SIMILAR"): 2.0,
            ("verizon", "NAME_SIMILAR"): 0.1,
            ("rogers", "PIN_DIFFERENT"): -0.1,
        },
        field_deviations={("att", "NAME"): 1.0},
        kind="carrier deviations",
    )
    scales = _carrier_scales(model)
    assert scales["att"] > 1 > scales["verizon"]
    assert min(scales.values()) >= CARRIER_SCALE_BOUNDS[0]
    assert max(scales.values()) <= CARRIER_SCALE_BOUNDS[1]


def test_a_large_first_fit_deviation_is_shrunk_less_than_a_small_one() -> None:
    model = RiskModel(
        intercept=-2.0,
        pooled={"NAME_SIMILAR": 1.0, "PIN_DIFFERENT": 2.0},
        carrier_offsets={},
        deviations={("att", "NAME_SIMILAR"): 2.0, ("att", "PIN_DIFFERENT"): 0.01},
        field_deviations={("verizon", "NAME"): 0.5},
        kind="carrier deviations",
    )
    scales = _term_scales(model)
    assert scales[("att", "NAME_SIMILAR")] > 1 > scales[("verizon", "NAME")]
    assert scales[("verizon", "NAME")] > scales[("att", "PIN_DIFFERENT")] == CARRIER_SCALE_BOUNDS[0]
    assert max(scales.values()) <= CARRIER_SCALE_BOUNDS[1]


def _history(rows: list[tuple[str, str, int, int]]) -> History:
    """A labelled history from (carrier_id, code, orders, rejected): that many orders with that
    one code ('' = no finding), the first `rejected` of them rejected."""
    orders, codes = [], []
    for carrier, code, count, rejected in rows:
        for k in range(count):
            order_id = f"PI{len(orders):07d}"
            orders.append((order_id, carrier, int(k < rejected)))
            if code:
                codes.append((order_id, code, ""))
    frame = pd.DataFrame(orders, columns=["order_id", "carrier_id", "rejected"])
    return History(frame, pd.DataFrame(codes, columns=["order_id", "code", "component"]))


def test_a_carrier_strict_on_every_finding_is_strict_on_one_it_has_seen_twice() -> None:
    common = ("TN_NOT_ON_CSR", "LOA_STALE", "PORT_DATE_TOO_SOON")
    rows = [
        (carrier, code, 40, 20)
        for carrier in ("bell", "rogers", "telus", "shaw", "lumen", "frontier")
        for code in (*common, "INVOICE_STALE")
    ]
    rows += [(carrier, "", 100, 10) for carrier in ("bell", "rogers", "telus", "shaw", "strict")]
    rows += [("strict", code, 40, 38) for code in common] + [("strict", "INVOICE_STALE", 2, 1)]
    model = fit_risk_model(_history(rows), default_catalogue())
    assert model.effect("strict", "INVOICE_STALE") > model.pooled["INVOICE_STALE"] + 0.3
