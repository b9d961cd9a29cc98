"""A longer fuzz campaign over the property tests of the parsers, normalisers and readers.

CI runs tests/test_properties_*.py with a small fixed set of examples per test; this runs the
same tests with random examples, as many per test as --examples says, and prints how many inputs
were tried and how many failed. Run on demand:

    python bench/fuzz_ingest.py --examples 2000            # every property test
    python bench/fuzz_ingest.py --examples 500 -k balance  # only tests whose name matches
    python bench/fuzz_ingest.py --examples 500 --seed 7    # replay a campaign

A failure prints the smallest input found and a @reproduce_failure line to paste into the test.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_properties_*.py"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="examples per test")
    parser.add_argument("--seed", type=int, help="hypothesis seed (default: random)")
    parser.add_argument("-k", dest="keyword", help="only tests whose name matches (pytest -k)")
    args = parser.parse_args()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS]
    command += ["--hypothesis-show-statistics"]
    if args.seed is not None:
        command += [f"--hypothesis-seed={args.seed}"]
    if args.keyword:
        command += ["-k", args.keyword]
    env = {
        **os.environ,
        "PORTRECON_HYPOTHESIS_PROFILE": "fuzz",
        "PORTRECON_FUZZ_EXAMPLES": str(args.examples),
    }
    start = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    print(run.stdout[-20_000:], run.stderr[-5_000:], sep="\n")
    counts = re.findall(r"(\d+) passing, (\d+) failing, and (\d+) invalid", run.stdout)
    tried = sum(int(passing) + int(failing) for passing, failing, _ in counts)
    failing = sum(int(f) for _, f, _ in counts)
    summary = f"{len(counts)} property tests, {tried:,} inputs tried, {failing} failing"
    summary += " (shrinking included)" if failing else ""
    print(f"{summary}, {seconds:.0f} s")
    sys.exit(run.returncode)


if __name__ == "__main__":
    main()
