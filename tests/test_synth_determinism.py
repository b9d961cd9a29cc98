"""Same seed and as-of give byte-identical inbox and truth files, whatever PYTHONHASHSEED is."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from portrecon.synth import generate

ORDERS = 150


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _generate_in_subprocess(out: Path, hash_seed: str) -> None:
    code = (
        "import sys; from pathlib import Path; from portrecon.synth import generate; "
        f"generate(Path(sys.argv[1]) / 'inbox', {ORDERS}, seed=3, "
        "truth_dir=Path(sys.argv[1]) / 'truth')"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-c", code, str(out)], check=True, env=env)


def test_two_runs_with_one_seed_are_byte_identical(tmp_path: Path) -> None:
    for run in ("a", "b"):
        generate(tmp_path / run / "inbox", ORDERS, seed=3, truth_dir=tmp_path / run / "truth")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_output_does_not_depend_on_python_hash_seed(tmp_path: Path) -> None:
    _generate_in_subprocess(tmp_path / "a", "1")
    _generate_in_subprocess(tmp_path / "b", "4242")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_another_seed_gives_another_world(tmp_path: Path) -> None:
    generate(tmp_path / "a", ORDERS, seed=3)
    generate(tmp_path / "b", ORDERS, seed=4)
    assert _digest(tmp_path / "a") != _digest(tmp_path / "b")
