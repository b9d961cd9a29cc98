"""Carrier spellings resolve to one carrier id; profiles are validated on load."""

from pathlib import Path

import pytest

from portrecon.carriers import CarrierProfileError, default_carrier_book, load_carrier_book


@pytest.mark.parametrize("spelling", ["AT&T", "ATT", "AT and T", "at&t, inc."])
def test_known_alias_spellings_resolve_to_the_profile(spelling: str) -> None:
    assert default_carrier_book().carrier_id(spelling) == "att"


def test_unknown_carrier_spelled_three_ways_is_one_carrier() -> None:
    book = default_carrier_book()
    ids = {book.carrier_id(s) for s in ("Foo Telecom, Inc.", "FOO TELECOM", "foo telecom llc")}
    assert ids == {"foo_telecom"}
    assert not book.is_known("foo_telecom")


def test_accents_and_french_suffixes_fold_into_the_same_carrier() -> None:
    book = default_carrier_book()
    assert book.carrier_id("Laurentian Telecom Ltée") == book.carrier_id("LAURENTIAN TELECOM")


def test_unknown_carrier_gets_the_default_profile() -> None:
    assert default_carrier_book().profile("foo_telecom").id == "default"


def test_invalid_profile_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "carriers.yaml"
    bad.write_text(
        "default: {id: default, display_name: x}\ncarriers:\n  - id: a\n    country: MX\n"
    )
    with pytest.raises(CarrierProfileError, match="invalid carrier profile file"):
        load_carrier_book(bad)
