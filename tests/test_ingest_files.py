"""Reading real inbox files: encodings, headers, xlsx cells, bad rows and the per-file balance."""

import datetime as dt
import json
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from inbox_builders import (
    CSR_HEADER,
    EVENT_HEADER,
    LOA_HEADER,
    csr_row,
    event_row,
    loa_row,
    write_csv,
    write_xlsx,
)
from openpyxl import Workbook

from portrecon.ingest import load_inbox
from portrecon.pins import is_secret_header
from portrecon.reconcile import build_findings
from portrecon.schema import ORDERS


def _frames(inbox: Path) -> dict[str, pd.DataFrame]:
    return load_inbox(inbox).frames


def test_windows_1252_file_is_read_with_its_accents(tmp_path: Path) -> None:
    write_csv(tmp_path / "csr_qc.csv", CSR_HEADER, [csr_row(city="Montréal")], "cp1252")
    frames = _frames(tmp_path)
    assert frames["csr_records"]["city"].tolist() == ["Montréal"]
    assert frames["ingest_files"]["encoding"].tolist() == ["cp1252"]


def test_utf8_bom_does_not_hide_the_first_column(tmp_path: Path) -> None:
    write_csv(tmp_path / "csr_bom.csv", CSR_HEADER, [csr_row()], "utf-8-sig")
    assert _frames(tmp_path)["csr_records"]["carrier"].tolist() == ["Acme Telecom"]


def test_header_spellings_match_ignoring_case_spaces_dashes_and_underscores(
    tmp_path: Path,
) -> None:
    header = [h.replace("_", " ").title() for h in CSR_HEADER]
    header[1] = "ACCOUNT-NUMBER"
    header[2] = "AccountName"
    write_csv(tmp_path / "csr_x.csv", header, [csr_row()])
    records = _frames(tmp_path)["csr_records"]
    assert records[["account_number", "account_name"]].values.tolist() == [
        ["000123", "ACME INCORPORATED"]
    ]


def test_unknown_columns_are_kept_in_the_raw_layer(tmp_path: Path) -> None:
    write_csv(tmp_path / "csr_x.csv", [*CSR_HEADER, "Rate Plan"], [[*csr_row(), "PRI-23B"]])
    raw = _frames(tmp_path)["csr_raw"]
    assert json.loads(raw["extra"].iloc[0]) == {"Rate Plan": "PRI-23B"}


def test_xlsx_number_and_date_cells_are_read_typed(tmp_path: Path) -> None:
    row: list[object] = list(csr_row())
    row[CSR_HEADER.index("tn")] = 2175550100.0
    row[CSR_HEADER.index("csr_date")] = pd.Timestamp("2026-10-01").to_pydatetime()
    row[CSR_HEADER.index("account_number")] = 123
    write_xlsx(tmp_path / "csr_book.xlsx", CSR_HEADER, [row])
    record = _frames(tmp_path)["csr_records"].iloc[0]
    assert (record["tn"], record["account_number"]) == ("+12175550100", "123")
    assert record["csr_date"] == pd.Timestamp("2026-10-01")


def test_formula_cells_are_read_as_text_never_evaluated(tmp_path: Path) -> None:
    row: list[object] = list(csr_row())
    row[CSR_HEADER.index("account_name")] = '=HYPERLINK("http://x","y")'
    write_xlsx(tmp_path / "csr_book.xlsx", CSR_HEADER, [row])
    names = _frames(tmp_path)["csr_records"]["account_name"].tolist()
    assert names == ['=HYPERLINK("http://x","y")']


def test_ragged_row_is_quarantined_with_its_line(tmp_path: Path) -> None:
    write_csv(tmp_path / "csr_x.csv", CSR_HEADER, [csr_row(), csr_row()[:3]])
    quarantine = _frames(tmp_path)["quarantine"]
    assert quarantine[["source_line", "reason"]].values.tolist() == [
        [3, "row has 3 fields but the header has 12"]
    ]


def test_row_without_its_key_is_quarantined(tmp_path: Path) -> None:
    write_csv(tmp_path / "loa_x.csv", LOA_HEADER, [loa_row(order_id="")])
    assert _frames(tmp_path)["quarantine"]["reason"].tolist() == ["order_id is empty"]


def test_unparseable_value_is_quarantined_naming_the_column(tmp_path: Path) -> None:
    write_csv(tmp_path / "order_x.csv", EVENT_HEADER, [event_row(event_time="N/A")])
    reason = _frames(tmp_path)["quarantine"]["reason"].iloc[0]
    assert reason.startswith("event_time:")


def test_file_without_a_required_column_is_rejected_row_by_row(tmp_path: Path) -> None:
    header = [h for h in CSR_HEADER if h != "tn"]
    rows = [[v for h, v in zip(CSR_HEADER, csr_row(), strict=True) if h != "tn"]] * 2
    write_csv(tmp_path / "csr_partial.csv", header, rows)
    frames = _frames(tmp_path)
    assert frames["quarantine"]["reason"].tolist() == ["file has no tn column"] * 2
    assert frames["ingest_files"]["status"].tolist() == ["rejected"]


