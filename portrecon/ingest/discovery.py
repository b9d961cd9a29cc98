"""Finding input files below the inbox and telling their kind from the file name."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

# (pattern on the lower-cased file name, kind); PRODUCT.md section 3.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("csr*.csv", "csr"),
    ("csr*.xlsx", "csr"),
    ("loa*.csv", "loa"),
    ("loa*.xlsx", "loa"),
    ("order*.csv", "orders"),
    ("order*.xlsx", "orders"),
    # An old .xls export is still an input of its kind: the reader quarantines it with the fix.
    ("csr*.xls", "csr"),
    ("loa*.xls", "loa"),
    ("order*.xls", "orders"),
)


@dataclass(frozen=True)
class InboxFile:
    path: Path
    source_file: str  # relative to the inbox root, `/`-separated
    kind: str | None  # None = matches no pattern (skipped)


def kind_of(name: str) -> str | None:
    lowered = name.lower()
    return next((kind for pattern, kind in PATTERNS if fnmatch(lowered, pattern)), None)


def discover(inbox: Path) -> list[InboxFile]:
    """Every file below the inbox, sorted by relative path so runs are deterministic.

    Links to folders are not followed (no loop can trap the walk); a link that leads nowhere
    (its target is missing, or it loops) is listed like a file, so that reading it says so.
    """
    files = [
        InboxFile(path, path.relative_to(inbox).as_posix(), kind_of(path.name))
        for path in inbox.rglob("*")
        if path.is_file() or (path.is_symlink() and not path.is_dir())
    ]
    return sorted(files, key=lambda f: f.source_file)
