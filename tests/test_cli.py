"""The command line answers bad usage and unreadable input in one line with exit code 2."""

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from portrecon.pipelines.cli import app
from portrecon.precheck import write_template

runner = CliRunner()


def test_missing_inbox_is_one_plain_line_and_exit_code_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["nightly", "--inbox", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "inbox folder not found" in result.output
    assert "Traceback" not in result.output


def test_as_of_that_is_no_date_is_exit_code_2() -> None:
    result = runner.invoke(app, ["nightly", "--as-of", "2026-13-01"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_precheck_of_a_missing_sheet_is_exit_code_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["precheck", str(tmp_path / "in.xlsx"), "-o", str(tmp_path / "out.xlsx")]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_every_command_has_help() -> None:
    for command in ("nightly", "precheck", "template", "synth"):
        assert runner.invoke(app, [command, "--help"]).exit_code == 0


def test_template_to_an_unwritable_place_is_exit_code_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["template", str(blocker / "t.xlsx")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_warehouse_in_an_unwritable_place_is_exit_code_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["nightly", "--warehouse", str(blocker / "w.duckdb")])
    assert result.exit_code == 2
    assert "cannot write the warehouse" in result.output


def test_template_over_an_existing_file_needs_force(tmp_path: Path) -> None:
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(b"the specialist's work")
    result = runner.invoke(app, ["template", str(filled)])
    assert result.exit_code == 2
    assert "already exists (use --force to replace it)" in result.output
    assert filled.read_bytes() == b"the specialist's work"


def test_template_with_force_replaces_the_file(tmp_path: Path) -> None:
    old = tmp_path / "t.xlsx"
    old.write_bytes(b"old")
    assert runner.invoke(app, ["template", str(old), "--force"]).exit_code == 0
    assert old.read_bytes().startswith(b"PK")


def test_precheck_onto_its_own_input_is_exit_code_2_even_with_force(tmp_path: Path) -> None:
    sheet = tmp_path / "same.xlsx"
    write_template(sheet)
    before = sheet.read_bytes()
    result = runner.invoke(app, ["precheck", str(sheet), "-o", str(sheet), "--force"])
    assert result.exit_code == 2
    assert "is the input sheet" in result.output
    assert sheet.read_bytes() == before


def test_a_long_error_stays_on_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", str(tmp_path / "a_long_folder_name" / "t.xlsx")])
    assert result.exit_code == 2
    assert len(result.output) > 80 and result.output.count("\n") == 1


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_warehouse_where_no_folder_can_be_made_is_exit_code_2() -> None:
    result = runner.invoke(app, ["nightly", "--warehouse", "/proc/x.duckdb"])
    assert result.exit_code == 2
    assert "cannot write the warehouse in /proc" in result.output
    assert "Traceback" not in result.output


def test_synth_writes_the_inbox_as_of_today_by_default(tmp_path: Path) -> None:
    before = dt.date.today()
    result = runner.invoke(app, ["synth", "--orders", "1", str(tmp_path / "inbox")])
    assert result.exit_code == 0
    said = " ".join(result.output.split())  # however the console wrapped the line
    assert any(f"as of {day}" in said for day in {before, dt.date.today()})


def test_precheck_prints_the_steps_to_take(tmp_path: Path) -> None:
    from precheck_world import AS_OF, HEADER, build_warehouse, clean_row, write_sheet

    sheet = write_sheet(tmp_path / "in.xlsx", [clean_row()], None, HEADER)
    warehouse = build_warehouse(tmp_path / "w.duckdb")
    arguments = ["precheck", str(sheet), "-o", str(tmp_path / "out.xlsx")]
    result = runner.invoke(
        app, [*arguments, "--warehouse", str(warehouse), "--as-of", AS_OF.isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert "What to do:\n  1. Submit" in result.output


# Issue 20 item 9: errors in plain words, before the run where they can be seen before it.
CLASS_NAMES = ("Error:", "Exception", "Failure", "BadZipFile", "dagster._core", "Traceback")


def _plain(output: str) -> bool:
    return not any(name in output for name in CLASS_NAMES)


def test_a_warehouse_that_is_a_folder_is_refused_before_the_night_starts(tmp_path: Path) -> None:
    folder = tmp_path / "warehouses"
    folder.mkdir()
    result = runner.invoke(app, ["nightly", "--warehouse", str(folder)])
    assert result.exit_code == 2
    assert f"--warehouse {folder} is a folder" in result.output
    assert "Nightly run for" not in result.output and _plain(result.output)
    assert sorted(tmp_path.iterdir()) == [folder]  # no lock, stage or cache beside it


def test_an_inbox_that_is_a_file_is_called_a_file(tmp_path: Path) -> None:
    drop = tmp_path / "csr_export.csv"
    drop.write_text("carrier,account_number,tn\n")
    result = runner.invoke(app, ["nightly", "--inbox", str(drop)])
    assert result.exit_code == 2
    assert f"--inbox {drop} is a file; give the folder" in result.output
    assert "not found" not in result.output


def test_a_failed_night_leaves_no_empty_reports_folder(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    reports = tmp_path / "reports" / "portrecon"
    arguments = ["nightly", "--inbox", str(tmp_path / "inbox"), "--reports", str(reports)]
    result = runner.invoke(app, [*arguments, "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "has no CSR and no LOA file" in result.output and _plain(result.output)
    assert not (tmp_path / "reports").exists()


def test_an_unforeseen_failure_is_said_without_the_class_name(
    small_inbox: Path, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "2026-11-20").write_text("a file where the night's report folder goes")
    arguments = ["nightly", "--inbox", str(small_inbox), "--reports", str(reports)]
    result = runner.invoke(
        app, [*arguments, "--warehouse", str(tmp_path / "w.duckdb"), "--as-of", "2026-11-20"]
    )
    assert result.exit_code == 1
    assert "the nightly job failed in step nightly_" in result.output
    assert "an unexpected problem: [Errno 17] File exists" in result.output
    assert _plain(result.output), result.output


def _word_document(path: Path) -> Path:
    """An OLE compound file holding a Word document's stream instead of a workbook: the Excel 97
    sample with its `Workbook` stream renamed `WordDocument` (the directory entry's UTF-16 name
    and its length), as a .doc mailed in place of the sheet is."""
    data = bytearray((Path(__file__).parent / "precheck_files" / "excel_97_2003.xls").read_bytes())
    at = data.index("Workbook\0".encode("utf-16-le"))
    name = "WordDocument\0".encode("utf-16-le")
    data[at : at + 64] = name.ljust(64, b"\0")
    data[at + 64 : at + 66] = len(name).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    return path


def test_an_office_file_that_is_no_spreadsheet_is_not_told_to_be_saved_as_xlsx(
    tmp_path: Path,
) -> None:
    sheet = _word_document(tmp_path / "numbers.xlsx")
    result = runner.invoke(app, ["precheck", str(sheet), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 2
    assert "numbers.xlsx is a Word document, not a spreadsheet" in result.output
    assert "save it as .xlsx" not in result.output and _plain(result.output)


def test_synth_into_a_file_is_exit_code_2(tmp_path: Path) -> None:
    taken = tmp_path / "inbox"
    taken.write_text("x")
    result = runner.invoke(app, ["synth", "--orders", "1", str(taken)])
    assert result.exit_code == 2
    assert f"{taken} is a file" in result.output and _plain(result.output)


@pytest.mark.parametrize("home", ["relative/dagster", "/nowhere/dagster_home"])
def test_a_dagster_home_that_is_no_folder_is_said_before_the_night(
    home: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", home)
    result = runner.invoke(app, ["nightly", "--warehouse", str(tmp_path / "w" / "w.duckdb")])
    assert result.exit_code == 2
    assert f"DAGSTER_HOME={home} is not an existing folder" in result.output
    assert _plain(result.output) and not (tmp_path / "w").exists()
