"""The rejection-risk model: per carrier, how much each finding code raises the log-odds of a
rejection, as pooled effects plus carrier deviations that the L2 penalty shrinks toward the pool.

An additive logit is what a porting manager can read ("with AT&T a formatting-only name difference
multiplies the odds of rejection by 30") and what makes every score split exactly into the
findings that drive it. Fitting is scikit-learn's LogisticRegression; the penalty strength and
how hard carrier deviations are shrunk are chosen by cross-validated log-loss on the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from portrecon.findings_catalogue import FindingCatalogue
from portrecon.risk.training import History

if TYPE_CHECKING:  # scikit-learn is imported where a model is fitted: it costs ~1.3 s to import
    from sklearn.linear_model import LogisticRegression

# Defaults where history says nothing: log-odds a code adds by its catalogue severity, and the
# rejection rate of an order without findings (the whole model when history is too thin).
SEVERITY_PRIOR = {"block": 3.0, "warn": 1.5, "info": 0.3}
DEFAULT_CLEAN_RATE = 0.08
MIN_HISTORY = 30  # labelled orders, with both outcomes, needed to fit anything
# Penalty and scales chosen by 5-fold cross-validated log-loss on synthetic histories
# (docs/risk.md). A column scaled by s has an effective prior variance s^2 * C: code effects and
# carrier offsets get C; the severity-prior score (PRIOR_SCALE) is practically unpenalised, so
# code effects shrink toward the prior times a factor the history chooses rather than toward 0.
PENALTY = 0.3
PRIOR_SCALE = 10.0
# How hard carriers are pulled toward the pool is chosen per history by cross-validated log-loss
# (a history where carriers disagree sharply earns a larger scale, i.e. less shrinkage).
DEVIATION_SCALES = (0.5, 1.0, 2.0)
# Carriers do not deviate alike: most follow the pool, a few have a policy of their own (AT&T and
# names). One refit gives each carrier a deviation scale in proportion to how far its first-fit
# deviations stray (their root mean square over the carriers' mean), within these bounds, so
# a distinctive carrier is shrunk less than a typical one (empirical Bayes).
CARRIER_SCALE_BOUNDS = (1 / 3, 3.0)
# A carrier's own rule is on a few codes and large there (AT&T's names), not small on every code:
# the same refit also gives each deviation term a factor, the square root of its first-fit size
# over the root mean square of all deviations (within CARRIER_SCALE_BOUNDS), so a term the first
# fit found large is shrunk less (a heavier-tailed prior than one L2 scale: adaptive ridge).
TERM_SCALE_POWER = 0.5
# A carrier strict (or lax) on every finding, by a factor: in the refit, each carrier's slope on
# the first fit's pooled score of the order, a column of this scale (L2 toward 0, i.e. toward the
# pool), folded into that carrier's deviation of every code. Chosen with the two above by the
# held-out measure at 2k and 10k orders (docs/risk.md).
SLOPE_SCALE = 0.3
# A carrier strict (or lax) about a compared field is strict about every verdict that shows a
# difference in it (AT&T and names): one (carrier, field) deviation pools those codes' thin
# histories, on top of the (carrier, code) deviations. Missing values are a different complaint,
# except for the PIN: its only soft form is a lost leading zero (PIN_EQUIVALENT), so a carrier's
# PIN strictness shows in a wrong, a zero-less and a missing PIN alike (chosen by held-out
# log-loss, docs/risk.md).
FIELD_VERDICT_CODES = {
    f"{field}_{verdict}": field
    for field in ("NAME", "ADDRESS", "ACCOUNT", "PIN", "BTN")
    for verdict in ("EQUIVALENT", "SIMILAR", "DIFFERENT")
} | {"PIN_MISSING_LOA": "PIN", "PIN_MISSING_CSR": "PIN"}
CV_FOLDS = 5
DECIMALS = 4  # of the published probabilities
RANDOM_STATE = 0


def probability(log_odds: np.ndarray | pd.Series) -> np.ndarray | pd.Series:
    """Probability of log-odds (the logistic function)."""
    return 1.0 / (1.0 + np.exp(-log_odds))


def logit(p: float) -> float:
    """Log-odds of a probability."""
    return float(np.log(p / (1.0 - p)))


@dataclass(frozen=True)
class RiskModel:
    """Learned log-odds: intercept + carrier offset + sum over codes of the carrier's effect.

    pooled: code -> log-odds (every carrier); carrier_offsets: carrier_id -> log-odds of a clean
    order relative to the intercept; deviations: (carrier_id, code) -> log-odds added to the
    pooled effect for that carrier (its carrier slope included, for every code);
    field_deviations: (carrier_id, field) -> log-odds added to each of its FIELD_VERDICT_CODES;
    components: component -> log-odds added to a finding with that component (ADDRESS_ZIP, ...);
    component_deviations: (carrier_id, component) -> the carrier's own addition. A carrier
    without history gets offset 0 and no deviations.
    """

    intercept: float
    pooled: dict[str, float]
    carrier_offsets: dict[str, float]
    deviations: dict[tuple[str, str], float]
    field_deviations: dict[tuple[str, str], float]
    kind: str
    components: dict[str, float] = field(default_factory=dict)
    component_deviations: dict[tuple[str, str], float] = field(default_factory=dict)

    def effect(self, carrier_id: str, code: str, component: str = "") -> float:
        """Log-odds the code (with that component) adds for this carrier: pooled effect plus the
        carrier's deviations for the code, its field and the component."""
        field_key = (carrier_id, FIELD_VERDICT_CODES.get(code, ""))
        return (
            self.pooled.get(code, 0.0)
            + self.deviations.get((carrier_id, code), 0.0)
            + self.field_deviations.get(field_key, 0.0)
            + self.components.get(component, 0.0)
            + self.component_deviations.get((carrier_id, component), 0.0)
        )

    def baseline(self, carrier_id: str) -> float:
        """Log-odds of rejection of this carrier's order without findings."""
        return self.intercept + self.carrier_offsets.get(carrier_id, 0.0)

    def contributions(self, orders: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
        """order_id, code, effect: the log-odds each finding code adds to each order's score.

        orders: order_id, carrier_id; codes: order_id, code (distinct per order) and optionally
        component (with_components; none = '').
        """
        joined = _componented(codes).merge(orders[["order_id", "carrier_id"]], on="order_id")
        keys = ["carrier_id", "code", "component"]
        pairs = joined[keys].drop_duplicates()
        pairs["effect"] = [self.effect(c, k, m) for c, k, m in pairs.itertuples(index=False)]
        joined = joined.merge(pairs, on=keys)
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
        return probability(self.log_odds(orders, codes))


def _componented(codes: pd.DataFrame) -> pd.DataFrame:
    """codes with a component column ('' where the caller gave none)."""
    return codes if "component" in codes else codes.assign(component="")


def prior_model(catalogue: FindingCatalogue) -> RiskModel:
    """The defaults: severity-based effects and the default clean-order rate, no carrier terms."""
    pooled = {code: SEVERITY_PRIOR[kind.severity] for code, kind in catalogue.findings.items()}
    return RiskModel(logit(DEFAULT_CLEAN_RATE), pooled, {}, {}, {}, "prior")


@dataclass(frozen=True)
class _Design:
    """Columns of the model: code effects, carrier offsets, the prior score, carrier deviations
    per code and per field."""

    codes: list[str]
    carriers: list[str]
    pairs: list[tuple[str, str]]  # (carrier_id, code) seen in the history: deviation columns
    field_pairs: list[tuple[str, str]]  # (carrier_id, field) seen in the history
    components: list[str]  # components seen in the history: pooled component columns
    component_pairs: list[tuple[str, str]]  # (carrier_id, component) seen in the history
    prior: dict[str, float]
    deviation_scale: float
    carrier_scales: dict[str, float]  # carrier_id -> factor on its deviation scale (default 1)
    # (carrier_id, code/field/component) -> factor on that deviation term's scale (default 1)
    term_scales: dict[tuple[str, str], float] = field(default_factory=dict)
    # code -> the first fit's pooled effect: the carrier slope columns' score (none: no slopes)
    slope_effects: dict[str, float] = field(default_factory=dict)

    def matrix(self, orders: pd.DataFrame, codes: pd.DataFrame) -> sparse.csr_matrix:
        """Sparse indicator matrix of `orders` (row order kept) and their codes."""
        n = len(orders)
        position = pd.Series(np.arange(n), index=orders["order_id"].to_numpy())
        present = _componented(codes)
        present = present[present["order_id"].isin(position.index)]
        rows = position.loc[present["order_id"]].to_numpy()
        order_rows = np.arange(n)
        carrier_col = pd.Index(self.carriers).get_indexer(orders["carrier_id"])
        code_col = pd.Index(self.codes).get_indexer(present["code"])
        order_carriers = orders["carrier_id"].to_numpy()[rows]
        pair_col = pd.Index(self.pairs).get_indexer(
            list(zip(order_carriers, present["code"], strict=True))
        )
        fields = present["code"].map(FIELD_VERDICT_CODES).fillna("")
        field_col = pd.Index(self.field_pairs).get_indexer(
            list(zip(order_carriers, fields, strict=True))
        )
        component_col = pd.Index(self.components).get_indexer(present["component"])
        component_pair_col = pd.Index(self.component_pairs).get_indexer(
            list(zip(order_carriers, present["component"], strict=True))
        )
        deviation_scale = self.deviation_scale * (
            pd.Series(order_carriers).map(self.carrier_scales).fillna(1.0).to_numpy()
        )

        def term_scale(terms: pd.Series) -> np.ndarray:
            keys = zip(order_carriers, terms, strict=True)
            return deviation_scale * np.array([self.term_scales.get(key, 1.0) for key in keys])

        def score(effects: dict[str, float]) -> np.ndarray:
            weights = present["code"].map(effects).fillna(0.0).to_numpy()
            return np.bincount(rows, weights=weights, minlength=n)

        blocks = [
            (rows, code_col, 1.0, len(self.codes)),
            (order_rows, carrier_col, 1.0, len(self.carriers)),
            (order_rows, np.zeros(n, dtype=int), score(self.prior) * PRIOR_SCALE, 1),
            (rows, component_col, 1.0, len(self.components)),
            (rows, pair_col, term_scale(present["code"]), len(self.pairs)),
            (rows, field_col, term_scale(fields), len(self.field_pairs)),
            (rows, component_pair_col, term_scale(present["component"]), len(self.component_pairs)),
        ]
        if self.slope_effects:
            slope_score = score(self.slope_effects) * SLOPE_SCALE
            blocks.append((order_rows, carrier_col, slope_score, len(self.carriers)))
        return sparse.hstack(
            [
                sparse.csr_matrix(
                    (np.broadcast_to(value, r.shape)[c >= 0], (r[c >= 0], c[c >= 0])),
                    shape=(n, width),
                )
                for r, c, value, width in blocks
            ],
            format="csr",
        )


def _fit(x: sparse.csr_matrix, y: np.ndarray) -> LogisticRegression:
    """One fit on one BLAS thread: the systems are small (a few hundred columns), and BLAS
    threads fighting for two cores made a fit 4-8x slower in wall time (measured at 10k orders)."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return LogisticRegression(C=PENALTY, solver="newton-cholesky", max_iter=200).fit(x, y)


def _cv_log_loss(x: sparse.csr_matrix, y: np.ndarray, folds: list) -> float:
    """Mean held-out log-loss of the design matrix over the folds (rows sliced, never rebuilt)."""
    total = 0.0
    for train, test in folds:
        p = np.clip(_fit(x[train], y[train]).predict_proba(x[test])[:, 1], 1e-9, 1 - 1e-9)
        total -= float(np.sum(y[test] * np.log(p) + (1 - y[test]) * np.log(1 - p)))
    return total / len(y)


def _choose_deviation_scale(base: _Design, history: History, y: np.ndarray) -> _Design:
    """The deviation scale with the lowest cross-validated log-loss (fixed folds)."""
    splits = min(CV_FOLDS, int(np.bincount(y, minlength=2).min()))
    if splits < 2:
        return base
    from sklearn.model_selection import StratifiedKFold

    cv = StratifiedKFold(n_splits=splits, shuffle=True, random_state=RANDOM_STATE)
    folds = list(cv.split(np.zeros(len(y)), y))
    candidates = [replace(base, deviation_scale=scale) for scale in DEVIATION_SCALES]
    losses = [
        _cv_log_loss(design.matrix(history.orders, history.codes), y, folds)
        for design in candidates
    ]
    return candidates[int(np.argmin(losses))]


def _model(design: _Design, fitted: LogisticRegression, kind: str) -> RiskModel:
    """The readable model behind the fitted coefficients (scales undone, each carrier's slope
    folded into its deviation of every code, so the model stays additive per finding)."""
    coef = fitted.coef_[0]
    n_codes, n_carriers = len(design.codes), len(design.carriers)
    factor = coef[n_codes + n_carriers] * PRIOR_SCALE
    learned = {
        code: factor * design.prior.get(code, 0.0) + value
        for code, value in zip(design.codes, coef[:n_codes].tolist(), strict=True)
    }
    offsets = dict(zip(design.carriers, coef[n_codes : n_codes + n_carriers].tolist(), strict=True))
    start = n_codes + n_carriers + 1
    components = coef[start : start + len(design.components)].tolist()
    pairs = design.pairs + design.field_pairs + design.component_pairs
    scales = [
        design.deviation_scale
        * design.carrier_scales.get(pair[0], 1.0)
        * design.term_scales.get(pair, 1.0)
        for pair in pairs
    ]
    start += len(design.components)
    values = (coef[start : start + len(pairs)] * scales).tolist()
    deviation = dict(zip(pairs, values, strict=True))
    slopes = coef[start + len(pairs) :] * SLOPE_SCALE
    for carrier, slope in zip(design.carriers if design.slope_effects else [], slopes, strict=True):
        for code, effect in design.slope_effects.items():
            deviation[(carrier, code)] = deviation.get((carrier, code), 0.0) + slope * effect
    return RiskModel(
        float(fitted.intercept_[0]),
        design.prior | learned,
        offsets,
        {pair: deviation[pair] for pair in sorted(set(design.pairs) | _slope_pairs(design))},
        {pair: deviation[pair] for pair in design.field_pairs},
        kind,
        dict(zip(design.components, components, strict=True)),
        {pair: deviation[pair] for pair in design.component_pairs},
    )


def _slope_pairs(design: _Design) -> set[tuple[str, str]]:
    """(carrier_id, code) of every code the carrier slopes scale (none without slopes)."""
    return {(c, code) for c in design.carriers for code in design.slope_effects}


def _term_scales(model: RiskModel) -> dict[tuple[str, str], float]:
    """Each deviation term's scale factor: (its first-fit size over the root mean square of all
    deviations) ** TERM_SCALE_POWER, within CARRIER_SCALE_BOUNDS."""
    deviations = model.deviations | model.field_deviations | model.component_deviations
    sizes = np.abs(np.fromiter(deviations.values(), dtype=float, count=len(deviations)))
    rms = float(np.sqrt(np.mean(sizes**2))) if len(sizes) else 0.0
    if rms <= 0:
        return {}
    factors = np.clip((sizes / rms) ** TERM_SCALE_POWER, *CARRIER_SCALE_BOUNDS)
    return dict(zip(deviations, factors.tolist(), strict=True))


def _carrier_scales(model: RiskModel) -> dict[str, float]:
    """Each carrier's deviation-scale factor: the root mean square of its deviations over the
    carriers' mean, within CARRIER_SCALE_BOUNDS."""
    deviations = model.deviations | model.field_deviations | model.component_deviations
    if not deviations:
        return {}
    frame = pd.DataFrame(
        [(carrier, value) for (carrier, _), value in sorted(deviations.items())],
        columns=["carrier_id", "deviation"],
    )
    rms = np.sqrt((frame["deviation"] ** 2).groupby(frame["carrier_id"]).mean())
    if rms.mean() <= 0:
        return {}
    return (rms / rms.mean()).clip(*CARRIER_SCALE_BOUNDS).to_dict()


