"""Parsed inbox files kept between nights by content, so that a night re-reads only new files;
and the ingest tables derived from them (csr_records, loa_numbers, ...), by their input's bytes.

A national inbox is mostly the same CSR exports and LOAs night after night; only a daily order
file or two is new. Each file's parse (typed rows, quarantined rows, its ledger line) is stored
under a key made of everything it depends on: the file's bytes and name (rows carry the name),
its kind, the portrecon code and the libraries that parse, the carrier profiles (carrier ids)
and the PIN key (PIN hashes). Change any of them and the file is parsed again.

Entries are pickles of the frames: a round trip through Parquet would turn LOA number lists into
arrays and dates into timestamps, and a cached night must publish the same bytes as a fresh one.
The folder sits beside the warehouse, is created 0700, and holds no PIN in clear.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import pandas as pd
from upath import UPath

import portrecon
from portrecon.carriers import CarrierBook
from portrecon.pins import pin_key

# Libraries whose behaviour decides a parsed value; their versions are part of every key.
_PARSING_LIBRARIES = (
    "pandas",
    "pyarrow",
    "numpy",
    "openpyxl",
    "olefile",
    "phonenumbers",
    "duckdb",
)
_CHUNK = 1 << 20
PathLike = Path | UPath  # an inbox file, or a stage file (a local folder or a bucket)


def cache_folder(warehouse: Path) -> Path:
    """`<warehouse name>.cache/ingest/` beside the warehouse: the nights that build one warehouse
    share it, and one run at a time holds the warehouse (portrecon.runlock)."""
    return warehouse.with_name(warehouse.name + ".cache") / "ingest"


@cache
def _code_fingerprint() -> str:
    """Every source file of the portrecon package and the parsing libraries' versions: any change
    of code re-parses everything once, which is safer than tracking what each parser imports."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(portrecon.__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    for name in _PARSING_LIBRARIES:
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()


def _file_digest(path: PathLike) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class ParseCache:
    """The cache folder and what every key shares (code, carrier profiles, PIN key)."""

    folder: Path
    shared: str

    @classmethod
    def open(cls, folder: Path, book: CarrierBook) -> ParseCache:
        # The PIN key enters as an HMAC of a fixed text, so the key itself is never written.
        keyed = hmac.new(pin_key(), b"portrecon parse cache", hashlib.sha256).hexdigest()
        shared = "\n".join((_code_fingerprint(), book.fingerprint(), keyed))
        return cls(folder, shared)

    def derived(
        self, name: str, source: PathLike, build: Callable[[pd.DataFrame], pd.DataFrame]
    ) -> pd.DataFrame:
        """`build` of the Parquet file `source`, or the frame it gave for the same bytes on an
        earlier night (then the file is not even read)."""
        key = self.key(source, name, name)
        frame = self.load(name, key) if key else None
        if not isinstance(frame, pd.DataFrame):
            with source.open("rb") as handle:
                frame = build(pd.read_parquet(handle))
            if key:
                self.store(name, key, frame)
        self.keep_only(name, {key} if key else set())
        return frame

    def key(self, path: PathLike, source_file: str, kind: str) -> str | None:
        """The file's key, or None when it cannot be read now (its parse says why)."""
        try:
            content = _file_digest(path)
        except OSError:
            return None
        parts = (self.shared, kind, source_file, content)
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def _entry(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{key}.pickle"

    def load(self, kind: str, key: str) -> object | None:
        """The stored parse, or None when there is none (or it cannot be read back)."""
        try:
            return pickle.loads(self._entry(kind, key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def store(self, kind: str, key: str, parsed: object) -> None:
        """Write the entry atomically (a crash leaves no half entry); a full disk only costs the
        next night a re-parse."""
        entry = self._entry(kind, key)
        partial = entry.with_suffix(f".{os.getpid()}.partial")
        try:
            entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            partial.write_bytes(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(entry)
        except OSError:
            partial.unlink(missing_ok=True)

    def keep_only(self, kind: str, keys: set[str]) -> None:
        """Drop the kind's entries tonight's inbox did not use (files gone or changed)."""
        folder = self.folder / kind
        if not folder.is_dir():
            return
        for entry in folder.iterdir():
            if entry.stem not in keys:
                entry.unlink(missing_ok=True)
