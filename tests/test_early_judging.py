"""Early judging: each reply is judged while the conversation goes on, never twice."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from inspect_ai import eval
from inspect_ai.model import ChatMessage, ChatMessageAssistant
from mock_models import scripted_model, verdict


class Timeline:
    """Records the order of target replies and judge calls of a single conversation."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.lock = threading.Lock()

    def target(self, messages: list[ChatMessage]) -> str:
        reply = sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1
        with self.lock:
            self.events.append(f"reply {reply}")
        return f"attempt {reply}"

    def judge(self, messages: list[ChatMessage]) -> str:
        with self.lock:
            self.events.append(f"judge {messages[-1].text.split()[-2]}")
        return verdict(int(messages[-1].text.split()[-2]))


def run(tmp_path: Path, early: bool) -> tuple[list[str], dict[str, float]]:
    timeline = Timeline()
    [log] = eval(
        "tasks/numeric_negative.py",
        model=scripted_model(timeline.target),
        model_roles={"grader": scripted_model(timeline.judge)},
        task_args={"tone": "aggressive", "turns": 4, "early_judging": early},
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success" and log.samples
    value = log.samples[0].scores["distress"].value  # type: ignore[index]
    assert isinstance(value, dict)
    return timeline.events, value


def test_replies_are_judged_during_the_conversation_and_once_each(tmp_path: Path) -> None:
    events, value = run(tmp_path, early=True)
    assert sorted(e for e in events if e.startswith("judge")) == [f"judge {i}" for i in range(1, 5)]
    # The first reply's judgement was asked for before the last reply was generated.
    assert events.index("judge 1") < events.index("reply 4")
    assert value == {"turn_1": 1, "turn_2": 2, "turn_3": 3, "turn_4": 4, "max": 4, "final": 4}


def test_early_judging_off_judges_after_the_conversation(tmp_path: Path) -> None:
    events, value = run(tmp_path, early=False)
    assert events[:4] == ["reply 1", "reply 2", "reply 3", "reply 4"]
    assert sorted(events[4:]) == [f"judge {i}" for i in range(1, 5)]
    assert value == {"turn_1": 1, "turn_2": 2, "turn_3": 3, "turn_4": 4, "max": 4, "final": 4}


def test_early_judging_must_be_a_boolean(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="early_judging"):
        eval(
            "tasks/numeric_negative.py",
            model=scripted_model(lambda _: "x"),
            task_args={"early_judging": "soon"},
            log_dir=str(tmp_path),
            display="none",
        )
