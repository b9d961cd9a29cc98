"""`carrier_strictness`: what each carrier did with orders carrying each finding code, next to what
the model learnt from it, so a report can say "AT&T rejected 17 of 20 orders with NAME_EQUIVALENT;
that finding multiplies the odds of rejection by 25 there, by 1.4 elsewhere"."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.risk.learned import Learned, learn
from portrecon.risk.scoring import carrier_names
from portrecon.risk.training import code_counts
from portrecon.schema import CARRIER_STRICTNESS

# Pseudo-carrier of the rows that pool every carrier's history.
ALL_CARRIERS_ID = "*"
ALL_CARRIERS_NAME = "All carriers"


def build_carrier_strictness(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    book: CarrierBook | None = None,
    learned: Learned | None = None,
) -> pd.DataFrame:
    """CARRIER_STRICTNESS rows: one per (carrier, code) seen in the labelled history, plus one
    per code over all carriers, sorted by carrier_id then code. `learned` as in
    build_rejection_risk."""
    book = book or default_carrier_book()
    learned = learned or learn(con, as_of)
    history = learned.history.orders
    counts = code_counts(learned.history)
    pooled_counts = counts.groupby("code", as_index=False)[["orders_seen", "rejected"]].sum()
    pooled_counts["carrier_id"] = ALL_CARRIERS_ID
    totals = history.groupby("carrier_id")["rejected"].agg(
        carrier_orders="size", carrier_rejected="sum"
    )
    totals.loc[ALL_CARRIERS_ID] = [len(history), int(history["rejected"].sum())]
    frame = pd.concat([counts, pooled_counts], ignore_index=True).join(totals, on="carrier_id")
    names = con.sql(
        "SELECT carrier_id, min(carrier) AS carrier FROM orders GROUP BY carrier_id"
    ).df()
    names["carrier"] = carrier_names(names, book)
    frame = frame.merge(names, on="carrier_id", how="left")
    frame.loc[frame["carrier_id"] == ALL_CARRIERS_ID, "carrier"] = ALL_CARRIERS_NAME
    frame["rejection_rate"] = frame["rejected"] / frame["orders_seen"]
    frame["carrier_rejection_rate"] = frame["carrier_rejected"] / frame["carrier_orders"]
    model = learned.model
    frame["pooled_log_odds"] = frame["code"].map(lambda code: model.pooled.get(code, 0.0))
    frame["log_odds"] = [
        model.effect(carrier, code)
        for carrier, code in zip(frame["carrier_id"], frame["code"], strict=True)
    ]
    frame["odds_ratio"] = np.exp(frame["log_odds"])
    frame["pooled_odds_ratio"] = np.exp(frame["pooled_log_odds"])
    frame["model"] = model.kind
    frame = frame.sort_values(["carrier_id", "code"], ignore_index=True)
    return frame.astype({"orders_seen": "int64", "rejected": "int64"})[
        CARRIER_STRICTNESS.column_names
    ]
