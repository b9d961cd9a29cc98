"""The night's fitted rejection-risk model as RISK_MODEL rows, and back.

The nightly publishes the model it scored `rejection_risk` with, beside the data it was fitted on
(one warehouse file, swapped whole), so `portrecon precheck` scores a sheet with the very same
terms: no refit (17 logistic fits, seconds at national scale), and a sheet row scores exactly as
the nightly scores an order of the same carrier with the same finding codes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from portrecon.risk.learned import Learned
from portrecon.risk.model import RiskModel
from portrecon.schema import RISK_MODEL


@dataclass(frozen=True)
class StoredModel:
    """A published model with what it was fitted on: decided port-ins and the run's as-of."""

    model: RiskModel
    decided_orders: int
    as_of: date


def model_rows(learned: Learned, as_of: date) -> pd.DataFrame:
    """RISK_MODEL rows of the fitted model: every term at full precision, in a fixed order."""
    model = learned.model
    rows = [
        ("intercept", None, None, None, model.intercept),
        *(("carrier_offset", c, None, None, v) for c, v in sorted(model.carrier_offsets.items())),
        *(("code", None, k, None, v) for k, v in sorted(model.pooled.items())),
        *(("carrier_code", c, k, None, v) for (c, k), v in sorted(model.deviations.items())),
        *(("carrier_field", c, None, f, v) for (c, f), v in sorted(model.field_deviations.items())),
        *(("component", None, None, m, v) for m, v in sorted(model.components.items())),
        *(
            ("carrier_component", c, None, m, v)
            for (c, m), v in sorted(model.component_deviations.items())
        ),
    ]
    frame = pd.DataFrame(rows, columns=["term", "carrier_id", "code", "field", "log_odds"])
    frame = frame.assign(model=model.kind, decided_orders=len(learned.history.orders), as_of=as_of)
    return frame.astype({"log_odds": "float64", "decided_orders": "int64"})[RISK_MODEL.column_names]


def read_model(con: duckdb.DuckDBPyConnection, relation: str) -> StoredModel | None:
    """The model in `relation` (a RISK_MODEL table, e.g. `wh.risk_model`); None when empty."""
    rows = con.execute(
        f"SELECT term, carrier_id, code, field, log_odds, model, decided_orders, as_of "
        f"FROM {relation}"
    ).fetchall()
    if not rows:
        return None
    terms: defaultdict[str, dict] = defaultdict(dict)  # term -> key -> log-odds
    for term, carrier_id, code, field, log_odds, *_ in rows:
        key = {
            "intercept": None,
            "carrier_offset": carrier_id,
            "code": code,
            "carrier_code": (carrier_id, code),
            "carrier_field": (carrier_id, field),
            "component": field,
            "carrier_component": (carrier_id, field),
        }[term]
        terms[term][key] = log_odds
    _, _, _, _, _, kind, decided, as_of = rows[0]
    model = RiskModel(
        terms["intercept"][None],
        terms["code"],
        terms["carrier_offset"],
        terms["carrier_code"],
        terms["carrier_field"],
        kind,
        terms["component"],
        terms["carrier_component"],
    )
    return StoredModel(model, decided, as_of)
