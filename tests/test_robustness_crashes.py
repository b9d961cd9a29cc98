"""Crashes, a full disk and readers during nightlies (issue 15 items 3-4; PRODUCT.md 7 and 10.2).

One campaign on one warehouse; each run starts over whatever the run before it left, with no
clean-up in between:

1. a whole nightly over the bundled sample: the previous night (run A);
2. nightlies over a small inbox, each killed with SIGKILL: while ingesting, while reconciling, and
   while building the new warehouse (stopped there first, and `portrecon precheck` run meanwhile);
3. one whose file size limit stops it while it writes the new warehouse: the disk is full to it;
4. one killed while it writes the reports, after its warehouse (run B) was swapped in;
5. a last whole nightly over the sample, `portrecon precheck` in a loop beside it.

All along, a reader process (tests/warehouse_reader.py) opens the warehouse read-only, reads every
table and opens both reports. Each point to kill at is found by watching the run itself: a file in
its stage folder, a Dagster step's start in the instance (DAGSTER_HOME), the building file beside
the warehouse, a report replaced. The nightly is stopped (SIGSTOP) there, the state checked, then
killed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterEventType, DagsterInstance
from inbox_builders import named_inbox, write_csv
from run_outputs import sheet_values

from portrecon.assets.warehouse import PUBLISHED
from portrecon.precheck import run_precheck
from portrecon.runlock import current_holder
from portrecon.schema import RUN_LOG

AS_OF = "2026-11-20"
TABLES = sorted({table.name for table in PUBLISHED} | {RUN_LOG.name})
# Below the new warehouse's size (about 4 MB) and above every other file a run writes.
FILE_SIZE_LIMIT = 2 * 1024 * 1024
TIMEOUT = 300


def _precheck_sheet(root: Path) -> Path:
    """One number on a CSR of the sample (run A), one on the small inbox's (run B): a precheck
    that mixed two runs' CSRs, or one run's CSRs with the other's risk history, matches neither."""
    header = ["Losing Carrier", "End User Name", "Account Number", "Service Address 1", "City",
              "State", "Postal Code", "TN"]  # fmt: skip
    rows = [
        ["AT&T", "Thompson Roofing Corporation", "0001006919", "5797 Stony Point Bend Southwest",
         "Sacramento", "CA", "95864", "9162602759"],
        ["Acme Telecom", "ACME INCORPORATED", "000123", "123 N Main St", "Springfield", "IL",
         "62701", "2175550100"],
    ]  # fmt: skip
    return write_csv(root / "bulk.csv", header, rows)


@dataclass
class Killed:
    """One killed run: what was seen where it was stopped, and what it left."""

    seen: str
    before: dict[str, str]
    after: dict[str, str]
    run_id: str
    lock_free: bool
    leftovers: list[str]


@dataclass
class Campaign:
    """What the campaign saw, for the tests to judge: each part is asserted by its own test."""

    runs: dict[str, str] = field(default_factory=dict)  # A, B, final -> run id
    killed: dict[str, Killed] = field(default_factory=dict)
    disk_full: tuple[int, str, dict[str, str], dict[str, str], list[str]] | None = None
    final: tuple[int, str] = (0, "")
    final_leftovers: list[str] = field(default_factory=list)
    final_stage: set[str] = field(default_factory=set)
    reads: list[dict] = field(default_factory=list)
    prechecks: dict[str, list[tuple[int, str, object]]] = field(default_factory=dict)
    references: dict[str, object] = field(default_factory=dict)


