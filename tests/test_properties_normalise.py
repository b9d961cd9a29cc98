"""Property tests of the normalisers and field verdicts (PRODUCT.md section 4).

Invariants (issue 15, item 1): normalising twice equals normalising once; nothing raises; the
verdict of (a, b) is that of (b, a) with `missing_loa` and `missing_csr` trading places, and a
value compared with itself is `exact`.
"""

import pandas as pd
from fuzzing import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from portrecon.match.verdicts import (
    EXACT,
    MISSING_CSR,
    MISSING_LOA,
    compare_accounts,
    compare_addresses,
    compare_btns,
    compare_names,
    compare_pins,
)
from portrecon.normalise.accounts import account_key
from portrecon.normalise.addresses import (
    ADDRESS_FIELDS,
    COMPONENTS,
    DIRECTIONS,
    PROVINCES,
    STREET_TYPES,
    UNIT_TYPES,
    city_key,
    normalise_addresses,
    postal_key,
    state_key,
)
from portrecon.normalise.names import BUSINESS_SUFFIXES, name_key
from portrecon.normalise.text import exact_form

# --- values as exports write them ----------------------------------------------------------

_WORDS = ["Acme", "ACME", "Zoë", "O'Neil", "Saint", "St", "Mont-Royal", "&", "and", "de", "la"]
_PUNCTUATION = st.sampled_from(["", ".", ",", " ", "  ", "-", "'", "\u00a0", "\t"])


@st.composite
def names(draw: st.DrawFn) -> str:
    words = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_WORDS + [s.title() for s in BUSINESS_SUFFIXES] + ["L.L.C."]),
                st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=8),
            ),
            max_size=5,
        )
    )
    return "".join(word + draw(_PUNCTUATION) for word in words)


texts = st.one_of(names(), st.text(max_size=20))
missing = st.sampled_from([None, "", "  ", float("nan")])
maybe = st.one_of(texts, missing)
accounts = st.one_of(
    st.from_regex(r"[0-9A-Za-z\- .]{0,12}", fullmatch=True),
    st.integers(0, 10**12).map(lambda n: f"{n}.0"),
    maybe,
)
_UNITS = ["", "Apt 4", "Suite 490", "#12", "Ste 4", "Bureau 886", "Unit B", "Fl 3"]


@st.composite
def us_street_lines(draw: st.DrawFn) -> str:
    """`<number> [dir] <street> [type] [dir] [unit]`. Not a one-letter street (`N Street`):
    `1 N St N` has no one reading to come back to."""
    parts = [
        str(draw(st.integers(1, 99999))),
        draw(st.sampled_from(["N", "North", "SW", ""])),
        draw(st.sampled_from(["Main", "Oak", "Saint-Laurent", "Martin Luther King", "1st"])),
        draw(st.sampled_from(["St", "Street", "Ave", "Avenue", "Blvd", "Rd", "Hwy", ""])),
        draw(st.sampled_from(["N", "North", "SW", ""])),
        draw(st.sampled_from(_UNITS)),
    ]
    return " ".join(p for p in parts if p)


@st.composite
def french_street_lines(draw: st.DrawFn) -> str:
    """`<number> <type> [du] <street> [dir] [unit]`, as Quebec writes them."""
    parts = [
        str(draw(st.integers(1, 99999))),
        draw(st.sampled_from(["rue", "boul", "boulevard", "avenue", "chemin"])),
        draw(st.sampled_from(["du", "de la", ""])),
        draw(st.sampled_from(["Mont-Royal", "Saint-Laurent", "Sherbrooke"])),
        draw(st.sampled_from(["Est", "Ouest", "O", ""])),
        draw(st.sampled_from(_UNITS)),
    ]
    return " ".join(p for p in parts if p)


street_lines = st.one_of(us_street_lines(), french_street_lines())
states = st.sampled_from(["IL", "Illinois", "il.", "QC", "Québec", "PQ", "Ont", "ON", "NY", ""])
postals = st.sampled_from(["62701", "62701-1234", "6270", "627011234", "H2X 1Y4", "h2x1y4", ""])


