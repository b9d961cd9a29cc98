"""Load a whole inbox into the ingest tables of the warehouse contract (PRODUCT.md section 3).

Pure function used by the Dagster ingest assets, the benches and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from portrecon import schema
from portrecon.carriers import CarrierBook, default_carrier_book
from portrecon.groups import balanced_groups
from portrecon.ingest import tables
from portrecon.ingest.cache import ParseCache
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


def load_kind(
    files: list[InboxFile], kind: str, book: CarrierBook, cache: ParseCache | None = None
) -> KindLoad:
    """Read, parse and quarantine every file of one kind; with a cache, a file parsed on an
    earlier night with the same content (and code, profiles and PIN key) is not read again."""
    mine = [f for f in files if f.kind == kind]
    if cache is None:
        return _parse_files(mine, kind, book)
    return joined_kind(kind, [load_file(f, kind, book, cache) for f in mine], book, cache)


@dataclass
class FileLoad:
    """One file of a kind parsed (or taken from the cache), under its cache key (None when the
    file could not be read to make one)."""

    source_file: str
    key: str | None
    load: KindLoad


def load_file(inbox_file: InboxFile, kind: str, book: CarrierBook, cache: ParseCache) -> FileLoad:
    """One file's parse: from the cache when its bytes were parsed before, else parsed now and
    kept in the cache (the unit the night's ingest steps share out)."""
    seen = _stamp(inbox_file.path)
    key = cache.key(inbox_file.path, inbox_file.source_file, kind)
    part = cache.load(kind, key) if key else None
    if not isinstance(part, KindLoad):
        part = _parse_files([inbox_file], kind, book)
        if key and _settled(part) and _stamp(inbox_file.path) == seen:
            cache.store(kind, key, part)
    return FileLoad(inbox_file.source_file, key, part)


def joined_kind(kind: str, files: list[FileLoad], book: CarrierBook, cache: ParseCache) -> KindLoad:
    """The kind's files as one load, in inbox order (discovery's: by relative path) whichever
    step parsed them; cache entries no file used are dropped."""
    cache.keep_only(kind, {f.key for f in files if f.key})
    if not files:
        return _parse_files([], kind, book)
    return _joined(kind, [f.load for f in sorted(files, key=lambda f: f.source_file)])


def file_groups(files: list[InboxFile], kind: str, parts: int) -> list[list[InboxFile]]:
    """The kind's files in at most `parts` groups of about equal bytes (largest first, each to
    the lightest group), so that as many steps parse them side by side; no file is split."""
    mine = sorted(
        ((f, _size(f.path)) for f in files if f.kind == kind), key=lambda pair: pair[0].source_file
    )  # equal sizes go by path
    return [sorted(group, key=lambda f: f.source_file) for group in balanced_groups(mine, parts)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # unreadable or gone: its parse says so
        return 0


def _parse_files(files: list[InboxFile], kind: str, book: CarrierBook) -> KindLoad:
    spec = SPECS[kind]
    aliases = book.csr_column_aliases() if kind == "csr" else {}
    rows: KindRows = read_kind(files, spec, aliases)
    loaded = parse_kind(rows, spec, book)
    quarantine = pd.DataFrame(rows.quarantine, columns=QUARANTINE_COLUMNS)
    ledger = pd.DataFrame(
        [(f.source_file, kind, f.encoding, f.rows_read, f.message) for f in rows.files],
        columns=["source_file", "kind", "encoding", "rows_read", "message"],
    )
    return KindLoad(kind, loaded, quarantine, ledger)


def _stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time: a file that changes while it is hashed and parsed is not
    kept, as its parse may not belong to the bytes its key was made of."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _settled(part: KindLoad) -> bool:
    """A parse worth keeping: the file was read (an unreadable one may be mid-copy, or back
    tomorrow with the same bytes and readable permissions)."""
    return part.files["encoding"].notna().all()


def _joined(kind: str, parts: list[KindLoad]) -> KindLoad:
    """Per-file parses as one, as parsing all files together gives them: a file without rows adds
    none, nor its frame's column types; the small frames built from records (quarantine, ledger)
    are built again from all records, so that their types are inferred from all of them."""
    filled = [p.loaded for p in parts if len(p.loaded)] or [parts[0].loaded]

    def rebuilt(frames: list[pd.DataFrame]) -> pd.DataFrame:
        records = [record for frame in frames for record in frame.to_dict("records")]
        return pd.DataFrame(records, columns=frames[0].columns)

    return KindLoad(
        kind,
        pd.concat(filled, ignore_index=True),
        rebuilt([p.quarantine for p in parts]),
        rebuilt([p.files for p in parts]),
    )


def manifest_frame(files: list[InboxFile]) -> pd.DataFrame:
    """Discovered files as a frame (the hand-over between discovery and the readers)."""
    return pd.DataFrame(
        {
            "source_file": [f.source_file for f in files],
            "kind": [f.kind for f in files],
            "path": [str(f.path) for f in files],
        }
    )


def files_of(manifest: pd.DataFrame) -> list[InboxFile]:
    return [
        InboxFile(Path(path), source, kind)
        for source, kind, path in manifest[["source_file", "kind", "path"]].itertuples(
            index=False, name=None
        )
    ]


def quarantine_table(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """All quarantine rows in file/line order."""
    merged = pd.concat(parts, ignore_index=True).sort_values(
        ["source_file", "source_line"], na_position="first"
    )
    return merged.reindex(columns=schema.QUARANTINE.column_names).reset_index(drop=True)


def file_ledger(
    manifest: pd.DataFrame,
    ledgers: list[pd.DataFrame],
    loaded_sources: list[pd.Series],
    quarantine: pd.DataFrame,
) -> pd.DataFrame:
    """Every file with rows read = loaded + quarantined; files matching no pattern as skipped."""
    ledger = pd.concat(ledgers, ignore_index=True)
    loaded = pd.concat(loaded_sources).value_counts()
    quarantined = quarantine["source_file"].value_counts()
    ledger["rows_loaded"] = ledger["source_file"].map(loaded).fillna(0).astype("int64")
    ledger["rows_quarantined"] = ledger["source_file"].map(quarantined).fillna(0).astype("int64")
    rejected = ledger["rows_loaded"].eq(0) & ledger["rows_quarantined"].gt(0)
    ledger["status"] = rejected.map({True: "rejected", False: "loaded"})
    skipped = pd.DataFrame(
        {
            "source_file": manifest.loc[manifest["kind"].isna(), "source_file"],
            "status": "skipped",
            "rows_read": 0,
            "rows_loaded": 0,
            "rows_quarantined": 0,
            "message": "matches no input pattern (csr*, loa*, order*)",
        }
    )
    ledger = pd.concat([ledger, skipped], ignore_index=True).sort_values("source_file")
    return ledger.reindex(columns=schema.INGEST_FILES.column_names).reset_index(drop=True)


@dataclass
class InboxTables:
    """Every ingest table of the contract, by table name."""

    frames: dict[str, pd.DataFrame]


def load_inbox(
    inbox: Path, book: CarrierBook | None = None, cache_folder: Path | None = None
) -> InboxTables:
    """The whole ingest in one call, the same steps as the Dagster ingest assets; with a cache
    folder, files parsed by an earlier call are re-used (see portrecon.ingest.cache)."""
    book = book or default_carrier_book()
    cache = ParseCache.open(cache_folder, book) if cache_folder else None
    files = discover(inbox)
    csr, loa, events = (load_kind(files, kind, book, cache) for kind in ("csr", "loa", "orders"))
    csr_raw = tables.csr_raw(csr.loaded)
    loa_raw = tables.loa_raw(loa.loaded)
    loa_records = tables.loa_records(loa_raw)
    events_raw = tables.order_events_raw(events.loaded)
    quarantine = quarantine_table([x.quarantine for x in (csr, loa, events)])
    frames = {
        "csr_raw": csr_raw,
        "csr_records": tables.csr_records(csr_raw),
        "loa_raw": tables.select(loa_raw, schema.LOA_RAW),
        "loa_records": tables.select(loa_records, schema.LOA_RECORDS),
        "loa_numbers": tables.loa_numbers(loa_records),
        "order_events_raw": events_raw,
        "order_events": tables.order_events(events_raw),
        "quarantine": quarantine,
        "ingest_files": file_ledger(
            manifest_frame(files),
            [x.files for x in (csr, loa, events)],
            [x.loaded["source_file"] for x in (csr, loa, events)],
            quarantine,
        ),
    }
    return InboxTables(frames)
