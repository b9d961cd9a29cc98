"""Seeded dice for the generator: one PCG64 stream read in blocks, so the output depends only on
the seed (never on PYTHONHASHSEED) and a single draw costs a list lookup, not a numpy call."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")
_BLOCK = 1 << 16


class Dice:
    """Uniform draws from numpy's PCG64; every helper is built on `uniform()` alone."""

    def __init__(self, seed: int) -> None:
        self._generator = np.random.Generator(np.random.PCG64(seed))
        self._stream: Iterator[float] = iter(())

    def uniform(self) -> float:
        try:
            return next(self._stream)
        except StopIteration:
            self._stream = iter(self._generator.random(_BLOCK).tolist())
            return next(self._stream)

    def chance(self, probability: float) -> bool:
        return self.uniform() < probability

    def integer(self, low: int, high: int) -> int:
        """An integer in [low, high], both inclusive."""
        return low + int(self.uniform() * (high - low + 1))

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.uniform() * len(items))]

    def weighted(self, options: Sequence[tuple[T, float]]) -> T:
        """One option drawn with probability proportional to its weight."""
        target = self.uniform() * sum(weight for _, weight in options)
        for option, weight in options:
            target -= weight
            if target < 0:
                return option
        return options[-1][0]

    def shuffle(self, items: list[T]) -> None:
        """Fisher-Yates in place."""
        for i in range(len(items) - 1, 0, -1):
            j = int(self.uniform() * (i + 1))
            items[i], items[j] = items[j], items[i]

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        """k distinct items (fewer when there are fewer), in draw order."""
        pool = list(items)
        chosen = []
        for _ in range(min(k, len(pool))):
            j = int(self.uniform() * len(pool))
            pool[j], pool[-1] = pool[-1], pool[j]
            chosen.append(pool.pop())
        return chosen