@st.composite
def addresses(draw: st.DrawFn, line_1: st.SearchStrategy | None = None) -> tuple:
    return (
        draw(st.one_of(street_lines, maybe) if line_1 is None else line_1),
        draw(st.one_of(st.sampled_from(_UNITS), maybe)),
        draw(st.one_of(st.sampled_from(["Springfield", "St. Louis", "Saint-Jérôme"]), maybe)),
        draw(st.one_of(states, missing)),
        draw(st.one_of(postals, missing)),
    )


# --- normalising twice equals once ---------------------------------------------------------


def _twice_equals_once(key, values: list) -> None:
    once = key(pd.Series(values, dtype=object))
    twice = key(once)
    assert once.tolist() == twice.tolist()


@settings(max_examples=examples(40))
@given(st.lists(maybe, min_size=1, max_size=20))
def test_a_name_key_is_its_own_key(values: list) -> None:
    _twice_equals_once(name_key, values)
    _twice_equals_once(exact_form, values)


@settings(max_examples=examples(40))
@given(st.lists(accounts, min_size=1, max_size=20))
def test_an_account_key_is_its_own_key(values: list) -> None:
    _twice_equals_once(account_key, values)


@settings(max_examples=examples(25))
@given(
    st.lists(st.one_of(states, st.sampled_from(sorted(PROVINCES)), maybe), min_size=1),
    st.lists(st.one_of(postals, accounts), min_size=1),
    st.lists(st.one_of(st.sampled_from(["St. Louis", "Saint-Jérôme", "Mt Vernon"]), maybe)),
)
def test_city_state_and_postal_keys_are_their_own_keys(
    state_values: list, postal_values: list, city_values: list
) -> None:
    _twice_equals_once(state_key, state_values)
    _twice_equals_once(postal_key, postal_values)
    _twice_equals_once(city_key, city_values)


@settings(max_examples=examples(10))
@given(st.lists(addresses(), min_size=1, max_size=30))
def test_every_address_component_is_in_its_canonical_form(rows: list) -> None:
    """Normalising a component again changes nothing: codes are their own codes, keys their own
    keys, whatever the line held."""
    parts = normalise_addresses(pd.DataFrame(rows, columns=list(ADDRESS_FIELDS)))
    assert list(parts.columns) == [f"c_{c}" for c in COMPONENTS]
    codes = {
        "c_predirectional": set(DIRECTIONS.values()),
        "c_postdirectional": set(DIRECTIONS.values()),
        "c_suffix": set(STREET_TYPES.values()),
        "c_unit_type": set(UNIT_TYPES.values()),
    }
    for column, canonical in codes.items():
        assert set(parts[column].dropna()) <= canonical, column
    for column, key in (("c_city", city_key), ("c_state", state_key), ("c_zip", postal_key)):
        _twice_equals_once(key, parts[column].tolist())


@settings(max_examples=examples(10))
@given(st.lists(addresses(st.one_of(us_street_lines(), missing)), min_size=1, max_size=30))
def test_a_us_address_written_from_its_components_has_the_same_components(rows: list) -> None:
    """Normalising twice: the components, written back as an address line, read as themselves.
    (French lines are not written back in their own word order, so they are left out.)"""
    parts = normalise_addresses(pd.DataFrame(rows, columns=list(ADDRESS_FIELDS)))
    text = parts.astype(object).where(parts.notna(), None)
    street = ["c_number", "c_predirectional", "c_street", "c_suffix", "c_postdirectional"]
    written = pd.DataFrame(
        {
            "service_address_1": [" ".join(filter(None, r)) or None for r in text[street].values],
            "service_address_2": [
                " ".join(filter(None, r)) or None for r in text[["c_unit_type", "c_unit"]].values
            ],
            "city": text["c_city"],
            "state": text["c_state"],
            "postal_code": text["c_zip"],
        }
    )
    again = normalise_addresses(written)
    assert _none_for_missing(again) == _none_for_missing(parts)


