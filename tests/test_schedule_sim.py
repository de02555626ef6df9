"""The zero-overhead replay of the benchmark's workload (benchmarks/schedule_sim.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType

import pytest

from distress_evals.providers import latency_model as lm

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The simulator module (it imports the shared workload as ``workload``)."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import schedule_sim

    return schedule_sim


@pytest.fixture
def work(sim: ModuleType) -> ModuleType:
    """The benchmarks' shared workload module."""
    import workload

    return workload


def options(work: ModuleType, *argv: str) -> argparse.Namespace:
    return work.parse_args(list(argv))  # type: ignore[no-any-return]


def latency(args: argparse.Namespace, role: str, conversation: str, reply: int) -> float:
    return lm.draw_latency(args.seed, role, conversation, reply, args.mean_latency, args.sigma)


def test_one_conversation_makespan_is_its_dependent_chain(
    sim: ModuleType, work: ModuleType
) -> None:
    args = options(work, "--max-samples", "1")
    groups = [work.Group("g", 1, 2, None, {})]
    t1, t2 = (latency(args, "target", "g-0", r) for r in (1, 2))
    j1, j2 = (latency(args, "grader", "g-0", r) for r in (1, 2))
    streaming = sim.simulate(groups, args, streaming=True)
    after = sim.simulate(groups, args, streaming=False)
    assert streaming == pytest.approx(max(t1 + j1, t1 + t2 + j2))
    assert after == pytest.approx(t1 + t2 + max(j1, j2))
    assert streaming <= after


def test_sample_limit_applies_per_task_as_in_inspect(sim: ModuleType, work: ModuleType) -> None:
    """Two one-conversation tasks with max_samples 1 run side by side, not one after the other."""
    args = options(work, "--max-samples", "1")
    groups = [work.Group(name, 1, 1, None, {}) for name in ("a", "b")]
    chains = [
        latency(args, "target", f"{g.name}-0", 1) + latency(args, "grader", f"{g.name}-0", 1)
        for g in groups
    ]
    assert sim.simulate(groups, args, streaming=True) == pytest.approx(max(chains))


def test_connections_bound_the_makespan(sim: ModuleType, work: ModuleType) -> None:
    args = options(work, "--conversations", "30", "--connections", "2", "--max-samples", "30")
    groups = [work.Group("g", 30, 1, None, {})]
    target_work = sum(latency(args, "target", f"g-{k}", 1) for k in range(30))
    makespan = sim.simulate(groups, args, streaming=True)
    assert makespan >= target_work / 2
    assert makespan < target_work  # both connections were used


def test_main_prints_both_designs(sim: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert sim.main(["--quick", "--max-samples", "60"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0].strip() for line in lines] == ["after", "streaming"]
    assert all("ceiling efficiency 0." in line for line in lines)


def test_default_samples_in_flight_per_task(work: ModuleType) -> None:
    limit = work.samples_limit
    assert limit(options(work, "--connections", "20"), 1) == 60  # one task: 3 x connections
    assert limit(options(work, "--connections", "20"), 7) == 40  # each task at least 2 x
    assert limit(options(work, "--connections", "20"), 2) == 40
    assert limit(options(work, "--connections", "10", "--max-samples", "7"), 7) == 7


def test_chain_bound_is_the_longest_reply_then_its_judgement(work: ModuleType) -> None:
    """The judgement of reply t waits for replies 1..t only, so the chain ends at any reply."""
    args = options(work, "--max-samples", "1")
    groups = [work.Group("g", 1, 3, None, {})]
    t = [latency(args, "target", "g-0", r) for r in (1, 2, 3)]
    j = [latency(args, "grader", "g-0", r) for r in (1, 2, 3)]
    chain = max(t[0] + j[0], t[0] + t[1] + j[1], sum(t) + j[2])
    assert work.lower_bound(groups, args)["chain"] == pytest.approx(chain)


def test_no_design_beats_the_bound(sim: ModuleType, work: ModuleType) -> None:
    for seed in range(5):
        args = options(work, "--conversations", "5", "--turns", "4", "--seed", str(seed))
        groups = work.chosen_groups(args)
        bound = max(work.lower_bound(groups, args).values())
        for streaming in (True, False):
            assert sim.simulate(groups, args, streaming=streaming) >= bound - 1e-9
