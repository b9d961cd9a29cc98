"""Reading back everything a run wrote: warehouse relations, workbook cells, files as text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from portrecon.paths import bundled_sample_inbox
from portrecon.pipelines.resources import PortreconSettings
from portrecon.pipelines.runner import run_nightly

AS_OF = "2026-11-20"


def warehouse_relations(path: Path) -> dict[str, pd.DataFrame]:
    """Every table and view of a warehouse file with all its rows, by name."""
    return _relations(
        path,
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal "
        "UNION SELECT view_name FROM duckdb_views() WHERE NOT internal",
    )


def warehouse_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Every table (no view) of a warehouse file with all its rows, by name."""
    return _relations(path, "SELECT table_name FROM duckdb_tables()")


def _relations(path: Path, names_sql: str) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = con.execute(names_sql).fetchall()
        return {name: con.execute(f'SELECT * FROM "{name}"').df() for (name,) in sorted(names)}
    finally:
        con.close()


def sample_night(root: Path) -> PortreconSettings:
    """The bundled sample's night as of AS_OF, published under root (once per test module)."""
    settings = PortreconSettings(
        inbox=str(bundled_sample_inbox()), warehouse=str(root / "warehouse.duckdb"),
        reports=str(root), as_of=AS_OF,
    )  # fmt: skip
    assert run_nightly(settings).success
    return settings


def workbook_cells(path: Path) -> list[Cell]:
    """Every stored cell of every sheet, formulas as their text (nothing evaluated)."""
    workbook = load_workbook(path, data_only=False)
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Each sheet's cell values, row by row."""
    workbook = load_workbook(path, data_only=False)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def zip_members(path: Path) -> dict[str, str]:
    """The parts of an xlsx (a zip) as text: the XML a spreadsheet program reads."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}
