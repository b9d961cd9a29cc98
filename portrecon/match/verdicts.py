"""Field verdicts (PRODUCT.md section 4): exact, equivalent, similar, different, missing_loa/csr.

Every function takes aligned LOA and CSR values (callers pass DISTINCT pairs), normalises each
distinct value once and decides all pairs with vectorised comparisons; the similar/different
boundary is the typo-or-partial-form rule of docs/reconciliation.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from portrecon.normalise.accounts import normalise_accounts
from portrecon.normalise.addresses import (
    ADDRESS_FIELDS,
    COMPONENTS,
    normalise_addresses,
    suffix_may_be,
)
from portrecon.normalise.names import normalise_names
from portrecon.normalise.text import exact_form

EXACT = "exact"
EQUIVALENT = "equivalent"
SIMILAR = "similar"
DIFFERENT = "different"
MISSING_LOA = "missing_loa"
MISSING_CSR = "missing_csr"
VERDICTS = (EXACT, EQUIVALENT, SIMILAR, DIFFERENT, MISSING_LOA, MISSING_CSR)
# How bad a verdict is when several address components disagree: the worst one is reported.
_BADNESS = {EXACT: 0, EQUIVALENT: 1, SIMILAR: 2, MISSING_CSR: 3, MISSING_LOA: 4, DIFFERENT: 5}

# Address components whose absence on one side is a partial form (similar), not a gap.
_OPTIONAL_COMPONENTS = frozenset({"predirectional", "suffix", "postdirectional"})
# Components compared word by word (a typo or a dropped word is similar); every other
# component is a code or a number where one other character is another place: different.
_WORDY_COMPONENTS = frozenset({"street", "city"})

SimilarRule = Callable[[list[str], list[str]], np.ndarray]


def _strings(values: Sequence[object]) -> list[str]:
    return [
        "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
        for v in values
    ]


def _distances(a: list[str], b: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(OSA distance, Levenshtein distance, longer length) of aligned pairs, vectorised."""
    if not a:
        empty = np.zeros(0, dtype=int)
        return empty, empty, empty
    osa = process.cpdist(a, b, scorer=OSA.distance, workers=1)
    lev = process.cpdist(a, b, scorer=Levenshtein.distance, workers=1)
    length = np.maximum([len(x) for x in a], [len(y) for y in b])
    return osa, lev, length


def one_slip(loa: list[str], csr: list[str]) -> np.ndarray:
    """One edit in a value of 3+ characters, or one swap of neighbouring characters."""
    osa, lev, length = _distances(loa, csr)
    return (osa == 1) & ((length >= 3) | (lev == 2))


def one_swap(loa: list[str], csr: list[str]) -> np.ndarray:
    """Two neighbouring characters swapped, nothing else (a BTN typed with a slip)."""
    osa, lev, _ = _distances(loa, csr)
    return (osa == 1) & (lev == 2)


def _partial_words(a: str, b: str) -> bool:
    """Same words reordered, one word dropped or added, or one word written as its initial."""
    wa, wb = sorted(a.split()), sorted(b.split())
    if wa == wb:
        return bool(wa)
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    rest = list(long_)
    for word in short:
        if word not in rest:
            break
        rest.remove(word)
    else:
        return len(short) >= 1 and len(rest) == 1
    if len(wa) != len(wb):
        return False
    only_a = [w for w in wa if w not in wb]
    only_b = [w for w in wb if w not in wa]
    return (
        len(only_a) == len(only_b) == 1
        and min(len(only_a[0]), len(only_b[0])) == 1
        and only_a[0][0] == only_b[0][0]
    )


def word_slip(loa: list[str], csr: list[str]) -> np.ndarray:
    """A typo or a partial form of words (names, street and city names).

    Similar when: one slip (`one_slip`); two edits in a value of 10+ characters if at most a
    fifth of its length; the same words reordered; one word dropped or added; one word
    written as its initial.
    """
    osa, lev, length = _distances(loa, csr)
    typo = ((osa == 1) & ((length >= 3) | (lev == 2))) | (
        (osa == 2) & (length >= 10) & (osa <= 0.2 * length)
    )
    partial = np.array(
        [not t and _partial_words(a, b) for t, a, b in zip(typo, loa, csr, strict=True)],
        dtype=bool,
    )
    return typo | partial


def _decide(
    loa_exact: pd.Series,
    csr_exact: pd.Series,
    loa_key: pd.Series,
    csr_key: pd.Series,
    similar: SimilarRule | None,
) -> np.ndarray:
    """Verdict of aligned pairs from their exact forms, equivalence keys and similar rule."""
    loa_missing, csr_missing = loa_key.isna().to_numpy(), csr_key.isna().to_numpy()
    squeeze_loa = loa_key.fillna("").astype(str).str.replace(" ", "", regex=False)
    squeeze_csr = csr_key.fillna("").astype(str).str.replace(" ", "", regex=False)
    exact = (loa_exact.fillna("").astype(str) == csr_exact.fillna("").astype(str)).to_numpy()
    equivalent = (squeeze_loa == squeeze_csr).to_numpy()
    verdict = np.select(
        [loa_missing & csr_missing, loa_missing, csr_missing, exact, equivalent],
        [EXACT, MISSING_LOA, MISSING_CSR, EXACT, EQUIVALENT],
        default=DIFFERENT,
    ).astype(object)
    todo = np.flatnonzero(verdict == DIFFERENT)
    if similar is not None and len(todo):
        hits = similar(_strings(loa_key.iloc[todo]), _strings(csr_key.iloc[todo]))
        verdict[todo[hits]] = SIMILAR
    return verdict


