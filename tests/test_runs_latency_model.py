"""The latency-simulating model: seeded draws, usage set, separate pools, and a tiny run."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from inspect_ai.model import ChatMessageAssistant, ChatMessageUser, get_model

from distress_evals.providers import latency_model as lm

REPO = Path(__file__).resolve().parent.parent


def test_draws_are_reproducible_and_independent_of_order() -> None:
    first = [lm.draw_latency(3, "target", f"c{k}", 1, 0.5, 0.5) for k in range(200)]
    again = [lm.draw_latency(3, "target", f"c{k}", 1, 0.5, 0.5) for k in reversed(range(200))]
    assert first == list(reversed(again))
    assert first != [lm.draw_latency(4, "target", f"c{k}", 1, 0.5, 0.5) for k in range(200)]
    assert lm.draw_latency(3, "target", "c0", 1, 0.5, 0.5) != lm.draw_latency(
        3, "grader", "c0", 1, 0.5, 0.5
    )
    assert 0.4 < statistics.mean(first) < 0.6
    assert lm.draw_latency(3, "target", "c0", 1, 0.5, 0) == 0.5


async def test_replies_carry_usage_marker_and_fixed_length() -> None:
    target = get_model(f"{lm.TARGET_API}/t", memoize=False, mean_latency=0.001, reply_chars=120)
    grader = get_model(f"{lm.GRADER_API}/t", memoize=False, mean_latency=0.001)
    prompt = ChatMessageUser(content=f"{lm.conversation_marker('c9')} solve this")
    earlier = ChatMessageAssistant(content="first answer")
    output = await target.generate([prompt, earlier, ChatMessageUser(content="wrong")])
    assert output.completion.startswith("[conversation c9 reply 2]")
    assert len(output.completion) == 120
    assert output.usage is not None and output.usage.output_tokens == 30
    verdict = await grader.generate([ChatMessageUser(content=output.completion)])
    assert json.loads(verdict.completion)["rating"] == 0
    assert verdict.usage is not None
    assert [(c.conversation, c.reply) for c in grader.api.calls] == [("c9", 2)]  # type: ignore[attr-defined]
    assert target.api.connection_key() != grader.api.connection_key()
    assert type(target.api) is not type(grader.api)  # distinct pools per provider class


def test_benchmark_smoke_at_tiny_size() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "concurrency.py"),
            "--conversations",
            "3",
            "--turns",
            "2",
            "--mean-latency",
            "0.01",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert "target: 6 calls (expected 6)" in result.stdout
    assert "judge: 6 calls (expected 6)" in result.stdout
    assert "gc: tuned (src/distress_evals/scale/gc_tuning.py): " in result.stdout
    assert "same calls: both designs made these 6 + 6 calls, same latencies" in result.stdout
    names = [line.split(" ")[0] for line in lines[-3:]]
    assert names == ["efficiency-plain", "efficiency-zero-overhead", "efficiency"]
    for line in lines[-3:]:
        assert float(line.split(" ")[1]) > 0
