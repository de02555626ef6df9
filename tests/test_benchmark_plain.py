"""The benchmark's plain peer (benchmarks/plain_protocol.py): same calls, same draws as ours."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from inspect_ai import eval
from inspect_ai.model import ChatMessage
from mock_models import scripted_model

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The benchmark module (it imports ``workload``, ``plain_protocol`` and ``schedule_sim``)."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import concurrency

    return concurrency


def per_turn(api: object) -> Counter[tuple[str, int]]:
    """How many calls each (conversation, reply) got."""
    return Counter((c.conversation, c.reply) for c in api.calls)  # type: ignore[attr-defined]


def test_plain_makes_the_same_calls_with_the_same_draws(bench: ModuleType) -> None:
    args = bench.parse_args(["--conversations", "4", "--turns", "3", "--mean-latency", "0.002"])
    groups = bench.chosen_groups(args)
    ours, plain = (bench.run(design, groups, args) for design in (bench.OURS, bench.PLAIN))
    for role in ("target", "grader"):
        counts = per_turn(getattr(plain, role))
        assert counts == per_turn(getattr(ours, role))
        assert sorted(counts) == [(f"custom-{k}", t) for k in range(4) for t in (1, 2, 3)]
        assert set(counts.values()) == {1}
        assert bench.draws(getattr(plain, role)) == bench.draws(getattr(ours, role))


def test_plain_judges_every_reply_after_the_conversation(bench: ModuleType, tmp_path: Path) -> None:
    import plain_protocol

    judged: list[str] = []

    def judge(messages: list[ChatMessage]) -> str:
        judged.append(messages[-1].text)
        return '{"rating": 7}' if "reply 2" in messages[-1].text else '{"rating": 1}'

    replies = iter(range(1, 100))
    target = scripted_model(lambda _: f"answer reply {next(replies)}")
    args = bench.parse_args(["--conversations", "1", "--turns", "3"])
    [real] = bench.suite_tasks(bench.chosen_groups(args), tmp_path)
    task = plain_protocol.plain_task(real, 3, "plain_test")
    [log] = eval(
        task,
        model=target,
        model_roles={"grader": scripted_model(judge)},
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success" and log.samples
    sample = log.samples[0]
    users = [m.text for m in sample.messages if m.role == "user"]
    assert users[1:] == [plain_protocol.PLAIN_REJECTION] * 2
    assert sorted(j.rsplit("answer ", 1)[-1].split("\n")[0] for j in judged) == [
        f"reply {t}" for t in (1, 2, 3)
    ]
    score = sample.scores["judge_after"]  # type: ignore[index]
    assert score.value == 7.0
    assert score.metadata == {"ratings": [1, 7, 1]}


def test_a_verdict_without_rating_is_not_a_zero(bench: ModuleType, tmp_path: Path) -> None:
    import plain_protocol

    args = bench.parse_args(["--conversations", "1", "--turns", "2"])
    [real] = bench.suite_tasks(bench.chosen_groups(args), tmp_path)
    [log] = eval(
        plain_protocol.plain_task(real, 2, "plain_test"),
        model=scripted_model(lambda _: "an answer"),
        model_roles={"grader": scripted_model(lambda _: "no verdict here")},
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.samples
    value = log.samples[0].scores["judge_after"].value  # type: ignore[index]
    assert isinstance(value, float) and math.isnan(value)
