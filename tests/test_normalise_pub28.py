"""USPS Publication 28 at completeness: every C1 suffix row and every C2 designator row compares
as the same address component in both directions, in any case and with periods; units without a
number are units; ZIP+4 in every written form is the ZIP."""

import pandas as pd
import pytest

from portrecon.match.verdicts import compare_addresses
from portrecon.pub28 import POUND, suffix_forms, suffix_primaries, suffix_rows, unit_rows

_FIELDS = ["service_address_1", "service_address_2", "city", "state", "postal_code"]
_PLACE = ("Cedar Rapids", "IA", "52402")
# The one C1 form printed under two primaries with different standards (MEADOW's standard,
# a common form of MEADOWS): never resolved to either.
AMBIGUOUS_FORM = "MDW"


def _judge(pairs: list[tuple[tuple, tuple]]) -> list[tuple[str, str]]:
    """(verdict, field) of each (LOA, CSR) pair of (line 1, line 2[, postal code]) tuples."""

    def frame(side: int) -> pd.DataFrame:
        rows = [
            (*p[side][:2], *_PLACE[:2], p[side][2] if len(p[side]) > 2 else _PLACE[2])
            for p in pairs
        ]
        return pd.DataFrame(rows, columns=_FIELDS)

    judged = compare_addresses(frame(0), frame(1))
    return list(zip(judged.verdict, judged.field, strict=True))


# --- the tables -------------------------------------------------------------------------


def test_c1_has_every_row_of_the_publication():
    rows = suffix_rows()
    assert (len(rows), len({r.primary for r in rows}), len({r.standard for r in rows})) == (
        502,
        206,
        202,
    )


def test_c1_holds_the_forms_porting_desks_see():
    groups = suffix_primaries()
    assert {"TRLR", "TRLRS", "TRAILER"} <= set(groups["TRAILER"])
    assert {"AV", "AVEN", "AVENU", "AVN", "AVNUE"} <= set(groups["AVENUE"])
    assert {"BOUL", "BOULV"} <= set(groups["BOULEVARD"])
    assert {"CRSSNG", "XING"} <= set(groups["CROSSING"])


def test_only_mdw_is_listed_under_two_primaries_with_different_standards():
    ambiguous = {form: s for form, s in suffix_forms().items() if len(s) > 1}
    assert ambiguous == {AMBIGUOUS_FORM: frozenset({"MDW", "MDWS"})}


def test_c2_has_every_designator_and_marks_those_without_a_number():
    rows = unit_rows()
    without_number = {r.abbreviation for r in rows if not r.requires_number}
    assert len(rows) == 25
    assert without_number == {"BSMT", "FRNT", "LBBY", "LOWR", "OFC", "PH", "REAR", "SIDE", "UPPR"}
    assert [r.abbreviation for r in rows if r.designator.startswith("BLANK")] == [POUND]


# --- every C1 row, both directions --------------------------------------------------------

_C1_CASES = [
    (row, form, pair)
    for row in suffix_rows()
    for form in dict.fromkeys((row.common, row.primary))
    for pair in (
        ((f"100 Oak {form.lower()}", None), (f"100 OAK {row.standard}.", None)),
        ((f"100 Oak {row.standard.title()}.", None), (f"100 OAK {form}", None)),
    )
]


@pytest.fixture(scope="module")
def c1_verdicts() -> list[tuple[str, str]]:
    return _judge([pair for _, _, pair in _C1_CASES])


def test_every_c1_form_is_equivalent_to_its_standard_both_ways(c1_verdicts):
    wrong = [
        (pair, got)
        for (row, form, pair), got in zip(_C1_CASES, c1_verdicts, strict=True)
        if AMBIGUOUS_FORM not in (form, row.standard) and got != ("equivalent", "address")
    ]
    assert wrong == []


def test_a_form_under_two_primaries_is_similar_to_each_never_equivalent(c1_verdicts):
    got = {
        got
        for (row, form, _), got in zip(_C1_CASES, c1_verdicts, strict=True)
        if AMBIGUOUS_FORM in (form, row.standard) and form != row.standard
    }
    assert got == {("similar", "address.suffix")}


def test_the_same_ambiguous_form_on_both_sides_is_equivalent():
    assert _judge([(("100 Oak Mdw.", None), ("100 OAK MDW", "", "52402-0001"))]) == [
        ("equivalent", "address")
    ]


# --- every C2 row -----------------------------------------------------------------------


