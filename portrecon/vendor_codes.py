"""Vendor and industry rejection codes found in an order event's reason (PRODUCT.md section 10).

Carriers and platforms send back `7402`, `8D`, `PASSCODE_PIN_INVALID` or `22137` more often than a
sentence. The code lists are data (data/rejection_codes/, one row per published code with its
source; docs/rejection_codes.md); this module only finds them in the text. A short code such as
`8D` or `7402` is read only where someone wrote it as a code (docs/decisions.md): the whole reason,
its first word, in brackets, after a word such as "code" or "JCode", right after another code, or
last after a dash or colon, so "Suite 7402" or "unit 8D" in a sentence is not mistaken for one.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

VENDORS = ("telnyx", "bandwidth", "twilio", "industry")
# Words after which a token is written as a code ("JCode 8D", "Error: 7402", "Bandwidth 7402").
_PREFIXES = frozenset(
    [
        "code",
        "codes",
        "error",
        "err",
        "jcode",
        "reason",
        "reject",
        "rejected",
        "rejection",
        "exception",
        "lnp",
        "bw",
        "bandwidth",
        "telnyx",
        "twilio",
    ]
)
_TOKEN = re.compile(r"[A-Za-z0-9_]+")
_SEPARATORS = re.compile(r"[\s:;,/|#=\-\u2013\u2014]*")


@dataclass(frozen=True)
class CodeEntry:
    """One published code: what it means in the taxonomy and which finding would predict it."""

    vendor: str
    code: str
    reason_code: str
    finding: str | None
    component: str | None
    description: str
    source: str
    jcode: str | None = None


@dataclass(frozen=True)
class CodeReading:
    """The vendor code read in a reason, with the entry that gives its meaning."""

    vendor: str
    vendor_code: str
    jcode: str | None
    entry: CodeEntry


def _read_table(vendor: str) -> list[CodeEntry]:
    file = "bandwidth.csv" if vendor == "industry" else f"{vendor}.csv"
    table = resources.files("portrecon.data").joinpath("rejection_codes", file)
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    return [
        CodeEntry(
            vendor=vendor,
            code=row["jcode"] if vendor == "industry" else row["code"],
            reason_code=row["reason_code"],
            finding=row["finding"] or None,
            component=row["component"] or None,
            description=row["description"],
            source=row["source"],
            jcode=row.get("jcode") or None,
        )
        for row in rows
    ]


@cache
def code_tables() -> dict[str, tuple[CodeEntry, ...]]:
    """Every vendor's published codes (Bandwidth: one entry per carrier code and JCode pair;
    industry: one per JCode, from the same table)."""
    return {vendor: tuple(_read_table(vendor)) for vendor in VENDORS}


@cache
def _index() -> dict[str, CodeEntry]:
    """Upper-cased code -> entry; a Bandwidth code keeps its first row (its JCodes share the
    taxonomy entry and finding; a test holds them to it)."""
    index: dict[str, CodeEntry] = {}
    for vendor in VENDORS:
        for entry in code_tables()[vendor]:
            index.setdefault(entry.code.upper(), entry)
    return index


def _unambiguous(token: str) -> bool:
    """A Telnyx exception type (`SV_CONFLICT`) cannot be an ordinary word; `8D` or `OTHER` can."""
    return "_" in token


def _marked(text: str, match: re.Match[str], previous: re.Match[str] | None, chained: bool) -> bool:
    """Whether a short code is written as a code here (module docstring), not as a word."""
    if match.group().isalpha() and not match.group().isupper():
        return False  # "Other" is a word; Telnyx's OTHER is written upper-case
    before = text[: match.start()].rstrip()
    if not before or before.endswith(("[", "(", "{")):
        return True
    if not text[match.end() :].strip() and before.endswith((":", "-", "|", "#", "\u2013")):
        return True  # "ZIP mismatch - 8D"
    if previous is None:
        return False
    gap = text[previous.end() : match.start()]
    if _SEPARATORS.fullmatch(gap) is None:
        return False
    return chained or previous.group().lower() in _PREFIXES


def read_code(reason: str | None) -> CodeReading | None:
    """The first published vendor code written as a code in `reason`, or None.

    A Bandwidth carrier code followed by a JCode (`7402 / 8D`) is one reading: vendor bandwidth,
    with the JCode kept and its (more specific) entry used when it belongs to that code. Codes no
    list holds are not read (the caller keeps the reason, with vendor_code NULL).
    """
    text = reason or ""
    index = _index()
    found: CodeEntry | None = None
    previous: re.Match[str] | None = None
    chained = False
    for match in _TOKEN.finditer(text):
        token = match.group().upper()
        entry = index.get(token)
        is_code = entry is not None and (
            _unambiguous(token) or _marked(text, match, previous, chained)
        )
        if is_code and found is None:
            found = entry
        elif is_code and found is not None:
            return _combined(found, entry)
        elif found is not None:
            break
        chained = is_code
        previous = match
    return None if found is None else _combined(found, None)


def _combined(first: CodeEntry, second: CodeEntry | None) -> CodeReading:
    if first.vendor == "bandwidth" and second is not None and second.vendor == "industry":
        own = second.jcode is not None and _jcode_belongs(first.code, second.code)
        return CodeReading("bandwidth", first.code, second.code, second if own else first)
    jcode = first.code if first.vendor == "industry" else None
    return CodeReading(first.vendor, first.code, jcode, first)


def _jcode_belongs(code: str, jcode: str) -> bool:
    return any(e.code == code and e.jcode == jcode for e in code_tables()["bandwidth"])
