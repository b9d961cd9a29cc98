"""Reconciliation by groups of losing carriers (the night's partitions) finds what a whole
reconciliation finds: every rule judges an LOA against all CSRs and all open orders."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from reconcile_world import AS_OF, Case, World

from portrecon import schema
from portrecon.carriers import default_carrier_book
from portrecon.duck import create_typed_table, frames_connection
from portrecon.ingest import load_inbox
from portrecon.reconcile import build_findings, carrier_partitions, merge_findings
from portrecon.synth import generate
from portrecon.timelines import build_orders

INPUTS = ("csr_records", "loa_records", "loa_numbers", "order_events")


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """The reconciliation inputs of a synthetic inbox of 400 orders and many carriers."""
    inbox = tmp_path_factory.mktemp("partitions") / "inbox"
    generate(inbox, orders=400, seed=5, as_of=AS_OF)
    frames = load_inbox(Path(inbox)).frames
    with frames_connection(**{name: frames[name] for name in INPUTS}) as con:
        create_typed_table(con, schema.ORDERS, build_orders(con, AS_OF))
        yield con


@pytest.mark.parametrize("parts", [2, 5, 40])
def test_findings_of_carrier_groups_merged_equal_the_whole_reconciliation(
    night: duckdb.DuckDBPyConnection, parts: int
) -> None:
    book = default_carrier_book()
    groups = carrier_partitions(night, book, parts)
    merged = merge_findings([build_findings(night, AS_OF, book, group) for group in groups])
    pd.testing.assert_frame_equal(merged, build_findings(night, AS_OF, book), check_dtype=False)


def test_every_losing_carrier_is_in_exactly_one_group_of_at_most_the_parts_asked(
    night: duckdb.DuckDBPyConnection,
) -> None:
    groups = carrier_partitions(night, default_carrier_book(), 3)
    carriers = [carrier for group in groups for carrier in group]
    assert len(groups) == 3 and len(carriers) == len(set(carriers)) > 3


def test_a_number_in_an_open_order_of_another_losing_carrier_is_found_within_one_group() -> None:
    world = World()
    mine, theirs = Case(world, 1), Case(world, 2)
    mine.csr().loa().order()
    theirs.csr(carrier="Verizon").loa(tns=mine.tns[:1], losing_carrier="Verizon").order()
    con = world.connect()
    book = default_carrier_book()
    found = build_findings(con, AS_OF, book, [book.carrier_id("AT&T")])
    assert set(found["order_id"]) == {mine.order_id}
    assert "TN_IN_OTHER_ORDER" in found["code"].tolist()
