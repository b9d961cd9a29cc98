"""The one exception precheck raises for input it cannot use (the CLI maps it to exit code 2)."""

from __future__ import annotations


class PrecheckInputError(Exception):
    """Missing or unreadable input, a sheet without a `tn` column, or a missing warehouse.

    The message is one line in plain words, fit to print as is.
    """
