"""Where a run reads and writes when the user names no place: the bundled sample inbox, the
warehouse and the reports folder. Dagster-free, so that commands which never run the pipeline
(precheck, --help) start without importing Dagster."""

from importlib import resources
from pathlib import Path

DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
DEFAULT_REPORTS = "reports"


def bundled_sample_inbox() -> Path:
    """The sample inbox shipped in portrecon.data (made by `portrecon synth`)."""
    return Path(str(resources.files("portrecon.data").joinpath("sample_inbox")))