class Night:
    """The campaign's folders and how it starts and watches `portrecon nightly`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.warehouse = root / "wh" / "warehouse.duckdb"
        self.reports = root / "reports" / AS_OF
        self.home = root / "dagster_home"
        self.home.mkdir()
        (self.home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        self.env = {**os.environ, "DAGSTER_HOME": str(self.home)}
        self.instance: DagsterInstance | None = None

    def start(self, inbox: Path | None, file_size_limit: int | None = None) -> subprocess.Popen:
        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

        command = [sys.executable, "-m", "portrecon.pipelines.cli", "nightly",
                   "--warehouse", str(self.warehouse), "--reports", str(self.reports.parent),
                   "--as-of", AS_OF, *(["--inbox", str(inbox)] if inbox else [])]  # fmt: skip
        return subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env,
            preexec_fn=limit if file_size_limit else None,
        )  # fmt: skip

    def files(self) -> dict[str, str]:
        """SHA-256 of the warehouse and of each report, by name."""
        paths = [self.warehouse, *sorted(self.reports.glob("nightly.*"))]
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.exists()}

    def inodes(self) -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in self.reports.glob("nightly.*")}

    def run_id(self) -> str:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute("SELECT run_id FROM run_log").fetchone()[0]
        finally:
            con.close()

    def staged(self, name: str, earlier: set[str]) -> bool:
        """This run's stage folder (one not there before it started) holds `name`."""
        stage = self.warehouse.with_name(self.warehouse.name + ".stage")
        folders = [f for f in stage.glob("*") if f.name not in earlier] if stage.is_dir() else []
        return any((folder / name).exists() for folder in folders)

    def stage_folders(self) -> set[str]:
        stage = self.warehouse.with_name(self.warehouse.name + ".stage")
        return {f.name for f in stage.iterdir()} if stage.is_dir() else set()

    def step_started(self, step: str) -> bool:
        """The newest run in the Dagster instance has started `step`."""
        if self.instance is None:
            self.instance = DagsterInstance.from_config(str(self.home))
        newest = self.instance.get_runs(limit=1)
        return bool(newest) and any(
            event.dagster_event.step_key == step
            for event in self.instance.all_logs(
                newest[0].run_id, of_type=DagsterEventType.STEP_START
            )
        )

    def building(self) -> list[Path]:
        return [p for p in self.warehouse.parent.glob("*.building-*") if p.suffix != ".wal"]

    def leftovers(self) -> list[str]:
        """Temporary files of runs: building files and DuckDB journals beside the warehouse,
        reports written aside."""
        beside = [p.name for p in self.warehouse.parent.glob("*") if ".building-" in p.name]
        journals = [p.name for p in self.warehouse.parent.glob("*.wal")]
        return sorted({*beside, *journals, *(p.name for p in self.reports.glob(".*.partial"))})


def _stop_when(process: subprocess.Popen, ready: Callable[[], bool], what: str) -> None:
    """SIGSTOP the nightly as soon as `ready()` holds (polled)."""
    deadline = time.monotonic() + TIMEOUT
    while not ready():
        assert process.poll() is None, f"the nightly ended before {what}: {process.communicate()}"
        assert time.monotonic() < deadline, f"never reached: {what}"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGSTOP)


def _precheck(night: Night, sheet: Path, out: Path) -> tuple[int, str, object]:
    """`portrecon precheck` as a specialist runs it: exit code, stderr, the workbook's cells."""
    done = subprocess.run(
        [sys.executable, "-m", "portrecon.pipelines.cli", "precheck", str(sheet), "-o", str(out),
         "--warehouse", str(night.warehouse), "--as-of", AS_OF, "--force"],
        capture_output=True, text=True, env=night.env, timeout=TIMEOUT,
    )  # fmt: skip
    return done.returncode, done.stderr, _cells(out, night.warehouse) if out.exists() else None


def _cells(workbook: Path, warehouse: Path) -> object:
    """Every sheet's values but the Summary rows naming the warehouse file (its heading, and a
    first step asking whether it is the right warehouse)."""
    return {
        name: [row for row in rows if not any(str(warehouse) in str(value) for value in row)]
        for name, rows in sheet_values(workbook).items()
    }


def _reference(night: Night, sheet: Path, name: str) -> object:
    """Precheck of the sheet against a copy of the warehouse as it is now, nothing running."""
    copy = night.root / f"reference_{name}.duckdb"
    shutil.copyfile(night.warehouse, copy)
    out = night.root / f"reference_{name}.xlsx"
    run_precheck(sheet, out, copy, dt.date.fromisoformat(AS_OF))
    return _cells(out, copy)


