"""Service addresses split into USPS Publication 28 components, so each part compares on its own.

`usaddress` labels the street line; Publication 28's own tables canonicalise each label: every
street suffix form of Appendix C1 and every unit designator of Appendix C2 (portrecon.pub28),
the directionals and states of `usaddress-scourgify`; Canadian and French forms (`rue ...`,
`avenue du Mont-Royal Est`, accents) are settled by the same rules. A line usaddress cannot
label falls back to a tolerant token rule: never an exception.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import usaddress
from scourgify.address_constants import DIRECTIONAL_REPLACEMENTS, STATE_ABBREVIATIONS

from portrecon.normalise.text import blank_to_none, plain_upper, squeeze_spaces
from portrecon.pub28 import POUND, suffix_forms, unit_rows

ADDRESS_FIELDS = ("service_address_1", "service_address_2", "city", "state", "postal_code")
STREET_COMPONENTS = ("number", "predirectional", "street", "suffix", "postdirectional")
COMPONENTS = (*STREET_COMPONENTS, "unit_type", "unit", "city", "state", "zip")

DIRECTIONS = {
    **DIRECTIONAL_REPLACEMENTS,
    **{v: v for v in DIRECTIONAL_REPLACEMENTS.values()},
    "NORD": "N",
    "SUD": "S",
    "EST": "E",
    "OUEST": "W",
    "O": "W",
}
# A C1 form listed under two primaries with different standards (MDW: MEADOW's standard and a
# common form of MEADOWS) is not resolved: its canonical value names every candidate, so it
# equals only itself and is `similar` to each candidate (suffix_may_be).
SUFFIX_CANDIDATE_SEPARATOR = "/"
STREET_TYPES = {
    **{
        form: SUFFIX_CANDIDATE_SEPARATOR.join(sorted(standards))
        for form, standards in suffix_forms().items()
    },
    "CHEMIN": "CH",
    "CH": "CH",
    "MONTEE": "MTEE",
    "RANG": "RANG",
    "COTE": "COTE",
}
UNIT_TYPES = {
    **{row.designator: row.abbreviation for row in unit_rows() if row.abbreviation != POUND},
    **{row.abbreviation: row.abbreviation for row in unit_rows()},
    "APPARTEMENT": "APT",
    "APP": "APT",
    "BUREAU": "STE",
    "NO": POUND,
}
PROVINCES = {
    "ALBERTA": "AB",
    "ALTA": "AB",
    "BRITISH COLUMBIA": "BC",
    "COLOMBIE BRITANNIQUE": "BC",
    "MANITOBA": "MB",
    "MAN": "MB",
    "NEW BRUNSWICK": "NB",
    "NOUVEAU BRUNSWICK": "NB",
    "NEWFOUNDLAND AND LABRADOR": "NL",
    "NEWFOUNDLAND": "NL",
    "NFLD": "NL",
    "NOVA SCOTIA": "NS",
    "NOUVELLE ECOSSE": "NS",
    "NORTHWEST TERRITORIES": "NT",
    "NWT": "NT",
    "NUNAVUT": "NU",
    "ONTARIO": "ON",
    "ONT": "ON",
    "PRINCE EDWARD ISLAND": "PE",
    "PEI": "PE",
    "QUEBEC": "QC",
    "QUE": "QC",
    "PQ": "QC",
    "SASKATCHEWAN": "SK",
    "SASK": "SK",
    "YUKON": "YT",
}
STATES = {**STATE_ABBREVIATIONS, **PROVINCES}


def suffix_may_be(a: object, b: object) -> bool:
    """Whether two different canonical suffixes may name the same suffix: one is a C1 form listed
    under two primaries and the other is one of its candidates."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    return b in a.split(SUFFIX_CANDIDATE_SEPARATOR) or a in b.split(SUFFIX_CANDIDATE_SEPARATOR)


# Every accent-free upper-case spelling of a province (codes and names), for SQL rules that tell a
# Canadian LOA by its state: compare with upper(strip_accents(trim(state))).
CANADIAN_STATE_SPELLINGS = tuple(sorted({*PROVINCES, *PROVINCES.values()}))
# Words spelled out or abbreviated inside street and city names (St Laurent = Saint-Laurent).
# Spelled out, so that a typo in the long form (`Saant-Laurent`) is still one slip away.
NAME_WORDS = {"ST": "SAINT", "STE": "SAINTE", "MT": "MOUNT", "FT": "FORT"}
_CA_POSTAL = re.compile(r"^[A-Z]\d[A-Z]\d[A-Z]\d$")


