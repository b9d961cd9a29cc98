"""Rejection risk of each sheet row with the nightly's own model (portrecon.risk).

The model is learnt from the warehouse's decided port-ins (each carrier's strictness per finding
code), exactly as `rejection_risk` is; a warehouse without order history falls back to the
model's severity defaults. Each row is scored as if it were an order carrying its findings.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from portrecon.findings_catalogue import default_catalogue
from portrecon.precheck.check import warehouse_tables
from portrecon.risk.learned import learn
from portrecon.risk.model import RiskModel, prior_model
from portrecon.risk.scoring import risk_level

HISTORY_TABLES = ("orders", "order_events", "loa_records", "findings")
RISK_DECIMALS = 2


def warehouse_model(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> tuple[RiskModel, str]:
    """The rejection-risk model of the history in `con`'s attached warehouse (`wh`) at as-of, and
    where it came from.

    It reads through the connection the rows were checked with, not the warehouse's path: a
    nightly may swap a new file in meanwhile, and the CSRs and the history must be one run's.
    """
    if not all(table in warehouse_tables(con) for table in HISTORY_TABLES):
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
        f"rejection-risk model ({learned.model.kind}) learnt from {decided} decided port-ins "
        "in the warehouse"
    )


def score_rows(model: RiskModel, rows: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """source_line, risk (probability of rejection) and risk_level for every readable row.

    rows: source_line, carrier_id; codes: source_line, code (the row's reconciliation findings).
    """
    if rows.empty:
        return pd.DataFrame({"source_line": [], "risk": [], "risk_level": []})
    orders = pd.DataFrame(
        {"order_id": rows["source_line"].astype(str), "carrier_id": rows["carrier_id"]}
    )
    coded = pd.DataFrame(
        {"order_id": codes["source_line"].astype(str), "code": codes["code"]}
    ).drop_duplicates()
    probability = np.round(model.predict(orders, coded), RISK_DECIMALS)
    return pd.DataFrame(
        {
            "source_line": rows["source_line"].to_numpy(),
            "risk": probability,
            "risk_level": risk_level(probability),
        }
    )
