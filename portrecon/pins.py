"""PINs as secrets: keyed hashes for comparison, masks for display (PRODUCT.md section 4).

A 4-digit PIN's plain hash is reversed by trying 10,000 values, so PINs are only ever stored as
HMAC-SHA256 under a key that lives outside the warehouse and the repository.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from functools import cache
from pathlib import Path

from platformdirs import user_config_path

KEY_ENV = "PORTRECON_PIN_KEY"
KEY_FILE_ENV = "PORTRECON_PIN_KEY_FILE"
MASK = "****"
# What in a column header (or a JSON key) marks a secret even when it is not the mapped PIN
# column: "Passcode", "Account PIN", "AccountPIN", "PINCode", "Port-out PINs", "password", "PW".
# `pin` must not run on into other letters ("shipping", "spinner", "opinion" are no secrets).
SECRET_NAME_PATTERN = (
    r"pin(?:s|codes?|numbers?|no)?(?![a-z])|pass[\s_-]?codes?|passwords?|(?<![a-z])pw(?![a-z])"
)
_SECRET_NAME = re.compile(SECRET_NAME_PATTERN, re.IGNORECASE)
# A value that could be a PIN typed or shifted out of its column: 3 to 8 digits (`.0` of an Excel
# float too). Account numbers and ZIP codes look the same, so this only masks rows already rejected.
_PIN_LIKE = re.compile(r"\d{3,8}(?:\.0)?")


def key_file_path() -> Path:
    """Where the generated key lives: $PORTRECON_PIN_KEY_FILE, else the user's config dir."""
    override = os.environ.get(KEY_FILE_ENV)
    return Path(override) if override else _user_key_file()


@cache
def _user_key_file() -> Path:
    """Asked of platformdirs once: it costs ~70 us, paid per PIN hashed before."""
    return user_config_path("portrecon") / "pin.key"


class PinKeyError(RuntimeError):
    """No PIN key can be had; the message says how to provide one."""


def _read_or_create_key_file(path: Path) -> bytes:
    try:
        if path.exists():
            return path.read_bytes().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32).encode()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key
    except OSError as exc:
        raise PinKeyError(
            f"cannot read or create the PIN key file {path} ({exc.strerror}); set "
            f"{KEY_ENV}, or {KEY_FILE_ENV} to a writable path"
        ) from None


@cache
def _key_for(env_key: str | None, key_path: str) -> bytes:
    if env_key:
        return env_key.encode()
    return _read_or_create_key_file(Path(key_path))


def pin_key() -> bytes:
    """The HMAC key: $PORTRECON_PIN_KEY, else a 0600 key file created on first use."""
    return _key_for(os.environ.get(KEY_ENV), str(key_file_path()))


def normalise_pin(value: object) -> str | None:
    """Digits-and-letters form of a PIN as typed; None when empty. Excel floats lose `.0`."""
    if value is None:
        return None
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    text = "".join(ch for ch in text if ch.isalnum())
    return text or None


def hash_pin(value: object, key: bytes | None = None) -> str | None:
    """HMAC-SHA256 hex of the normalised PIN, or None when there is no PIN."""
    pin = normalise_pin(value)
    return None if pin is None else _hmac(pin, key)


def _hmac(text: str, key: bytes | None) -> str:
    return hmac.new(key or pin_key(), text.encode(), hashlib.sha256).hexdigest()


def hash_pin_unpadded(value: object, key: bytes | None = None) -> str | None:
    """HMAC of the PIN without leading zeros, so `0123` and a spreadsheet's `123` can be told
    apart from a wrong PIN; None when there is no PIN."""
    pin = normalise_pin(value)
    if pin is None:
        return None
    # Its own input space ("unpadded:" prefix, hashed as is rather than re-normalised, which would
    # drop the colon), so the two columns cannot be joined to each other.
    return _hmac(f"unpadded:{pin.lstrip('0') or '0'}", key)


def is_secret_header(header: str) -> bool:
    """True for a column header naming a PIN, passcode or password."""
    return bool(_SECRET_NAME.search(header))


def looks_like_pin(text: str) -> bool:
    """True for text that could be a PIN out of its column (3 to 8 digits and nothing else)."""
    return bool(_PIN_LIKE.fullmatch(text.strip()))


def mask_pin(value: object) -> str | None:
    """What a person may see of a PIN: `****` when one was given, else None."""
    return MASK if normalise_pin(value) is not None else None
