"""The command line answers bad usage and unreadable input in one line with exit code 2."""

from pathlib import Path

from typer.testing import CliRunner

from portrecon.pipelines.cli import app

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
