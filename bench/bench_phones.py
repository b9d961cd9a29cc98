"""Batch NANP classification (classify_nationals) against phonenumbers, number by number.

Every NPA 200-999 x NXX 000-999 with --lines seeded line numbers each, in chunks of --npas NPAs:
prints the mismatches (target: 0) and the time of both ways in the same run, then the two RE2
engines on the US validity patterns. Run on demand:

    python bench/bench_phones.py --lines 3
"""

from __future__ import annotations

import argparse
import random
import time

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from portrecon.nanp_metadata import nanp_region_rules
from portrecon.nanp_validity import classify_national, classify_nationals

SEED = 1


def numbers_of(npas: range, lines: int, rng: random.Random) -> list[str]:
    """Every NXX of each NPA, with `lines` random line numbers each (distinct per NPA-NXX)."""
    return [
        f"{npa}{nxx:03d}{line:04d}"
        for npa in npas
        for nxx in range(1000)
        for line in sorted(rng.sample(range(10_000), lines))
    ]


def compare(numbers: list[str]) -> tuple[list[str], float, float]:
    """(mismatching numbers, batch seconds, number-by-number seconds) on one chunk."""
    start = time.perf_counter()
    batch = classify_nationals(numbers)
    batch_s = time.perf_counter() - start
    start = time.perf_counter()
    single = [classify_national(n) for n in numbers]
    single_s = time.perf_counter() - start
    classify_national.cache_clear()  # the numbers are distinct: the cache only holds memory
    return [n for n, s in zip(numbers, single, strict=True) if batch[n] != s], batch_s, single_s


def compare_engines(numbers: list[str]) -> None:
    """DuckDB regexp_full_match vs pyarrow match_substring_regex (both RE2) on US validity."""
    us = next(r for r in nanp_region_rules() if r.region == "US")
    patterns = [us.general.pattern, "|".join(f"(?:{p})" for p in us.type_patterns_by_length()[10])]
    array = pa.array(numbers, pa.string())
    con = duckdb.connect()
    con.register("numbers", pa.table({"nsn": array}))
    start = time.perf_counter()
    conditions = " AND ".join(f"regexp_full_match(nsn, '{p}')" for p in patterns)
    duck = con.execute(f"SELECT count(*) FILTER (WHERE {conditions}) FROM numbers").fetchone()[0]
    duck_s = time.perf_counter() - start
    start = time.perf_counter()
    masks = [pc.match_substring_regex(array, f"^(?:{p})$") for p in patterns]
    arrow = pc.sum(pc.cast(pc.and_(*masks), pa.int64())).as_py()
    arrow_s = time.perf_counter() - start
    print(
        f"RE2 engines, US validity over {len(numbers):,} numbers: duckdb {duck_s:.3f}s "
        f"({duck:,} valid), pyarrow {arrow_s:.3f}s ({arrow:,} valid)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=3, help="line numbers per NPA-NXX")
    parser.add_argument("--npas", type=int, default=50, help="NPAs per chunk")
    args = parser.parse_args()
    rng = random.Random(SEED)
    checked = mismatched = 0
    batch_total = single_total = 0.0
    print("npas     numbers  mismatches  batch_s  per_number_s  ratio")
    for first in range(200, 1000, args.npas):
        npas = range(first, min(first + args.npas, 1000))
        numbers = numbers_of(npas, args.lines, rng)
        mismatches, batch_s, single_s = compare(numbers)
        checked, mismatched = checked + len(numbers), mismatched + len(mismatches)
        batch_total, single_total = batch_total + batch_s, single_total + single_s
        print(
            f"{npas.start}-{npas.stop - 1} {len(numbers):>9,} {len(mismatches):>11}"
            f" {batch_s:>8.2f} {single_s:>13.2f} {single_s / batch_s:>5.1f}x"
        )
        for number in mismatches[:5]:
            print(
                f"  {number}: batch {classify_nationals([number])[number]}"
                f" phonenumbers {classify_national(number)}"
            )
    print(
        f"all     {checked:>9,} {mismatched:>11} {batch_total:>8.2f} {single_total:>13.2f}"
        f" {single_total / batch_total:>5.1f}x"
    )
    compare_engines(numbers_of(range(200, 1000, 8), 1, random.Random(SEED)))


if __name__ == "__main__":
    main()