_NOT_WORD = re.compile(r"[^A-Z0-9#/ ]")


def _words(text: str) -> list[str]:
    """Upper-case words of a street or unit line; `#` is kept as its own word."""
    text = text.replace("#", " # ").replace(".", "").replace("'", "")
    return _NOT_WORD.sub(" ", text).split()


def _name(words: list[str]) -> str | None:
    return " ".join(NAME_WORDS.get(w, w) for w in words) or None


def _unit_id(text: str | None) -> str | None:
    """Unit identifier without `#`, separators or leading zeros (`#04-B` = `4B`)."""
    cleaned = re.sub(r"[^A-Z0-9]", "", text or "").lstrip("0")
    return cleaned or None


# C2 designators that are also street words (`Front St`, `Lake Shore Dr`, `Ocean Key Ct`;
# `Trailer` and `TRLR` are a C1 suffix too; French `No` is a word elsewhere): one counts as a
# unit only right after a suffix or a directional, where no street word can stand
# (`12 Main St Rear`, `40 Oak Ave Lot 7`).
_STREET_WORD_DESIGNATORS = frozenset(
    {
        "FRONT",
        "KEY",
        "LOBBY",
        "LOT",
        "LOWER",
        "NO",
        "OFFICE",
        "PIER",
        "REAR",
        "SIDE",
        "SLIP",
        "SPACE",
        "STOP",
        "TRAILER",
        "TRLR",
        "UPPER",
    }
)


def _unit_starts_at(words: list[str], i: int) -> bool:
    """Whether words[i] is a unit designator following a street (number and name before it).

    A designator that is never a street word (`Apt`, `Bsmt`, `#`) needs two words before it; one
    that may be a street word needs a suffix or a directional right before it.
    """
    word = words[i]
    if word not in UNIT_TYPES:
        return False
    if word not in _STREET_WORD_DESIGNATORS:
        return i >= 2
    return i >= 3 and (words[i - 1] in STREET_TYPES or words[i - 1] in DIRECTIONS)


def _split_unit(words: list[str]) -> tuple[list[str], str | None, str | None]:
    """Cut the first unit designator and what follows it off a word list: (rest, type, id).

    A designator without an identifier is a unit too (`Rear`, `Bsmt`, `Ph`).
    """
    for i in range(len(words)):
        if _unit_starts_at(words, i):
            return words[:i], UNIT_TYPES[words[i]], _unit_id("".join(words[i + 1 :]))
    return words, None, None


def _settle(
    number: str | None,
    predir: str | None,
    street: list[str],
    suffix: str | None,
    postdir: str | None,
) -> dict[str, str | None]:
    """Canonical street components, moving type and directional words usaddress left in the name.

    French forms put the type first (`rue X`, `avenue du X`) and the directional last (`Est`).
    """
    if postdir is None and len(street) > 1 and street[-1] in DIRECTIONS:
        postdir = street.pop()
    if suffix is None and len(street) > 1 and street[-1] in STREET_TYPES:
        suffix = street.pop()
    if suffix is None and len(street) > 1 and street[0] in STREET_TYPES:
        suffix = street.pop(0)
    if predir is None and len(street) > 1 and street[0] in DIRECTIONS:
        predir = street.pop(0)
    return {
        "number": number,
        "predirectional": DIRECTIONS.get(predir, predir) if predir else None,
        "street": _name(street),
        "suffix": STREET_TYPES.get(suffix, suffix) if suffix else None,
        "postdirectional": DIRECTIONS.get(postdir, postdir) if postdir else None,
    }


def _token_parse(words: list[str]) -> dict[str, str | None]:
    """Tolerant fallback: number first, then directionals and type at either end."""
    words, unit_type, unit = _split_unit(words)
    number = words.pop(0) if len(words) > 1 and any(c.isdigit() for c in words[0]) else None
    parts = _settle(number, None, words, None, None)
    return {**parts, "unit_type": unit_type, "unit": unit}


def _joined(tags: dict[str, str], *labels: str) -> list[str]:
    return [w for label in labels for w in _words(tags.get(label, ""))]


