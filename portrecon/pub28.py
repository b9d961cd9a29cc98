"""USPS Publication 28 tables as published: C1 street suffixes and C2 secondary unit designators.

The tables are data (`data/usps_pub28_c1.csv`, `data/usps_pub28_c2.csv`, source in
`data/usps_pub28_SOURCE.md`), read here without any matching logic, so the address normaliser
and the synthetic world draw on the very same rows and neither types them from memory.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

# The C2 row "Blank, unable to determine": the pound sign stands for the designator.
POUND = "#"


@dataclass(frozen=True, slots=True)
class SuffixRow:
    """One printed row of C1: a commonly used form of a primary street suffix name."""

    primary: str
    common: str
    standard: str


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One row of C2: a designator, its approved abbreviation, whether a number must follow."""

    designator: str
    abbreviation: str
    requires_number: bool


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("portrecon.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def suffix_rows() -> tuple[SuffixRow, ...]:
    """Every row of Appendix C1, in the publication's order."""
    return tuple(SuffixRow(**row) for row in _rows("usps_pub28_c1.csv"))


@cache
def unit_rows() -> tuple[UnitRow, ...]:
    """Every row of Appendix C2, in the publication's order."""
    return tuple(
        UnitRow(row["designator"], row["abbreviation"], row["requires_number"] == "yes")
        for row in _rows("usps_pub28_c2.csv")
    )


@cache
def suffix_forms() -> dict[str, frozenset[str]]:
    """Every written form of a C1 suffix (primary name, common form, standard abbreviation) ->
    the standard abbreviations it is listed under; more than one means the form is ambiguous."""
    forms: dict[str, set[str]] = {}
    for row in suffix_rows():
        for form in (row.primary, row.common, row.standard):
            forms.setdefault(form, set()).add(row.standard)
    return {form: frozenset(standards) for form, standards in forms.items()}


@cache
def suffix_primaries() -> dict[str, tuple[str, ...]]:
    """Primary name -> its forms as printed (common forms in order, then the primary name and the
    standard abbreviation when the table does not list them among the common forms)."""
    groups: dict[str, list[str]] = {}
    for row in suffix_rows():
        group = groups.setdefault(row.primary, [])
        group.append(row.common)
    for row in suffix_rows():
        for form in (row.primary, row.standard):
            if form not in groups[row.primary]:
                groups[row.primary].append(form)
    return {primary: tuple(forms) for primary, forms in groups.items()}