def _killed(night: Night, process: subprocess.Popen, before: dict[str, str], seen: str) -> Killed:
    """SIGKILL the stopped nightly; then what it left."""
    process.kill()
    process.communicate(timeout=TIMEOUT)
    return Killed(
        seen=seen,
        before=before,
        after=night.files(),
        run_id=night.run_id(),
        lock_free=current_holder(night.warehouse) is None,
        leftovers=night.leftovers(),
    )


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Campaign:
    root = tmp_path_factory.mktemp("crashes")
    night = Night(root)
    small, sheet = named_inbox(root, "small"), _precheck_sheet(root)
    result = Campaign()
    stop, log = root / "stop-reading", root / "reads.jsonl"
    reader = None
    try:
        # 1. The previous night, then the reader starts.
        first = night.start(None)
        _, err = first.communicate(timeout=TIMEOUT)
        assert first.returncode == 0, err
        result.runs["A"] = night.run_id()
        result.references["A"] = _reference(night, sheet, "A")
        reader = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("warehouse_reader.py")),
             str(night.warehouse), str(night.reports), str(stop), str(log), *TABLES],
        )  # fmt: skip

        # 2. Killed while ingesting: the CSR files are staged, the ledger of all files is not.
        before, earlier = night.files(), night.stage_folders()
        run = night.start(small)
        _stop_when(run, lambda: night.staged("csr_raw.parquet", earlier), "CSRs staged")
        seen = (
            "ingest_files not staged" if not night.staged("ingest_files.parquet", earlier) else ""
        )
        result.killed["ingest"] = _killed(night, run, before, seen)

        # ... while reconciling: Dagster has started the findings step.
        before = night.files()
        run = night.start(small)
        _stop_when(
            run,
            lambda: night.step_started("findings.losing_carrier_groups"),
            "the findings step started",
        )
        seen = "findings step started"
        result.killed["reconcile"] = _killed(night, run, before, seen)

        # ... while building the new warehouse; precheck runs meanwhile.
        before = night.files()
        run = night.start(small)
        _stop_when(run, lambda: bool(night.building()), "the new warehouse being built")
        seen = f"{night.building()[0].name} being written"
        result.prechecks["while the swap is pending"] = [
            _precheck(night, sheet, root / "during_publish.xlsx")
        ]
        result.killed["publish"] = _killed(night, run, before, seen)

        # 3. The disk fills (to this run) while it writes the new warehouse.
        before = night.files()
        run = night.start(small, file_size_limit=FILE_SIZE_LIMIT)
        _, err = run.communicate(timeout=TIMEOUT)
        result.disk_full = (run.returncode, err, before, night.files(), night.leftovers())

        # 4. Killed while writing the reports: its warehouse is in, a report replaced.
        old_reports = night.inodes()
        run = night.start(small)
        _stop_when(
            run,
            lambda: any(night.inodes().get(n) != i for n, i in old_reports.items()),
            "a report replaced",
        )
        seen = ", ".join(
            f"{n} {'replaced' if night.inodes().get(n) != i else 'old'}"
            for n, i in sorted(old_reports.items())
        )
        result.killed["reports"] = _killed(night, run, night.files(), seen)
        result.runs["B"] = night.run_id()
        result.references["B"] = _reference(night, sheet, "B")

        # 5. The next night, whole, with precheck in a loop beside it.
        earlier = night.stage_folders()
        run = night.start(None)
        prechecks = result.prechecks.setdefault("during the last nightly", [])

        def check_in_a_loop() -> None:
            """From its reconciliation (each precheck costs a core for seconds) to its end."""
            while run.poll() is None and not night.staged("findings.parquet", earlier):
                time.sleep(0.05)
            while run.poll() is None:
                out = root / f"loop_{len(prechecks)}.xlsx"
                prechecks.append(_precheck(night, sheet, out))

        looping = threading.Thread(target=check_in_a_loop)
        looping.start()
        _, err = run.communicate(timeout=TIMEOUT)
        looping.join()
        result.final = (run.returncode, err)
        result.runs["final"] = night.run_id()
        result.final_leftovers = night.leftovers()
        result.final_stage = night.stage_folders()
        time.sleep(0.5)  # the reader reads the last warehouse too
    finally:
        stop.touch()
        if reader is not None:
            reader.wait(timeout=TIMEOUT)
        if night.instance is not None:
            night.instance.dispose()
    result.reads = [json.loads(line) for line in log.read_text().splitlines()]
    return result


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["ingest", "reconcile", "publish"])
def test_a_nightly_killed_before_its_swap_leaves_the_previous_warehouse_and_reports(
    campaign: Campaign, stage: str
) -> None:
    killed = campaign.killed[stage]
    assert killed.seen, f"the nightly was not stopped inside {stage}"
    assert killed.after == killed.before  # byte for byte
    assert set(killed.after) == {"warehouse.duckdb", "nightly.xlsx", "nightly.html"}
    assert killed.run_id == campaign.runs["A"]
    assert killed.lock_free


