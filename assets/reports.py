"""Reports stage: nightly.xlsx and nightly.html from the published warehouse."""

from collections.abc import Callable
from pathlib import Path

import duckdb
from dagster import AssetExecutionContext, AssetsDefinition, MetadataValue, Output, asset

from portrecon.duck import connect
from portrecon.pipelines.resources import PortreconSettings
from portrecon.reports import write_nightly_html, write_nightly_xlsx

Writer = Callable[[duckdb.DuckDBPyConnection, Path, object], object]


def report_asset(name: str, filename: str, writer: Writer, what: str) -> AssetsDefinition:
    """An asset writing reports/<as-of>/<filename> from a read-only warehouse connection."""

    @asset(name=name, group_name="reports", kinds={"duckdb"}, deps=["warehouse"], description=what)
    def _report(context: AssetExecutionContext, settings: PortreconSettings) -> Output[None]:
        path = settings.reports_path() / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        con = connect(settings.warehouse_path(), read_only=True)
        try:
            written = writer(con, path, settings.as_of_date())
        finally:
            con.close()
        metadata: dict[str, object] = {"path": MetadataValue.path(str(path.resolve()))}
        if isinstance(written, dict):
            metadata["rows per sheet"] = MetadataValue.json(written)
        return Output(None, metadata=metadata)

    return _report


nightly_xlsx = report_asset(
    "nightly_xlsx",
    "nightly.xlsx",
    write_nightly_xlsx,
    "The porting manager's workbook: summary, at-risk orders, findings, SLA, aging, port-outs.",
)
nightly_html = report_asset(
    "nightly_html",
    "nightly.html",
    write_nightly_html,
    "One self-contained page with the headline figures and charts; opens offline.",
)
