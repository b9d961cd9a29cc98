"""Text folding shared by every normaliser, so `exact` and `equivalent` mean the same everywhere.

PRODUCT.md section 4: `exact` is equal after trimming, collapsing white space and case-folding;
the equivalence keys build on that and additionally fold accents and punctuation.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def distinct_values(values: Iterable[object]) -> pd.Series:
    """The distinct non-missing values as a string Series, in first-seen order."""
    series = pd.Series(list(values), dtype="object")
    return pd.Series(series.dropna().astype(str).unique(), dtype="object")


def exact_form(values: pd.Series) -> pd.Series:
    """Trimmed, white-space-collapsed, case-folded text; None when nothing is left."""
    text = values.astype("object").fillna("").astype(str)
    return blank_to_none(squeeze_spaces(text).str.casefold())


def plain_upper(values: pd.Series) -> pd.Series:
    """Accent-folded upper-case ASCII text with white space collapsed (the base of every key)."""
    text = values.astype("object").fillna("").astype(str)
    text = text.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return squeeze_spaces(text.str.upper())


def blank_to_none(values: pd.Series) -> pd.Series:
    """Empty strings become None so that `missing` is one thing downstream."""
    values = values.astype("object")
    return values.where(values.notna() & (values != ""), None)


# White space incl. the no-break spaces RE2's \s misses, as literal characters so that Python's re
# (object columns) and RE2 (pyarrow string columns) read the same pattern.
_SPACES = "[\\s\u00a0\u2007\u202f]+"


def squeeze_spaces(text: pd.Series) -> pd.Series:
    """White space runs collapsed to one space, ends trimmed (vectorised, no Python per row)."""
    return text.str.replace(_SPACES, " ", regex=True).str.strip()
