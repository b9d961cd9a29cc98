"""PINs as secrets: keyed hashes only, the key outside the warehouse and the repository."""

import stat
from pathlib import Path

import pytest

from portrecon.pins import PinKeyError, hash_pin, mask_pin, pin_key


def test_generated_key_file_is_readable_by_its_owner_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PORTRECON_PIN_KEY")
    key_file = tmp_path / "config" / "pin.key"
    monkeypatch.setenv("PORTRECON_PIN_KEY_FILE", str(key_file))
    pin_key()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_the_same_key_file_gives_the_same_hash_in_a_later_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PORTRECON_PIN_KEY")
    monkeypatch.setenv("PORTRECON_PIN_KEY_FILE", str(tmp_path / "pin.key"))
    first = hash_pin("1234")
    assert (tmp_path / "pin.key").read_bytes().strip() == pin_key()
    assert hash_pin("1234") == first


def test_hash_depends_on_the_key_so_a_pin_cannot_be_looked_up() -> None:
    assert hash_pin("1234", b"key-a") != hash_pin("1234", b"key-b")


def test_excel_float_form_of_a_pin_hashes_like_the_pin() -> None:
    assert hash_pin("1234.0") == hash_pin("1234")


def test_mask_shows_only_that_a_pin_was_given() -> None:
    assert (mask_pin("98765"), mask_pin("  ")) == ("****", None)


def test_unwritable_key_location_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PORTRECON_PIN_KEY")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("PORTRECON_PIN_KEY_FILE", str(blocker / "pin.key"))
    with pytest.raises(PinKeyError, match="PORTRECON_PIN_KEY"):
        pin_key()
