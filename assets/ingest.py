"""Ingest stage: inbox files -> typed raw tables, quarantine and the per-file ledger.

Thin Dagster wrappers; the work is portrecon.ingest, shared with the benches and the tests.
"""

from collections.abc import Callable

import pandas as pd
from dagster import (
    AssetExecutionContext,
    AssetOut,
    AssetsDefinition,
    DynamicOut,
    DynamicOutput,
    Failure,
    In,
    Out,
    Output,
    asset,
    graph_multi_asset,
    op,
)
from upath import UPath

from portrecon import schema
from portrecon.assets.metadata import definition_metadata, frame_metadata
from portrecon.carriers import default_carrier_book
from portrecon.ingest import tables
from portrecon.ingest.cache import ParseCache, cache_folder
from portrecon.ingest.discovery import InboxFile, discover
from portrecon.ingest.inbox import (
    FileLoad,
    file_groups,
    file_ledger,
    files_of,
    joined_kind,
    load_file,
    manifest_frame,
    quarantine_table,
)
from portrecon.pipelines.io_manager import STAGE_PICKLES, staged_input
from portrecon.pipelines.resources import PortreconSettings

GROUP = "ingest"
# The kinds a nightly drop must hold: the warehouse is rebuilt whole from the inbox.
REQUIRED_KINDS = ("csr", "loa")


@asset(group_name=GROUP, kinds={"pandas"})
def inbox_files(context: AssetExecutionContext, settings: PortreconSettings) -> pd.DataFrame:
    """Every file below the inbox with its kind (csr, loa, orders) or none (skipped)."""
    inbox = settings.inbox_path()
    if not inbox.is_dir():
        raise FileNotFoundError(f"inbox folder not found: {inbox}")
    manifest = manifest_frame(discover(inbox))
    missing = [kind for kind in REQUIRED_KINDS if kind not in set(manifest["kind"].dropna())]
    if missing:
        # A failed or partial drop must not publish a warehouse without CSRs or LOAs over last
        # night's good one (every open port-in would read CSR_NOT_FOUND).
        raise Failure(
            f"inbox {inbox} has no {' and no '.join(k.upper() for k in missing)} file "
            f"({', '.join(k + '*' for k in missing)}); nothing is published and the previous "
            "warehouse stays in place"
        )
    context.add_output_metadata({**frame_metadata(manifest), "inbox": str(inbox)})
    return manifest


def _ingest_kind(kind: str, raw: schema.Table) -> AssetsDefinition:
    """One graph multi-asset per input kind (loaded rows, quarantined rows and the file ledger):
    the kind's files in `partitions` groups of about equal bytes, one parse step per group,
    then one step joining them in inbox order (docs/scaling.md)."""
    raw_name = raw.name
    outs = {
        raw_name: AssetOut(description=raw.doc, metadata=definition_metadata(raw)),
        f"{kind}_quarantine": AssetOut(description=f"{kind} rows and files not loaded."),
        f"{kind}_file_reads": AssetOut(description=f"Rows read per {kind} file."),
    }

    @op(name=f"{kind}_file_groups", out=DynamicOut(list, io_manager_key=STAGE_PICKLES))
    def _groups(settings: PortreconSettings, inbox_files: pd.DataFrame):
        groups = file_groups(files_of(inbox_files), kind, settings.partitions) or [[]]
        for number, group in enumerate(groups, start=1):
            yield DynamicOutput(group, mapping_key=f"files_{number}_of_{len(groups)}")

    @op(
        name=f"parse_{kind}_files",
        ins={"group": In(list, input_manager_key=STAGE_PICKLES)},
        out=Out(list, io_manager_key=STAGE_PICKLES),
    )
    def _parse(settings: PortreconSettings, group: list[InboxFile]) -> list[FileLoad]:
        book = default_carrier_book()
        cache = _cache(settings)
        return [load_file(inbox_file, kind, book, cache) for inbox_file in group]

    @op(
        name=f"join_{kind}_files",
        ins={"parsed": In(list, input_manager_key=STAGE_PICKLES)},
        out={name: Out(pd.DataFrame) for name in outs},
    )
    def _join(settings: PortreconSettings, parsed: list[list[FileLoad]]):
        files = [f for group in parsed for f in group]
        load = joined_kind(kind, files, default_carrier_book(), _cache(settings))
        loaded = tables.loa_raw(load.loaded) if kind == "loa" else load.loaded
        yield Output(loaded, raw_name, metadata=frame_metadata(loaded))
        yield Output(
            load.quarantine, f"{kind}_quarantine", metadata=frame_metadata(load.quarantine)
        )
        yield Output(load.files, f"{kind}_file_reads", metadata=frame_metadata(load.files))

    @graph_multi_asset(name=f"ingest_{kind}", group_name=GROUP, outs=outs)
    def _ingest(inbox_files):
        return _join(_groups(inbox_files).map(_parse).collect())

    _ingest.__doc__ = f"Read, parse and quarantine every {kind} file of the inbox."
    return _ingest


