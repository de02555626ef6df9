"""Collector tuning for long runs: what it changes, that it can be undone, and pause records."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from distress_evals.scale.gc_tuning import (
    DEFAULT_LONG_RUN_GC_THRESHOLDS,
    GcPauses,
    record_gc_pauses,
    restore_gc,
    tune_gc_for_long_run,
)


@pytest.fixture
def restored_gc() -> Iterator[None]:
    """Leave the test process's collector as it was found."""
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


class Node:
    """An object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.mark.usefixtures("restored_gc")
def test_tuning_freezes_the_heap_and_sets_the_thresholds() -> None:
    previous = tune_gc_for_long_run()
    assert gc.get_threshold() == DEFAULT_LONG_RUN_GC_THRESHOLDS
    assert gc.get_freeze_count() > 1000  # at least the modules this process has imported
    restore_gc(previous)
    assert gc.get_threshold() == previous
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("restored_gc")
def test_cycles_made_after_tuning_are_still_collected() -> None:
    tune_gc_for_long_run()
    a, b = Node(), Node()
    a.other, b.other = b, a
    del a, b
    assert gc.collect() >= 2


@pytest.mark.parametrize("thresholds", [(0, 10, 10), (700, -1, 10), (700, 10)])
def test_bad_thresholds_are_refused_before_anything_changes(
    thresholds: tuple[int, int, int],
) -> None:
    before = (gc.get_threshold(), gc.get_freeze_count())
    with pytest.raises(ValueError, match="thresholds"):
        tune_gc_for_long_run(thresholds)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_pauses_are_recorded_per_generation_only_inside_the_block() -> None:
    with record_gc_pauses() as pauses:
        gc.collect(0)
        gc.collect()
    gc.collect()
    assert pauses.count(0) >= 1 and pauses.count(2) == 1
    assert pauses.total() >= pauses.total(2) > 0
    assert pauses.longest() >= max(pauses.seconds[2])
    assert pauses.summary().startswith("1 full collections")


def test_pause_summary_of_nothing() -> None:
    empty = GcPauses()
    assert (empty.total(), empty.count(2), empty.longest()) == (0, 0, 0.0)
    assert empty.summary() == "0 full collections (0.00s), 0.00s paused in all, longest 0 ms"
