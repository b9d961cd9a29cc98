"""Same inbox + same --as-of = same warehouse and same workbooks (PRODUCT.md 3.5), whatever the
process's hash seed: two `portrecon nightly` processes (PYTHONHASHSEED 1 and 2, one PIN key)
over a small synthetic inbox plus the hostile one, then `portrecon precheck` in each.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest
from attack_inbox import build_inbox, build_precheck_sheet
from run_outputs import AS_OF, sheet_values, warehouse_relations

from portrecon.synth import generate

HASH_SEEDS = ("1", "2")
# The run's own identity and wall-clock times: the only columns two runs may differ in.
RUN_SPECIFIC = {"run_log": ["run_id", "started_at", "finished_at"]}
BUILT = re.compile(r"warehouse built \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")
# The nightly Summary's rows that show them.
RUN_ROWS = {"Run id", "Warehouse built (UTC)"}


def _cli_in_parallel(folders: dict[str, Path], args: list[str], key: dict[str, str]) -> None:
    """`portrecon ARGS` in each folder (so relative paths name the same file in every report), one
    process per hash seed, all at once; each must exit 0."""
    jobs = {
        seed: subprocess.Popen(
            [sys.executable, "-m", "portrecon.pipelines.cli", *args],
            cwd=folder,
            env={**os.environ, **key, "PYTHONHASHSEED": seed},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for seed, folder in folders.items()
    }
    for seed, job in jobs.items():
        _, error = job.communicate(timeout=300)
        assert job.returncode == 0, f"PYTHONHASHSEED={seed}: {error.decode()}"


class Run(NamedTuple):
    folder: Path
    run_id: str

    def text(self, name: str) -> str:
        """A written file's text with this run's id and build time in placeholders (what two runs
        of one night may tell apart: the header says when and by which run it was built)."""
        text = (self.folder / name).read_text().replace(self.run_id, "<run id>")
        return BUILT.sub("warehouse built <time>", text)

    def sheets(self, name: str) -> dict[str, list[tuple[object, ...]]]:
        """A workbook's cell values, the Summary's rows about the run itself blanked."""
        return {
            title: [_run_neutral(row) for row in rows]
            for title, rows in sheet_values(self.folder / name).items()
        }


def _run_neutral(row: tuple[object, ...]) -> tuple[object, ...]:
    for i, value in enumerate(row):
        if value in RUN_ROWS:
            return (*row[: i + 1], *["<this run>"] * (len(row) - i - 1))
    return row


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    """The nightly and then precheck of the same inputs, once per hash seed, in its own folder."""
    root = tmp_path_factory.mktemp("determinism")
    inbox = build_inbox(root)
    generate(inbox / "synth", orders=40, seed=11, as_of=dt.date.fromisoformat(AS_OF))
    sheet = build_precheck_sheet(root / "bulk.xlsx")
    key = {"PORTRECON_PIN_KEY": "determinism-test-key", "PORTRECON_PIN_KEY_FILE": ""}
    folders = {seed: root / f"seed{seed}" for seed in HASH_SEEDS}
    for folder in folders.values():
        folder.mkdir()
    nightly = ["nightly", "--inbox", str(inbox), "--warehouse", "w.duckdb", "--reports", "."]
    _cli_in_parallel(folders, [*nightly, "--as-of", AS_OF], key)
    precheck = ["precheck", str(sheet), "-o", "checked.xlsx", "--warehouse", "w.duckdb"]
    _cli_in_parallel(folders, [*precheck, "--as-of", AS_OF], key)
    return [
        Run(folder, warehouse_relations(folder / "w.duckdb")["run_log"]["run_id"].iloc[0])
        for folder in folders.values()
    ]


def test_two_runs_publish_identical_tables_but_for_the_run_id_and_times(runs: list[Run]) -> None:
    first, second = (warehouse_relations(run.folder / "w.duckdb") for run in runs)
    assert first.keys() == second.keys()
    assert len(first["csr_records"]) > 50 and len(first["quarantine"]) > 10
    for name, frame in first.items():
        volatile = RUN_SPECIFIC.get(name, [])
        pd.testing.assert_frame_equal(
            frame.drop(columns=volatile), second[name].drop(columns=volatile), obj=name
        )


@pytest.mark.parametrize("workbook", [f"{AS_OF}/nightly.xlsx", "checked.xlsx"])
def test_two_runs_write_cell_identical_workbooks(runs: list[Run], workbook: str) -> None:
    first, second = (run.sheets(workbook) for run in runs)
    assert first.keys() == second.keys()
    for sheet in first:
        assert first[sheet] == second[sheet], sheet


def test_two_runs_write_the_same_html_page_but_for_the_run_id(runs: list[Run]) -> None:
    first, second = (run.text(f"{AS_OF}/nightly.html") for run in runs)
    assert first == second
