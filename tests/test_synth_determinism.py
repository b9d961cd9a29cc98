"""Same seed and as-of give byte-identical inbox and truth files, whatever PYTHONHASHSEED is."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portrecon.synth import generate

ORDERS = 150


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def seed_3(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("seed3")
    generate(root / "inbox", ORDERS, seed=3, truth_dir=root / "truth")
    return _digest(root)


def test_a_second_process_with_another_hash_seed_writes_the_same_bytes(
    seed_3: dict[str, str], tmp_path: Path
) -> None:
    code = (
        "import sys; from pathlib import Path; from portrecon.synth import generate; "
        f"generate(Path(sys.argv[1]) / 'inbox', {ORDERS}, seed=3, "
        "truth_dir=Path(sys.argv[1]) / 'truth')"
    )
    hash_seed = "4242" if os.environ.get("PYTHONHASHSEED") != "4242" else "1"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env)
    assert _digest(tmp_path) == seed_3


def test_another_seed_gives_another_world(seed_3: dict[str, str], tmp_path: Path) -> None:
    generate(tmp_path / "inbox", ORDERS, seed=4, truth_dir=tmp_path / "truth")
    assert _digest(tmp_path)["truth/orders.csv"] != seed_3["truth/orders.csv"]
