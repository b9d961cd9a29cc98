"""Hypothesis set-up and strategies shared by the property tests (tests/test_properties_*.py).

CI runs a fixed, derandomised set of examples per test (`examples(n)`); `bench/fuzz_ingest.py`
runs the same tests as a longer random campaign by setting PORTRECON_FUZZ_EXAMPLES and the
`fuzz` profile.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("PORTRECON_HYPOTHESIS_PROFILE", "ci"))


def examples(ci: int) -> int:
    """How many examples a property test tries: `ci` in CI, the campaign's count in the bench."""
    return int(os.environ.get("PORTRECON_FUZZ_EXAMPLES", ci))


# --- numbers -------------------------------------------------------------------------------

# NANP: area code and exchange start with 2-9 (PRODUCT.md 3.4's forms are spellings of these).
nationals = st.builds(
    lambda npa, nxx, line: f"{npa}{nxx}{line:04d}",
    st.integers(200, 999),
    st.integers(200, 999),
    st.integers(0, 9999),
)

NUMBER_FORMS = (
    "{n}",
    "({a}) {x}-{l}",
    "{a}.{x}.{l}",
    "{a}-{x}-{l}",
    "1-{a}-{x}-{l}",
    "+1 {a} {x} {l}",
    "+1{n}",
    "1{n}",
    "{n}.0",
    "{f}E9",
)


@st.composite
def spelled_numbers(draw: st.DrawFn, national: str | None = None) -> tuple[str, str]:
    """(national number, one way people or Excel write it)."""
    national = national or draw(nationals)
    form = draw(st.sampled_from(NUMBER_FORMS))
    text = form.format(
        n=national,
        a=national[:3],
        x=national[3:6],
        l=national[6:],
        f=f"{national[0]}.{national[1:].rstrip('0') or '0'}",
    )
    pad = st.sampled_from(["", " ", "  ", "\t"])
    return national, draw(pad) + text + draw(pad)


# --- text ----------------------------------------------------------------------------------

# Anything a cell may hold, but no NUL and no surrogate (neither can be written as UTF-8 text).
cell_text = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]))
# Text openpyxl can write into a cell (XML forbids most control characters).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_safe(text: str) -> str:
    """The text as a cell keeps it: XML has no place for most control characters, and reads
    a carriage return as a line feed."""
    return _ILLEGAL_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


xlsx_text = cell_text.map(xlsx_safe)
# Values as they show up in real exports: typed forms, junk, quotes, separators, formulas.
NASTY = [
    "",
    " ",
    "TBD",
    "N/A",
    "null",
    "=1+1",
    "@SUM(A1)",
    "-",
    '"',
    "'",
    ",",
    ";",
    "\n",
    "\r\n",
    "\t",
    "Montréal",
    "Zoë & Sons, L.L.C.",
    "2175550100",
    "(217) 555-0101",
    "+1 217 555 0102",
    "2175550100-0105",
    "2175550199-0100",
    "2175500000-2175520000",
    "4.155550123E9",
    "2026-11-03",
    "11/03/2026",
    "31/31/2026",
    "46329",
    "46329.5",
    "2026-11-03T10:00:00-05:00",
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00+01:00",
    "FOC",
    "Update Required",
    "port in",
    "PORT-OUT",
    "toll free",
    "-3",
    "1e400",
    "nan",
    "٣",
    "\u00a0",
    "\ufeff",
]
field_values = st.one_of(st.sampled_from(NASTY), cell_text.filter(lambda s: len(s) < 40))


# --- CSV files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """How an exporter wrote a CSV: quoting, line ends and encoding."""

    quoting: int
    lineterminator: str
    encoding: str


dialects = st.builds(
    Dialect,
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    st.sampled_from(["\r\n", "\n", "\r"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def csv_text(records: list[list[str]], dialect: Dialect) -> tuple[str, list[int]]:
    """The CSV text of the records and the physical line on which each record starts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=dialect.quoting, lineterminator=dialect.lineterminator)
    # Python's writer leaves a field with a line break unquoted unless the break is part of its
    # line end ("\r" with "\n", "\n" with "\r"): no reader could tell that from a line end, so
    # such a record is quoted, as Excel quotes it.
    quoted = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator=dialect.lineterminator)
    starts = []
    for record in records:
        starts.append(len(_LINE_BREAK.findall(buffer.getvalue())) + 1)
        breaks = any("\r" in f or "\n" in f for f in record)
        (quoted if breaks else writer).writerow(record)
    return buffer.getvalue(), starts


def encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def is_blank(fields: list[str]) -> bool:
    """What the readers treat as no row at all (every field empty after trimming)."""
    return all(not f.strip() for f in fields)


@st.composite
def respelled(draw: st.DrawFn, canonical: str) -> str:
    """A snake_case code or column name re-cased and re-joined as people write it."""
    joiner = draw(st.sampled_from(["_", " ", "-", "", "  ", " - "]))
    case = draw(st.sampled_from([str.lower, str.upper, str.title, str.capitalize]))
    lead = draw(st.sampled_from(["", " ", "  "]))
    return lead + joiner.join(case(word) for word in canonical.split("_"))
