"""Whether NANP national numbers are valid, and in which region: one by one, or all at once.

One by one asks phonenumbers. All at once runs phonenumbers' own metadata (nanp_metadata) through
DuckDB's RE2 engine in one query that takes the library's decision steps, so ingest pays one
set-based pass (~2 us a number) instead of tens of microseconds per number;
tests/test_phones_batch.py and bench/bench_phones.py check that both give the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import duckdb
import phonenumbers
import pyarrow as pa

from portrecon.duck import connect, sql_literal
from portrecon.nanp_metadata import NANP_CALLING_CODE, RegionRules, nanp_region_rules

PREFERRED_REGIONS = ("US", "CA")  # tried first, as most numbers are theirs


@cache
def classify_national(national: str) -> tuple[bool, str | None]:
    """(valid, region) of a ten-digit NANP number; US and CA are tried first, as most are."""
    number = phonenumbers.PhoneNumber(country_code=NANP_CALLING_CODE, national_number=int(national))
    for region in PREFERRED_REGIONS:
        if phonenumbers.is_valid_number_for_region(number, region):
            return True, region
    if not phonenumbers.is_valid_number(number):
        return False, None
    return True, phonenumbers.region_code_for_number(number)


def classify_nationals(
    nationals: Iterable[str], regions: Sequence[RegionRules] | None = None
) -> dict[str, tuple[bool, str | None]]:
    """classify_national of each distinct value, computed for all of them in one DuckDB query.

    `regions` defaults to the library's metadata (nanp_region_rules); a region with a pattern RE2
    cannot compile is classified by phonenumbers itself, number by number.
    """
    distinct = list(dict.fromkeys(nationals))
    # national_significant_number: the digits of int(national), as the library reads them
    numbers = pa.table({"nsn": pa.array([str(int(n)) for n in distinct], pa.string())})
    with connect() as con:
        con.create_function("library_valid", _library_valid, ["VARCHAR", "VARCHAR"], "BOOLEAN")
        con.create_function("python_prefix", _python_prefix, ["VARCHAR", "VARCHAR"], "BOOLEAN")
        con.register("numbers", numbers)
        rows = con.execute(_classify_sql(nanp_region_rules() if regions is None else regions))
        return dict(zip(distinct, rows.fetchall(), strict=True))


def _classify_sql(regions: Sequence[RegionRules]) -> str:
    """The query: is_valid_number_for_region for US then CA; else is_valid_number in the region
    _region_code_for_number_from_list picks (first in library order whose leading digits prefix
    the number, or, for a region without leading digits, in which the number is valid)."""
    by_region = {rules.region: rules for rules in regions}
    preferred = " ".join(
        f"WHEN {_valid_sql(by_region[region])} THEN {sql_literal(region)}"
        for region in PREFERRED_REGIONS
    )
    located = " ".join(
        f"WHEN {_leads_sql(rules)} THEN {sql_literal(rules.region)}" for rules in regions
    )
    located_valid = " ".join(
        f"WHEN {sql_literal(rules.region)} THEN {_valid_sql(rules)}" for rules in regions
    )
    return f"""
        SELECT preferred IS NOT NULL OR located_valid AS valid,
               coalesce(preferred, CASE WHEN located_valid THEN located END) AS region
        FROM (
            SELECT *, CASE located {located_valid} ELSE FALSE END AS located_valid
            FROM (
                SELECT *, CASE WHEN preferred IS NULL THEN CASE {located} END END AS located
                FROM (SELECT nsn, CASE {preferred} END AS preferred FROM numbers)
            )
        )
    """


def _valid_sql(rules: RegionRules) -> str:
    """is_valid_number_for_region: the general description matches and some type's does."""
    if not _runs_on_re2(rules):
        return f"library_valid(nsn, {sql_literal(rules.region)})"
    if rules.general is None:
        return "FALSE"
    general = _full_match_sql([rules.general.pattern])
    if rules.general.lengths:
        general = (
            f"length(nsn) IN ({', '.join(map(str, sorted(rules.general.lengths)))}) AND {general}"
        )
    by_length = rules.type_patterns_by_length()
    any_length = _full_match_sql(by_length.pop(None))
    branches = " ".join(f"WHEN {n} THEN {_full_match_sql(p)}" for n, p in by_length.items())
    types = f"CASE length(nsn) {branches} ELSE {any_length} END" if branches else any_length
    return f"CASE WHEN {general} THEN {types} ELSE FALSE END"


def _leads_sql(rules: RegionRules) -> str:
    """Whether _region_code_for_number_from_list stops at this region."""
    if rules.leading_digits is None:
        return _valid_sql(rules)
    if not _runs_on_re2(rules):
        return f"python_prefix(nsn, {sql_literal(rules.leading_digits)})"
    return f"regexp_matches(nsn, {sql_literal(_prefix_regex(rules.leading_digits))})"


def _full_match_sql(patterns: Sequence[str]) -> str:
    """Any of the patterns matches the whole number (one RE2 alternation; FALSE for none)."""
    return f"regexp_full_match(nsn, {sql_literal(_alternation(patterns))})" if patterns else "FALSE"


def _alternation(patterns: Sequence[str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns)


def _prefix_regex(pattern: str) -> str:
    """re.match's reading of a pattern: a match that starts at the number's first digit."""
    return f"^(?:{pattern})"


def _runs_on_re2(rules: RegionRules) -> bool:
    """Whether RE2 compiles every regex the region's SQL would run."""
    regexes = [_alternation(p) for p in rules.type_patterns_by_length().values() if p]
    if rules.general is not None:
        regexes.append(_alternation([rules.general.pattern]))
    if rules.leading_digits is not None:
        regexes.append(_prefix_regex(rules.leading_digits))
    return all(_re2_compiles(regex) for regex in regexes)


@cache
def _scratch() -> duckdb.DuckDBPyConnection:
    """One connection for compile checks (a fresh one per regex costs ~20 ms)."""
    return connect()


@cache
def _re2_compiles(regex: str) -> bool:
    """Asked once per regex."""
    try:
        _scratch().sql(f"SELECT regexp_matches('', {sql_literal(regex)})").fetchall()
    except duckdb.InvalidInputException:
        return False
    return True


def _library_valid(nsn: str, region: str) -> bool:
    """phonenumbers.is_valid_number_for_region, for a region RE2 cannot run."""
    number = phonenumbers.PhoneNumber(country_code=NANP_CALLING_CODE, national_number=int(nsn))
    return phonenumbers.is_valid_number_for_region(number, region)


def _python_prefix(nsn: str, pattern: str) -> bool:
    """Leading digits as the library tests them (Python re.match), for a region RE2 cannot run."""
    return re.match(pattern, nsn) is not None
