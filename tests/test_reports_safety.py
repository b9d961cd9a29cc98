"""Report safety: which text would run as a formula, and PINs masked in raw quarantined rows."""

from __future__ import annotations

import pytest

from portrecon.reports.safety import mask_pins_in_raw, runs_as_formula


@pytest.mark.parametrize(
    "text", ["=1+1", "+15551234", "-2", "@SUM(1)", "\t=1", "\r=1", " =1", "  +1", " \t@A1"]
)
def test_text_starting_with_a_formula_trigger_runs_as_formula(text):
    assert runs_as_formula(text)


@pytest.mark.parametrize("text", ["Acme = Inc", "1-800-FLOWERS", "O'Brien", "  ", ""])
def test_other_text_does_not_run_as_formula(text):
    assert not runs_as_formula(text)


def test_pin_members_of_a_raw_row_are_masked_whatever_their_key_spelling():
    raw = '{"pin": "4821", "Port PIN": "12 34", "PASSCODE": "ab\\"c", "tn": "4155550100"}'
    assert mask_pins_in_raw(raw) == (
        '{"pin": "****", "Port PIN": "****", "PASSCODE": "****", "tn": "4155550100"}'
    )


def test_keys_that_merely_contain_pin_and_values_named_pin_are_kept():
    raw = '{"shipping": "4821", "note": "pin", "pin": "****", "pin_hint": ""}'
    assert mask_pins_in_raw(raw) == raw
