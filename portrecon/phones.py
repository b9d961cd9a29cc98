"""Telephone numbers as people type them -> E.164, with `phonenumbers` (NANP only).

Classifying is the costly step, so callers hand over distinct values (classified in one batch)
and map the result back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc

from portrecon.nanp_validity import classify_national, classify_nationals

PORTABLE_REGIONS = frozenset({"US", "CA"})
MAX_RANGE = 10_000
# Numbers one `tns` cell may list in all: ranges multiply text by up to 450 times, so 1,600
# characters of ranges would be a million numbers and a 32,767-character cell 20 million.
MAX_LISTED = 100_000
BATCH_FROM = 2_000  # numbers from which the batch query (~50 ms set-up) beats ~25 us each

_FLOAT_FORM = re.compile(r"^\d+(?:\.\d+)?[eE]\+?\d+$|^\d+\.0+$")
_DIGITS = re.compile(r"\D")
_PUNCTUATED = re.compile(r"^\+?[\d\s().\-/]+$")


@dataclass(frozen=True)
class ParsedNumber:
    raw: str
    e164: str | None  # +1 and ten digits when the text is a NANP number, else None
    is_valid: bool
    region: str | None


def _excel_float(text: str) -> str:
    """`4155550123.0` and `4.155550123E9` are what Excel does to a number column."""
    if _FLOAT_FORM.match(text):
        try:
            return str(int(float(text)))
        except (ValueError, OverflowError):
            return text
    return text


def _plain_national(cleaned: str) -> str | None:
    """Ten-digit national number of digits-and-punctuation text, read as phonenumbers reads it."""
    digits = _DIGITS.sub("", cleaned)
    if len(digits) == 11 and digits[0] == "1" and digits[1] != "0":
        return digits[1:]
    if len(digits) == 10 and digits[0] != "0":
        return digits
    return None


def _parse_with_library(raw: str, cleaned: str) -> ParsedNumber:
    """Text with letters (vanity numbers, extensions): phonenumbers decides everything."""
    try:
        number = phonenumbers.parse(cleaned, "US")
    except phonenumbers.NumberParseException:
        return ParsedNumber(raw, None, False, None)
    national = str(number.national_number)
    if number.country_code != 1 or len(national) != 10:
        return ParsedNumber(raw, None, False, None)
    valid = phonenumbers.is_valid_number(number)
    region = phonenumbers.region_code_for_number(number) if valid else None
    return ParsedNumber(raw, f"+1{national}", valid, region)


def _read(text: str) -> ParsedNumber | str:
    """The parsed number, or for digits-and-punctuation text (nearly every value) its ten-digit
    national number, read directly and left for classify_national(s) to classify."""
    raw = text.strip()
    cleaned = _excel_float(raw)
    if not _PUNCTUATED.match(cleaned):
        return _parse_with_library(raw, cleaned)
    national = _plain_national(cleaned)
    return ParsedNumber(raw, None, False, None) if national is None else national


def parse_number(text: str) -> ParsedNumber:
    """One number in any of PRODUCT.md 3.4's forms; never raises.

    Anything but digits-and-punctuation text goes through phonenumbers.parse.
    """
    reading = _read(text)
    if isinstance(reading, ParsedNumber):
        return reading
    return ParsedNumber(text.strip(), f"+1{reading}", *classify_national(reading))


def nanp_e164(text: str) -> str | None:
    """+1 and ten digits when the text is a NANP number, else None; for callers that need only the
    number, so plain numbers skip classification."""
    reading = _read(text)
    return reading.e164 if isinstance(reading, ParsedNumber) else f"+1{reading}"


# Text that _read takes apart digit by digit with nothing else to decide: ASCII digits and
# punctuation, no `.0` Excel float. The rest (letters, Unicode digits or spaces) goes to _read.
_PLAIN = r"^\+?[0-9 ()./-]+$"
_EXCEL_INTEGRAL = r"^ *[0-9]+\.0+ *$"


def _plain_nationals(texts: list[str]) -> tuple[list[str | None], list[bool]]:
    """_read's work on the plain texts in one vectorised pass over Arrow: (the ten-digit national
    number or None, whether the text was plain); a text that is not plain is left to _read."""
    column = pa.array(texts, type=pa.string())
    plain = pc.and_(
        pc.match_substring_regex(column, _PLAIN),
        pc.invert(pc.match_substring_regex(column, _EXCEL_INTEGRAL)),
    )
    digits = pc.replace_substring_regex(column, r"[^0-9]", "")
    size = pc.utf8_length(digits)
    first, second = (pc.utf8_slice_codeunits(digits, i, i + 1) for i in (0, 1))
    trunk = pc.and_(pc.equal(size, 11), pc.and_(pc.equal(first, "1"), pc.not_equal(second, "0")))
    national = pc.if_else(trunk, pc.utf8_slice_codeunits(digits, 1, 11), digits)
    whole = pc.or_(trunk, pc.and_(pc.equal(size, 10), pc.not_equal(first, "0")))
    return pc.if_else(whole, national, None).to_pylist(), plain.to_pylist()


def nanp_e164_many(texts: list[str]) -> list[str | None]:
    """nanp_e164 of each text, without classifying."""
    nationals, plain = _plain_nationals(texts)
    return [
        (national and f"+1{national}") if is_plain else nanp_e164(text)
        for text, national, is_plain in zip(texts, nationals, plain, strict=True)
    ]


def parse_many(texts: list[str]) -> pd.DataFrame:
    """parse_number's e164, is_valid and region of each text (a row each), the plain national
    numbers classified together: in one DuckDB batch, or one by one when too few to repay the
    batch query's set-up."""
    nationals, plain = _plain_nationals(texts)
    nationals = [n if is_plain else None for n, is_plain in zip(nationals, plain, strict=True)]
    distinct = list(dict.fromkeys(n for n in nationals if n))
    if len(distinct) >= BATCH_FROM:
        classes = classify_nationals(distinct)
    else:
        classes = {national: classify_national(national) for national in distinct}
    unclassified = (False, None)
    e164 = [f"+1{n}" if n else None for n in nationals]
    is_valid = [classes.get(n, unclassified)[0] for n in nationals]
    region = [classes.get(n, unclassified)[1] for n in nationals]
    for position in (i for i, is_plain in enumerate(plain) if not is_plain):
        parsed = parse_number(texts[position])
        e164[position], is_valid[position], region[position] = (
            parsed.e164,
            parsed.is_valid,
            parsed.region,
        )
    return pd.DataFrame(
        {
            "e164": pd.Series(e164, dtype=object),
            "is_valid": pd.Series(is_valid, dtype=bool),
            "region": pd.Series(region, dtype=object),
        }
    )


