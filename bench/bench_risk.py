"""Rejection risk against the synthetic world's truth: how close the product's probabilities come to
the simulated carriers' true probabilities, and which candidate model fits the history best.

Run on demand: `python bench/bench_risk.py --orders 2000 20000 --seeds 0 1 2`. For each synthetic
inbox (portrecon.synth with truth) it loads the inbox, builds orders and findings, then prints
1. held-out: the product's `rejection_risk` probability of every open port-in against the outcome
   the simulation drew for it (after as-of), next to synth's true probability (the ceiling) and a
   constant rate (the history's rejection rate): ROC-AUC, Brier, log-loss;
   (--feature-sets: also models fitted on smaller feature sets, compared on the same orders);
2. candidates: 5-fold cross-validation on the labelled history (the model is refitted on 4/5 and
   scored on the held-out 1/5) for every candidate model, the truth and the constant rate;
3. per-carrier AUC and a calibration table by decile of the product's probability.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from portrecon.findings_catalogue import default_catalogue
from portrecon.ingest import load_inbox
from portrecon.reconcile import build_findings
from portrecon.risk import build_rejection_risk
from portrecon.risk.learned import Learned
from portrecon.risk.model import fit_risk_model, prior_model
from portrecon.risk.training import PENDING_CONFLICT, History, load_history
from portrecon.synth import generate
from portrecon.timelines import build_orders

AS_OF = dt.date(2026, 11, 20)
RANDOM_STATE = 0
INPUT_TABLES = ("csr_records", "loa_records", "loa_numbers", "order_events")
Candidate = Callable[[History, History], np.ndarray]


def _table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register("_frame", frame)
    con.execute(f"CREATE TABLE {name} AS SELECT * FROM _frame")
    con.unregister("_frame")


def warehouse(orders: int, seed: int, work: Path) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    """In-memory warehouse (inputs, orders, findings) of a synthetic inbox, and its risk truth."""
    inbox, truth = work / f"synth-{orders}-{seed}", work / f"truth-{orders}-{seed}"
    if not (truth / "risk.csv").exists():
        generate(inbox, orders, seed, AS_OF, truth)
    return night_tables(inbox), pd.read_csv(truth / "risk.csv", dtype={"order_id": str})


def night_tables(inbox: Path) -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with an inbox's input tables, orders and findings (what the risk and
    rejection_outcomes benches build on)."""
    frames = load_inbox(inbox).frames
    con = duckdb.connect()
    for name in INPUT_TABLES:
        _table(con, name, frames[name])
    _table(con, "orders", build_orders(con, AS_OF))
    _table(con, "findings", build_findings(con, AS_OF))
    return con


def scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    auc = roc_auc_score(y, p) if 0 < y.sum() < len(y) else float("nan")
    return {"auc": auc, "brier": brier_score_loss(y, p), "log_loss": log_loss(y, p, labels=[0, 1])}


def _subset(history: History, rows: np.ndarray) -> History:
    orders = history.orders.iloc[rows].reset_index(drop=True)
    return History(orders, history.codes[history.codes["order_id"].isin(orders["order_id"])])


def _gradient_boosting(train: History, test: History) -> np.ndarray:
    """Reference only (not readable): boosted trees on code indicators and the carrier."""

    def features(h: History) -> pd.DataFrame:
        wide = pd.crosstab(h.codes["order_id"], h.codes["code"]).clip(upper=1)
        wide = wide.reindex(h.orders["order_id"], fill_value=0)
        return wide.assign(carrier=pd.Categorical(h.orders["carrier_id"].to_numpy(), carriers))

    carriers = sorted(set(train.orders["carrier_id"]) | set(test.orders["carrier_id"]))
    x_train = features(train)
    x_test = features(test).reindex(columns=x_train.columns, fill_value=0)
    model = HistGradientBoostingClassifier(
        max_iter=200, learning_rate=0.05, categorical_features="from_dtype", random_state=0
    )
    model.fit(x_train, train.orders["rejected"])
    return model.predict_proba(x_test)[:, 1]


CANDIDATES: dict[str, Candidate] = {
    "constant rate": lambda train, test: np.full(len(test.orders), train.orders["rejected"].mean()),
    "severity prior (no learning)": lambda train, test: prior_model(default_catalogue()).predict(
        test.orders, test.codes
    ),
    "pooled + carrier offset": lambda train, test: fit_risk_model(
        train, default_catalogue(), deviations=False
    ).predict(test.orders, test.codes),
    "carrier deviations (chosen)": lambda train, test: fit_risk_model(
        train, default_catalogue()
    ).predict(test.orders, test.codes),
    "gradient boosting (reference)": _gradient_boosting,
}


def _without_components(history: History) -> History:
    return History(history.orders, history.codes.assign(component=""))


def _without_name_components(history: History) -> History:
    names = history.codes["component"].str.startswith("NAME_")
    return History(
        history.orders, history.codes.assign(component=history.codes["component"].where(~names, ""))
    )


def _without_conflicts(history: History) -> History:
    codes = history.codes[history.codes["code"] != PENDING_CONFLICT]
    return History(history.orders, codes.assign(component=""))


# Feature sets compared on the held-out open port-ins: the history the model is fitted on is cut
# down to the set; the open orders keep all their codes, a term the fit never saw counts 0.
FEATURE_SETS: dict[str, Callable[[History], History]] = {
    "codes only, no pending conflict (v1)": _without_conflicts,
    "+ pending-order conflict": _without_components,
    "+ ZIP vs rest of address": _without_name_components,
}


