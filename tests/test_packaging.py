"""The distribution as installed: pure domain without Dagster, docs in step with the schema."""

import subprocess
import sys
import tomllib
from pathlib import Path

from portrecon.schema_docs import render

ROOT = Path(__file__).resolve().parents[1]


def test_domain_package_imports_without_dagster() -> None:
    code = (
        "import sys, portrecon.ingest, portrecon.carriers, portrecon.pins, portrecon.warehouse;"
        "sys.exit('dagster' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_every_python_folder_of_the_layers_is_a_listed_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    folders = {"portrecon": "portrecon"} | {
        package: folder for package, folder in config["package-dir"].items()
    }
    for package, folder in folders.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            if "sample_inbox" in relative:
                continue
            assert ".".join((package, *relative)) in listed


def test_warehouse_docs_match_the_schema() -> None:
    committed = (ROOT / "docs" / "warehouse.md").read_text()
    assert committed == render(), "run: python -m portrecon.schema_docs > docs/warehouse.md"
