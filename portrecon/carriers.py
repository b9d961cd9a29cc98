"""Carrier profiles (PRODUCT.md section 6): load, validate and resolve carrier spellings.

Carrier names arrive as `AT&T`, `ATT`, `Foo Telecom, Inc.`; everything downstream keys on one
`carrier_id`, so unknown carriers are unified by the same generic normalisation as known ones.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Country = Literal["US", "CA"]

# Business suffixes dropped from carrier names before matching; longest forms first.
_CARRIER_SUFFIXES = (
    "incorporated",
    "corporation",
    "company",
    "limited",
    "inc",
    "corp",
    "co",
    "llc",
    "ltd",
    "lp",
    "llp",
    "plc",
    "ltee",
)
_SUFFIX_RE = re.compile(r"(?:\s+(?:" + "|".join(_CARRIER_SUFFIXES) + r"))+$")
# Small words a title keeps in lower case unless they open the name (`Redwood and Pine`).
_TITLE_SMALL_WORDS = frozenset({"and", "of", "the", "de", "du", "des", "la", "le", "et"})


class CarrierProfile(BaseModel):
    """One carrier's rules; the default profile has no aliases."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    display_name: str
    aliases: tuple[str, ...] = ()
    country: Country = "US"
    pin_required: bool = False
    loa_max_age_days: int = Field(90, gt=0)
    sla_days_to_foc: int = Field(10, gt=0)
    sla_days_to_complete: int = Field(20, gt=0)
    max_numbers_per_order: int = Field(1000, gt=0)
    # Hours after a port-out request an unanswered confirmation is approved by default
    # (PRODUCT.md 10: Telnyx 24-48 hours); portout_watch.auto_approves_at counts from them.
    portout_auto_approve_hours: float = Field(24, gt=0)
    # Port dates (PRODUCT.md 10.1; defaults and their sources in docs/port-dates.md).
    # IANA zone of the cut-off; None = the country's (US: America/New_York, CA: America/Toronto).
    timezone: str | None = None
    foc_cutoff_local: time = time(13, 0)
    # Smallest order size (numbers) -> business days of lead time from that size on.
    min_business_days_by_size: dict[int, int] = {1: 2, 100: 5, 1000: 10}
    max_port_date_days: int = Field(30, gt=0)
    simple_port_max_numbers: int = Field(1, gt=0)
    csr_columns: dict[str, tuple[str, ...]] = {}

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("min_business_days_by_size")
    @classmethod
    def _every_size_covered(cls, value: dict[int, int]) -> dict[int, int]:
        """Sizes from 1 up must all have a lead time, and none may be negative."""
        if 1 not in value or min(value.values()) < 0 or min(value) < 1:
            raise ValueError("needs an entry for size 1, sizes >= 1 and lead times >= 0")
        return dict(sorted(value.items()))


class CarrierFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    default: CarrierProfile
    carriers: list[CarrierProfile]


class CarrierProfileError(ValueError):
    """The carrier profile file is missing or invalid; the message says where."""


def normalise_carrier_name(name: str | None) -> str:
    """Generic key for a carrier spelling: case, punctuation, `&`/`and` and suffixes removed."""
    if name is None:
        return ""
    folded = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _SUFFIX_RE.sub("", text)
    return text.replace(" ", "_")


def title_case_carrier_id(carrier_id: str) -> str:
    """An unknown carrier's display name: its canonical key in title case (`cascadia_wireless`
    -> `Cascadia Wireless`), so every spelling of it reads the same in every report."""
    words = [w for w in carrier_id.split("_") if w]
    return " ".join(
        w if n and w in _TITLE_SMALL_WORDS else w[:1].upper() + w[1:] for n, w in enumerate(words)
    )


class CarrierBook:
    """All profiles plus the alias index; resolves any spelling to a carrier id and profile."""

    def __init__(self, default: CarrierProfile, carriers: list[CarrierProfile]) -> None:
        self.default = default
        self.profiles = {p.id: p for p in carriers}
        self._alias: dict[str, str] = {}
        for profile in carriers:
            for spelling in (profile.id, profile.display_name, *profile.aliases):
                key = normalise_carrier_name(spelling)
                owner = self._alias.setdefault(key, profile.id)
                if owner != profile.id:
                    raise CarrierProfileError(
                        f"alias {spelling!r} belongs to both {owner!r} and {profile.id!r}"
                    )

    def carrier_id(self, name: str | None) -> str:
        """Profile id for a known spelling, else the normalised name (never empty)."""
        key = normalise_carrier_name(name)
        return self._alias.get(key, key or "unknown")

    def fingerprint(self) -> str:
        """What carrier_id answers depend on (the alias index), for keys of cached parses."""
        return hashlib.sha256(repr(sorted(self._alias.items())).encode()).hexdigest()

    def is_known(self, carrier_id: str) -> bool:
        return carrier_id in self.profiles

    def display_name(self, carrier_id: str) -> str:
        """How every report and precheck names the carrier (docs/reports.md, carrier names): the
        profile's display name, else the title-cased canonical key, never a raw spelling."""
        if carrier_id in self.profiles:
            return self.profiles[carrier_id].display_name
        return title_case_carrier_id(carrier_id)

    def profile(self, carrier_id: str) -> CarrierProfile:
        """The carrier's profile, or the default profile for an unknown carrier."""
        return self.profiles.get(carrier_id, self.default)

    def csr_column_aliases(self) -> dict[str, set[str]]:
        """Canonical CSR column -> every header spelling any carrier uses for it."""
        merged: dict[str, set[str]] = {}
        for profile in self.profiles.values():
            for column, spellings in profile.csr_columns.items():
                merged.setdefault(column, set()).update(spellings)
        return merged


def load_carrier_book(path: Path | None = None) -> CarrierBook:
    """Read and validate a profile file (default: the bundled data/carriers.yaml)."""
    source = path or resources.files("portrecon.data").joinpath("carriers.yaml")
    try:
        document = yaml.safe_load(source.read_text(encoding="utf-8"))
        parsed = CarrierFile.model_validate(document)
    except FileNotFoundError as exc:
        raise CarrierProfileError(f"carrier profile file not found: {source}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise CarrierProfileError(f"invalid carrier profile file {source}: {exc}") from exc
    return CarrierBook(parsed.default, parsed.carriers)


@cache
def default_carrier_book() -> CarrierBook:
    """The bundled profiles, loaded once per process."""
    return load_carrier_book()