def _compare_with(
    normalised: pd.DataFrame, loa: Sequence[object], csr: Sequence[object], similar: SimilarRule
) -> pd.Series:
    lookup = normalised.set_index("value")
    loa_s, csr_s = pd.Series(list(loa), dtype=object), pd.Series(list(csr), dtype=object)
    verdict = _decide(
        loa_s.map(lookup["exact"]),
        csr_s.map(lookup["exact"]),
        loa_s.map(lookup["key"]),
        csr_s.map(lookup["key"]),
        similar,
    )
    return pd.Series(verdict, dtype=object)


def compare_names(loa: Sequence[object], csr: Sequence[object]) -> pd.Series:
    """Verdict per aligned (LOA end-user name, CSR account name) pair."""
    return _compare_with(normalise_names([*loa, *csr]), loa, csr, word_slip)


def compare_accounts(loa: Sequence[object], csr: Sequence[object]) -> pd.Series:
    """Verdict per aligned (LOA account number, CSR account number) pair."""
    return _compare_with(normalise_accounts([*loa, *csr]), loa, csr, one_slip)


def compare_btns(loa: Sequence[object], csr: Sequence[object]) -> pd.Series:
    """Verdict per aligned pair of E.164 billing numbers.

    Only a swap of two neighbouring digits is similar: one other digit is usually another
    number of the same account, which is a different BTN.
    """
    loa_s, csr_s = pd.Series(list(loa), dtype=object), pd.Series(list(csr), dtype=object)
    loa_e, csr_e = exact_form(loa_s), exact_form(csr_s)
    return pd.Series(_decide(loa_e, csr_e, loa_e, csr_e, one_swap), dtype=object)


def compare_pins(
    loa_hash: Sequence[object],
    csr_hash: Sequence[object],
    loa_unpadded: Sequence[object],
    csr_unpadded: Sequence[object],
) -> pd.Series:
    """Verdict per aligned pair of PIN HMACs: exact when equal, equivalent when equal only without
    leading zeros (a spreadsheet dropped them), never similar."""
    series = [pd.Series(list(v), dtype=object) for v in (loa_hash, csr_hash)]
    # A side without the unpadded hash (a warehouse built before it existed) compares as written.
    unpadded = [
        pd.Series(list(v), dtype=object).fillna(hashes)
        for v, hashes in zip((loa_unpadded, csr_unpadded), series, strict=True)
    ]
    return pd.Series(_decide(*series, *unpadded, None), dtype=object)


def _component_verdicts(name: str, loa: pd.Series, csr: pd.Series) -> np.ndarray:
    """Verdict of one address component over aligned canonical values.

    Components carry canonical values only, so an equal pair is `equivalent` (the whole
    address decides `exact`); both absent stays `exact`.
    """
    loa_e = loa.where(loa.notna(), None).astype(object)
    csr_e = csr.where(csr.notna(), None).astype(object)
    verdict = _decide(loa_e, csr_e, loa_e, csr_e, word_slip if name in _WORDY_COMPONENTS else None)
    if name in _OPTIONAL_COMPONENTS:
        verdict[(verdict == MISSING_LOA) | (verdict == MISSING_CSR)] = SIMILAR
    if name == "suffix":
        todo = np.flatnonzero(verdict == DIFFERENT)
        maybe = [suffix_may_be(loa_e.iloc[i], csr_e.iloc[i]) for i in todo]
        verdict[todo[np.array(maybe, dtype=bool)]] = SIMILAR
    verdict[(verdict == EXACT) & loa_e.notna().to_numpy()] = EQUIVALENT
    return verdict


def _unit_verdicts(loa: pd.DataFrame, csr: pd.DataFrame) -> np.ndarray:
    """Verdict of the unit (designator and identifier together) over aligned parsed addresses.

    A designator alone (`Rear`, `Bsmt`, `Ste`) is a unit, so a unit on one side only is a
    partial form (similar) whether or not it has a number. Same identifier: equivalent, or
    similar when both designators are specific and differ (`Apt 17` / `Unit 17`; `#` and no
    designator match any). Designators alone: equivalent when the same, else different. One
    identifier missing under the same designator (`Ste` / `Ste 100`): similar.
    """
    lt, ct = (p.c_unit_type.fillna("").to_numpy() for p in (loa, csr))
    lu, cu = (p.c_unit.fillna("").to_numpy() for p in (loa, csr))
    l_id, c_id = lu != "", cu != ""
    l_has, c_has = l_id | (lt != ""), c_id | (ct != "")
    l_generic, c_generic = np.isin(lt, ["", "#"]), np.isin(ct, ["", "#"])
    same_type = lt == ct
    return np.select(
        [
            ~l_has & ~c_has,
            ~l_has | ~c_has,
            l_id & c_id & (lu != cu),
            l_id & c_id,
            ~l_id & ~c_id,
            same_type & ~l_generic,
        ],
        [
            EXACT,
            SIMILAR,
            DIFFERENT,
            np.where(same_type | l_generic | c_generic, EQUIVALENT, SIMILAR),
            np.where(same_type, EQUIVALENT, DIFFERENT),
            SIMILAR,
        ],
        default=DIFFERENT,
    ).astype(object)


