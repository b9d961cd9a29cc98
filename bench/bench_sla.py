"""Independent check of `orders`, `sla_by_carrier` and `portout_watch` against synth's truth.

Recomputes the tables from an inbox (loaded by the product's ingest), a warehouse, or a fresh
synth world, and prints the largest difference per column against truth/orders.csv,
truth/sla_by_carrier.csv and truth/portout_watch.csv (target: exact; the truth prints rates
with 6 decimals, so numbers within TOLERANCE count as equal). Run on demand:

    python bench/bench_sla.py --synth 20000 --as-of 2026-11-20
    python bench/bench_sla.py --inbox DIR --truth DIR --as-of 2026-11-20
    python bench/bench_sla.py --warehouse data/warehouse.duckdb --truth DIR --as-of 2026-11-20
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from portrecon import schema
from portrecon.ingest import load_inbox
from portrecon.portouts import build_portout_watch
from portrecon.sla import build_sla_by_carrier
from portrecon.timelines import build_orders

KEYS = {
    "orders": ["order_id"],
    "sla_by_carrier": ["carrier_id", "direction", "month"],
    "portout_watch": ["order_id", "action_code"],
}
TRUTH_RENAMES = {"action_kind": "action_code"}
TOLERANCE = 1e-6
INPUT_TABLES = (schema.ORDER_EVENTS, schema.LOA_RECORDS)
_BOOLEANS = {"true": 1.0, "false": 0.0}


def _create(con: duckdb.DuckDBPyConnection, table: schema.Table, frame: pd.DataFrame) -> None:
    con.execute(table.ddl())
    con.register("_frame", frame[table.column_names])
    con.execute(f'INSERT INTO "{table.name}" SELECT * FROM _frame')
    con.unregister("_frame")


def _from_inbox(inbox: Path) -> duckdb.DuckDBPyConnection:
    frames = load_inbox(inbox).frames
    con = duckdb.connect()
    for table in INPUT_TABLES:
        _create(con, table, frames[table.name])
    return con


def _from_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"ATTACH '{path}' AS wh (READ_ONLY)")
    for table in INPUT_TABLES:
        _create(con, table, con.sql(f'SELECT * FROM wh."{table.name}"').df())
    con.execute("DETACH wh")
    return con


def _synth(orders: int, seed: int, as_of: date, work: Path) -> tuple[Path, Path]:
    from portrecon.synth import generate  # imported here: the other sources work without synth

    inbox, truth = work / "inbox", work / "truth"
    started = time.perf_counter()
    generate(inbox, orders, seed, as_of, truth)
    print(f"synth {orders} orders: {time.perf_counter() - started:.1f}s")
    return inbox, truth


def _comparable(frame: pd.DataFrame, column: str) -> pd.Series:
    """Dates/timestamps as ISO text, booleans and numbers as floats, other values as text."""
    values = frame[column]
    present = int(values.notna().sum())
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%dT%H:%M:%S")
    flags = values.astype("string").str.strip().str.lower().map(_BOOLEANS, na_action="ignore")
    if present and int(flags.notna().sum()) == present:
        return flags.astype("float64")
    numeric = pd.to_numeric(values, errors="coerce")
    if present and int(numeric.notna().sum()) == present:
        return numeric.astype("float64")
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    if present and int(parsed.notna().sum()) == present:
        return parsed.dt.strftime("%Y-%m-%dT%H:%M:%S")
    return values.astype("string").str.strip()


def _with_dates(orders: pd.DataFrame) -> pd.DataFrame:
    """Add the UTC date of each `<x>_at` timestamp as `<x>_date` (truth writes dates)."""
    stamps = [c for c in orders.columns if c.endswith("_at")]
    return orders.assign(
        **{c.removesuffix("_at") + "_date": orders[c].dt.normalize() for c in stamps}
    )


def compare(name: str, product: pd.DataFrame, truth: pd.DataFrame) -> bool:
    """Print rows missing on either side and, per shared column, mismatches and max |diff|."""
    keys = KEYS[name]
    product, truth = product.copy(), truth.copy()
    for frame in (product, truth):
        for key in keys:
            frame[key] = _comparable(frame, key).astype("string")
    merged = product.merge(truth, on=keys, how="outer", suffixes=("", "__truth"), indicator=True)
    only_product = int((merged["_merge"] == "left_only").sum())
    only_truth = int((merged["_merge"] == "right_only").sum())
    both = merged[merged["_merge"] == "both"]
    print(
        f"\n{name}: {len(both)} rows matched, {only_product} only in product, "
        f"{only_truth} only in truth"
    )
    shared = [c for c in product.columns if c in truth.columns and c not in keys]
    exact = only_product == 0 and only_truth == 0
    print(f"  {'column':28} {'mismatches':>10} {'max |diff|':>12}  worst carrier")
    for column in shared:
        mine = _comparable(both, column)
        theirs = _comparable(both.rename(columns={f"{column}__truth": "_t"}), "_t")
        if pd.api.types.is_float_dtype(mine) and pd.api.types.is_float_dtype(theirs):
            diff = (mine - theirs).abs()
            one_sided = mine.isna() != theirs.isna()
            differs = diff.gt(TOLERANCE) | one_sided
            largest = f"{diff.max():.6g}" if diff.notna().any() else "-"
            largest += " +NULL" if one_sided.any() else ""
        else:
            differs = (mine.fillna("<NA>") != theirs.fillna("<NA>")).astype(bool)
            largest = "-"
        count = int(differs.sum())
        worst = ""
        if count and "carrier_id" in both.columns:
            per_carrier = both.loc[differs.to_numpy(), "carrier_id"].value_counts()
            worst = f"{per_carrier.index[0]} ({per_carrier.iloc[0]})"
        exact = exact and count == 0
        print(f"  {column:28} {count:>10} {largest:>12}  {worst}")
    return exact


def read_truth(path: Path) -> pd.DataFrame:
    """A truth table as text; refuses a file whose rows do not match its header."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header, first = next(reader), next(reader, None)
    if first is not None and len(first) != len(header):
        raise SystemExit(
            f"{path}: the header has {len(header)} columns but rows have {len(first)}: "
            "fix the truth writer"
        )
    return pd.read_csv(path, dtype=str).rename(columns=TRUTH_RENAMES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--inbox", type=Path, help="inbox to load with the product's ingest")
    source.add_argument("--warehouse", type=Path, help="warehouse with order_events, loa_records")
    source.add_argument("--synth", type=int, metavar="N", help="generate a synth world of N orders")
    parser.add_argument("--truth", type=Path, help="synth truth dir (default: the generated one)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="with --synth: write the world here and keep it")
    parser.add_argument("--as-of", type=date.fromisoformat, required=True)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as work:
        truth = args.truth
        if args.synth:
            inbox, truth = _synth(args.synth, args.seed, args.as_of, args.keep or Path(work))
            args.inbox = inbox
        if truth is None:
            parser.error("--truth is required with --inbox or --warehouse")
        started = time.perf_counter()
        con = _from_inbox(args.inbox) if args.inbox else _from_warehouse(args.warehouse)
        loaded = time.perf_counter()
        orders = build_orders(con, args.as_of)
        _create(con, schema.ORDERS, orders)
        built = time.perf_counter()
        sla = build_sla_by_carrier(con, args.as_of)
        done = time.perf_counter()
        watch = build_portout_watch(con, args.as_of)
        print(
            f"load {loaded - started:.2f}s, orders ({len(orders)} rows) {built - loaded:.2f}s, "
            f"sla ({len(sla)} rows) {done - built:.2f}s"
        )
        exact = True
        products = {"orders": _with_dates(orders), "sla_by_carrier": sla, "portout_watch": watch}
        for name, product in products.items():
            exact &= compare(name, product, read_truth(truth / f"{name}.csv"))
    print("\nEXACT" if exact else "\nDIFFERENCES (see above)")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
