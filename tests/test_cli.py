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
