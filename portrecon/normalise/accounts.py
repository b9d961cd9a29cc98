"""Account numbers: separators and leading zeros do not make another account.

Excel drops leading zeros (`0012345` -> `12345`, even `12345.0`) and people type `739-329-100`;
the key keeps only letters and digits, upper-cased, without leading zeros.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from portrecon.normalise.text import blank_to_none, distinct_values, exact_form


def account_key(values: pd.Series) -> pd.Series:
    """Equivalence key of each account number: alphanumerics only, no leading zeros."""
    text = values.astype("object").fillna("").astype(str).str.strip()
    text = text.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    text = text.str.replace(r"[^0-9A-Za-z]", "", regex=True).str.upper()
    stripped = text.str.lstrip("0")
    return blank_to_none(stripped.where(stripped.ne("") | text.eq(""), "0"))


def normalise_accounts(values: Iterable[object]) -> pd.DataFrame:
    """One row per distinct account number: `value`, `exact` form and equivalence `key`."""
    distinct = distinct_values(values)
    return pd.DataFrame(
        {"value": distinct, "exact": exact_form(distinct), "key": account_key(distinct)}
    )
