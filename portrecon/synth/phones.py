"""Telephone numbers of the world: unique valid NANP numbers of a place's area codes (checked with
`phonenumbers`), toll-free numbers, consecutive DID blocks, and the invalid or non-portable
numbers that LOAs carry by mistake. Numbers are 10-digit ints (NPA-NXX-XXXX)."""

from __future__ import annotations

from functools import cache

from phonenumbers import PhoneNumber, is_valid_number, region_code_for_number

from portrecon.synth.rand import Dice

TOLL_FREE_AREA_CODES = (800, 833, 844, 855, 866, 877, 888)
# Valid NANP numbers outside the US and Canada: Jamaica, Bahamas, Barbados, Bermuda, Trinidad.
NOT_PORTABLE_AREA_CODES = (876, 242, 246, 441, 868)
# Exchanges people avoid or that phonenumbers treats specially (555, N11, 950, 958/959, 976).
_SPECIAL_EXCHANGES = frozenset((555, 950, 958, 959, 976, *range(211, 1000, 100)))
# 40 exchanges per area code hold 400,000 numbers, cheap to validate: plenty for a world of
# 100,000 orders. Blocks start at a multiple of 100, so an area code holds ~4,000 blocks; a
# larger world fills its places' area codes and then draws from every exchange.
_EXCHANGE_CANDIDATES = tuple(
    nxx for nxx in range(203, 1000, 19) if nxx not in _SPECIAL_EXCHANGES and nxx % 100 != 11
)
_ALL_EXCHANGES = tuple(
    nxx for nxx in range(200, 1000) if nxx not in _SPECIAL_EXCHANGES and nxx % 100 != 11
)
# Draws in a row that hit held numbers before the pool widens to every exchange: never reached
# while the 40 exchanges are mostly free, so smaller worlds are drawn exactly as before.
_WIDEN_AFTER = 64


def _region(national: int) -> str | None:
    number = PhoneNumber(country_code=1, national_number=national)
    return region_code_for_number(number) if is_valid_number(number) else None


@cache
def valid_exchanges(area_code: int, wide: bool = False) -> tuple[tuple[int, ...], str | None]:
    """Exchanges of an area code where phonenumbers calls sample lines valid, and their region
    (wide: among every exchange, not the usual 40)."""
    exchanges = []
    regions = set()
    for nxx in _ALL_EXCHANGES if wide else _EXCHANGE_CANDIDATES:
        base = (area_code * 1000 + nxx) * 10000
        region = _region(base + 4567)
        if region is not None:
            exchanges.append(nxx)
            regions.add(region)
    region = regions.pop() if len(regions) == 1 else None
    return tuple(exchanges), region


class NumberPool:
    """Hands out numbers no one else holds: scattered lines or consecutive blocks."""

    def __init__(self, dice: Dice) -> None:
        self._dice = dice
        self._taken: set[int] = set()
        self._wide = False

    def block(self, area_codes: tuple[int, ...], size: int) -> list[int]:
        """`size` consecutive numbers in one exchange of one of the area codes."""
        attempts = 0
        while True:
            attempts += 1
            self._wide = self._wide or attempts > _WIDEN_AFTER
            area_code = self._dice.pick(area_codes)
            exchanges, _ = valid_exchanges(area_code, self._wide)
            nxx = self._dice.pick(exchanges)
            step = 100 if size > 1 else 1
            start = self._dice.integer(0, (10000 - size) // step) * step
            first = (area_code * 1000 + nxx) * 10000 + start
            numbers = list(range(first, first + size))
            if not any(n in self._taken for n in numbers):
                self._taken.update(numbers)
                return numbers

    def scattered(self, area_codes: tuple[int, ...], size: int) -> list[int]:
        return [self.block(area_codes, 1)[0] for _ in range(size)]

    def claim(self, number: int) -> bool:
        """Reserve one given number; False when it is already held."""
        if number in self._taken:
            return False
        self._taken.add(number)
        return True

    def invalid(self) -> str:
        """A 10-digit string that is not a valid NANP number (area code 1XX or 0XX)."""
        while True:
            area = self._dice.pick((self._dice.integer(100, 199), self._dice.integer(10, 99)))
            text = f"{area:03d}{self._dice.integer(2000000, 9999999)}"
            if self.claim(int(text) + 10**10):  # keyed apart from valid numbers
                return text

    def not_portable(self) -> int:
        """A valid NANP number of a Caribbean or Atlantic country (not US or CA)."""
        return self.block(NOT_PORTABLE_AREA_CODES, 1)[0]


def tn_text(number: int, form: int) -> str:
    """One number in one of the TN_FORMS of PRODUCT.md 3.4."""
    s = str(number)
    if form >= 4:
        return (s, f"+1{s}", f"{s}.0", f"{s[0]}.{s[1:]}E9")[form - 4]
    a, b, c = s[:3], s[3:6], s[6:]
    return (f"({a}) {b}-{c}", f"+1 {a} {b} {c}", f"1-{a}-{b}-{c}", f"{a}.{b}.{c}")[form]


# (415) 555-0123, +1 415 555 0123, 1-415-555-0123, 415.555.0123, 4155550123, +14155550123,
# and the Excel floats 4155550123.0, 4.155550123E9.
TN_FORMS = 8
SPACELESS_FORMS = (2, 3, 4, 5)
EXCEL_FORMS = (6, 7)