def fit_risk_model(
    history: History, catalogue: FindingCatalogue, deviations: bool = True
) -> RiskModel:
    """Fit the model on the labelled history; the prior model when history is too thin.

    deviations=False fits pooled effects and carrier offsets only (the simpler candidate).
    A code the history never shows keeps its severity prior.
    """
    prior = prior_model(catalogue)
    y = history.orders["rejected"].to_numpy(dtype=int)
    if len(y) < MIN_HISTORY or y.min() == y.max():
        return prior
    seen = _componented(history.codes).merge(
        history.orders[["order_id", "carrier_id"]], on="order_id"
    )
    pairs = sorted(set(zip(seen["carrier_id"], seen["code"], strict=True))) if deviations else []
    field_pairs = sorted(
        {
            (carrier, FIELD_VERDICT_CODES[code])
            for carrier, code in pairs
            if code in FIELD_VERDICT_CODES
        }
    )
    with_component = seen[seen["component"] != ""]
    component_pairs = (
        sorted(set(zip(with_component["carrier_id"], with_component["component"], strict=True)))
        if deviations
        else []
    )
    design = _Design(
        sorted(seen["code"].unique()),
        sorted(history.orders["carrier_id"].unique()),
        pairs,
        field_pairs,
        sorted(with_component["component"].unique()),
        component_pairs,
        prior.pooled,
        DEVIATION_SCALES[0],
        {},
    )

    def fitted(design: _Design, kind: str) -> RiskModel:
        return _model(design, _fit(design.matrix(history.orders, history.codes), y), kind)

    if not deviations:
        return fitted(design, "pooled")
    design = _choose_deviation_scale(design, history, y)
    first = fitted(design, "carrier deviations")
    refit = replace(
        design,
        carrier_scales=_carrier_scales(first),
        term_scales=_term_scales(first),
        slope_effects=first.pooled,
    )
    return fitted(refit, "carrier deviations")
