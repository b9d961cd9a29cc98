"""What an input's text may not do in a report: run as a spreadsheet formula or show a PIN.

Spreadsheet programs run text that starts with `=`, `+`, `-` or `@` (and, in some, tab or
carriage return, or any of them behind leading spaces) as a formula when the cell is typed, edited
or re-imported; PRODUCT.md section 8 forbids
that for any value that came from an input. PINs are secrets (section 4) and must not reach a
report even if a raw quarantined row still carried one.
"""

from __future__ import annotations

import re

from portrecon.pins import MASK, SECRET_NAME_PATTERN

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# A JSON member whose key names a PIN (`pin`, `PIN`, `port_pin`, `Passcode`) and whose value is
# not already the mask. Keys like `shipping` do not match: `pin` must not be followed by a letter.
_PIN_MEMBER = re.compile(
    rf'("(?:[^"\\]|\\.)*?(?:{SECRET_NAME_PATTERN})(?:[^"\\]|\\.)*"\s*:\s*)"(?!\*{{4}}")(?:[^"\\]|\\.)+"',
    re.IGNORECASE,
)


def runs_as_formula(text: str) -> bool:
    """True when a spreadsheet may read this text as a formula: it starts with a trigger, also
    behind leading white space (programs trim a cell's text when it is edited or re-imported)."""
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS)


def mask_pins_in_raw(raw: str | None) -> str | None:
    """The raw quarantined row with the value of every PIN-named member replaced by the mask.

    Ingest already masks PINs; this is the report's own guard, so no PIN can leak through a
    raw row even if an older warehouse or a new input layout slipped one through.
    """
    if raw is None:
        return None
    return _PIN_MEMBER.sub(lambda m: f'{m.group(1)}"{MASK}"', raw)
