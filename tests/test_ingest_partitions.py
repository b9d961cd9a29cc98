"""The night's ingest steps share a kind's files out in groups: parsed group by group, in any
order, the files join into the load of the whole kind."""

from pathlib import Path

import pandas as pd
import pytest
from reconcile_world import AS_OF

from portrecon.carriers import default_carrier_book
from portrecon.ingest.cache import ParseCache
from portrecon.ingest.discovery import InboxFile, discover
from portrecon.ingest.inbox import file_groups, joined_kind, load_file, load_kind
from portrecon.synth import generate

KINDS = ("csr", "loa", "orders")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[InboxFile]:
    inbox = tmp_path_factory.mktemp("ingest_groups") / "inbox"
    generate(inbox, orders=200, seed=2, as_of=AS_OF)
    return discover(inbox)


@pytest.mark.parametrize("kind", KINDS)
def test_groups_hold_every_file_of_the_kind_once_in_at_most_the_parts_asked(
    files: list[InboxFile], kind: str
) -> None:
    groups = file_groups(files, kind, 3)
    grouped = [f.source_file for group in groups for f in group]
    assert 1 <= len(groups) <= 3
    assert sorted(grouped) == [f.source_file for f in files if f.kind == kind]


@pytest.mark.parametrize("kind", KINDS)
def test_files_parsed_by_groups_in_any_order_join_into_the_whole_kind(
    files: list[InboxFile], kind: str, tmp_path: Path
) -> None:
    book = default_carrier_book()
    cache = ParseCache.open(tmp_path / "grouped", book)
    groups = file_groups(files, kind, 3)
    parsed = [load_file(f, kind, book, cache) for group in reversed(groups) for f in group]
    joined = joined_kind(kind, parsed, book, cache)
    whole = load_kind(files, kind, book, ParseCache.open(tmp_path / "whole", book))
    for part in ("loaded", "quarantine", "files"):
        pd.testing.assert_frame_equal(getattr(joined, part), getattr(whole, part), obj=part)