def _none_for_missing(frame: pd.DataFrame) -> list[list]:
    return frame.astype(object).where(frame.notna(), None).values.tolist()


# --- symmetric verdicts --------------------------------------------------------------------

_MIRROR = {MISSING_LOA: MISSING_CSR, MISSING_CSR: MISSING_LOA}


def _symmetric(compare, a: list, b: list) -> None:
    forth, back = compare(a, b).tolist(), compare(b, a).tolist()
    assert forth == [_MIRROR.get(v, v) for v in back]
    present = [x for x in a if isinstance(x, str) and x.strip()]
    assert set(compare(present, present)) <= {EXACT}


def aligned(values: st.SearchStrategy, lists: int = 2) -> st.SearchStrategy:
    """`lists` lists of the same length (aligned LOA and CSR values)."""
    return st.integers(1, 30).flatmap(
        lambda n: st.tuples(*[st.lists(values, min_size=n, max_size=n)] * lists)
    )


@settings(max_examples=examples(15))
@given(aligned(maybe))
def test_the_name_verdict_is_symmetric(pair: tuple[list, list]) -> None:
    _symmetric(compare_names, *pair)


@settings(max_examples=examples(15))
@given(aligned(accounts))
def test_the_account_verdict_is_symmetric(pair: tuple[list, list]) -> None:
    _symmetric(compare_accounts, *pair)


btns = st.one_of(st.from_regex(r"\+1[2-9]\d{2}55501\d{2}", fullmatch=True), missing)


@settings(max_examples=examples(15))
@given(aligned(btns))
def test_the_btn_verdict_is_symmetric(pair: tuple[list, list]) -> None:
    _symmetric(compare_btns, *pair)


hashes = st.one_of(st.sampled_from(["h1", "h2", "h3"]), st.none())


@settings(max_examples=examples(40))
@given(aligned(hashes, 4))
def test_the_pin_verdict_is_symmetric(lists: tuple[list, list, list, list]) -> None:
    loa, csr, loa_unpadded, csr_unpadded = lists
    forth = compare_pins(loa, csr, loa_unpadded, csr_unpadded).tolist()
    back = compare_pins(csr, loa, csr_unpadded, loa_unpadded).tolist()
    assert forth == [_MIRROR.get(v, v) for v in back]


@settings(max_examples=examples(6))
@given(st.lists(st.tuples(addresses(), addresses()), min_size=1, max_size=30))
def test_the_address_verdict_is_symmetric(rows: list) -> None:
    """Symmetric but for the side a gap is on; where one side lacks one component and the other
    another, the verdict is missing_loa both ways (the worse gap: the LOA is ours to fix)."""
    loa = pd.DataFrame([r[0] for r in rows], columns=list(ADDRESS_FIELDS))
    csr = pd.DataFrame([r[1] for r in rows], columns=list(ADDRESS_FIELDS))
    forth, back = compare_addresses(loa, csr), compare_addresses(csr, loa)
    for v, w in zip(forth["verdict"], back["verdict"], strict=True):
        assert v == _MIRROR.get(w, w) or {v, w} == {MISSING_LOA}
    assert forth["field"].tolist() == back["field"].tolist()
    assert set(compare_addresses(loa, loa)["verdict"]) == {EXACT}


def test_a_unit_without_any_street_line_is_compared_not_a_crash() -> None:
    """Found by the properties above: when no address of a batch had a street line, the street
    components were float columns and setting a line-2 unit into them raised TypeError."""
    loa = pd.DataFrame(
        [(None, "Apt 4", "Springfield", "IL", "62701")], columns=list(ADDRESS_FIELDS)
    )
    csr = pd.DataFrame([(None, None, "Springfield", "IL", "62701")], columns=list(ADDRESS_FIELDS))
    assert compare_addresses(loa, csr).values.tolist() == [
        ["similar", "address.unit", "unit missing on the CSR"]
    ]
