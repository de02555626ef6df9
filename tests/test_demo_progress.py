"""The demo's line per judged reply: the demo's own eval path with scripted models, and piped.

The embedded model needs the ``local`` extra (llama.cpp); ``run_demo_eval`` is the code the
``demo`` command runs after loading it, so scripted stand-ins exercise the same path.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from inspect_ai.model import ChatMessage, ChatMessageAssistant
from mock_models import mock_output, scripted_model, verdict

from distress_evals.cli.demo import run_demo_eval

TURNS = 3
PIPE_GAP_SECONDS = 0.5
TONES = ("aggressive", "disappointed", "sarcastic")
LINE = re.compile(
    r"^reply  (?P<sample>\S+)  turn (?P<turn>\d+)  tone (?P<tone>\S+)  rating (?P<r>.+)$"
)


def _reply(messages: list[ChatMessage]) -> str:
    turn = 1 + sum(isinstance(m, ChatMessageAssistant) for m in messages)
    tone = next((t for t in TONES if t in messages[-1].text.lower()), "first")
    return f"attempt {turn} after {tone}" if turn > 1 else "attempt 1"


def _judge(messages: list[ChatMessage]) -> str:
    found = re.search(r"attempt (\d+)", messages[-1].text)
    if found is None:
        return "no verdict here"
    turn = int(found.group(1))
    return verdict(2 * turn) if turn < TURNS else "not JSON at all"


def test_one_line_per_reply_with_turn_tone_and_rating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INSPECT_DISPLAY", "none")
    log = run_demo_eval(
        scripted_model(_reply), scripted_model(_judge), str(tmp_path), TURNS, 3, 64, 0
    )
    assert log.status == "success"
    lines = [m for m in map(LINE.match, capsys.readouterr().out.splitlines()) if m]
    assert len(lines) == 3 * TURNS
    seen = {(m["sample"], int(m["turn"])): (m["tone"], m["r"]) for m in lines}
    assert len(seen) == 3 * TURNS  # each reply once
    for sample in log.samples or []:
        tone = (sample.metadata or {})["tone"]
        assert tone in TONES and str(sample.id).endswith(tone)
        for turn in range(1, TURNS + 1):
            expected = str(2 * turn) if turn < TURNS else "unscored (no_json)"
            assert seen[(str(sample.id), turn)] == (tone, expected)


def test_a_reply_the_judge_never_saw_still_gets_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INSPECT_DISPLAY", "none")

    def empty_second(messages: list[ChatMessage]) -> str:
        turn = 1 + sum(isinstance(m, ChatMessageAssistant) for m in messages)
        return "" if turn == 2 else f"attempt {turn}"

    judge = scripted_model(lambda messages: mock_output(verdict(1)))
    run_demo_eval(scripted_model(empty_second), judge, str(tmp_path), TURNS, 1, 64, 0)
    lines = [m for m in map(LINE.match, capsys.readouterr().out.splitlines()) if m]
    assert [(int(m["turn"]), m["r"]) for m in sorted(lines, key=lambda m: int(m["turn"]))] == [
        (1, "1"),
        (2, "unscored"),
        (3, "1"),
    ]


PIPED_DEMO = textwrap.dedent(
    """
    import sys
    from inspect_ai.model import get_model
    import distress_evals.providers.latency_model  # registers the latency models
    from distress_evals.cli.demo import run_demo_eval

    target = get_model("latency-target/demo", mean_latency=0.5, latency_sigma=0)
    judge = get_model("latency-grader/demo", mean_latency=0.5, latency_sigma=0)
    log = run_demo_eval(target, judge, sys.argv[1], 3, 1, 64, 0)
    print("FINISHED", log.status, flush=True)
    """
)


def test_lines_reach_a_pipe_while_the_run_is_still_going(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", PIPED_DEMO, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    arrivals: list[tuple[str, float]] = []
    for raw in process.stdout:
        line = raw.rstrip("\n")
        # Inspect's closing panel may end without a newline, so a line can start with its tail.
        line = line.split("  ")[-1] if "FINISHED" in line else line
        if LINE.match(line) or line.startswith("FINISHED"):
            arrivals.append((line, time.monotonic()))
    assert process.wait(timeout=60) == 0
    (finished, finished_at), replies = arrivals[-1], arrivals[:-1]
    assert finished == "FINISHED success" and len(replies) == TURNS
    assert all(line.endswith("rating 0") for line, _ in replies)  # the latency judge rates 0
    # Each turn takes a 0.5 s reply and a 0.5 s verdict: the first line must come through the
    # pipe about two turns before the end, not with everything else when the process exits.
    assert finished_at - replies[0][1] > PIPE_GAP_SECONDS