def _street_line(parts: pd.DataFrame) -> pd.Series:
    columns = ["c_number", "c_predirectional", "c_street", "c_suffix", "c_postdirectional"]
    text = parts[columns].astype(object).fillna("").astype(str)
    return text[columns[0]].str.cat([text[c] for c in columns[1:]]).str.replace(" ", "")


def _component_findings(loa: pd.DataFrame, csr: pd.DataFrame) -> pd.DataFrame:
    """verdict, field and detail of address pairs that are neither exact nor absent."""
    parsed = normalise_addresses(pd.concat([loa, csr], ignore_index=True))
    loa_p = parsed.iloc[: len(loa)].reset_index(drop=True)
    csr_p = parsed.iloc[len(loa) :].reset_index(drop=True)

    same_street = (_street_line(loa_p) == _street_line(csr_p)).to_numpy()
    verdicts = {}
    for name in COMPONENTS:
        if name == "unit_type":
            continue
        if name == "unit":
            verdicts[name] = _unit_verdicts(loa_p, csr_p)
            continue
        verdicts[name] = _component_verdicts(name, loa_p[f"c_{name}"], csr_p[f"c_{name}"])
        if name in ("number", "predirectional", "street", "suffix", "postdirectional"):
            both_absent = verdicts[name] == EXACT
            verdicts[name] = np.where(same_street & ~both_absent, EQUIVALENT, verdicts[name])
    # A unit is there when its designator or its identifier is.
    loa_p["c_unit"] = loa_p.c_unit.where(loa_p.c_unit.notna(), loa_p.c_unit_type)
    csr_p["c_unit"] = csr_p.c_unit.where(csr_p.c_unit.notna(), csr_p.c_unit_type)

    table = pd.DataFrame(verdicts)
    badness = table.replace(_BADNESS).astype(int)
    worst = badness.max(axis=1)
    field = pd.Series("", index=table.index)
    detail = pd.Series("", index=table.index)
    for name in table.columns:
        differs = badness[name] > _BADNESS[EQUIVALENT]
        field = field + np.where(differs, f",address.{name}", "")
        loa_gap, csr_gap = loa_p[f"c_{name}"].isna(), csr_p[f"c_{name}"].isna()
        said = np.select(
            [loa_gap & ~csr_gap, csr_gap & ~loa_gap],
            [f"; {name} missing on the LOA", f"; {name} missing on the CSR"],
            default="; " + name + " " + table[name].str.replace("_", " "),
        )
        detail = detail + np.where(differs, said, "")
    verdict = worst.clip(lower=_BADNESS[EQUIVALENT]).map({v: k for k, v in _BADNESS.items()})
    return pd.DataFrame(
        {
            "verdict": verdict.to_numpy(),
            "field": np.where(field == "", "address", field.str.lstrip(",")),
            "detail": np.where(
                verdict == EQUIVALENT,
                "same address after USPS standardisation",
                detail.str.lstrip("; "),
            ),
        }
    )


def compare_addresses(loa: pd.DataFrame, csr: pd.DataFrame) -> pd.DataFrame:
    """Verdict per aligned address pair, component by component.

    `loa` and `csr` hold the five ADDRESS_FIELDS columns, aligned row by row. Returns
    `verdict` (the worst component's), `field` (`address` or `address.<component>[,...]` naming
    every component that is not equal) and `detail` (each such component's verdict). Only
    pairs that are neither exact nor absent on a side are parsed into components.
    """
    keys = list(ADDRESS_FIELDS)
    loa = loa.loc[:, keys].reset_index(drop=True)
    csr = csr.loc[:, keys].reset_index(drop=True)
    loa_absent = loa.isna().all(axis=1).to_numpy()
    csr_absent = csr.isna().all(axis=1).to_numpy()
    exact = (
        pd.DataFrame(
            {k: exact_form(loa[k]).fillna("") == exact_form(csr[k]).fillna("") for k in keys}
        )
        .all(axis=1)
        .to_numpy()
    )
    out = pd.DataFrame(
        {
            "verdict": np.select(
                [loa_absent & csr_absent, loa_absent, csr_absent, exact],
                [EXACT, MISSING_LOA, MISSING_CSR, EXACT],
                default="",
            ).astype(object),
            "field": "address",
            "detail": "",
        }
    )
    todo = np.flatnonzero(out.verdict == "")
    if len(todo):
        judged = _component_findings(loa.iloc[todo], csr.iloc[todo])
        out.iloc[todo, :] = judged[["verdict", "field", "detail"]].to_numpy()
    return out
