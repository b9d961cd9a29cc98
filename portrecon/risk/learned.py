"""The one place the warehouse's history becomes a fitted model, so the risk scores and the
carrier strictness table always describe the same model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from portrecon.findings_catalogue import default_catalogue
from portrecon.risk.model import RiskModel, fit_risk_model
from portrecon.risk.training import History, load_history


@dataclass(frozen=True)
class Learned:
    """The labelled history known at as-of and the model fitted on it."""

    history: History
    model: RiskModel


def learn(con: duckdb.DuckDBPyConnection, as_of: date) -> Learned:
    """Load the history from tables orders, order_events, loa_records, findings and fit on it."""
    history = load_history(con, as_of)
    return Learned(history, fit_risk_model(history, default_catalogue()))
