"""The risk model's shrinkage: a carrier that departs from the pool is shrunk less than one that
follows it."""

from __future__ import annotations

from portrecon.risk.model import CARRIER_SCALE_BOUNDS, RiskModel, _carrier_scales


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
