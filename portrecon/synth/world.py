"""The world's carriers (the known profiles plus fictional unknown ones, each with its alias
spellings) and its accounts: who the end user is, where, which numbers, which account number
and PIN, and how the losing carrier's CSR writes them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from portrecon.carriers import CarrierBook
from portrecon.synth.phones import TOLL_FREE_AREA_CODES, NumberPool
from portrecon.synth.rand import Dice
from portrecon.synth.values import (
    AMPERSAND,
    Address,
    AddressStyle,
    Name,
    NameStyle,
    render_address,
    render_name,
)
from portrecon.synth.vocab import (
    BUSINESS_WORDS,
    C2_UNITS,
    CA_SUFFIXES,
    COMMON_SUFFIXES,
    COMMON_UNITS,
    DIRECTIONALS,
    FIRST_NAMES,
    FRENCH_DIRECTIONS,
    FRENCH_FIRST_NAMES,
    FRENCH_LAST_NAMES,
    FRENCH_STREET_NAMES,
    FRENCH_STREET_TYPES,
    FRENCH_SUFFIXES,
    FRENCH_TRADES,
    LAST_NAMES,
    PLACES,
    STREET_NAMES,
    STREET_SUFFIXES,
    TRADES,
    UNITS_WITHOUT_NUMBER,
    US_SUFFIXES,
    Place,
)

# Carriers no profile knows: (id the generic normalisation gives, home country, spellings).
UNKNOWN_CARRIERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "prairie_sky_telecom",
        "US",
        (
            "Prairie Sky Telecom",
            "PRAIRIE SKY TELECOM",
            "Prairie Sky Telecom, Inc.",
            "Prairie-Sky Telecom Inc",
            "prairie sky telecom llc",
        ),
    ),
    (
        "redwood_and_pine_communications",
        "US",
        (
            "Redwood & Pine Communications",
            "REDWOOD AND PINE COMMUNICATIONS",
            "Redwood and Pine Communications, LLC",
            "Redwood & Pine Communications Corp.",
        ),
    ),
    (
        "blue_heron_telephone",
        "US",
        (
            "Blue Heron Telephone Co.",
            "BLUE HERON TELEPHONE COMPANY",
            "Blue Heron Telephone",
            "Blue-Heron Telephone Co",
        ),
    ),
    (
        "keystone_valley_networks",
        "US",
        (
            "Keystone Valley Networks, Inc.",
            "KEYSTONE VALLEY NETWORKS",
            "Keystone Valley Networks Incorporated",
            "keystone valley networks",
        ),
    ),
    (
        "laurentian_telecom",
        "CA",
        (
            "Laurentian Telecom",
            "LAURENTIAN TELECOM LTD",
            "Laurentian Telecom Limited",
            "Laurentian Telecom Inc.",
        ),
    ),
)
ACCOUNT_FORMATS = 6


@dataclass(slots=True)
class Carrier:
    carrier_id: str
    name: str
    spellings: tuple[str, ...]
    calendar_country: str  # the profile's; an unknown carrier's is where its customers live
    home_country: str  # where its customers live
    known: bool
    pin_required: bool
    loa_max_age_days: int
    sla_days_to_complete: int
    account_format: int
    prefix: str
    csr_name_style: NameStyle
    csr_address_style: AddressStyle
    csr_columns: dict[str, tuple[str, ...]]


@dataclass(slots=True)
class Account:
    """One carrier account; csr_* are the values as the carrier's CSR writes them (None=empty)."""

    key: int
    carrier: Carrier
    place: Place
    number: str
    name: Name
    address: Address
    tns: list[int]
    btn: int
    pin: str | None
    tollfree: bool
    csr_name: str | None = None
    csr_address: tuple[str, str, str, str, str] | None = None
    csr_btn: int | None = None
    csr_date: int = 0
    on_csr: bool = True


def _carrier_styles(dice: Dice, country: str) -> tuple[NameStyle, AddressStyle]:
    upper = dice.chance(0.5)
    case = "upper" if upper else "asis"
    name_style = NameStyle(
        suffix_form=dice.integer(0, 2), comma=dice.chance(0.4), case=case, and_word=False
    )
    address_style = AddressStyle(
        long_suffix=not upper and dice.chance(0.5),
        long_dir=not upper and dice.chance(0.5),
        long_unit=dice.chance(0.4),
        zip4=country == "US" and dice.chance(0.7),
        zip4_separator=dice.weighted([("-", 0.7), ("", 0.15), (" ", 0.15)]),
        case=case,
    )
    return name_style, address_style


