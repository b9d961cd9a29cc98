"""phonenumbers' own validity rules for calling code 1, read through its metadata API as plain data.

A batch classifier evaluates these with another regex engine; the patterns stay the library's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata, PhoneNumberDesc

NANP_CALLING_CODE = 1

# PhoneMetadata's type descriptions in the order phonenumbers' _number_type_helper tests them;
# a number matching the general description and any one of these has a type, so it is valid.
_TYPE_DESCS = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
)


@dataclass(frozen=True)
class NumberPattern:
    """One PhoneNumberDesc's test: the length is one of `lengths` (any when empty), then the
    whole national number matches `pattern` (phonenumbers' _is_number_matching_desc)."""

    pattern: str
    lengths: frozenset[int]


@dataclass(frozen=True)
class RegionRules:
    """What makes a national number valid in one region, and what claims a number for it."""

    region: str
    general: NumberPattern | None  # None: no number is valid in the region
    types: tuple[NumberPattern, ...]  # valid = general matches and any one of these matches
    leading_digits: str | None  # a prefix match claims the number; None: being valid claims it

    def type_patterns_by_length(self) -> dict[int | None, tuple[str, ...]]:
        """Type patterns a number is tested against, by its length; None: any length that no type
        description names (only the length-free descriptions apply)."""
        named: set[int] = set().union(*(desc.lengths for desc in self.types))
        return {
            length: tuple(d.pattern for d in self.types if not d.lengths or length in d.lengths)
            for length in [*sorted(named), None]
        }


def _number_pattern(desc: PhoneNumberDesc | None) -> NumberPattern | None:
    """None where phonenumbers' _is_number_matching_desc can never be true (no desc, no pattern)."""
    if desc is None or not desc.national_number_pattern:
        return None
    return NumberPattern(desc.national_number_pattern, frozenset(desc.possible_length))


def _region_rules(region: str, metadata: PhoneMetadata) -> RegionRules:
    names = _TYPE_DESCS if metadata.same_mobile_and_fixed_line_pattern else (*_TYPE_DESCS, "mobile")
    types = (_number_pattern(getattr(metadata, name)) for name in names)
    return RegionRules(
        region=region,
        general=_number_pattern(metadata.general_desc),
        types=tuple(desc for desc in types if desc is not None),
        leading_digits=metadata.leading_digits,
    )


@cache
def nanp_region_rules() -> tuple[RegionRules, ...]:
    """Every calling-code-1 region with metadata, in the library's region_code_for_number order.

    Their metadata all carry calling code 1, so is_valid_number_for_region's code check passes.
    """
    rules = []
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[NANP_CALLING_CODE]:
        metadata = PhoneMetadata.metadata_for_region(region.upper(), None)
        if metadata is not None:
            rules.append(_region_rules(region, metadata))
    return tuple(rules)
