"""How a model's probability of rejection is shown, in every report, sheet and message.

A model cannot know that a carrier will (or will not) reject an order, so a probability is shown
in whole percent between 1% and 99%, and as ">99%" / "<1%" beyond, never as 100% or 0%
(docs/reports.md, Probabilities). Workbooks keep the number in the cell (it sorts and filters) and
show it with PROBABILITY_FORMAT; text is written with probability_text, or in SQL with
probability_sql; all three draw the same lines.
"""

from __future__ import annotations

SURE = 0.995  # from here up a whole percent would round to 100%: shown as >99%
NEVER = 0.005  # below this it would round to 0%: shown as <1%

PROBABILITY_FORMAT = f'[>={SURE}]">99%";[<{NEVER}]"<1%";0%'


def probability_text(probability: float) -> str:
    """A probability as PROBABILITY_FORMAT shows it: `37%`, `>99%`, `<1%`."""
    if probability >= SURE:
        return ">99%"
    if probability < NEVER:
        return "<1%"
    return f"{probability:.0%}"


def probability_sql(column: str) -> str:
    """SQL text of probability_text for a DOUBLE column or expression."""
    return (
        f"CASE WHEN {column} >= {SURE} THEN '>99%' WHEN {column} < {NEVER} THEN '<1%' "
        f"ELSE round({column} * 100)::INT || '%' END"
    )
