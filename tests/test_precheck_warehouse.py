"""Is it the sheet's warehouse (issue 20 item 5)? When most rows are on no CSR account of the
warehouse, the first step says so, naming the warehouse, the inbox it was built from and when; when
no row is, the precheck stops with exit code 2 and writes nothing."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from precheck_world import AS_OF, build_warehouse, clean_row, write_sheet
from typer.testing import CliRunner

from portrecon.pipelines.cli import app
from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.runner import run_nightly

runner = CliRunner()


def _stranger(account: str, n: int, **changes: object) -> dict:
    """A sheet row of the three-account world's AT&T whose account, number and BTN are on no CSR
    of the warehouse."""
    fields = {"Account Number": account, "BTN": "3125550000", **changes}
    return clean_row(tn=f"31255501{n:02d}", **fields)


def _precheck(sheet: Path, warehouse: Path, out: Path) -> tuple[int, str]:
    arguments = ["precheck", str(sheet), "-o", str(out), "--warehouse", str(warehouse)]
    result = runner.invoke(app, [*arguments, "--as-of", AS_OF.isoformat()])
    return result.exit_code, " ".join(result.output.split())  # however the console wrapped it


def test_a_sheet_whose_carriers_have_no_csr_in_the_warehouse_is_exit_2(
    small_inbox: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "acme.duckdb"
    settings = PortreconSettings(
        inbox=str(small_inbox), warehouse=str(warehouse), reports=str(tmp_path / "reports"),
        as_of=AS_OF.isoformat(),
    )  # fmt: skip
    assert run_nightly(settings).success
    rows = [
        _stranger("1001", 1),
        _stranger("2002", 2, **{"Losing Carrier": "Verizon"}),
        _stranger("3003", 3, **{"Losing Carrier": "AT and T"}),  # AT&T again, named once
    ]
    sheet = write_sheet(tmp_path / "in.xlsx", rows)
    code, said = _precheck(sheet, warehouse, tmp_path / "out.xlsx")
    assert code == 2
    assert "none of the sheet's losing carriers (AT&T, Verizon) has a CSR in" in said
    assert f"{warehouse} (built from {small_inbox.resolve()} on " in said
    assert f"for the night of {AS_OF}): is this the right warehouse?" in said
    assert not (tmp_path / "out.xlsx").exists()


def test_a_sheet_whose_accounts_are_on_no_csr_of_its_carriers_is_exit_2(tmp_path: Path) -> None:
    warehouse = build_warehouse(tmp_path / "w.duckdb")
    rows = [_stranger("9999", 1), _stranger("8888", 2)]
    code, said = _precheck(write_sheet(tmp_path / "in.xlsx", rows), warehouse, tmp_path / "o.xlsx")
    assert code == 2
    assert f"none of the sheet's accounts (8888, 9999) is on a CSR in {warehouse}" in said
    assert not (tmp_path / "o.xlsx").exists()


def test_most_rows_on_no_csr_account_is_the_first_step(tmp_path: Path) -> None:
    warehouse = build_warehouse(tmp_path / "w.duckdb")
    sheet = write_sheet(
        tmp_path / "in.xlsx", [clean_row(), _stranger("9999", 1), _stranger("9999", 2)]
    )
    code, said = _precheck(sheet, warehouse, tmp_path / "out.xlsx")
    assert code == 0
    first = (
        f"Check the warehouse first: only 1 of 3 rows are on a CSR account of {warehouse}: "
        "is this the right warehouse?"
    )
    assert f"What to do: 1. {first}" in said
    summary = [row[0] for row in load_workbook(tmp_path / "out.xlsx")["Summary"].iter_rows(
        values_only=True) if row[0]]  # fmt: skip
    assert any(str(cell).startswith(first) for cell in summary)
