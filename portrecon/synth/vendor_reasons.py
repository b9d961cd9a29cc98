"""Carrier reasons written the way the porting platforms write them (issue 17): the code alone,
the code with its description, the code in brackets before the words, or words only.

The codes come from the published lists (data/rejection_codes/, read here as data: the truth
shares no code with the product it checks) and are chosen among those meaning the check that
drove the rejection, so the truth of each written code is known. The style is drawn from a
stream keyed on the order and the event, not from the world's dice: every other synthetic value
stays what it was.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources

from portrecon.synth.policies import REASONS

# Share of coded reasons by style; the rest keep the carrier's words.
STYLES = (("alone", 0.2), ("described", 0.2), ("bracketed", 0.15))
_CHECK_OF_TEXT = {text: check for check, text in REASONS.items()}


@dataclass(frozen=True, slots=True)
class WrittenReason:
    """A reason as written in the event file, the check its words name (empty: none of
    REASONS) and the code it carries (empty when words only)."""

    text: str
    check: str
    vendor: str = ""
    vendor_code: str = ""


@cache
def _codes_for(check: str) -> tuple[tuple[str, str, str], ...]:
    """(vendor, code, description) of the published codes meaning `check` (a field or an order
    finding code); component-free ones only: a ZIP code would claim more than the planted
    finding says. A Bandwidth row's JCode is the industry code of the same meaning."""
    codes = []
    for vendor in ("bandwidth", "telnyx", "twilio"):
        table = resources.files("portrecon.data").joinpath("rejection_codes", f"{vendor}.csv")
        for row in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))):
            if row["finding"] == check and not row["component"]:
                codes.append((vendor, row["code"], row["description"]))
                if vendor == "bandwidth":
                    codes.append(("industry", row["jcode"], row["description"]))
    return tuple(dict.fromkeys(codes))


def vendor_reason(words: str, order_id: str, day: int, status: str) -> WrittenReason:
    """`words` (a reason of the carrier's vocabulary) rewritten in one of the platforms' styles,
    or kept, deterministically for one order, day and status."""
    check = _CHECK_OF_TEXT.get(words, "")
    candidates = _codes_for(check) if check else ()
    draw = random.Random(f"{order_id}:{day}:{status}")
    roll, style = draw.random(), None
    for name, share in STYLES:
        if roll < share:
            style = name
            break
        roll -= share
    if style is None or not candidates:
        return WrittenReason(words, check)
    vendor, code, description = draw.choice(candidates)
    text = {
        "alone": code,
        "described": f"{code} - {description}",
        "bracketed": f"[{code}] {words}",
    }[style]
    return WrittenReason(text, check, vendor, code)