def _cache(settings: PortreconSettings) -> ParseCache:
    """The parse cache beside the warehouse: parsed files kept by content across nights."""
    return ParseCache.open(cache_folder(settings.warehouse_path()), default_carrier_book())


ingest_csr = _ingest_kind("csr", schema.CSR_RAW)
ingest_loa = _ingest_kind("loa", schema.LOA_RAW)
ingest_orders = _ingest_kind("orders", schema.ORDER_EVENTS_RAW)


def _derived_asset(
    table: schema.Table, build: Callable[[pd.DataFrame], pd.DataFrame], source: str, what: str
) -> AssetsDefinition:
    """An ingest table computed from one upstream frame by a pure function of portrecon.ingest.

    The result is kept in the parse cache under its input file's bytes: a night whose CSR files
    did not change re-uses last night's csr_records instead of recomputing it."""

    @asset(
        name=table.name,
        group_name=GROUP,
        kinds={"pandas"},
        description=what,
        ins={source: staged_input(source)},
        metadata=definition_metadata(table),
    )
    def _derive(settings: PortreconSettings, **paths: str) -> Output[pd.DataFrame]:
        frame = _cache(settings).derived(table.name, UPath(paths[source]), build)
        return Output(frame, metadata=frame_metadata(frame, table))

    return _derive


csr_records = _derived_asset(
    schema.CSR_RECORDS,
    tables.csr_records,
    "csr_raw",
    "Newest CSR row per carrier, account and number (PRODUCT.md 3.1).",
)
loa_records = _derived_asset(
    schema.LOA_RECORDS,
    tables.loa_records,
    "loa_raw",
    "One row per LOA; a loa_id seen twice keeps its later file/line.",
)
loa_numbers = _derived_asset(
    schema.LOA_NUMBERS,
    tables.loa_numbers,
    "loa_records",
    "Every number of every LOA after splitting and range expansion, as E.164.",
)
order_events = _derived_asset(
    schema.ORDER_EVENTS,
    tables.order_events,
    "order_events_raw",
    "Distinct order events: the same order, status and instant count once.",
)


@asset(group_name=GROUP, kinds={"pandas"}, metadata=definition_metadata(schema.QUARANTINE))
def quarantine(
    csr_quarantine: pd.DataFrame, loa_quarantine: pd.DataFrame, orders_quarantine: pd.DataFrame
) -> Output:
    """Every row and file that could not be loaded, with the reason; PINs masked."""
    frame = quarantine_table([csr_quarantine, loa_quarantine, orders_quarantine])
    return Output(frame, metadata=frame_metadata(frame, schema.QUARANTINE))


@asset(group_name=GROUP, kinds={"pandas"}, metadata=definition_metadata(schema.INGEST_FILES))
def ingest_files(
    inbox_files: pd.DataFrame,
    csr_file_reads: pd.DataFrame,
    loa_file_reads: pd.DataFrame,
    orders_file_reads: pd.DataFrame,
    csr_raw: pd.DataFrame,
    loa_raw: pd.DataFrame,
    order_events_raw: pd.DataFrame,
    quarantine: pd.DataFrame,
) -> Output:
    """Per-file ledger: rows read = rows loaded + rows quarantined; skipped files listed."""
    ledger = file_ledger(
        inbox_files,
        [csr_file_reads, loa_file_reads, orders_file_reads],
        [csr_raw["source_file"], loa_raw["source_file"], order_events_raw["source_file"]],
        quarantine,
    )
    return Output(ledger, metadata=frame_metadata(ledger, schema.INGEST_FILES))
