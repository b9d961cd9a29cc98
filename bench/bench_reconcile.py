"""Benchmark reconciliation against the synthetic world's truth: accuracy per field, F1 per code.

Either generates a synthetic inbox (`--orders N`, loaded with portrecon.ingest and
portrecon.timelines) or reads an existing warehouse (`--warehouse W --truth T`), times
`build_findings`, and prints per field the confusion matrix of true vs produced verdict,
6-class and 4-group accuracy, precision/recall/F1 per finding code, time and rows/s; then the
agreement of `carrier_intervals` with truth/carrier_intervals.csv per metric (issue 18).

    python bench/bench_reconcile.py --orders 20000 [--seed 7] [--keep DIR]
    python bench/bench_reconcile.py --orders 2000 --seed 1 --port-date-defects 0.1 --late-carriers
    python bench/bench_reconcile.py --warehouse data/warehouse.duckdb --truth TRUTH_DIR
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

from portrecon.carriers import default_carrier_book
from portrecon.findings_catalogue import ALL_CODES
from portrecon.ingest import load_inbox
from portrecon.intervals import build_carrier_intervals
from portrecon.match.verdicts import VERDICTS
from portrecon.reconcile import build_findings
from portrecon.synth import generate
from portrecon.timelines import build_orders

FIELDS = ("name", "address", "account", "pin", "btn")
# The 4-group view: what a porting specialist acts on.
GROUPS = {
    "exact": "exact/equivalent",
    "equivalent": "exact/equivalent",
    "similar": "not equivalent",
    "different": "not equivalent",
    "missing_loa": "missing",
    "missing_csr": "missing",
}
# Fine address components reported by reconciliation -> the truth's coarse components.
COARSE_COMPONENT = {
    "predirectional": "street",
    "suffix": "street",
    "postdirectional": "street",
}
# Codes the synthetic truth does not list: reported, not scored.
UNMODELLED_CODES = ("CARRIER_UNKNOWN",)
# Issue 18's port-date codes: truth/port_date_findings.csv (synth's own reading of the dates it
# planted), also scored as per-order agreement of the set of these codes.
PORT_DATE_CODES = ("PORT_DATE_NOT_BUSINESS_DAY", "PORT_DATE_NOT_FEASIBLE", "PORT_DATE_TOO_FAR")
INPUT_TABLES = ("csr_raw", "csr_records", "loa_raw", "loa_records", "loa_numbers", "order_events")
# carrier_intervals: one row per carrier, direction and month of submission; each metric scored.
INTERVAL_KEYS = ["carrier_id", "direction", "month"]
INTERVAL_METRICS = (
    "foc_responses",
    "foc_on_time_rate",
    "simple_ports",
    "simple_completed",
    "simple_on_interval_rate",
    "dispute_candidates",
)
RATE_TOLERANCE = 1e-9
# Orders this large need min_business_days_by_size's second step (5 business days, not 2).
LARGE_ORDER = 100


def warehouse_from_inbox(inbox: Path, as_of: dt.date) -> tuple[duckdb.DuckDBPyConnection, float]:
    """In-memory DuckDB with the ingest tables and `orders`; returns it and the ingest seconds."""
    start = time.perf_counter()
    frames = load_inbox(inbox).frames
    con = duckdb.connect()
    for name in INPUT_TABLES:
        con.register("_frame", frames[name])
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _frame")
        con.unregister("_frame")
    orders = build_orders(con, as_of)
    con.register("_frame", orders)
    con.execute("CREATE TABLE orders AS SELECT * FROM _frame")
    con.unregister("_frame")
    return con, time.perf_counter() - start


def produced_verdicts(con: duckdb.DuckDBPyConnection, findings: pd.DataFrame) -> pd.DataFrame:
    """(order_id, field, verdict, component) for every matched LOA: `exact` unless a finding."""
    loas = con.sql("SELECT DISTINCT order_id FROM loa_records").df()
    unmatched = set(findings.loc[findings.code == "CSR_NOT_FOUND", "order_id"])
    grid = pd.MultiIndex.from_product([loas.order_id, FIELDS], names=["order_id", "field"])
    out = pd.DataFrame(index=grid).reset_index()
    out["verdict"] = "exact"
    out.loc[out.order_id.isin(unmatched), "verdict"] = "no_csr"
    field_rows = findings[findings.verdict.notna()].copy()
    field_rows["base"] = field_rows.field.str.split(".").str[0]
    field_rows["component"] = field_rows.field.map(_coarse_components)
    keyed = field_rows.set_index(["order_id", "base"])
    index = pd.MultiIndex.from_frame(out[["order_id", "field"]])
    out["verdict"] = keyed["verdict"].reindex(index).fillna(out.set_index(index).verdict).values
    out["component"] = keyed["component"].reindex(index).values
    return out


def _coarse_components(field: str) -> str:
    parts = [p.split(".", 1)[1] for p in field.split(",") if "." in p]
    return ";".join(sorted({COARSE_COMPONENT.get(p, p) for p in parts}))


def print_field_report(truth: pd.DataFrame, produced: pd.DataFrame) -> float:
    """Confusion matrices and accuracies per field; returns the overall 6-class accuracy."""
    joined = truth.merge(produced, on=["order_id", "field"], how="left", suffixes=("", "_got"))
    joined["verdict_got"] = joined.verdict_got.fillna("no_loa")
    labels = [*VERDICTS, "no_csr", "no_loa"]
    for field in FIELDS:
        rows = joined[joined.field == field]
        if rows.empty:
            continue
        matrix = pd.crosstab(rows.verdict, rows.verdict_got).reindex(
            index=[v for v in labels if v in set(rows.verdict)],
            columns=[v for v in labels if v in set(rows.verdict_got)],
            fill_value=0,
        )
        six = (rows.verdict == rows.verdict_got).mean()
        four = (rows.verdict.map(GROUPS) == rows.verdict_got.map(GROUPS)).mean()
        print(
            f"\n== {field}: {len(rows)} compared, 6-class accuracy {six:.4f}, "
            f"exact/equivalent/not-equivalent/missing accuracy {four:.4f}"
        )
        print("true \\ produced")
        print(matrix.to_string())
        if field == "address":
            wrong = rows[
                (rows.verdict == rows.verdict_got) & rows.verdict.isin(["similar", "different"])
            ]
            same = (wrong.component.fillna("") == wrong.component_got.fillna("")).mean()
            print(f"address components named right when the verdict is: {same:.4f}")
    overall = (joined.verdict == joined.verdict_got).mean()
    overall4 = (joined.verdict.map(GROUPS) == joined.verdict_got.map(GROUPS)).mean()
    print(f"\nALL FIELDS: 6-class accuracy {overall:.4f}, 4-group accuracy {overall4:.4f}")
    return overall


def print_code_report(truth: pd.DataFrame, findings: pd.DataFrame, orders: list[str]) -> float:
    """Precision/recall/F1 per finding code over the LOAs' orders; returns macro F1."""
    got = set(map(tuple, findings[["order_id", "code"]].drop_duplicates().values))
    want = set(map(tuple, truth[["order_id", "code"]].drop_duplicates().values))
    known = set(orders)
    want = {(o, c) for o, c in want if o in known}
    rows = []
    for code in (c for c in ALL_CODES if c not in UNMODELLED_CODES):
        g = {o for o, c in got if c == code}
        w = {o for o, c in want if c == code}
        if not g and not w:
            continue
        tp = len(g & w)
        precision = tp / len(g) if g else 0.0
        recall = tp / len(w) if w else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append((code, len(w), len(g), tp, precision, recall, f1))
    table = pd.DataFrame(
        rows, columns=["code", "true", "produced", "tp", "precision", "recall", "f1"]
    )
    print("\n== finding codes (per order)")
    print(table.to_string(index=False, float_format=lambda x: f"{x:.4f}"))
    macro = table.f1.mean()
    print(f"macro F1 {macro:.4f}")
    port_date_agreement(got, want, known)
    for code in UNMODELLED_CODES:
        print(f"{code}: {sum(c == code for _, c in got)} orders (not in the synth truth)")
    return macro