def _unit_texts(row) -> tuple[str, str]:
    """(designator spelled out, abbreviation), each with its number when C2 requires one."""
    if row.abbreviation == POUND:
        return "# 12", "#12"
    number = " 12" if row.requires_number else ""
    return f"{row.designator.title()}{number}", f"{row.abbreviation}{number}"


_C2_CASES = [
    (row, pair, want)
    for row in unit_rows()
    for full, abbr in [_unit_texts(row)]
    for pair, want in (
        ((("100 Oak St", full.lower()), ("100 OAK ST", abbr + ".")), "equivalent"),
        ((("100 Oak St", abbr.title() + "."), ("100 OAK ST", full.upper())), "equivalent"),
        ((("100 Oak St " + full, None), ("100 OAK ST", abbr)), "equivalent"),
        ((("100 Oak Street", abbr), ("100 OAK ST " + full, None)), "equivalent"),
        ((("100 Oak St", None), ("100 OAK ST", abbr)), "similar"),
        ((("100 Oak St " + abbr, None), ("100 OAK ST", None)), "similar"),
        ((("100 Oak Street", abbr), ("100 Oak St", abbr)), "equivalent"),
    )
]


@pytest.fixture(scope="module")
def c2_verdicts() -> list[tuple[str, str]]:
    return _judge([pair for _, pair, _ in _C2_CASES])


def test_every_c2_designator_matches_its_abbreviation_on_either_line(c2_verdicts):
    wrong = [
        (pair, got)
        for (_, pair, want), got in zip(_C2_CASES, c2_verdicts, strict=True)
        if want == "equivalent" and got[0] not in ("exact", "equivalent")
    ]
    assert wrong == []


def test_every_c2_unit_on_one_side_only_is_similar_naming_the_unit(c2_verdicts):
    wrong = [
        (pair, got)
        for (_, pair, want), got in zip(_C2_CASES, c2_verdicts, strict=True)
        if want == "similar" and got != ("similar", "address.unit")
    ]
    assert wrong == []


# --- units without a number, and unit text ------------------------------------------------

UNIT_PAIRS = [
    # (LOA line 1, line 2), (CSR line 1, line 2), verdict, field
    (("12 Main St", "Rear"), ("12 Main St", None), "similar", "address.unit"),
    (("12 Main St", None), ("12 MAIN ST BSMT", None), "similar", "address.unit"),
    (("12 Main St Penthouse", None), ("12 Main Street", "PH"), "equivalent", "address"),
    (("12 Main St", "Rear"), ("12 Main St", "Front"), "different", "address.unit"),
    (("12 Main St", "Rear"), ("12 Main St", "Apt 3"), "different", "address.unit"),
    (("12 Main St", "Ste"), ("12 Main St", "Ste 100"), "similar", "address.unit"),
    (("12 Main St", "#17"), ("12 Main Street", "Apt 17"), "equivalent", "address"),
    (("12 Main St", "Apt 17"), ("12 Main Street", "Unit 17"), "similar", "address.unit"),
    (("12 Main St Apt # 17", None), ("12 Main Street", "APT 17"), "equivalent", "address"),
    (("12 Front St", "Lot 4"), ("12 FRONT STREET", "Lot 4"), "equivalent", "address"),
    (("12 Lake Shore Dr Upper", None), ("12 Lake Shore Drive", "Uppr"), "equivalent", "address"),
    (("12 Main St", "Bay 3"), ("12 Main Street", "Bay 3"), "equivalent", "address"),
    (("12 Oak Estate", None), ("12 OAK EST", None), "equivalent", "address"),
]


@pytest.mark.parametrize(("loa", "csr", "verdict", "field"), UNIT_PAIRS)
def test_unit_pairs(loa, csr, verdict, field):
    assert _judge([(loa, csr)]) == [(verdict, field)]


# --- ZIP+4 --------------------------------------------------------------------------------

ZIP_FORMS = ("52402", "52402-1234", "524021234", "52402 1234", "524021234.0")


@pytest.mark.parametrize("loa_zip", ZIP_FORMS[1:])
@pytest.mark.parametrize("csr_zip", ZIP_FORMS[:4])
def test_zip_plus_four_in_any_written_form_is_the_zip(loa_zip, csr_zip):
    got = _judge([(("12 Main St", None, loa_zip), ("12 Main St", None, csr_zip))])
    assert got == [("exact" if loa_zip == csr_zip else "equivalent", "address")]


def test_of_two_suffix_words_in_a_row_the_second_is_the_suffix():
    # Pub 28 234.2; usaddress reads `FOREST` before `LAKE` as a type written first.
    assert _judge([(("5056 e forest lake", None), ("5056 E FOREST LK", None))]) == [
        ("equivalent", "address")
    ]
