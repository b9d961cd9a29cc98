"""Reproducible installs: every package the code imports is declared, explained and pinned."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE_FOLDERS = ("portrecon", "assets", "checks", "pipelines")
# Needed at run time without an import statement of their own.
USED_WITHOUT_IMPORT = {"tabulate": "pandas' DataFrame.to_markdown (asset previews)"}


def normalised(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return normalised(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0])


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def declared() -> set[str]:
    return {_requirement_name(r) for r in _project()["dependencies"]}


def declared_for_tests() -> set[str]:
    return {_requirement_name(r) for r in _project()["optional-dependencies"]["test"]}


def imported_top_level_modules() -> set[str]:
    """Top-level names of every absolute import in the shipped code, the standard library and
    portrecon itself left out."""
    modules: set[str] = set()
    for folder in CODE_FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"portrecon"}


def test_every_package_the_code_imports_is_declared() -> None:
    owners = packages_distributions()
    unknown = [m for m in imported_top_level_modules() if m not in owners]
    assert unknown == [], "imported but installed by no distribution"
    needed = {normalised(owners[m][0]) for m in imported_top_level_modules()}
    assert needed | set(USED_WITHOUT_IMPORT) <= declared()


def test_every_declared_package_has_its_reason_in_docs_dependencies() -> None:
    rows = re.findall(r"^\| ([^|]+?) \|", (ROOT / "docs" / "dependencies.md").read_text(), re.M)
    explained = {
        normalised(name.split(" (")[0]) for row in rows for name in row.split(", ") if name
    }
    assert declared() | declared_for_tests() <= explained


def test_the_constraints_file_pins_every_declared_package_and_not_portrecon() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[^=\s]+", line) for line in lines)
    pinned = {normalised(line.split("==")[0]) for line in lines}
    assert declared() | declared_for_tests() <= pinned
    assert "portrecon" not in pinned
