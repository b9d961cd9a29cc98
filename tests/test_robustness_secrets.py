"""PINs are secrets (PRODUCT.md 4): after a nightly and a precheck over an inbox full of PINs,
none is found in clear or as an unkeyed MD5/SHA-1/SHA-256 in any table, view, stage file,
report, console line, log record, Dagster event or error message; the key file is the user's.

The inbox (attack_inbox.py) hides PINs in good rows, bad rows, secret-named extra columns, rows
shifted by a comma, a lost field or a deleted cell, a file without its header row, and values
whose error message quotes them.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest
from attack_inbox import NIGHTLY_PINS, PINS, PRECHECK_PINS, build_inbox, build_precheck_sheet
from dagster import DagsterInstance
from run_outputs import AS_OF, warehouse_relations, zip_members
from typer.testing import CliRunner

from portrecon.pins import normalise_pin
from portrecon.pipelines.cli import app
from portrecon.pipelines.definitions import build_definitions
from portrecon.pipelines.resources import PortreconSettings

REPOSITORY = Path(__file__).resolve().parents[1]
PLAIN_HASHES = (hashlib.md5, hashlib.sha1, hashlib.sha256)


class Secret(NamedTuple):
    """A secret as the scan looks for it: in clear (any form, whole token) or as a plain hash."""

    where: str
    clear: re.Pattern[str]
    hashes: frozenset[str]


def pin_secret(where: str, pin: str) -> Secret:
    """The PIN as typed, normalised, without leading zeros, in either case; and the unkeyed hash
    of each of those forms (also of the `unpadded:` input the product keys)."""
    normal = normalise_pin(pin) or pin
    unpadded = normal.lstrip("0") or "0"
    forms = {pin, normal, unpadded, normal.lower(), normal.upper()}
    alternatives = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    clear = re.compile(rf"(?<![0-9A-Za-z])(?:{alternatives})(?![0-9A-Za-z])", re.IGNORECASE)
    hashed = forms | {f"unpadded:{unpadded}"}
    hashes = frozenset(h(f.encode()).hexdigest() for f in hashed for h in PLAIN_HASHES)
    return Secret(where, clear, hashes)


def leaks(texts: dict[str, str], secrets: list[Secret]) -> list[tuple[str, str, str]]:
    """(where the secret hid, the place it was found, how) for every secret in any text."""
    found = []
    for place, text in texts.items():
        lowered = text.lower()
        for secret in secrets:
            if secret.clear.search(text):
                found.append((secret.where, place, "in clear"))
            if any(h in lowered for h in secret.hashes):
                found.append((secret.where, place, "as a plain hash"))
    return found


def file_texts(folder: Path) -> dict[str, str]:
    """Every file below a folder as text: Parquet as its rows and its bytes, an xlsx as the XML of
    its parts; the DuckDB file is read through SQL (warehouse_relations) instead."""
    texts: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if path.suffix in (".duckdb", ".wal"):
            continue
        if path.suffix == ".xlsx":
            texts.update({f"{name}:{part}": xml for part, xml in zip_members(path).items()})
            continue
        if path.suffix == ".parquet":
            texts[f"{name} (rows)"] = pd.read_parquet(path).astype(str).to_csv()
        texts[name] = path.read_bytes().decode("latin-1")
    return texts


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextlib.contextmanager
def captured_logs() -> Iterator[list[str]]:
    """Every log record at any level (root and Dagster's loggers), and warnings as records."""
    handler = _Records()
    loggers = [logging.getLogger(), logging.getLogger("dagster")]
    levels = [logger.level for logger in loggers]
    logging.captureWarnings(True)
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        logging.captureWarnings(False)
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


@contextlib.contextmanager
def captured_descriptors() -> Iterator[list[str]]:
    """What reaches file descriptors 1 and 2 below Python's sys.stdout/sys.stderr."""
    lines: list[str] = []
    with tempfile.TemporaryFile() as sink:
        saved = [os.dup(1), os.dup(2)]
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield lines
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            sink.seek(0)
            lines.append(sink.read().decode("utf-8", "replace"))


class Attack(NamedTuple):
    root: Path
    warehouse: Path
    console: dict[str, str]  # command -> what it printed, its exception and the log records
    events: dict[str, str]  # Dagster event -> its full text (metadata, messages)
    key_file: Path
    secrets: list[Secret]


def _cli(runner: CliRunner, *args: object) -> str:
    """What a command printed, the exception it ended with and its exit code."""
    result = runner.invoke(app, [str(arg) for arg in args])
    return f"{result.output}\n{result.exception!r}\n{result.exit_code}"


def _dagster_events(settings: PortreconSettings) -> dict[str, str]:
    """The nightly job run in a Dagster instance kept open, as `dagster dev` records it, its
    console logger at DEBUG (what it prints is captured with the other console output)."""
    job = build_definitions(settings).resolve_job_def("nightly")
    debug = {"loggers": {"console": {"config": {"log_level": "DEBUG"}}}}
    with DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, run_config=debug)
        assert result.success
        entries = instance.all_logs(result.run_id)
    return {f"event {i} {entry.dagster_event_type}": repr(entry) for i, entry in enumerate(entries)}


