"""Per-value work done once per distinct value of a column, then spread back to every row.

A night's million CSR rows hold far fewer distinct carriers, dates, PINs or padded texts than
rows; `pd.factorize` hashes each row once, where `Series.map(dict)` hashes it twice and builds an
index, which at national scale cost more than the parsing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd


def spread(values: Sequence[object], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """An object Series of `values[code]` per row; code -1 (a missing value) gives None."""
    table = np.empty(len(values) + 1, dtype=object)  # the extra last slot is code -1's None
    for position, value in enumerate(values):
        table[position] = value  # one by one: lists and tuples stay single objects
    return pd.Series(table[codes], index=index, dtype=object)


def map_distinct(column: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """`function` of each row's value, called once per distinct value; missing values give None."""
    codes, uniques = pd.factorize(column)
    return spread([function(value) for value in uniques], codes, column.index)
