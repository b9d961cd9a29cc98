"""Rejection risk of each sheet row with the nightly's own model (portrecon.risk).

The model is the one the nightly fitted and published in the warehouse's `risk_model` table (the
one `rejection_risk` was scored with), so a row scores exactly as the nightly scores an order of
its carrier with its findings, and nothing is refitted. A warehouse built before that table
existed has the model learnt now from its decided port-ins, as the nightly learns it; one without
order history falls back to the model's severity defaults. Each row is scored as if it were an
order carrying its findings.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from portrecon.findings_catalogue import default_catalogue
from portrecon.precheck.check import warehouse_tables
from portrecon.risk.features import with_components
from portrecon.risk.learned import learn
from portrecon.risk.model import RiskModel, prior_model
from portrecon.risk.scoring import risk_level
from portrecon.risk.stored import read_model

HISTORY_TABLES = ("orders", "order_events", "loa_records", "loa_numbers", "findings")
RISK_DECIMALS = 2


def warehouse_model(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> tuple[RiskModel, str]:
    """The rejection-risk model of `con`'s attached warehouse (`wh`), and where it came from: the
    nightly's published model, else one learnt now from the warehouse's history at as-of.

    It reads through the connection the rows were checked with, not the warehouse's path: a
    nightly may swap a new file in meanwhile, and the CSRs and the model must be one run's.
    """
    present = warehouse_tables(con)
    stored = read_model(con, "wh.risk_model") if "risk_model" in present else None
    if stored is not None:
        return stored.model, (
            f"rejection-risk model ({stored.model.kind}) fitted by the nightly of "
            f"{stored.as_of.isoformat()} on {stored.decided_orders} decided port-ins"
        )
    if not all(table in present for table in HISTORY_TABLES):
        return prior_model(default_catalogue()), (
            "rejection-risk defaults by finding severity (the warehouse has no order history)"
        )
    # A cursor of its own: its temporary views name the warehouse's tables as `learn` expects,
    # over the precheck's own tables of those names (the sheet's pseudo-LOAs).
    history = con.cursor()
    try:
        for table in HISTORY_TABLES:
            history.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM wh.{table}")
        learned = learn(history, as_of)
    finally:
        history.close()
    decided = len(learned.history.orders)
    return learned.model, (
        f"rejection-risk model ({learned.model.kind}) learnt now from {decided} decided port-ins "
        "in the warehouse (it has no risk_model table: built before the nightly published its "
        "model)"
    )


def score_rows(model: RiskModel, rows: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """source_line, risk (probability of rejection) and risk_level for every readable row.

    rows: source_line, carrier_id; codes: source_line, code, field (the row's reconciliation
    findings; the field gives the model an address or name finding's component).
    """
    if rows.empty:
        return pd.DataFrame({"source_line": [], "risk": [], "risk_level": []})
    orders = pd.DataFrame(
        {"order_id": rows["source_line"].astype(str), "carrier_id": rows["carrier_id"]}
    )
    coded = with_components(
        pd.DataFrame(
            {
                "order_id": codes["source_line"].astype(str),
                "code": codes["code"],
                "field": codes["field"],
            }
        )
    )
    probability = np.round(model.predict(orders, coded), RISK_DECIMALS)
    return pd.DataFrame(
        {
            "source_line": rows["source_line"].to_numpy(),
            "risk": probability,
            "risk_level": risk_level(probability),
        }
    )