def _trailing_unit(words: list[str]) -> tuple[list[str], str | None, str | None]:
    """(rest, unit type, unit id) when the line ends with a unit after a street:
    `<designator> <id>`, `<designator> # <id>` or a designator alone (`... St Rear`)."""
    n = len(words)
    if n >= 4 and words[-2] == POUND and _unit_starts_at(words, n - 3):
        return words[:-3], UNIT_TYPES[words[-3]], _unit_id(words[-1])
    if n >= 3 and _unit_starts_at(words, n - 2):
        return words[:-2], UNIT_TYPES[words[-2]], _unit_id(words[-1])
    if n >= 3 and words[-1] != POUND and _unit_starts_at(words, n - 1):
        return words[:-1], UNIT_TYPES[words[-1]], None
    return words, None, None


# Street types written first in French addresses (`798 avenue du Mont-Royal Est`): usaddress
# reads the rest as US parts (`SUD` as a state), so such lines go to the token rule.
_FRENCH_FIRST_TYPES = frozenset(
    {
        "RUE",
        "AVENUE",
        "AV",
        "BOULEVARD",
        "BOUL",
        "CHEMIN",
        "CH",
        "PLACE",
        "ROUTE",
        "RANG",
        "MONTEE",
        "COTE",
        "ALLEE",
        "IMPASSE",
        "PROMENADE",
        "TERRASSE",
        "CROISSANT",
    }
)
# Labels that cannot belong to a street line (city, state and ZIP have their own columns):
# usaddress read the line wrongly, so the token rule decides.
_FOREIGN_LABELS = frozenset({"PlaceName", "StateName", "ZipCode", "CountryName", "Recipient"})


def _tagged_parse(words: list[str]) -> dict[str, str | None]:
    """Components from usaddress labels; the token rule when usaddress cannot label the line."""
    if len(words) > 2 and words[1] in _FRENCH_FIRST_TYPES:
        return _token_parse(words)
    try:
        tags, _kind = usaddress.tag(" ".join(words))
    except usaddress.RepeatedLabelError:
        return _token_parse(words)
    if _FOREIGN_LABELS.intersection(tags):
        return _token_parse(words)
    if "USPSBoxID" in tags:
        street = [*_joined(tags, "USPSBoxGroupType", "USPSBoxGroupID"), "PO", "BOX"]
        return {
            **_settle(tags["USPSBoxID"], None, street, None, None),
            "unit_type": None,
            "unit": None,
        }
    street = _joined(tags, "StreetNamePreModifier", "StreetName")
    if not street or not tags.get("AddressNumber"):
        return _token_parse(words)
    suffix = tags.get("StreetNamePostType") or tags.get("StreetNamePreType")
    if "StreetNamePostType" not in tags and suffix and street[-1] in STREET_TYPES:
        # Pub 28 234.2: of two suffix words in a row the second is the suffix, the first part
        # of the name (`E Forest Lake`: usaddress reads FOREST as a type written first).
        street, suffix = [*_words(suffix), *street], None
    postdir = tags.get("StreetNamePostDirectional")
    if suffix in DIRECTIONS and suffix not in STREET_TYPES and postdir is None:
        suffix, postdir = tags.get("StreetNamePreType"), suffix
    if suffix is not None and suffix not in STREET_TYPES:
        street, suffix = [*street, *_words(suffix)], None
    number = "".join(_joined(tags, "AddressNumberPrefix", "AddressNumber", "AddressNumberSuffix"))
    kind = "Occupancy" if "OccupancyIdentifier" in tags else "Subaddress"
    unit_type = tags.get(f"{kind}Type")
    if postdir is None and unit_type is None and tags.get(f"{kind}Identifier") in DIRECTIONS:
        # `Oak Hwy E`: usaddress takes the trailing directional for a unit number.
        postdir = tags.pop(f"{kind}Identifier")
    return {
        **_settle(number, tags.get("StreetNamePreDirectional"), street, suffix, postdir),
        "unit_type": UNIT_TYPES.get(unit_type, unit_type) if unit_type else None,
        "unit": _unit_id("".join(_joined(tags, f"{kind}Identifier"))),
    }


def parse_street_line(line: str) -> dict[str, str | None]:
    """Components of one upper-case, accent-folded street line (unit included when present)."""
    words, unit_type, unit = _trailing_unit(_words(line))
    parts = _tagged_parse(words)
    if unit_type is not None:
        parts["unit_type"], parts["unit"] = unit_type, unit
    return parts


