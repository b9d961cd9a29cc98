"""The rejection-risk model: per carrier, how much each finding code raises the log-odds of a
rejection, as pooled effects plus carrier deviations that the L2 penalty shrinks toward the pool.

An additive logit is what a porting manager can read ("with AT&T a formatting-only name difference
multiplies the odds of rejection by 30") and what makes every score split exactly into the
findings that drive it. Fitting is scikit-learn's LogisticRegression; the penalty strength and
how hard carrier deviations are shrunk are chosen by cross-validated log-loss on the history.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from portrecon.findings_catalogue import FindingCatalogue
from portrecon.risk.training import History

RANDOM_STATE = 0
# Defaults where history says nothing: log-odds a code adds by its catalogue severity, and the
# rejection rate of an order without findings. Used for every code when there is too little
# history to fit, and for codes the history never shows.
SEVERITY_PRIOR = {"block": 3.0, "warn": 1.5, "info": 0.3}
DEFAULT_CLEAN_RATE = 0.08
MIN_HISTORY = 30  # labelled orders, with both outcomes, needed to fit anything
# Candidate (C, carrier-deviation scale) pairs: a deviation column scaled by s has an effective
# prior variance s^2 * C, so a smaller s shrinks carriers harder toward the pooled effects.
PENALTIES = (0.1, 0.3, 1.0, 3.0)
DEVIATION_SCALES = (0.25, 0.5, 1.0)
CV_FOLDS = 5


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


@dataclass(frozen=True)
class RiskModel:
    """Learned log-odds: intercept + carrier offset + sum over codes of the carrier's effect.

    pooled: code -> log-odds (every carrier); carrier_offsets: carrier_id -> log-odds of a clean
    order relative to the intercept; deviations: (carrier_id, code) -> log-odds added to the
    pooled effect for that carrier. A carrier without history gets offset 0 and no deviations.
    """

    intercept: float
    pooled: dict[str, float]
    carrier_offsets: dict[str, float]
    deviations: dict[tuple[str, str], float]
    kind: str

    def effect(self, carrier_id: str, code: str) -> float:
        """Log-odds the code adds for this carrier (pooled effect plus the carrier's deviation)."""
        return self.pooled.get(code, 0.0) + self.deviations.get((carrier_id, code), 0.0)

    def baseline(self, carrier_id: str) -> float:
        """Log-odds of rejection of this carrier's order without findings."""
        return self.intercept + self.carrier_offsets.get(carrier_id, 0.0)

    def contributions(self, orders: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
        """order_id, code, effect: the log-odds each finding code adds to each order's score.

        orders: order_id, carrier_id; codes: order_id, code (distinct per order).
        """
        joined = codes.merge(orders[["order_id", "carrier_id"]], on="order_id")
        pairs = joined[["carrier_id", "code"]].drop_duplicates()
        pairs["effect"] = [self.effect(c, k) for c, k in pairs.itertuples(index=False)]
        joined = joined.merge(pairs, on=["carrier_id", "code"])
        return joined[["order_id", "code", "effect"]]

    def log_odds(self, orders: pd.DataFrame, codes: pd.DataFrame) -> np.ndarray:
        """Log-odds of rejection of each order, in the row order of `orders`."""
        carriers = orders["carrier_id"].drop_duplicates()
        base = orders["carrier_id"].map(
            dict(zip(carriers, map(self.baseline, carriers), strict=True))
        )
        added = self.contributions(orders, codes).groupby("order_id")["effect"].sum()
        return (base + orders["order_id"].map(added).fillna(0.0)).to_numpy(dtype=float)

    def predict(self, orders: pd.DataFrame, codes: pd.DataFrame) -> np.ndarray:
        """Probability of rejection of each order, in the row order of `orders`."""
        return 1.0 / (1.0 + np.exp(-self.log_odds(orders, codes)))


def prior_model(catalogue: FindingCatalogue) -> RiskModel:
    """The defaults: severity-based effects and the default clean-order rate, no carrier terms."""
    pooled = {code: SEVERITY_PRIOR[kind.severity] for code, kind in catalogue.findings.items()}
    return RiskModel(_logit(DEFAULT_CLEAN_RATE), pooled, {}, {}, "prior")


@dataclass(frozen=True)
class _Design:
    """Sparse indicator matrix of one set of orders with the vocabularies that name its columns."""

    codes: list[str]
    carriers: list[str]
    deviations: bool

    def matrix(
        self, orders: pd.DataFrame, codes: pd.DataFrame, deviation_scale: float
    ) -> sparse.csr_matrix:
        n_codes, n_carriers = len(self.codes), len(self.carriers)
        position = pd.Series(np.arange(len(orders)), index=orders["order_id"].to_numpy())
        present = codes[codes["order_id"].isin(position.index) & codes["code"].isin(self.codes)]
        rows = position.loc[present["order_id"]].to_numpy()
        code_col = pd.Index(self.codes).get_indexer(present["code"])
        carrier_of_row = pd.Index(self.carriers).get_indexer(orders["carrier_id"])
        row_parts = [rows, np.arange(len(orders))]
        col_parts = [code_col, n_codes + carrier_of_row]
        value_parts = [np.ones(len(rows)), np.ones(len(orders))]
        if self.deviations:
            row_parts.append(rows)
            col_parts.append(n_codes + n_carriers + carrier_of_row[rows] * n_codes + code_col)
            value_parts.append(np.full(len(rows), deviation_scale))
        width = n_codes + n_carriers + (n_carriers * n_codes if self.deviations else 0)
        return sparse.csr_matrix(
            (np.concatenate(value_parts), (np.concatenate(row_parts), np.concatenate(col_parts))),
            shape=(len(orders), width),
        )


def _fit(x: sparse.csr_matrix, y: np.ndarray, penalty: float) -> LogisticRegression:
    return LogisticRegression(C=penalty, solver="newton-cholesky", max_iter=200).fit(x, y)


def _cv_log_loss(
    design: _Design, history: History, penalty: float, scale: float, folds: list
) -> float:
    x = design.matrix(history.orders, history.codes, scale)
    y = history.orders["rejected"].to_numpy()
    total = 0.0
    for train, test in folds:
        p = _fit(x[train], y[train], penalty).predict_proba(x[test])[:, 1]
        p = np.clip(p, 1e-9, 1 - 1e-9)
        total -= float(np.sum(y[test] * np.log(p) + (1 - y[test]) * np.log(1 - p)))
    return total / len(y)


def _folds(y: np.ndarray) -> list:
    splits = min(CV_FOLDS, int(np.bincount(y, minlength=2).min()))
    if splits < 2:
        return []
    cv = StratifiedKFold(n_splits=splits, shuffle=True, random_state=RANDOM_STATE)
    return list(cv.split(np.zeros(len(y)), y))


def fit_risk_model(
    history: History, catalogue: FindingCatalogue, deviations: bool = True
) -> RiskModel:
    """Fit the model on the labelled history; the prior model when history is too thin.

    deviations=False fits pooled effects and carrier offsets only (the simpler candidate).
    Codes the history never shows keep their severity prior.
    """
    prior = prior_model(catalogue)
    y = history.orders["rejected"].to_numpy(dtype=int)
    if len(y) < MIN_HISTORY or y.min() == y.max():
        return prior
    design = _Design(
        sorted(history.codes["code"].unique()),
        sorted(history.orders["carrier_id"].unique()),
        deviations,
    )
    folds = _folds(y)
    grid = list(itertools.product(PENALTIES, DEVIATION_SCALES if deviations else (1.0,)))
    if folds:
        scores = [_cv_log_loss(design, history, c, s, folds) for c, s in grid]
        penalty, scale = grid[int(np.argmin(scores))]
    else:
        penalty, scale = 1.0, 1.0
    fitted = _fit(design.matrix(history.orders, history.codes, scale), y, penalty)
    coef = fitted.coef_[0]
    n_codes, n_carriers = len(design.codes), len(design.carriers)
    pooled = dict(prior.pooled) | dict(zip(design.codes, coef[:n_codes].tolist(), strict=True))
    offsets = dict(zip(design.carriers, coef[n_codes : n_codes + n_carriers].tolist(), strict=True))
    pairs = list(itertools.product(design.carriers, design.codes)) if deviations else []
    deviation_coef = (coef[n_codes + n_carriers :] * scale).tolist()
    learned = {pair: value for pair, value in zip(pairs, deviation_coef, strict=True) if value}
    kind = "carrier deviations" if deviations else "pooled"
    return RiskModel(float(fitted.intercept_[0]), pooled, offsets, learned, kind)