def feature_set_probability(
    con: duckdb.DuckDBPyConnection, history: History, cut: Callable[[History], History]
) -> pd.Series:
    """order_id -> the probability rejection_risk gives with a model fitted on the cut history
    (a code the cut history leaves out adds nothing)."""
    reduced = cut(history)
    model = fit_risk_model(reduced, default_catalogue())
    if not (reduced.codes["code"] == PENDING_CONFLICT).any():
        model = replace(model, pooled=model.pooled | {PENDING_CONFLICT: 0.0})
    risk = build_rejection_risk(con, AS_OF, learned=Learned(reduced, model))
    return risk.set_index("order_id")["probability"]


def cross_validated(history: History, truth: pd.DataFrame) -> pd.DataFrame:
    """Out-of-fold probability of every labelled order for each candidate, plus the truth's."""
    y = history.orders["rejected"].to_numpy()
    out = history.orders[["order_id", "carrier_id", "rejected"]].copy()
    folds = StratifiedKFold(5, shuffle=True, random_state=RANDOM_STATE).split(np.zeros(len(y)), y)
    for name in CANDIDATES:
        out[name] = np.nan
    for train, test in folds:
        for name, candidate in CANDIDATES.items():
            out.loc[test, name] = candidate(_subset(history, train), _subset(history, test))
    return out.merge(truth[["order_id", "true_probability"]], on="order_id")


def print_scores(title: str, y: np.ndarray, columns: dict[str, np.ndarray]) -> None:
    print(f"\n{title} (n={len(y)}, rejected={int(y.sum())})")
    print(f"| {'model':<32} | ROC-AUC | Brier  | log-loss |\n|---|---|---|---|")
    for name, p in columns.items():
        s = scores(y, p)
        print(f"| {name:<32} | {s['auc']:.4f}  | {s['brier']:.4f} | {s['log_loss']:.4f}   |")


def print_per_carrier(frame: pd.DataFrame, product: str) -> None:
    print(f"\nper-carrier ROC-AUC and Brier ({product} vs truth vs constant)")
    print(
        "| carrier | n | rejected | AUC product | AUC truth | Brier product | Brier truth "
        "| Brier constant |\n|---|---|---|---|---|---|---|---|"
    )
    for carrier, group in frame.groupby("carrier_id"):
        y = group["outcome"].to_numpy()
        p, t = scores(y, group[product].to_numpy()), scores(y, group["true_probability"].to_numpy())
        c = scores(y, group["constant"].to_numpy())
        print(
            f"| {carrier} | {len(y)} | {int(y.sum())} | {p['auc']:.3f} | {t['auc']:.3f} "
            f"| {p['brier']:.4f} | {t['brier']:.4f} | {c['brier']:.4f} |"
        )


def print_calibration(frame: pd.DataFrame, product: str) -> None:
    print(f"\ncalibration by decile of {product}")
    print("| decile | n | mean predicted | observed | mean true p |\n|---|---|---|---|---|")
    deciles = pd.qcut(frame[product].rank(method="first"), 10, labels=False)
    for decile, group in frame.groupby(deciles):
        print(
            f"| {decile + 1} | {len(group)} | {group[product].mean():.3f} | "
            f"{group['outcome'].mean():.3f} | {group['true_probability'].mean():.3f} |"
        )


def bench(
    orders: list[int], seeds: list[int], work: Path, cv: bool = True, feature_sets: bool = False
) -> None:
    for size in orders:
        held_out, folds = [], []
        for seed in seeds:
            con, truth = warehouse(size, seed, work)
            start = time.perf_counter()
            risk = build_rejection_risk(con, AS_OF)
            seconds = time.perf_counter() - start
            history = load_history(con, AS_OF)
            rate = history.orders["rejected"].mean()
            print(
                f"\n## {size} orders, seed {seed}: {len(history.orders)} labelled history, "
                f"{len(risk)} open port-ins scored in {seconds:.1f}s"
            )
            future = truth.loc[
                truth["is_history"] == 0, ["order_id", "true_probability", "outcome"]
            ]
            joined = risk.merge(future, on="order_id")
            for name, cut in FEATURE_SETS.items() if feature_sets else ():
                joined[name] = joined["order_id"].map(feature_set_probability(con, history, cut))
            held_out.append(joined.assign(constant=rate, seed=seed))
            if cv:
                folds.append(cross_validated(history, truth).assign(seed=seed))
        held = pd.concat(held_out, ignore_index=True)
        y = held["outcome"].to_numpy()
        print_scores(
            f"### {size} orders, held-out open port-ins (seeds {seeds})",
            y,
            {
                **{name: held[name].to_numpy() for name in FEATURE_SETS if name in held},
                "product (rejection_risk)": held["probability"].to_numpy(),
                "truth (ceiling)": held["true_probability"].to_numpy(),
                "constant rate": held["constant"].to_numpy(),
            },
        )
        if cv:
            oof = pd.concat(folds, ignore_index=True)
            print_scores(
                f"### {size} orders, 5-fold CV on the labelled history (seeds {seeds})",
                oof["rejected"].to_numpy(),
                {name: oof[name].to_numpy() for name in [*CANDIDATES, "true_probability"]},
            )
        print_per_carrier(held, "probability")
        print_calibration(held, "probability")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, nargs="+", default=[2_000, 20_000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/portrecon-bench-risk"))
    parser.add_argument(
        "--no-cv", action="store_true", help="held-out measure only (skip the candidates' CV)"
    )
    parser.add_argument(
        "--feature-sets",
        action="store_true",
        help="also score the held-out orders with models fitted on smaller feature sets",
    )
    args = parser.parse_args()
    bench(args.orders, args.seeds, args.work, cv=not args.no_cv, feature_sets=args.feature_sets)


if __name__ == "__main__":
    main()
