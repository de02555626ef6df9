"""Python's cyclic garbage collector in a long eval process with many model calls.

Inspect runs every sample of an eval on one event loop. When the collector runs, the loop stops,
and every model call that finishes in the meantime waits to hand its conversation the next
request. ``benchmarks/concurrency.py`` measured this at the paper's size (4,000 conversations,
29,200 calls, CPython 3.11): even with the start-up heap frozen, the default thresholds
(700, 10, 10) ran 98 full collections of 0.3-0.6 s each, pausing the loop for 37 s of a 397 s
run. Two things make full collections costly and frequent. Unless frozen, most of the heap is
modules imported at start-up (about 400,000 objects), which every full collection scans again.
And samples keep their events for seconds, so much short-lived garbage survives into the oldest
generation and triggers more full collections.

:func:`tune_gc_for_long_run` freezes the start-up heap, so collections skip it, and runs full
collections 10 times less often. Garbage is still collected, only in larger batches, so peak
memory is somewhat higher (the benchmark prints its peak RSS). ``distress-evals paper-scale`` and
the benchmark call it; a plain ``inspect eval`` keeps Python's defaults.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

DEFAULT_LONG_RUN_GC_THRESHOLDS: tuple[int, int, int] = (700, 10, 100)
"""CPython's defaults, except a full collection only after 100 (not 10) middle ones."""

OLDEST_GENERATION = 2


def tune_gc_for_long_run(
    thresholds: tuple[int, int, int] = DEFAULT_LONG_RUN_GC_THRESHOLDS,
) -> tuple[int, int, int]:
    """Freeze everything allocated so far and set the collector's thresholds.

    Call it once the process has imported what it needs (after a warm-up, or just before
    ``eval_set``): frozen objects are never scanned or freed by the collector.

    Args:
        thresholds: The new ``gc.set_threshold`` values, youngest generation first.

    Returns:
        The thresholds in force before, for :func:`restore_gc`.

    Raises:
        ValueError: If a threshold is negative or the youngest one is 0 (which disables
            collection altogether).
    """
    if len(thresholds) != 3 or min(thresholds) < 0 or thresholds[0] == 0:
        raise ValueError(f"thresholds must be three counts, the first > 0; got {thresholds}")
    previous: tuple[int, int, int] = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
    return previous


def restore_gc(thresholds: tuple[int, int, int]) -> None:
    """Undo :func:`tune_gc_for_long_run`: thaw the frozen heap and set ``thresholds`` back."""
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@dataclass
class GcPauses:
    """Collector pauses seen while :func:`record_gc_pauses` was active, per generation."""

    seconds: dict[int, list[float]] = field(default_factory=dict)

    def total(self, generation: int | None = None) -> float:
        """Seconds paused, in one generation's collections or in all of them."""
        if generation is not None:
            return sum(self.seconds.get(generation, []))
        return sum(sum(pauses) for pauses in self.seconds.values())

    def count(self, generation: int) -> int:
        """How many collections of ``generation`` ran."""
        return len(self.seconds.get(generation, []))

    def longest(self) -> float:
        """The longest single pause (0 if none)."""
        return max((max(p) for p in self.seconds.values() if p), default=0.0)

    def summary(self) -> str:
        """One line: the full collections and their time, all pauses together, the longest."""
        full = self.seconds.get(OLDEST_GENERATION, [])
        return (
            f"{len(full)} full collections ({sum(full):.2f}s), "
            f"{self.total():.2f}s paused in all, longest {self.longest() * 1000:.0f} ms"
        )


@contextmanager
def record_gc_pauses() -> Iterator[GcPauses]:
    """Time every collection that runs inside the ``with`` block (on any thread)."""
    pauses = GcPauses()
    started: list[float] = []

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            elapsed = time.perf_counter() - started.pop()
            pauses.seconds.setdefault(int(info["generation"]), []).append(elapsed)

    gc.callbacks.append(callback)
    try:
        yield pauses
    finally:
        gc.callbacks.remove(callback)
