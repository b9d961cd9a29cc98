"""Names and service addresses as structures with a rendering style, so one value can be written
in every equivalent form (USPS abbreviations, suffix spellings, `&`/`and`, ZIP+4) and the
generator knows, without parsing text, how two renderings compare."""

from __future__ import annotations

from dataclasses import dataclass, replace

from portrecon.synth.rand import Dice
from portrecon.synth.vocab import DIRECTIONALS, STREET_SUFFIXES, SUFFIX_FORMS, UNIT_TYPES

POUND = UNIT_TYPES["#"][0]
# How a ZIP+4 is written: `52402-1234`, `524021234`, `52402 1234`.
ZIP4_SEPARATORS = ("-", "", " ")

AMPERSAND = "&"


def exact_key(text: str | None) -> str:
    """PRODUCT.md's `exact`: equal after trimming, collapsing white space and case-folding."""
    return " ".join((text or "").split()).casefold()


def apply_case(text: str, case: str) -> str:
    if case == "upper":
        return text.upper()
    if case == "lower":
        return text.lower()
    if case == "title":
        return text.title()
    return text


@dataclass(frozen=True, slots=True)
class Name:
    """An end-user name: plain words (AMPERSAND marks `&`), an optional business suffix group and
    the index of a middle initial (written `L.` or `L`)."""

    words: tuple[str, ...]
    suffix: str | None = None
    initial: int | None = None
    person: bool = False


@dataclass(frozen=True, slots=True)
class NameStyle:
    suffix_form: int = 0
    and_word: bool = False
    comma: bool = False
    initial_period: bool = True
    case: str = "asis"
    double_space: bool = False


def render_name(name: Name, style: NameStyle) -> str:
    parts = []
    for i, word in enumerate(name.words):
        if word == AMPERSAND:
            parts.append("and" if style.and_word else "&")
        elif i == name.initial:
            parts.append(word + "." if style.initial_period else word)
        else:
            parts.append(word)
    if name.suffix:
        forms = SUFFIX_FORMS[name.suffix]
        if style.comma:
            parts[-1] += ","
        parts.append(forms[style.suffix_form % len(forms)])
    text = ("  " if style.double_space else " ").join(parts)
    return apply_case(text, style.case)


def name_equivalent_styles(name: Name, style: NameStyle) -> list[NameStyle]:
    """Styles that render the same name in a form that is equivalent but not exact."""
    candidates = []
    if AMPERSAND in name.words:
        candidates.append(replace(style, and_word=not style.and_word))
    if name.initial is not None:
        candidates.append(replace(style, initial_period=not style.initial_period))
    if name.suffix:
        candidates.append(replace(style, comma=not style.comma))
        for form in range(len(SUFFIX_FORMS[name.suffix])):
            candidates.append(replace(style, suffix_form=form))
    base = exact_key(render_name(name, style))
    return [s for s in candidates if exact_key(render_name(name, s)) != base]


def plain_word_positions(name: Name) -> list[int]:
    """Words a typo or a dropped word may touch: not `&`, not the initial."""
    return [i for i, w in enumerate(name.words) if w != AMPERSAND and i != name.initial]


def typo(word: str, dice: Dice) -> str | None:
    """One substituted, transposed, dropped or doubled ASCII letter inside a word of 5+ letters."""
    positions = [i for i in range(1, len(word) - 1) if word[i].isascii() and word[i].isalpha()]
    if len(word) < 5 or not positions:
        return None
    i = dice.pick(positions)
    operation = dice.integer(0, 3)
    if operation == 0:
        letter = dice.pick("aeiourstnlmcdp".replace(word[i].lower(), ""))
        out = word[:i] + (letter.upper() if word[i].isupper() else letter) + word[i + 1 :]
    elif operation == 1 and word[i + 1].isalpha() and word[i + 1].lower() != word[i].lower():
        out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif operation == 2:
        out = word[:i] + word[i + 1 :]
    else:
        out = word[:i] + word[i] + word[i:]
    return out if out.casefold() != word.casefold() else None


def typo_in_words(words: tuple[str, ...], positions: list[int], dice: Dice) -> tuple[str, ...]:
    """The words with one typo in one of the given positions (unchanged when none can take one)."""
    for i in dice.sample(positions, len(positions)):
        for piece_index, piece in enumerate(words[i].split(" ")):
            changed = typo(piece, dice)
            if changed:
                pieces = words[i].split(" ")
                pieces[piece_index] = changed
                return (*words[:i], " ".join(pieces), *words[i + 1 :])
    return words


@dataclass(frozen=True, slots=True)
class Address:
    """A service address by component; `street_type` is the French prefix (`rue`) when set."""

    number: str
    street: str
    city: str
    state: str
    postal: str
    predir: str | None = None
    suffix: str | None = None
    postdir: str | None = None
    street_type: str | None = None
    unit_type: str | None = None  # C2 abbreviation (`STE`, `REAR`, `#`) or `BUREAU`
    unit: str | None = None  # None for a designator without a number (`Rear`)
    zip4: str | None = None

    def street_identity(self) -> tuple:
        return (self.predir, self.street, self.suffix, self.postdir, self.street_type)

    def unit_identity(self) -> tuple:
        return (self.unit_type, self.unit)