def build_carriers(book: CarrierBook, dice: Dice) -> list[Carrier]:
    """Known carriers from the profiles (spellings that resolve to them) and the unknown ones."""
    carriers = []
    for profile in book.profiles.values():
        spellings = (
            profile.display_name,
            *profile.aliases,
            profile.display_name.upper(),
            f"{profile.display_name} Inc.",
        )
        spellings = tuple(dict.fromkeys(s for s in spellings if book.carrier_id(s) == profile.id))
        name_style, address_style = _carrier_styles(dice, profile.country)
        carriers.append(
            Carrier(
                profile.id,
                profile.display_name,
                spellings,
                profile.country,
                profile.country,
                True,
                profile.pin_required,
                profile.loa_max_age_days,
                profile.sla_days_to_complete,
                dice.integer(0, ACCOUNT_FORMATS - 1),
                profile.id[:2].upper(),
                name_style,
                address_style,
                dict(profile.csr_columns),
            )
        )
    default = book.default
    for carrier_id, home, spellings in UNKNOWN_CARRIERS:
        name_style, address_style = _carrier_styles(dice, home)
        carriers.append(
            Carrier(
                carrier_id,
                spellings[0],
                spellings,
                home,
                home,
                False,
                default.pin_required,
                default.loa_max_age_days,
                default.sla_days_to_complete,
                dice.integer(0, ACCOUNT_FORMATS - 1),
                "".join(w[0] for w in carrier_id.split("_") if w != "and").upper(),
                name_style,
                address_style,
                {},
            )
        )
    return carriers


def carrier_weights(carriers: list[Carrier]) -> list[tuple[Carrier, float]]:
    """How often each carrier is drawn: known carriers three times as often as unknown ones."""
    return [(c, 3.0 if c.known else 1.0) for c in carriers]


def account_key(number: str) -> str:
    """What identifies an account number regardless of case, separators and leading zeros."""
    return "".join(ch for ch in number if ch.isalnum()).upper().lstrip("0")