def test_corrupt_xlsx_is_one_quarantine_entry_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "csr_dump.xlsx").write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    write_csv(tmp_path / "csr_ok.csv", CSR_HEADER, [csr_row()])
    frames = _frames(tmp_path)
    entry = frames["quarantine"].iloc[0]
    assert entry["source_file"] == "csr_dump.xlsx" and pd.isna(entry["source_line"])
    assert len(frames["csr_records"]) == 1


def test_an_old_xls_named_xlsx_is_quarantined_with_how_to_fix_it(tmp_path: Path) -> None:
    old = Path(__file__).parent / "precheck_files" / "excel_97_2003.xls"
    (tmp_path / "csr_dump.xlsx").write_bytes(old.read_bytes())
    reason = _frames(tmp_path)["quarantine"]["reason"].iloc[0]
    assert "old .xls workbook" in reason and "save it as .xlsx" in reason


def test_xlsx_with_a_truncated_sheet_is_one_quarantine_entry(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(CSR_HEADER)
    workbook.active.append(csr_row())
    workbook.save(tmp_path / "whole.xlsx")
    with (
        zipfile.ZipFile(tmp_path / "whole.xlsx") as whole,
        zipfile.ZipFile(tmp_path / "csr_cut.xlsx", "w") as cut,
    ):
        for item in whole.infolist():
            data = whole.read(item)
            cut.writestr(
                item, data[: len(data) // 2] if "worksheets/sheet1" in item.filename else data
            )
    frames = _frames(tmp_path)
    entry = frames["quarantine"].iloc[0]
    assert entry["source_file"] == "csr_cut.xlsx" and "damaged" in entry["reason"]


def test_files_matching_no_pattern_are_listed_as_skipped(small_inbox: Path) -> None:
    ledger = _frames(small_inbox)["ingest_files"].set_index("source_file")
    assert ledger.loc["notes.txt", "status"] == "skipped"


def test_every_file_balances_read_against_loaded_plus_quarantined(tmp_path: Path) -> None:
    write_csv(tmp_path / "csr_x.csv", CSR_HEADER, [csr_row(), csr_row(tn="TBD"), ["x"]])
    write_csv(tmp_path / "order_x.csv", EVENT_HEADER, [event_row(), event_row(status="??")])
    ledger = _frames(tmp_path)["ingest_files"]
    assert (ledger["rows_read"] == ledger["rows_loaded"] + ledger["rows_quarantined"]).all()
    assert ledger["rows_quarantined"].tolist() == [2, 1]


def test_blank_rows_are_not_rows(tmp_path: Path) -> None:
    write_csv(tmp_path / "csr_x.csv", CSR_HEADER, [csr_row(), [""] * 12, csr_row(tn="2175550101")])
    ledger = _frames(tmp_path)["ingest_files"]
    assert ledger[["rows_read", "rows_loaded"]].values.tolist() == [[2, 2]]


def test_newest_csr_wins_per_carrier_account_and_number(tmp_path: Path) -> None:
    write_csv(tmp_path / "csr_old.csv", CSR_HEADER, [csr_row(account_name="OLD NAME")])
    write_csv(
        tmp_path / "archive" / "csr_new.csv",
        CSR_HEADER,
        [csr_row(account_name="NEW NAME", csr_date="11/02/2026")],
    )
    frames = _frames(tmp_path)
    assert frames["csr_records"]["account_name"].tolist() == ["NEW NAME"]
    assert len(frames["csr_raw"]) == 2


def test_same_event_in_two_files_and_time_zones_counts_once(tmp_path: Path) -> None:
    write_csv(tmp_path / "order_a.csv", EVENT_HEADER, [event_row()])
    write_csv(
        tmp_path / "order_b.csv",
        EVENT_HEADER,
        [event_row(event_time="2026-10-20 15:00:00", status="SUBMITTED", carrier="ACME")],
    )
    frames = _frames(tmp_path)
    assert len(frames["order_events_raw"]) == 2
    assert frames["order_events"]["source_file"].tolist() == ["order_a.csv"]


def test_loa_numbers_expand_lists_and_ranges(tmp_path: Path) -> None:
    write_csv(tmp_path / "loa_x.csv", LOA_HEADER, [loa_row(tns="2175550100-0102; 2175550199")])
    frames = _frames(tmp_path)
    assert frames["loa_numbers"]["tn"].tolist() == [
        "+12175550100",
        "+12175550101",
        "+12175550102",
        "+12175550199",
    ]
    assert frames["loa_records"]["tn_count"].tolist() == [4]


def test_one_number_spelled_three_ways_counts_once(tmp_path: Path) -> None:
    tns = "4155550123; (415) 555-0123, 415.555.0123"
    write_csv(tmp_path / "loa_x.csv", LOA_HEADER, [loa_row(tns=tns)])
    frames = _frames(tmp_path)
    assert frames["loa_records"]["tn_count"].tolist() == [1]
    assert frames["loa_numbers"]["tn"].tolist() == ["+14155550123"]


def test_oversized_range_quarantines_the_loa(tmp_path: Path) -> None:
    write_csv(tmp_path / "loa_x.csv", LOA_HEADER, [loa_row(tns="2175500000-2175520000")])
    reason = _frames(tmp_path)["quarantine"]["reason"].iloc[0]
    assert "at most 10000" in reason


def test_invalid_number_on_an_loa_is_loaded_for_a_finding_not_quarantined(tmp_path: Path) -> None:
    write_csv(tmp_path / "loa_x.csv", LOA_HEADER, [loa_row(tns="2175550100;+11002040998")])
    numbers = _frames(tmp_path)["loa_numbers"]
    assert numbers["is_valid"].tolist() == [False, True]


def test_no_pin_of_the_input_appears_in_any_table(tmp_path: Path) -> None:
    pins = ["4321", "98765432"]
    write_csv(
        tmp_path / "csr_x.csv",
        CSR_HEADER,
        [csr_row(pin=pins[0]), csr_row(pin=pins[1], tn="TBD"), [*csr_row(pin=pins[1]), "x"]],
    )
    write_csv(tmp_path / "loa_x.csv", LOA_HEADER, [loa_row(pin=pins[1]), loa_row(loa_id="")])
    for name, frame in _frames(tmp_path).items():
        text = frame.astype(str).to_csv()
        assert not any(pin in text for pin in pins), name


def test_passcode_and_account_pin_columns_are_masked_in_every_table(tmp_path: Path) -> None:
    header = [*LOA_HEADER, "Passcode", "Account PIN", "TransferPIN"]
    rows = [
        [*loa_row(), "57319", "846203", "775511"],
        [*loa_row(loa_id=""), "57319", "846203", "775511"],
    ]
    write_csv(tmp_path / "loa_x.csv", header, rows)
    for name, frame in _frames(tmp_path).items():
        text = frame.astype(str).to_csv()
        assert not [pin for pin in ("57319", "846203", "775511") if pin in text], name


def test_an_loa_whose_numbers_are_only_separators_is_quarantined(tmp_path: Path) -> None:
    write_csv(tmp_path / "loa_x.csv", LOA_HEADER, [loa_row(tns=";,")])
    reason = _frames(tmp_path)["quarantine"]["reason"].iloc[0]
    assert reason == "tns: ';,' lists no number"


def test_an_loa_without_a_losing_carrier_gets_the_unknown_carrier(tmp_path: Path) -> None:
    write_csv(tmp_path / "loa_x.csv", LOA_HEADER, [loa_row(losing_carrier="")])
    assert _frames(tmp_path)["loa_records"]["carrier_id"].tolist() == ["unknown"]


def test_a_pin_whose_leading_zero_a_spreadsheet_dropped_is_pin_equivalent(tmp_path: Path) -> None:
    write_csv(tmp_path / "csr_x.csv", CSR_HEADER, [csr_row(pin="0123")])
    write_csv(tmp_path / "loa_x.csv", LOA_HEADER, [loa_row(pin="123.0", tns="2175550100")])
    frames = _frames(tmp_path)
    con = duckdb.connect()
    for name in ("csr_records", "loa_records", "loa_numbers"):
        con.register(name, frames[name])
    con.execute(ORDERS.ddl())
    codes = build_findings(con, dt.date(2026, 11, 20))["code"].tolist()
    assert "PIN_EQUIVALENT" in codes and "PIN_DIFFERENT" not in codes


@pytest.mark.parametrize(
    "header",
    ["Passcode", "Account PIN", "AccountPIN", "Account_PIN", "PINCode", "Port-Out PINs",
     "Pass code", "password", "PW"],
)  # fmt: skip
def test_a_header_naming_a_pin_or_passcode_is_secret(header: str) -> None:
    assert is_secret_header(header)


@pytest.mark.parametrize("header", ["Shipping", "Spinner", "Opinion", "Pinellas County", "Alpine"])
def test_a_header_merely_containing_pin_letters_is_not_secret(header: str) -> None:
    assert not is_secret_header(header)


def test_an_old_xls_export_in_the_inbox_is_quarantined_not_skipped(tmp_path: Path) -> None:
    old = Path(__file__).parent / "precheck_files" / "excel_97_2003.xls"
    (tmp_path / "csr_dump.xls").write_bytes(old.read_bytes())
    frames = _frames(tmp_path)
    assert frames["ingest_files"]["status"].tolist() == ["rejected"]
    assert "old .xls workbook" in frames["quarantine"]["reason"].iloc[0]