@dataclass(frozen=True, slots=True)
class AddressStyle:
    """How a CSR system or a person writes an address. `suffix_form` writes the suffix in one
    given C1 form (another commonly used one, `Avn`, `Boulv.`) instead of full or standard."""

    long_suffix: bool = False
    long_dir: bool = False
    long_unit: bool = False
    zip4: bool = False
    zip4_separator: str = "-"
    unit_in_line1: bool = False
    case: str = "asis"
    suffix_form: str | None = None


def _pick_form(forms: dict[str, tuple[str, ...]], key: str, long: bool) -> str:
    """The full form (first) or the standard abbreviation (second; the full form when none)."""
    written = forms[key]
    return written[0] if long or len(written) == 1 else written[1]


def _render_unit(unit_type: str, unit: str | None, long: bool) -> str:
    designator = _pick_form(UNIT_TYPES, unit_type, long)
    if unit is None:
        return designator
    return f"{designator}{unit}" if designator == POUND and long else f"{designator} {unit}"


def _suffix_variant(address: Address, style: AddressStyle, dice: Dice) -> str | None:
    """Another C1 form of the address's suffix than the style writes (an abbreviation may take
    a period), or None when the suffix has a single form."""
    written = exact_key(_pick_form(STREET_SUFFIXES, address.suffix, style.long_suffix))
    others = [f for f in STREET_SUFFIXES[address.suffix] if exact_key(f) != written]
    if not others:
        return None
    form = dice.pick(others)
    full = STREET_SUFFIXES[address.suffix][0]
    return form + "." if form != full and dice.chance(0.3) else form


def render_address(address: Address, style: AddressStyle) -> tuple[str, str, str, str, str]:
    """(service_address_1, service_address_2, city, state, postal_code)."""
    words = [address.number]
    if address.street_type:
        words.append(address.street_type)
    if address.predir:
        words.append(_pick_form(DIRECTIONALS, address.predir, style.long_dir))
    words.append(address.street)
    if address.suffix:
        words.append(
            style.suffix_form or _pick_form(STREET_SUFFIXES, address.suffix, style.long_suffix)
        )
    if address.postdir:
        if address.postdir in DIRECTIONALS:
            words.append(_pick_form(DIRECTIONALS, address.postdir, style.long_dir))
        else:
            words.append(address.postdir)
    unit = ""
    if address.unit_type:
        unit = _render_unit(address.unit_type, address.unit, style.long_unit)
    line1 = " ".join(words)
    if unit and style.unit_in_line1:
        line1, unit = f"{line1} {unit}", ""
    postal = address.postal
    if style.zip4 and address.zip4:
        postal = f"{postal}{style.zip4_separator}{address.zip4}"
    case = style.case
    return (
        apply_case(line1, case),
        apply_case(unit, case),
        apply_case(address.city, case),
        address.state,
        postal,
    )


def address_equivalent_styles(
    address: Address, style: AddressStyle, dice: Dice
) -> list[AddressStyle]:
    """Styles rendering the same address in an equivalent, not exact, form: another C1 form of
    its suffix, the other USPS form of its directional or unit designator, ZIP+4 vs ZIP5 or
    another way of writing the ZIP+4, the unit on line 1."""
    unit_forms = UNIT_TYPES.get(address.unit_type or "", ("", ""))
    toggles = {
        "long_suffix": address.suffix is not None and len(STREET_SUFFIXES[address.suffix]) > 1,
        "long_dir": address.predir is not None or address.postdir in DIRECTIONALS,
        "long_unit": unit_forms[0] != unit_forms[1] or address.unit_type == POUND,
        "zip4": address.zip4 is not None,
        "unit_in_line1": address.unit_type is not None,
    }
    styles = [
        replace(style, **{name: not getattr(style, name)}) for name, on in toggles.items() if on
    ]
    variant = _suffix_variant(address, style, dice) if address.suffix else None
    if variant is not None:
        styles.append(replace(style, suffix_form=variant))
    if address.zip4 is not None and style.zip4:
        separators = [s for s in ZIP4_SEPARATORS if s != style.zip4_separator]
        styles.append(replace(style, zip4_separator=dice.pick(separators)))
    return styles


ADDRESS_COMPONENTS = ("number", "street", "unit", "city", "state", "zip")


def differing_components(csr: Address, loa: Address) -> str:
    """`;`-joined components in which two addresses differ (ZIP compared as ZIP5)."""
    differs = (
        csr.number != loa.number,
        csr.street_identity() != loa.street_identity(),
        csr.unit_identity() != loa.unit_identity(),
        csr.city != loa.city,
        csr.state != loa.state,
        csr.postal != loa.postal,
    )
    return ";".join(c for c, d in zip(ADDRESS_COMPONENTS, differs, strict=True) if d)
