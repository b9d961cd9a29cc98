"""The night's business headline, for the last lines of `portrecon nightly`: the
figures the morning report leads with, counted by the report's own queries (one definition)."""

from __future__ import annotations

from datetime import date

import duckdb

from portrecon.reports.queries import Relations, summary_figures

# Summary figure -> how the CLI line says it, in the order a porting manager acts on them.
HEADLINE = (
    ("open_port_ins", "open port-ins"),
    ("risk_high", "at high risk of rejection"),
    ("rejected_to_fix", "rejected port-ins to fix and resubmit"),
    ("portout_actions", "port-outs needing action"),
    ("portout_overdue", "port-outs overdue"),
    ("findings_block", "blocking findings on open orders"),
)


def headline(con: duckdb.DuckDBPyConnection, as_of: date) -> list[tuple[str, int | None]]:
    """(words, count) of each headline figure of the warehouse behind `con`; None where the
    warehouse lacks the table that counts it."""
    figures = {figure.key: figure.value for figure in summary_figures(Relations(con), as_of)}
    return [(words, figures.get(key)) for key, words in HEADLINE]

