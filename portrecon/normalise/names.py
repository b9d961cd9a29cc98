"""End-user names: the equivalence key that ignores case, punctuation, `&`/`and` and suffixes.

`Acme Inc`, `ACME, INCORPORATED` and `Acme Inc.` are one name to a carrier's clerk; the key
canonicalises business suffixes (Incorporated -> INC, L.L.C. -> LLC ...) rather than dropping
them, so that `Acme` vs `Acme Inc` stays a one-word difference (similar), not an equivalence.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from portrecon.normalise.text import (
    blank_to_none,
    distinct_values,
    exact_form,
    plain_upper,
    squeeze_spaces,
)

BUSINESS_SUFFIXES = {
    "INCORPORATED": "INC",
    "INC": "INC",
    "CORPORATION": "CORP",
    "CORP": "CORP",
    "COMPANY": "CO",
    "CO": "CO",
    "LLC": "LLC",
    "LIMITED": "LTD",
    "LTD": "LTD",
    "LTEE": "LTD",
    "LP": "LP",
    "LLP": "LLP",
    "PLLC": "PLLC",
    "PC": "PC",
}
_SUFFIX_PATTERN = r"\b(" + "|".join(BUSINESS_SUFFIXES) + r")\b"


def name_key(values: pd.Series) -> pd.Series:
    """Equivalence key of each name: accents, case, punctuation, `&`, suffix spellings folded."""
    text = plain_upper(values).str.replace("&", " AND ", regex=False)
    # Dots and apostrophes join their neighbours (L.L.C. -> LLC, O'Neil -> ONEIL); other
    # punctuation separates words.
    text = text.str.replace(r"[.'`]", "", regex=True).str.replace(r"[^A-Z0-9 ]", " ", regex=True)
    text = text.str.replace(_SUFFIX_PATTERN, lambda m: BUSINESS_SUFFIXES[m.group(1)], regex=True)
    return blank_to_none(squeeze_spaces(text))


def normalise_names(values: Iterable[object]) -> pd.DataFrame:
    """One row per distinct name: `value`, `exact` form and equivalence `key`."""
    distinct = distinct_values(values)
    return pd.DataFrame(
        {"value": distinct, "exact": exact_form(distinct), "key": name_key(distinct)}
    )
