"""Load a whole inbox into the ingest tables of the warehouse contract (PRODUCT.md section 3).

Pure function used by the Dagster ingest assets, the benches and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from portrecon import schema
from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.ingest import tables
from portrecon.ingest.discovery import InboxFile, discover
from portrecon.ingest.files import QUARANTINE_COLUMNS, KindRows, read_kind
from portrecon.ingest.kinds import SPECS
from portrecon.ingest.parse import parse_kind


@dataclass
class KindLoad:
    """One kind after parsing: typed rows (contract columns + internals) and the file ledger."""

    kind: str
    loaded: pd.DataFrame
    quarantine: pd.DataFrame
    files: pd.DataFrame


def load_kind(files: list[InboxFile], kind: str, book: CarrierBook) -> KindLoad:
    """Read, parse and quarantine every file of one kind."""
    spec = SPECS[kind]
    mine = [f for f in files if f.kind == kind]
    aliases = book.csr_column_aliases() if kind == "csr" else {}
    rows: KindRows = read_kind(mine, spec, aliases)
    loaded = parse_kind(rows, spec, book)
    quarantine = pd.DataFrame(rows.quarantine, columns=QUARANTINE_COLUMNS)
    ledger = pd.DataFrame(
        [(f.source_file, kind, f.encoding, f.rows_read, f.message) for f in rows.files],
        columns=["source_file", "kind", "encoding", "rows_read", "message"],
    )
    return KindLoad(kind, loaded, quarantine, ledger)


def ingest_files(files: list[InboxFile], loads: list[KindLoad]) -> pd.DataFrame:
    """Ledger of every file: rows read = loaded + quarantined, skipped files listed."""
    ledger = pd.concat([load.files for load in loads], ignore_index=True)
    loaded = pd.concat([load.loaded["source_file"] for load in loads]).value_counts()
    quarantined = pd.concat([load.quarantine["source_file"] for load in loads]).value_counts()
    ledger["rows_loaded"] = ledger["source_file"].map(loaded).fillna(0).astype("int64")
    ledger["rows_quarantined"] = ledger["source_file"].map(quarantined).fillna(0).astype("int64")
    ledger["status"] = "loaded"
    ledger.loc[ledger["rows_loaded"].eq(0) & ledger["rows_quarantined"].gt(0), "status"] = (
        "rejected"
    )
    skipped = pd.DataFrame(
        {
            "source_file": [f.source_file for f in files if f.kind is None],
            "status": "skipped",
            "rows_read": 0,
            "rows_loaded": 0,
            "rows_quarantined": 0,
            "message": "name matches no input pattern (csr*, loa*, order*)",
        }
    )
    ledger = pd.concat([ledger, skipped], ignore_index=True).sort_values("source_file")
    return ledger.reindex(columns=schema.INGEST_FILES.column_names).reset_index(drop=True)


@dataclass
class InboxTables:
    """Every ingest table of the contract, by table name."""

    frames: dict[str, pd.DataFrame]


def load_inbox(inbox: Path, book: CarrierBook | None = None) -> InboxTables:
    """The whole ingest in one call (for the benches and the precheck tests)."""
    book = book or default_carrier_book()
    files = discover(inbox)
    csr, loa, events = (load_kind(files, kind, book) for kind in ("csr", "loa", "orders"))
    csr_raw = tables.csr_raw(csr.loaded)
    loa_raw = tables.loa_raw(loa.loaded)
    loa_records = tables.loa_records(loa_raw)
    events_raw = tables._select(events.loaded, schema.ORDER_EVENTS_RAW)
    frames = {
        "csr_raw": csr_raw,
        "csr_records": tables.csr_records(csr_raw),
        "loa_raw": tables._select(loa_raw, schema.LOA_RAW),
        "loa_records": tables._select(loa_records, schema.LOA_RECORDS),
        "loa_numbers": tables.loa_numbers(loa_records),
        "order_events_raw": events_raw,
        "order_events": tables.order_events(events_raw),
        "quarantine": pd.concat([x.quarantine for x in (csr, loa, events)], ignore_index=True)
        .sort_values(["source_file", "source_line"], na_position="first")
        .reset_index(drop=True),
        "ingest_files": ingest_files(files, [csr, loa, events]),
    }
    return InboxTables(frames)
