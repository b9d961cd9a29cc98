"""At 2,000 orders the synthetic world holds every finding code and every verdict class, and its
files, re-read here with plain csv/openpyxl, agree with the truth's per-file counts."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from portrecon.carriers import default_carrier_book
from portrecon.synth import generate

ORDERS = 2000
FIELD_VERDICTS = {
    "name": {"exact", "equivalent", "similar", "different", "missing_loa", "missing_csr"},
    "address": {"exact", "equivalent", "similar", "different", "missing_loa", "missing_csr"},
    "account": {"exact", "equivalent", "similar", "different", "missing_loa"},
    "pin": {"exact", "different", "missing_loa", "missing_csr"},
    "btn": {"exact", "similar", "different", "missing_loa", "missing_csr"},
}
ORDER_CODES = {
    "CSR_NOT_FOUND", "TN_NOT_ON_CSR", "TN_INVALID", "TN_NOT_PORTABLE", "TN_IN_OTHER_ORDER",
    "PARTIAL_PORT_BTN", "LOA_UNSIGNED_TOLLFREE", "LOA_STALE", "INVOICE_STALE",
    "PORT_DATE_TOO_SOON", "PROJECT_MIXED_ACCOUNTS", "CARRIER_MISMATCH",
}  # fmt: skip
REQUIRED = {
    "csr": ("carrier", "account_number", "tn", "csr_date"),
    "loa": ("loa_id", "order_id", "tns"),
    "orders": ("order_id", "status", "event_time", "direction"),
}


def _read_csv(path: Path) -> list[tuple[int, list[str]]]:
    """(start line, fields) of every non-blank record; the header first."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
    reader = csv.reader(io.StringIO(text, newline=""))
    records, line = [], 1
    for fields in reader:
        if any(f.strip() for f in fields):
            records.append((line, fields))
        line = reader.line_num + 1
    return records


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    return [
        (number, ["" if v is None else str(v) for v in row])
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        if any(v not in (None, "") for v in row)
    ]


def _plain(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch not in " -_")


_ALIASES = {
    _plain(spelling): _plain(column)
    for column, spellings in default_carrier_book().csr_column_aliases().items()
    for spelling in spellings
}


def _key(header: str) -> str:
    """Header -> canonical column key (ingest_rules.md: case, spaces, `-`, `_`, CSR aliases)."""
    return _ALIASES.get(_plain(header), _plain(header))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synth")
    generate(root / "inbox", ORDERS, seed=11, truth_dir=root / "truth")
    return root


@pytest.fixture(scope="module")
def reread(world: Path) -> dict[str, list[tuple[int, list[str]]] | None]:
    """Every input file re-read with csv/openpyxl (None: an .xlsx that is not a workbook)."""
    records: dict[str, list[tuple[int, list[str]]] | None] = {}
    for row in _truth(world, "files"):
        path = world / "inbox" / row["source_file"]
        if row["kind"] == "skipped":
            continue
        if path.suffix.lower() == ".xlsx":
            records[row["source_file"]] = _read_xlsx(path) if zipfile.is_zipfile(path) else None
        else:
            records[row["source_file"]] = _read_csv(path)
    return records


def _truth(world: Path, name: str) -> list[dict[str, str]]:
    with open(world / "truth" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_verdict_class_of_every_field_is_present(world: Path) -> None:
    seen: dict[str, set[str]] = {field: set() for field in FIELD_VERDICTS}
    for row in _truth(world, "field_verdicts"):
        seen[row["field"]].add(row["verdict"])
    assert seen == FIELD_VERDICTS


def test_every_finding_code_is_present(world: Path) -> None:
    codes = {row["code"] for row in _truth(world, "order_findings")}
    field_codes = {
        f"{field.upper()}_{verdict.upper()}"
        for field, verdicts in FIELD_VERDICTS.items()
        for verdict in verdicts - {"exact"}
    }
    assert codes == ORDER_CODES | field_codes


def test_address_components_are_named_exactly_when_the_address_differs(world: Path) -> None:
    for row in _truth(world, "field_verdicts"):
        if row["field"] == "address":
            assert bool(row["component"]) == (row["verdict"] in ("similar", "different")), row


def test_files_reread_agree_with_the_truth_counts(world: Path, reread: dict) -> None:
    inbox = world / "inbox"
    listed = {row["source_file"]: row for row in _truth(world, "files")}
    on_disk = {p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file()}
    assert set(listed) == on_disk
    for name, row in listed.items():
        if row["kind"] == "skipped":
            assert row["rows_read"] == "0"
            continue
        records = reread[name]
        if records is None:
            assert (row["rows_read"], row["rows_quarantined"]) == ("1", "1")
            continue
        assert int(row["rows_read"]) == len(records) - 1, name
        assert int(row["rows_read"]) == int(row["rows_loaded"]) + int(row["rows_quarantined"])


def test_quarantine_rows_point_at_bad_rows_and_every_ragged_row_is_listed(
    world: Path, reread: dict
) -> None:
    quarantined: dict[str, dict[int, str]] = {}
    for row in _truth(world, "quarantine"):
        if row["source_line"]:
            quarantined.setdefault(row["source_file"], {})[int(row["source_line"])] = row[
                "reason_kind"
            ]
    kinds = {row["source_file"]: row["kind"] for row in _truth(world, "files")}
    for name, lines in quarantined.items():
        records = reread[name]
        header = [_key(h) for h in records[0][1]]
        by_line = dict(records[1:])
        ragged = {line for line, fields in records[1:] if len(fields) != len(header)}
        assert ragged == {line for line, reason in lines.items() if reason == "ragged"}, name
        for line, reason in lines.items():
            fields = by_line[line]
            if reason == "missing_value":
                values = dict(zip(header, fields, strict=True))
                assert any(not values.get(_key(c), "x").strip() for c in REQUIRED[kinds[name]])
            elif reason == "missing_column":
                assert not set(map(_key, REQUIRED[kinds[name]])) <= set(header)


def test_truth_holds_no_pin(world: Path) -> None:
    loa = (world / "inbox/loa/loa_intake_2026.csv").read_text("utf-8")
    pins = {row["pin"] for row in csv.DictReader(io.StringIO(loa)) if len(row["pin"]) >= 7}
    assert pins
    for path in (world / "truth").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            values = {value for row in csv.reader(handle) for value in row}
        assert not pins & values, path.name


def test_every_truth_row_has_its_header_width(world: Path) -> None:
    for path in sorted((world / "truth").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows and all(len(row) == len(rows[0]) for row in rows), path.name


def test_orders_reach_every_status_of_section_3_3_at_as_of(world: Path) -> None:
    statuses: dict[str, set[str]] = {"port_in": set(), "port_out": set()}
    for row in _truth(world, "orders"):
        statuses[row["direction"]].add(row["status"])
    assert statuses == {
        "port_in": {"draft", "submitted", "approved", "update_required", "rejected",
                    "resubmitted", "completed", "cancelled"},
        "port_out": {"requested", "confirmation_sent", "authorized", "stopped", "auto_approved",
                     "auto_rejected", "approved", "completed", "cancelled"},
    }  # fmt: skip


def test_port_outs_need_every_kind_of_action_at_as_of(world: Path) -> None:
    actions = {row["action_kind"] for row in _truth(world, "portout_watch")}
    assert actions == {
        "CONFIRMATION_PENDING", "NOT_COMPLETED_AFTER_FOC", "CANCEL_WINDOW_PASSED",
        "RELEASE_NUMBERS", "DISPUTE_WINDOW",
    }  # fmt: skip
