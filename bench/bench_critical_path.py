"""The fastest any executor could run a night's plan: its longest chain of dependent steps.

Runs `portrecon nightly` in process (steps one after another, no contention) into a throwaway
DAGSTER_HOME, reads every step's own duration and the plan's dependencies from that instance,
and prints the longest chain of dependent steps with the steps mapped over groups (file groups,
carrier groups) counted as split evenly over `--groups` processes, at no cost. With the time the
command spends before its first step and after its last, that is a lower bound on a multiprocess
night of the same inbox however many cores it has, to set against issue 14's target
(multiprocess <= 0.75 x in process):

    python bench/bench_critical_path.py --inbox /tmp/pbench/synth_10000 [--groups 2]
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path

from bench_nightly import night

_MAPPED = re.compile(r"\[.*\]$")


def chain(home: Path, groups: int) -> tuple[float, float, float, list[str]]:
    """(the run's seconds before its first step and after its last, the run's seconds from its
    first event to its last, the longest chain's seconds, its steps) of the last run recorded
    at `home` (the DAGSTER_HOME)."""
    from dagster import DagsterEventType, DagsterInstance

    with DagsterInstance.get() as instance:
        run = instance.get_runs(limit=1)[0]
        records = instance.all_logs(run.run_id)
        plan = instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)
    started, ended, duration = {}, {}, {}
    for record in records:
        event = record.dagster_event
        if event is None or event.step_key is None:
            continue
        key = _MAPPED.sub("", event.step_key)
        if event.event_type == DagsterEventType.STEP_START:
            started[key] = record.timestamp
        elif event.is_step_success:
            ended[key] = record.timestamp
            seconds = event.event_specific_data.duration_ms / 1000
            duration[key] = seconds / groups if event.step_key != key else seconds
    upstream = {
        _MAPPED.sub("", step.key): {
            _MAPPED.sub("", handle.step_key)
            for step_input in step.inputs
            for handle in step_input.upstream_output_handles
        }
        for step in plan.steps
    }
    finish: dict[str, tuple[float, list[str]]] = {}

    def longest(key: str) -> tuple[float, list[str]]:
        if key not in finish:
            parents = [longest(u) for u in upstream.get(key, ()) if u in duration]
            before = max(parents, default=(0.0, []))
            finish[key] = (before[0] + duration[key], [*before[1], key])
        return finish[key]

    seconds, steps = max(longest(key) for key in duration)
    outside = (min(started.values()) - records[0].timestamp) + (
        records[-1].timestamp - max(ended.values())
    )
    return outside, records[-1].timestamp - records[0].timestamp, seconds, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inbox", type=Path, required=True)
    parser.add_argument("--groups", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portrecon-chain-") as tmp:
        home = Path(tmp)
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        os.environ["DAGSTER_HOME"] = str(home)  # the night's child process records there
        wall, _, _ = night(args.inbox, "in_process", home)
        outside, run, seconds, steps = chain(home, args.groups)
    command = wall - run  # the command's own imports and set-up, before and after the run
    bound = command + outside + seconds
    print(
        f"in-process night: {wall:.1f} s wall, of which the command outside the run {command:.1f} s"
    )
    print(f"longest chain ({args.groups} groups, free split): {seconds:.1f} s: {' > '.join(steps)}")
    print(f"the run before its first step and after its last: {outside:.1f} s")
    print(
        f"lower bound of a multiprocess night on any number of cores: {bound:.1f} s = "
        f"{bound / wall:.2f} x in process"
    )


if __name__ == "__main__":
    main()
