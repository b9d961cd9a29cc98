"""Sharing the night's work out in groups of about equal weight (files by bytes, losing carriers
by LOAs), one step per group: the night's partitions (docs/scaling.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

Item = TypeVar("Item")


def balanced_groups(weighted: Sequence[tuple[Item, int]], parts: int) -> list[list[Item]]:
    """The items in at most `parts` groups, never splitting one: heaviest first, each to the
    lightest group so far (the caller orders ties, so the groups are deterministic)."""
    ordered = sorted(weighted, key=lambda pair: -pair[1])  # stable: the caller's order breaks ties
    groups: list[list[Item]] = [[] for _ in range(min(parts, len(ordered)))]
    loads = [0] * len(groups)
    for item, weight in ordered:
        lightest = loads.index(min(loads))
        groups[lightest].append(item)
        loads[lightest] += weight
    return groups