@pytest.mark.slow
def test_a_nightly_killed_while_writing_reports_leaves_whole_reports_and_its_warehouse(
    campaign: Campaign,
) -> None:
    killed = campaign.killed["reports"]
    # Stopped with one report replaced and the other not yet: each is whole (the reader opened
    # them all along), the old one unchanged.
    assert "replaced" in killed.seen and "old" in killed.seen, killed.seen
    assert killed.after == killed.before
    assert campaign.runs["B"] != campaign.runs["A"]
    assert killed.lock_free


@pytest.mark.slow
def test_a_killed_run_leaves_building_files_that_the_next_run_removes(campaign: Campaign) -> None:
    assert any(".building-" in name for name in campaign.killed["publish"].leftovers)
    assert campaign.disk_full is not None and campaign.disk_full[4] == []


@pytest.mark.slow
def test_a_full_disk_while_writing_the_warehouse_keeps_the_old_one_and_says_so(
    campaign: Campaign,
) -> None:
    assert campaign.disk_full is not None
    code, err, before, after, leftovers = campaign.disk_full
    assert code == 1
    assert "could not be written" in err and "the file grew past the size limit" in err
    assert "the previous warehouse is unchanged" in err
    assert "Traceback" not in err and "Error:" not in err and "dagster." not in err
    assert after == before
    assert leftovers == []  # no building file or its journal left on the full disk


@pytest.mark.slow
def test_the_next_nightly_after_the_crashes_succeeds_without_clean_up(campaign: Campaign) -> None:
    code, err = campaign.final
    assert code == 0, err
    assert campaign.runs["final"] not in (campaign.runs["A"], campaign.runs["B"])
    assert campaign.final_leftovers == []
    assert len(campaign.final_stage) == 1


@pytest.mark.slow
def test_readers_during_the_nightlies_see_only_complete_warehouses_of_one_run(
    campaign: Campaign,
) -> None:
    errors = [read["error"] for read in campaign.reads if "error" in read]
    assert errors == []
    seen = {read["run_id"] for read in campaign.reads}
    assert seen == {campaign.runs["A"], campaign.runs["B"], campaign.runs["final"]}


@pytest.mark.slow
def test_precheck_during_a_nightly_reads_one_complete_warehouse(campaign: Campaign) -> None:
    (pending,) = campaign.prechecks["while the swap is pending"]
    assert pending[0] == 0, pending[1]
    assert pending[2] == campaign.references["A"]
    looped = campaign.prechecks["during the last nightly"]
    assert looped
    for code, err, cells in looped:
        assert code == 0, err
        assert cells in (campaign.references["A"], campaign.references["B"])
    assert campaign.references["A"] != campaign.references["B"]