def port_date_agreement(
    got: set[tuple[str, str]], want: set[tuple[str, str]], orders: set[str]
) -> float:
    """Share of the LOAs' orders whose set of PORT_DATE_* codes equals the truth's; prints it
    and the first disagreements."""

    def per_order(pairs: set[tuple[str, str]]) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for order, code in pairs:
            if code in PORT_DATE_CODES and order in orders:
                out.setdefault(order, set()).add(code)
        return {o: frozenset(c) for o, c in out.items()}

    g, w = per_order(got), per_order(want)
    wrong = sorted(o for o in orders if g.get(o, frozenset()) != w.get(o, frozenset()))
    agreement = 1 - len(wrong) / len(orders) if orders else 1.0
    print(f"port-date codes: per-order agreement {agreement:.4f} over {len(orders)} orders")
    for order in wrong[:10]:
        print(f"  {order}: truth {sorted(w.get(order, []))}, produced {sorted(g.get(order, []))}")
    return agreement


def interval_agreement(product: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """Per metric, the share of (carrier, direction, month) rows of either side on which the
    product's carrier_intervals equals the truth's (NULL rates agree with NULL; a row on one side
    only disagrees on every metric)."""
    keyed = []
    for frame in (product, truth):
        frame = frame.assign(month=pd.to_datetime(frame["month"]).dt.strftime("%Y-%m-%d"))
        keyed.append(frame.astype({k: str for k in INTERVAL_KEYS}).set_index(INTERVAL_KEYS))
    mine, theirs = keyed
    rows = mine.index.union(theirs.index)
    scores = {}
    for metric in INTERVAL_METRICS:
        got = pd.to_numeric(mine[metric].reindex(rows), errors="coerce")
        want = pd.to_numeric(theirs[metric].reindex(rows), errors="coerce")
        present = rows.isin(mine.index) & rows.isin(theirs.index)
        same = ((got - want).abs() <= RATE_TOLERANCE) | (got.isna() & want.isna())
        scores[metric] = float((same & present).mean()) if len(rows) else 1.0
    return scores


def print_interval_report(con: duckdb.DuckDBPyConnection, as_of: dt.date, truth: Path) -> None:
    """Times build_carrier_intervals and prints its agreement with the truth per metric."""
    start = time.perf_counter()
    product = build_carrier_intervals(con, as_of, default_carrier_book())
    seconds = time.perf_counter() - start
    expected = pd.read_csv(truth, dtype=str)
    print(
        f"\n== carrier_intervals: {len(product)} rows produced, {len(expected)} in truth, "
        f"built in {seconds:.2f}s"
    )
    for metric, share in interval_agreement(product, expected).items():
        print(f"  {metric:26} agreement {share:.4f}")
    ports = product[product["direction"] == "port_in"]
    for column in ("foc_responses", "foc_on_time", "simple_completed", "simple_on_interval"):
        print(f"  port-ins, {column}: {int(ports[column].sum())}", end="")
    print(f"; dispute candidates: {int(ports['dispute_candidates'].sum())}")


def print_size_report(con: duckdb.DuckDBPyConnection, truth: pd.DataFrame, got: set) -> None:
    """PORT_DATE_NOT_FEASIBLE on orders of LARGE_ORDER+ numbers: truth, produced, both."""
    large = set(
        con.sql(f"SELECT order_id FROM loa_records WHERE tn_count >= {LARGE_ORDER}").df().order_id
    )
    code = "PORT_DATE_NOT_FEASIBLE"
    want = {o for o, c in truth[["order_id", "code"]].values if c == code and o in large}
    made = {o for o, c in got if c == code and o in large}
    print(
        f"{code} on orders of {LARGE_ORDER}+ numbers ({len(large)} such LOAs): truth {len(want)}, "
        f"produced {len(made)}, both {len(want & made)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 20))
    parser.add_argument(
        "--port-date-defects",
        type=float,
        default=0.0,
        help="share of port-ins whose requested date synth plants with a defect (0 to 1)",
    )
    parser.add_argument(
        "--late-carriers",
        action="store_true",
        help="synth plants carriers that answer late (truth/punctuality.csv)",
    )
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    parser.add_argument("--warehouse", type=Path, help="an existing warehouse file to read")
    parser.add_argument("--truth", type=Path, help="truth directory of that warehouse's inbox")
    args = parser.parse_args()

    if args.warehouse:
        if not args.truth:
            parser.error("--warehouse needs --truth")
        con, truth_dir = duckdb.connect(str(args.warehouse), read_only=True), args.truth
        ingest_seconds = 0.0
    else:
        root = args.keep or Path(tempfile.mkdtemp(prefix="bench_reconcile_"))
        inbox, truth_dir = root / "inbox", root / "truth"
        start = time.perf_counter()
        generate(
            inbox,
            args.orders,
            args.seed,
            args.as_of,
            truth_dir,
            port_date_defects=args.port_date_defects,
            late_carriers=args.late_carriers,
        )
        print(f"synth: {args.orders} orders in {time.perf_counter() - start:.1f}s -> {root}")
        con, ingest_seconds = warehouse_from_inbox(inbox, args.as_of)
        print(f"ingest + orders: {ingest_seconds:.1f}s")

    [(loas,)] = con.sql("SELECT count(*) FROM loa_records").fetchall()
    start, cpu_start = time.perf_counter(), time.process_time()
    findings = build_findings(con, args.as_of)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"build_findings: {loas} LOAs -> {len(findings)} findings in {seconds:.2f}s wall "
        f"({loas / seconds:,.0f} LOAs/s), {cpu:.2f}s CPU of this process (DuckDB threads "
        f"included); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )

    truth_fields = pd.read_csv(
        truth_dir / "field_verdicts.csv", dtype=str, keep_default_na=False
    ).replace({"": None})
    truth_codes = pd.read_csv(truth_dir / "order_findings.csv", dtype=str)
    port_date_truth = truth_dir / "port_date_findings.csv"
    if port_date_truth.exists():
        dated = pd.read_csv(port_date_truth, dtype=str)[["order_id", "code"]]
        truth_codes = pd.concat([truth_codes, dated], ignore_index=True)
    orders = con.sql("SELECT DISTINCT order_id FROM loa_records").df().order_id.tolist()
    print_field_report(truth_fields, produced_verdicts(con, findings))
    print_code_report(truth_codes, findings, orders)
    print_size_report(con, truth_codes, set(map(tuple, findings[["order_id", "code"]].values)))
    intervals_truth = truth_dir / "carrier_intervals.csv"
    if intervals_truth.exists():
        print_interval_report(con, args.as_of, intervals_truth)


if __name__ == "__main__":
    main()
