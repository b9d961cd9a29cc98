"""The LOA side of each compared field: draw a true verdict from a realistic distribution among
the verdicts the value allows, and write the LOA value that produces exactly that verdict
against what the CSR holds (PRODUCT.md section 4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from portrecon.synth.rand import Dice
from portrecon.synth.values import (
    AMPERSAND,
    Address,
    AddressStyle,
    Name,
    address_equivalent_styles,
    apply_case,
    differing_components,
    exact_key,
    name_equivalent_styles,
    plain_word_positions,
    render_address,
    render_name,
    typo_in_words,
)
from portrecon.synth.vocab import UNITS_WITHOUT_NUMBER
from portrecon.synth.world import Account, AccountFactory

EXACT, EQUIVALENT, SIMILAR, DIFFERENT = "exact", "equivalent", "similar", "different"
MISSING_LOA, MISSING_CSR = "missing_loa", "missing_csr"

# How often each verdict is wanted when the CSR holds a value (renormalised over the verdicts
# the value allows: a name without suffix, `&` or initial has no equivalent form).
VERDICT_WEIGHTS: dict[str, tuple[tuple[str, float], ...]] = {
    "name": (
        (EXACT, 0.70),
        (EQUIVALENT, 0.15),
        (SIMILAR, 0.07),
        (DIFFERENT, 0.04),
        (MISSING_LOA, 0.04),
    ),
    "address": (
        (EXACT, 0.62),
        (EQUIVALENT, 0.22),
        (SIMILAR, 0.08),
        (DIFFERENT, 0.04),
        (MISSING_LOA, 0.04),
    ),
    "account": (
        (EXACT, 0.74),
        (EQUIVALENT, 0.14),
        (SIMILAR, 0.05),
        (DIFFERENT, 0.03),
        (MISSING_LOA, 0.04),
    ),
    "btn": ((EXACT, 0.86), (SIMILAR, 0.03), (DIFFERENT, 0.04), (MISSING_LOA, 0.07)),
    # An LOA without its account number: the BTN is more often typed from another account, the
    # case where the numbers, not the BTN, must say which account the LOA is about.
    "btn_without_account": (
        (EXACT, 0.60),
        (SIMILAR, 0.03),
        (DIFFERENT, 0.30),
        (MISSING_LOA, 0.07),
    ),
    "pin": ((EXACT, 0.76), (DIFFERENT, 0.08), (MISSING_LOA, 0.16)),
}
PIN_ON_LOA_WITHOUT_CSR_PIN = 0.15
IMPOSSIBLE = object()  # a verdict this value cannot take
_CASES = ("asis", "asis", "upper", "title", "lower")


@dataclass(slots=True)
class LoaFields:
    """LOA values of the compared fields, and the true verdict of each compared field."""

    end_user_name: str = ""
    address: tuple[str, str, str, str, str] = ("", "", "", "", "")
    account_number: str = ""
    pin: str | None = None
    btn: int | None = None
    # (field, verdict, address components) of every compared field
    verdicts: list[tuple[str, str, str]] = field(default_factory=list)


def _recase(text: str, dice: Dice) -> str:
    """Same text in another case or spacing: still `exact`."""
    text = apply_case(text, dice.pick(_CASES))
    if " " in text and dice.chance(0.1):
        text = text.replace(" ", "  ", 1)
    return text


class Perturber:
    """Writes the LOA fields of one order against one CSR account."""

    def __init__(self, dice: Dice, factory: AccountFactory) -> None:
        self.dice = dice
        self.factory = factory

    def fields(self, account: Account, compared: bool) -> LoaFields:
        """LOA values; with compared=False (no CSR account) values are plain, without verdicts."""
        d = self.dice
        if not compared:
            return LoaFields(
                _recase(render_name(account.name, account.carrier.csr_name_style), d),
                render_address(account.address, account.carrier.csr_address_style),
                account.number,
                account.pin,
                account.btn,
            )
        out = LoaFields()
        if account.csr_name is None:
            out.end_user_name = _recase(
                render_name(account.name, account.carrier.csr_name_style), d
            )
            out.verdicts.append(("name", MISSING_CSR, ""))
        else:
            verdict, out.end_user_name = self._settle("name", account, self._name)
            out.verdicts.append(("name", verdict, ""))
        if account.csr_address is None:
            out.address = render_address(account.address, self._loa_style(account))
            out.verdicts.append(("address", MISSING_CSR, ""))
        else:
            verdict, (out.address, components) = self._settle("address", account, self._address)
            out.verdicts.append(("address", verdict, components))
        verdict, out.account_number = self._settle("account", account, self._account)
        out.verdicts.append(("account", verdict, ""))
        btn_weights = "btn_without_account" if verdict == MISSING_LOA else "btn"
        if account.pin is not None:
            verdict, out.pin = self._settle("pin", account, self._pin)
            out.verdicts.append(("pin", verdict, ""))
        elif d.chance(PIN_ON_LOA_WITHOUT_CSR_PIN):
            out.pin = self.factory.pin()
            out.verdicts.append(("pin", MISSING_CSR, ""))
        if account.csr_btn is None:
            out.btn = account.btn
            out.verdicts.append(("btn", MISSING_CSR, ""))
        else:
            verdict, out.btn = self._settle("btn", account, self._btn, btn_weights)
            out.verdicts.append(("btn", verdict, ""))
        return out

    def _settle(
        self,
        compared_field: str,
        account: Account,
        build: Callable,
        weights_of: str | None = None,
    ) -> tuple[str, Any]:
        """Draw a verdict and build the LOA value producing it; a verdict the value cannot take
        is drawn again without it (the same as drawing among the possible ones)."""
        excluded: set[str] = set()
        while True:
            weights = VERDICT_WEIGHTS[weights_of or compared_field]
            verdict = self.dice.weighted([(v, w) for v, w in weights if v not in excluded])
            value = build(account, verdict)
            if value is not IMPOSSIBLE:
                return verdict, value
            excluded.add(verdict)

    # --- name --------------------------------------------------------------------------------
    def _name(self, account: Account, verdict: str) -> object:
        d, name, style = self.dice, account.name, account.carrier.csr_name_style
        if verdict == EXACT:
            return _recase(account.csr_name, d)
        if verdict == EQUIVALENT:
            styles = name_equivalent_styles(name, style)
            return _recase(render_name(name, d.pick(styles)), d) if styles else IMPOSSIBLE
        if verdict == SIMILAR:
            similar = self._similar_name(name)
            return _recase(render_name(similar, style), d) if similar else IMPOSSIBLE
        if verdict == DIFFERENT:
            return _recase(render_name(self._other_name(account), style), d)
        return ""

    def _similar_name(self, name: Name) -> Name | None:
        positions = plain_word_positions(name)
        if len(positions) >= 3 and self.dice.chance(0.4):
            dropped = self.dice.pick(positions[1:])
            return replace(
                name,
                words=name.words[:dropped] + name.words[dropped + 1 :],
                initial=_shift(name.initial, dropped),
            )
        words = typo_in_words(name.words, positions, self.dice)
        return replace(name, words=words) if words != name.words else None

    def _other_name(self, account: Account) -> Name:
        own = {w.casefold() for w in account.name.words if w != AMPERSAND}
        while True:
            other = self.factory.name_for(account.place)
            if other.person == account.name.person and not any(
                w.casefold() in own for w in other.words
            ):
                return other

    # --- address -----------------------------------------------------------------------------
    def _loa_style(self, account: Account) -> AddressStyle:
        return replace(account.carrier.csr_address_style, case=self.dice.pick(_CASES))

    def _address(self, account: Account, verdict: str) -> object:
        """(the five LOA address fields, the differing components) for the verdict."""
        address = account.address
        if verdict == EXACT:
            return render_address(address, self._loa_style(account)), ""
        if verdict == EQUIVALENT:
            styles = address_equivalent_styles(
                address, account.carrier.csr_address_style, self.dice
            )
            if not styles:
                return IMPOSSIBLE
            style = replace(self.dice.pick(styles), case=self._loa_style(account).case)
            return render_address(address, style), ""
        if verdict in (SIMILAR, DIFFERENT):
            changed = (
                self._similar_address(account)
                if verdict == SIMILAR
                else self._different_address(account)
            )
            if changed is None:
                return IMPOSSIBLE
            rendered = render_address(changed, self._loa_style(account))
            return rendered, differing_components(address, changed)
        return ("", "", "", "", ""), ""

    def _similar_address(self, account: Account) -> Address | None:
        """A typo in the street or the city, or the unit left out; None when none applies."""
        d, address = self.dice, account.address
        options = ["street", "city"] + (["unit"] * 2 if address.unit_type else [])
        for option in d.sample(options, len(options)):
            if option == "unit":
                return replace(address, unit_type=None, unit=None)
            (typed,) = typo_in_words((getattr(address, option),), [0], d)
            if typed != getattr(address, option):
                return replace(address, **{option: typed})
        return None

    def _different_address(self, account: Account):
        d, address = self.dice, account.address
        option = d.pick(("number", "street", "zip", "unit", "whole"))
        if option == "number":
            number = str((int(address.number) + d.integer(1, 800)) % 9900 + 1)
            return replace(address, number=number)
        if option == "zip":
            while True:
                postal, _ = self.factory.postal(account.place)
                if postal != address.postal:
                    return replace(address, postal=postal)
        if option == "unit" and address.unit_type and address.unit is None:
            others = [u for u in UNITS_WITHOUT_NUMBER if u != address.unit_type]
            return replace(address, unit_type=d.pick(others))
        if option == "unit" and address.unit_type:
            return replace(
                address,
                unit=str(int(address.unit) + d.integer(1, 40))
                if address.unit.isdigit()
                else chr(ord(address.unit) + 1),
            )
        other = self.factory.other_address(address, account.place)
        if option == "street":
            return replace(
                address,
                predir=other.predir,
                street=other.street,
                suffix=other.suffix,
                postdir=other.postdir,
                street_type=other.street_type,
            )
        return replace(
            other,
            city=address.city,
            state=address.state,
            postal=address.postal,
            zip4=address.zip4,
            number=str((int(address.number) + 17) % 9900 + 1),
        )

    # --- account number ----------------------------------------------------------------------
    def _account(self, account: Account, verdict: str) -> object:
        d, number = self.dice, account.number
        if verdict == EXACT:
            return number.lower() if d.chance(0.1) else number
        if verdict == EQUIVALENT:
            forms = _account_equivalents(number)
            return d.pick(forms) if forms else IMPOSSIBLE
        if verdict == SIMILAR:
            return self._similar_account(number) or IMPOSSIBLE
        if verdict == DIFFERENT:
            return self.factory.account_number(account.carrier)
        return ""

    def _similar_account(self, number: str) -> str | None:
        d = self.dice
        body_start = len(number) - len(number.lstrip("0"))
        digits = [i for i in range(body_start, len(number)) if number[i].isdigit()]
        if not digits:
            return None
        for _ in range(6):
            i = d.pick(digits)
            if (
                d.chance(0.5)
                and i + 1 < len(number)
                and number[i + 1].isdigit()
                and number[i + 1] != number[i]
            ):
                candidate = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
            else:
                candidate = (
                    number[:i] + d.pick("0123456789".replace(number[i], "")) + number[i + 1 :]
                )
            if candidate[body_start] != "0" and self.factory.reserve_account_number(candidate):
                return candidate
        return None

    # --- PIN and BTN -------------------------------------------------------------------------
    def _pin(self, account: Account, verdict: str) -> object:
        if verdict == EXACT:
            return account.pin
        if verdict == DIFFERENT:
            while (pin := self.factory.pin()) == account.pin:
                pass
            return pin
        return None

    def _btn(self, account: Account, verdict: str) -> object:
        d = self.dice
        if verdict == EXACT:
            return account.btn
        if verdict == SIMILAR:
            similar = _transposed_number(account.btn, d)
            return similar if similar is not None and similar not in account.tns else IMPOSSIBLE
        if verdict == DIFFERENT:
            if d.chance(0.4) and (other := self._other_accounts_btn(account)) is not None:
                return other
            others = [n for n in account.tns if n != account.btn]
            return (
                d.pick(others)
                if others
                else self.factory.pool.block(account.place.area_codes, 1)[0]
            )
        return None

    def _other_accounts_btn(self, account: Account) -> int | None:
        """The BTN on file of another account of the same carrier (a BTN typed from another
        account), or None when the carrier has no other account with one."""
        accounts = self.factory.accounts_of.get(account.carrier.carrier_id, [])
        for _ in range(4):
            other = self.dice.pick(accounts)
            if other is not account and other.csr_btn is not None and other.on_csr:
                return other.csr_btn
        return None


def _shift(initial: int | None, dropped: int) -> int | None:
    if initial is None or initial < dropped:
        return initial
    return initial - 1


def _account_equivalents(number: str) -> list[str]:
    """Forms of an account number equal once separators and leading zeros are dropped."""
    forms = []
    if number.startswith("0") and number.lstrip("0"):
        forms.append(number.lstrip("0"))
    if "-" in number:
        forms.append(number.replace("-", ""))
        forms.append(number.replace("-", " "))
    elif len(number) >= 6:
        forms.append(f"{number[:3]}-{number[3:]}")
    return [f for f in forms if exact_key(f) != exact_key(number)]


def _transposed_number(number: int, dice: Dice) -> int | None:
    """The number with two adjacent, different digits of its line number swapped."""
    text = str(number)
    positions = [i for i in range(6, 9) if text[i] != text[i + 1]]
    if not positions:
        return None
    i = dice.pick(positions)
    return int(text[:i] + text[i + 1] + text[i] + text[i + 2 :])