def parse_unit_line(line: str) -> tuple[str | None, str | None]:
    """(unit type, unit id) of a second address line such as `APT 17`, `Suite 490`, `#12`."""
    words = _words(line)
    if words and words[0] in UNIT_TYPES:
        return UNIT_TYPES[words[0]], _unit_id("".join(words[1:]))
    return None, _unit_id("".join(words))


def _street_components(lines: pd.Series) -> pd.DataFrame:
    """Components of distinct upper-case street lines (line 1), unit included when present."""
    rows = [parse_street_line(line) if line else {} for line in lines]
    # Text columns even when no line has a street (all NaN would be float, refusing a unit later).
    columns = [*STREET_COMPONENTS, "unit_type", "unit"]
    return pd.DataFrame(rows, columns=columns, index=lines.index, dtype=object)


def _unit_components(lines: pd.Series) -> pd.DataFrame:
    """(unit_type, unit) of distinct upper-case second lines."""
    rows = [parse_unit_line(line) if line else (None, None) for line in lines]
    return pd.DataFrame(rows, columns=["unit_type", "unit"], index=lines.index, dtype=object)


def city_key(values: pd.Series) -> pd.Series:
    """City without accents, punctuation or Saint/St spelling differences."""
    words = plain_upper(values).str.replace(r"[^A-Z0-9 ]", " ", regex=True).str.split()
    return blank_to_none(words.map(_name))


def state_key(values: pd.Series) -> pd.Series:
    """Two-letter state or province code when the spelling is known, else the folded text."""
    text = squeeze_spaces(plain_upper(values).str.replace(r"[^A-Z ]", " ", regex=True))
    return blank_to_none(text.map(lambda s: STATES.get(s, s)))


def postal_key(values: pd.Series) -> pd.Series:
    """ZIP5 (ZIP+4 and lost leading zeros folded) or Canadian `A1A 1A1`; else folded text."""
    text = plain_upper(values).str.replace(r"\.0+$", "", regex=True)
    compact = text.str.replace(r"[^A-Z0-9]", "", regex=True)
    digits = compact.str.fullmatch(r"\d{4,5}|\d{8,9}")
    zip5 = compact.where(compact.str.len() <= 5, compact.str.zfill(9).str[:5]).str.zfill(5)
    canadian = compact.str.match(_CA_POSTAL)
    formatted = compact.str[:3] + " " + compact.str[3:]
    return blank_to_none(zip5.where(digits, formatted.where(canadian, compact)))


def _distinct_codes(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes of each row's distinct value combination, and the distinct rows (first seen)."""
    text = frame.astype("object").fillna("\0").astype(str)
    joined = text.iloc[:, 0].str.cat([text[c] for c in text.columns[1:]], sep="\x1f")
    codes, _ = pd.factorize(joined)
    first = pd.Series(range(len(codes))).groupby(codes).first().to_numpy()
    return codes, frame.iloc[first].reset_index(drop=True)


def normalise_addresses(frame: pd.DataFrame) -> pd.DataFrame:
    """Components of every address in `frame` (the five ADDRESS_FIELDS columns), row-aligned.

    Returns one `c_<component>` column per COMPONENTS entry, on the index of `frame`. Street
    lines, cities, states and postal codes are each parsed once per distinct value.
    """
    frame = frame.loc[:, list(ADDRESS_FIELDS)].astype("object")
    frame = frame.where(frame.notna(), None)
    codes, lines = _distinct_codes(plain_upper(frame.service_address_1).to_frame())
    out = _street_components(lines.iloc[:, 0]).iloc[codes].set_index(frame.index)
    codes, lines = _distinct_codes(plain_upper(frame.service_address_2).to_frame())
    second = _unit_components(lines.iloc[:, 0]).iloc[codes].set_index(frame.index)
    # A unit on line 2 wins over one written at the end of line 1.
    has_second = second.unit_type.notna() | second.unit.notna()
    out.loc[has_second, ["unit_type", "unit"]] = second.loc[has_second].to_numpy()
    out = out.add_prefix("c_")
    for column, key in (("city", city_key), ("state", state_key), ("postal_code", postal_key)):
        codes, distinct = _distinct_codes(frame[[column]])
        out["c_zip" if column == "postal_code" else f"c_{column}"] = key(
            distinct[column]
        ).to_numpy()[codes]
    return out[[f"c_{c}" for c in COMPONENTS]]