class AccountFactory:
    """Makes end users, addresses, account numbers and number sets for carriers' accounts."""

    def __init__(self, dice: Dice, pool: NumberPool) -> None:
        self.dice = dice
        self.pool = pool
        self._account_keys: set[str] = set()
        self._count = 0
        # Accounts made so far per carrier id: a BTN typed from another account comes from here.
        self.accounts_of: dict[str, list[Account]] = {}
        self.places = {c: [p for p in PLACES if p.country == c] for c in ("US", "CA")}

    # --- names -------------------------------------------------------------------------------
    def person_name(self, french: bool) -> Name:
        d = self.dice
        first = d.pick(FRENCH_FIRST_NAMES if french else FIRST_NAMES)
        last = d.pick(FRENCH_LAST_NAMES if french else LAST_NAMES)
        roll = d.uniform()
        if roll < 0.3:
            return Name((first, d.pick("ABCDEFGHJKLMNPRSTW"), last), initial=1, person=True)
        if roll < 0.5:
            return Name((first, d.pick(FIRST_NAMES), last), person=True)
        return Name((first, last), person=True)

    def business_name(self, country: str, french: bool) -> Name:
        d = self.dice
        if french:
            words = (d.pick(FRENCH_TRADES), d.pick(FRENCH_LAST_NAMES))
            return Name(words, suffix=d.pick(FRENCH_SUFFIXES) if d.chance(0.7) else None)
        suffixes = US_SUFFIXES if country == "US" else CA_SUFFIXES
        roll = d.uniform()
        if roll < 0.35:
            words = (d.pick(LAST_NAMES), AMPERSAND, d.pick(LAST_NAMES), *d.pick(TRADES).split())
        elif roll < 0.65:
            words = (*d.pick(BUSINESS_WORDS).split(), *d.pick(TRADES).split())
        elif roll < 0.72:
            words = (
                d.pick(LAST_NAMES),
                "Holdings",
                "DBA",
                *d.pick(BUSINESS_WORDS).split(),
                *d.pick(TRADES).split(),
            )
        else:
            words = (d.pick(LAST_NAMES), *d.pick(TRADES).split())
        return Name(words, suffix=d.pick(suffixes) if d.chance(0.85) else None)

    def name_for(self, place: Place) -> Name:
        french = place.french and self.dice.chance(0.8)
        if self.dice.chance(0.55):
            return self.business_name(place.country, french)
        return self.person_name(french)

    # --- addresses ---------------------------------------------------------------------------
    def postal(self, place: Place) -> tuple[str, str | None]:
        d = self.dice
        prefix = d.pick(place.postal_prefixes)
        if place.country == "US":
            return f"{prefix}{d.integer(0, 99):02d}", f"{d.integer(1, 9999):04d}"
        letters = "ABCEGHJKLMNPRSTVWXYZ"
        return f"{prefix} {d.integer(0, 9)}{d.pick(letters)}{d.integer(0, 9)}", None

    def address(self, place: Place) -> Address:
        d = self.dice
        postal, zip4 = self.postal(place)
        number = str(d.integer(1, 9899))
        unit_type = unit = None
        if place.french and d.chance(0.7):
            street = d.pick(FRENCH_STREET_NAMES)
            postdir = d.pick(FRENCH_DIRECTIONS) if d.chance(0.3) else None
            if d.chance(0.3):
                unit_type, unit = "BUREAU", str(d.integer(100, 950))
            return Address(
                number,
                street,
                place.city,
                place.state,
                postal,
                postdir=postdir,
                street_type=d.pick(FRENCH_STREET_TYPES),
                unit_type=unit_type,
                unit=unit,
            )
        directions = tuple(DIRECTIONALS)
        predir = d.pick(directions) if d.chance(0.2) else None
        postdir = d.pick(directions) if predir is None and d.chance(0.15) else None
        if d.chance(0.35):
            unit_type = d.pick(COMMON_UNITS if d.chance(0.7) else C2_UNITS)
            if unit_type in UNITS_WITHOUT_NUMBER:
                unit = None
            else:
                unit = str(d.integer(1, 950)) if unit_type != "BLDG" else d.pick("ABCDEFG")
        return Address(
            number,
            d.pick(STREET_NAMES),
            place.city,
            place.state,
            postal,
            predir=predir,
            suffix=d.pick(COMMON_SUFFIXES if d.chance(0.75) else tuple(STREET_SUFFIXES)),
            postdir=postdir,
            unit_type=unit_type,
            unit=unit,
            zip4=zip4,
        )

    def other_address(self, address: Address, place: Place) -> Address:
        """Another address in the same town with the same unit presence."""
        while True:
            other = self.address(place)
            if address.unit_type is None and other.unit_type is not None:
                other = replace(other, unit_type=None, unit=None)
            if other.street_identity() != address.street_identity():
                return other

    # --- account numbers ---------------------------------------------------------------------
    def account_number(self, carrier: Carrier) -> str:
        d = self.dice
        while True:
            fmt = carrier.account_format
            if fmt == 0:
                number = (
                    f"00{d.integer(1000000, 9999999)}{d.pick('ABCDEFGHJKLMNPRSTVWXYZ')}"
                    f"{d.pick('ABCDEFGHJKLMNPRSTVWXYZ')}"
                )
            elif fmt == 1:
                number = f"{carrier.prefix}-{d.integer(1000, 9999)}-{d.integer(1000, 9999)}"
            elif fmt == 2:
                number = f"{carrier.prefix}{d.integer(1000000, 9999999)}"
            elif fmt == 3:
                number = f"{d.integer(100000000, 999999999)}{carrier.prefix[0]}"
            elif fmt == 4:
                number = f"000{d.integer(1000000, 9999999)}"
            else:
                number = f"{d.integer(1, 9)}{d.integer(100000000, 999999999)}"
            if self.reserve_account_number(number):
                return number

    def reserve_account_number(self, number: str) -> bool:
        key = account_key(number)
        if not key or key in self._account_keys:
            return False
        self._account_keys.add(key)
        return True

    def pin(self) -> str:
        length = self.dice.integer(4, 8)
        return str(self.dice.integer(10 ** (length - 1), 10**length - 1))

    # --- accounts ----------------------------------------------------------------------------
    def numbers(self, place: Place, size: int, tollfree: bool) -> list[int]:
        area_codes = TOLL_FREE_AREA_CODES if tollfree else place.area_codes
        if size == 1:
            return self.pool.block(area_codes, 1)
        if self.dice.chance(0.6) or size > 20:
            return self.pool.block(area_codes, size)
        return sorted(self.pool.scattered(area_codes, size))

    def account(
        self,
        carrier: Carrier,
        size: int,
        tollfree: bool = False,
        place: Place | None = None,
        name: Name | None = None,
    ) -> Account:
        d = self.dice
        place = place or d.pick(self.places[carrier.home_country])
        tns = self.numbers(place, size, tollfree)
        has_pin = d.chance(0.85 if carrier.pin_required else 0.45)
        self._count += 1
        account = Account(
            self._count,
            carrier,
            place,
            self.account_number(carrier),
            name or self.name_for(place),
            self.address(place),
            tns,
            tns[0],
            self.pin() if has_pin else None,
            tollfree,
        )
        if not d.chance(0.03):
            account.csr_name = render_name(account.name, carrier.csr_name_style)
        if not d.chance(0.025):
            account.csr_address = render_address(account.address, carrier.csr_address_style)
        if not d.chance(0.03):
            account.csr_btn = account.btn
        self.accounts_of.setdefault(carrier.carrier_id, []).append(account)
        return account
