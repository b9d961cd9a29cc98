"""The batch classifier (phonenumbers' metadata on DuckDB's RE2) answers as phonenumbers does."""

import random
import re
from dataclasses import replace

import pytest

from portrecon.nanp_metadata import nanp_region_rules
from portrecon.nanp_validity import classify_national, classify_nationals
from portrecon.phones import BATCH_FROM, nanp_e164, parse_many, parse_number

SEED = 20261120
NPAS = range(200, 1000)
TOLL_FREE_NPAS = (800, 833, 844, 855, 866, 877, 888)


def _line(rng: random.Random) -> str:
    return f"{rng.randrange(10_000):04d}"


def _grid_sample() -> list[str]:
    """20,000 distinct NPA-NXX pairs, each NPA 25 times and each NXX 20 times, random lines."""
    rng = random.Random(SEED)
    return [f"{200 + i % 800}{i // 20:03d}{_line(rng)}" for i in range(20_000)]


def _caribbean_npas() -> list[int]:
    """NPAs whose first digits some region's leading_digits claim (derived, not listed)."""
    leading = [r.leading_digits for r in nanp_region_rules() if r.leading_digits is not None]
    return [npa for npa in NPAS if any(re.match(p, f"{npa}1") for p in leading)]


def _edge_sample() -> list[str]:
    """N11 codes, 555-01xx, toll-free and 900 NPAs, Caribbean NPAs, and lengths other than ten."""
    rng = random.Random(SEED + 1)
    n11 = [f"{npa}{n}11{_line(rng)}" for npa in range(200, 1000, 7) for n in range(2, 10)]
    fictional = [f"{npa}55501{xx:02d}" for npa in range(201, 1000, 19) for xx in range(100)]
    toll_free = [
        f"{npa}{nxx:03d}{_line(rng)}" for npa in TOLL_FREE_NPAS for nxx in range(0, 1000, 4)
    ]
    premium = [f"900{nxx:03d}{_line(rng)}" for nxx in range(1000)]
    caribbean = [
        f"{npa}{nxx:03d}{_line(rng)}"
        for npa in _caribbean_npas()
        for nxx in range(rng.randrange(9), 1000, 9)
    ]
    other_lengths = ["3102345", "3109999", "2125550", "0123456789", "00004155550123", "415555012"]
    return n11 + fictional + toll_free + premium + caribbean + other_lengths


def _mismatches(nationals: list[str], batch: dict[str, tuple[bool, str | None]]) -> list[str]:
    return [n for n in nationals if batch[n] != classify_national(n)]


def test_batch_classification_equals_phonenumbers_over_every_npa_and_nxx():
    sample = _grid_sample()
    assert _mismatches(sample, classify_nationals(sample)) == []


def test_batch_classification_equals_phonenumbers_on_edge_cases():
    sample = _edge_sample()
    assert _mismatches(sample, classify_nationals(sample)) == []


def test_region_whose_pattern_re2_rejects_is_classified_by_phonenumbers():
    # A lookahead means nothing to the pattern in Python's re, but RE2 cannot compile it.
    def python_only(rules):
        general = replace(rules.general, pattern=f"(?=\\d)(?:{rules.general.pattern})")
        return replace(rules, general=general)

    regions = [
        python_only(r) if r.region in {"US", "CA", "DO", "JM"} else r for r in nanp_region_rules()
    ]
    sample = _grid_sample()[::10] + _edge_sample()[::5]
    assert _mismatches(sample, classify_nationals(sample, regions)) == []


@pytest.fixture(scope="module")
def typed_texts() -> list[str]:
    """Numbers as desks type them: punctuation, +1 and 1 prefixes, Excel floats, letters, junk."""
    return [
        "(415) 555-0123",
        "+1 415 555 0123",
        "1-416-555-0199",
        "4155550123.0",
        "8.765550123E9",
        "1-800-FLOWERS",
        "876 606 0123",
        "268 480 1234",
        "555-0123",
        "0415550123",
        "not a number",
        " 9005551234 ",
    ]


def _one_by_one(texts: list[str]) -> list[tuple[str | None, bool, str | None]]:
    return [(p.e164, p.is_valid, p.region) for p in map(parse_number, texts)]


def _batch(texts: list[str]) -> list[tuple[str | None, bool, str | None]]:
    return list(parse_many(texts).itertuples(index=False, name=None))


def test_parse_many_of_a_few_texts_equals_parse_number_text_by_text(typed_texts):
    texts = typed_texts + typed_texts[:3]
    assert _batch(texts) == _one_by_one(texts)


def test_parse_many_of_a_batch_of_texts_equals_parse_number_text_by_text(typed_texts):
    forms = ("({0}) {1}-{2}", "+1 {0} {1} {2}", "1-{0}-{1}-{2}", "{0}{1}{2}.0")
    typed = [
        forms[i % len(forms)].format(n[:3], n[3:6], n[6:])
        for i, n in enumerate(_grid_sample()[::7][:BATCH_FROM])
    ]
    texts = typed + typed_texts
    assert _batch(texts) == _one_by_one(texts)


def test_nanp_e164_is_parse_numbers_e164_without_classifying(typed_texts):
    assert [nanp_e164(t) for t in typed_texts] == [parse_number(t).e164 for t in typed_texts]