@pytest.fixture(scope="module")
def attack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Attack]:
    root = tmp_path_factory.mktemp("secrets")
    inbox = build_inbox(root)
    sheet = build_precheck_sheet(root / "sheets" / "bulk.xlsx")
    no_tn = build_precheck_sheet(root / "sheets" / "no_tn.xlsx", number_header="Line")
    warehouse = root / "warehouse" / "warehouse.duckdb"
    reports = root / "reports"
    checked = root / "checked"
    checked.mkdir()
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as env:
        # No key given: the product must create its own key file in the user's config folder.
        env.delenv("PORTRECON_PIN_KEY")
        env.delenv("PORTRECON_PIN_KEY_FILE")
        env.setenv("XDG_CONFIG_HOME", str(root / "config"))
        with captured_descriptors() as descriptors, captured_logs() as logs:
            console = {
                "nightly": _cli(
                    runner,
                    *("nightly", "--inbox", inbox, "--warehouse", warehouse),
                    *("--reports", reports, "--as-of", AS_OF),
                ),
                "precheck": _cli(
                    runner,
                    *("precheck", sheet, "-o", checked / "bulk.xlsx"),
                    *("--warehouse", warehouse, "--as-of", AS_OF),
                ),
                "precheck without tn": _cli(
                    runner,
                    *("precheck", no_tn, "-o", checked / "no_tn.xlsx", "--warehouse", warehouse),
                ),
            }
            events = _dagster_events(
                PortreconSettings(
                    inbox=str(inbox),
                    warehouse=str(root / "dagster" / "warehouse.duckdb"),
                    reports=str(root / "dagster"),
                    as_of=AS_OF,
                )
            )
        console["log records"] = "\n".join(logs)
        console["file descriptors 1 and 2"] = "\n".join(descriptors)
        key_file = root / "config" / "portrecon" / "pin.key"
    key = key_file.read_text().strip()
    secrets = [pin_secret(where, pin) for where, pin in PINS.items()]
    secrets.append(Secret("the PIN key", re.compile(re.escape(key)), frozenset()))
    yield Attack(root, warehouse, console, events, key_file, secrets)


def test_the_scan_finds_every_pin_hidden_in_the_inputs(attack: Attack) -> None:
    """The scan itself can fail: over the inbox and the sheet it names every planted PIN."""
    texts = file_texts(attack.root / "inbox") | file_texts(attack.root / "sheets")
    found = {where for where, _, _ in leaks(texts, attack.secrets)}
    assert found == set(NIGHTLY_PINS) | set(PRECHECK_PINS)


@pytest.mark.parametrize("hash_function", PLAIN_HASHES, ids=lambda h: h.__name__)
def test_the_scan_finds_a_pin_kept_as_a_plain_hash(hash_function) -> None:
    secret = pin_secret("PIN", "048213")
    digest = hash_function(b"48213").hexdigest().upper()
    assert leaks({"a column": f"x,{digest},y"}, [secret]) == [
        ("PIN", "a column", "as a plain hash")
    ]


def test_the_run_took_pins_through_every_path_of_the_attack(attack: Attack) -> None:
    relations = warehouse_relations(attack.warehouse)
    reasons = " | ".join(relations["quarantine"]["reason"])
    assert "fields but the header has" in reasons  # shifted rows
    assert "file has no csr_date column" in reasons  # rejected files, the headerless one too
    assert "'****' is not a" in reasons  # error messages about a PIN-like value
    assert relations["csr_raw"]["extra"].str.contains('"Passcode": "\\*\\*\\*\\*"').any()
    assert relations["loa_records"]["pin_hash"].notna().sum() >= 2


def test_no_pin_in_any_table_or_view_of_the_warehouse(attack: Attack) -> None:
    relations = warehouse_relations(attack.warehouse)
    texts = {name: frame.astype(str).to_csv() for name, frame in relations.items()}
    assert len(texts) >= 11
    assert leaks(texts, attack.secrets) == []


def test_no_pin_in_any_stage_file_beside_the_warehouse(attack: Attack) -> None:
    texts = file_texts(attack.warehouse.parent)
    assert any(name.endswith(".parquet") for name in texts)
    assert leaks(texts, attack.secrets) == []


def test_no_pin_in_the_nightly_reports(attack: Attack) -> None:
    texts = file_texts(attack.root / "reports")
    assert {Path(name.split(":")[0]).name for name in texts} == {"nightly.xlsx", "nightly.html"}
    assert leaks(texts, attack.secrets) == []


def test_no_pin_in_the_precheck_workbook(attack: Attack) -> None:
    texts = file_texts(attack.root / "checked")
    assert any(name.startswith("bulk.xlsx:xl/worksheets/") for name in texts)
    assert leaks(texts, attack.secrets) == []


def test_no_pin_in_console_output_log_records_or_error_messages(attack: Attack) -> None:
    assert "Files (rows read = loaded + quarantined)" in attack.console["nightly"]
    assert "has no tn column" in attack.console["precheck without tn"]
    assert leaks(attack.console, attack.secrets) == []


def test_no_pin_in_the_dagster_event_log(attack: Attack) -> None:
    assert any("preview" in text for text in attack.events.values())
    assert leaks(attack.events, attack.secrets) == []


def test_the_key_file_is_created_readable_by_its_owner_only(attack: Attack) -> None:
    assert stat.S_IMODE(attack.key_file.stat().st_mode) == 0o600
    assert len(attack.key_file.read_bytes().strip()) >= 32


def test_the_key_file_is_outside_the_repository_and_the_warehouse_folder(attack: Attack) -> None:
    key_file = attack.key_file.resolve()
    for folder in (REPOSITORY, attack.warehouse.parent.resolve(), (attack.root / "reports")):
        assert not key_file.is_relative_to(folder.resolve())
    written = [*attack.warehouse.parent.rglob("*"), *(attack.root / "reports").rglob("*")]
    assert not [p for p in written if p.name.endswith(".key")]