class RangeError(ValueError):
    """A `tns` range that is malformed or longer than MAX_RANGE; message in plain words."""


def _expand_range(token: str) -> list[str]:
    start_text, _, end_text = (part.strip() for part in token.rpartition("-"))
    start_digits = _DIGITS.sub("", _excel_float(start_text))
    end_digits = _DIGITS.sub("", _excel_float(end_text))
    if len(start_digits) == 11 and start_digits.startswith("1"):
        start_digits = start_digits[1:]
    if len(start_digits) != 10 or not 1 <= len(end_digits) <= 11:
        raise RangeError(f"range {token!r} is not of the form 4155550100-0199")
    if len(end_digits) == 11 and end_digits.startswith("1"):
        end_digits = end_digits[1:]
    end_full = start_digits[: 10 - len(end_digits)] + end_digits
    first, last = int(start_digits), int(end_full)
    if last < first:
        raise RangeError(f"range {token!r} ends before it starts")
    if last - first + 1 > MAX_RANGE:
        raise RangeError(f"range {token!r} has {last - first + 1} numbers (at most {MAX_RANGE})")
    return [str(n) for n in range(first, last + 1)]


def split_tns(text: str) -> list[str]:
    """Split a `tns` cell into number texts, expanding ranges (PRODUCT.md 3.2).

    Separators are `;`, `,`, spaces and newlines, but a number may itself contain spaces or
    dashes (`+1 415 555 0123`, `1-415-555-0123`), so tokens are re-joined while they are digits
    of one number. Raises RangeError for a bad or oversized range, or more than MAX_LISTED numbers.
    """
    out: list[str] = []
    for chunk in re.split(r"[;,\n\r]+", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        _listed(out, _split_chunk(chunk))
    return out


def _listed(out: list[str], numbers: list[str]) -> None:
    """Add the numbers to the list, refusing a list that grows past MAX_LISTED."""
    out.extend(numbers)
    if len(out) > MAX_LISTED:
        raise RangeError(f"lists more than {MAX_LISTED:,} numbers (at most {MAX_LISTED:,})")


def _split_chunk(chunk: str) -> list[str]:
    if _is_range(chunk):
        return _expand_range(chunk)
    if len(_DIGITS.sub("", chunk)) <= 11:
        return [chunk]
    # Several numbers separated by blanks only: re-join tokens until they make one number.
    out: list[str] = []
    current = ""
    for token in chunk.split():
        if current and (token.startswith("+") or len(_DIGITS.sub("", token)) >= 10):
            out.append(current)  # the token is a whole number: what came before stands alone
            current = ""
        current = f"{current} {token}".strip()
        digits = _DIGITS.sub("", current)
        if _is_range(current):
            _listed(out, _expand_range(current))
            current = ""
        elif (len(digits) == 10 and digits[0] != "1") or len(digits) >= 11:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


_RANGE_HEAD = re.compile(r"^\+?\d{10,11}$")
_RANGE_TAIL = re.compile(r"^\d{1,11}$")


def _is_range(text: str) -> bool:
    """`4155550100-0199` or `4155550100-4155550199`, not `1-415-555-0123` or `415-555-0123`."""
    head, sep, tail = text.rpartition("-")
    return (
        bool(sep)
        and bool(_RANGE_HEAD.match(head.strip()))
        and bool(_RANGE_TAIL.match(tail.strip()))
    )
