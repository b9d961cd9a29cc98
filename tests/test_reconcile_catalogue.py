"""The finding catalogue: every code of PRODUCT.md section 5 once, a clear error on a bad file."""

import pytest

from portrecon.findings_catalogue import (
    ALL_CODES,
    FindingCatalogueError,
    default_catalogue,
    load_catalogue,
)


def test_the_bundled_catalogue_holds_every_code_once():
    assert sorted(default_catalogue().findings) == sorted(ALL_CODES)


def test_every_code_has_a_plain_words_fix():
    frame = default_catalogue().frame()
    assert frame.fix.str.len().min() > 10


def test_a_catalogue_missing_a_code_is_rejected_naming_it(tmp_path):
    bad = tmp_path / "findings.yaml"
    bad.write_text("findings:\n  NAME_SIMILAR: {severity: warn, title: t, fix: f, short_fix: s}\n")
    with pytest.raises(FindingCatalogueError, match="CSR_NOT_FOUND"):
        load_catalogue(bad)


def test_an_unknown_severity_is_rejected(tmp_path):
    entries = "".join(
        f"  {c}: {{severity: fatal, title: t, fix: f, short_fix: s}}\n" for c in ALL_CODES
    )
    bad = tmp_path / "findings.yaml"
    bad.write_text("findings:\n" + entries)
    with pytest.raises(FindingCatalogueError, match="severity"):
        load_catalogue(bad)
