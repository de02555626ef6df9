"""Early judging: each reply is judged while the conversation goes on, never twice."""

from __future__ import annotations

import threading
from pathlib import Path

import anyio
import pytest
from inspect_ai import eval
from inspect_ai.event import SpanBeginEvent, StateEvent, StoreEvent
from inspect_ai.log import EvalSample
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageUser, ModelName
from inspect_ai.scorer import Score
from inspect_ai.solver import TaskState
from mock_models import scripted_model, verdict

from distress_evals.judge.early import JUDGING_SPAN_TYPE, start_judging
from distress_evals.judge.model import ResolvedJudge, judge_provenance
from distress_evals.judge.spec import PAPER_DISTRESS_JUDGE
from distress_evals.logs.schema import EARLY_JUDGEMENTS_KEY
from distress_evals.scorers.per_turn import ValueKeys, score_conversation


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


def scorer_span_events(sample: EvalSample) -> list[str]:
    """The kinds of event recorded inside the distress scorer's span (nested spans included)."""
    [scorer] = [e for e in sample.events if isinstance(e, SpanBeginEvent) and e.type == "scorer"]
    inside = {scorer.id}
    kinds = []
    for event in sample.events:
        if isinstance(event, SpanBeginEvent) and event.parent_id in inside:
            inside.add(event.id)
        if event.span_id in inside and not (
            isinstance(event, SpanBeginEvent) and event.id == scorer.id
        ):
            kinds.append(event.event)
    return kinds


def run(tmp_path: Path, early: bool) -> tuple[list[str], dict[str, float], list[str]]:
    events, value, scoring, _ = run_sample(tmp_path, early)
    return events, value, scoring


def run_sample(
    tmp_path: Path, early: bool
) -> tuple[list[str], dict[str, float], list[str], EvalSample]:
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
    return timeline.events, value, scorer_span_events(log.samples[0]), log.samples[0]


def test_replies_are_judged_during_the_conversation_and_once_each(tmp_path: Path) -> None:
    events, value, scoring = run(tmp_path, early=True)
    assert sorted(e for e in events if e.startswith("judge")) == [f"judge {i}" for i in range(1, 5)]
    # The first reply's judgement was asked for before the last reply was generated.
    assert events.index("judge 1") < events.index("reply 4")
    assert value == {"turn_1": 1, "turn_2": 2, "turn_3": 3, "turn_4": 4, "max": 4, "final": 4}
    # Scoring reused the judgements: no judge calls and no empty per-turn spans in its span.
    assert scoring == ["score", "span_end"]


def test_early_judging_off_judges_after_the_conversation(tmp_path: Path) -> None:
    events, value, scoring = run(tmp_path, early=False)
    assert events[:4] == ["reply 1", "reply 2", "reply 3", "reply 4"]
    assert sorted(events[4:]) == [f"judge {i}" for i in range(1, 5)]
    assert scoring.count("model") == 4
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


def test_scorer_judges_only_replies_not_judged_early_and_keeps_turn_order() -> None:
    judged: list[str] = []

    def judge(messages: list[ChatMessage]) -> str:
        reply = messages[-1].text.split()[-2]
        judged.append(reply)
        return verdict(int(reply))

    model = scripted_model(judge)
    grader = ResolvedJudge(
        model, PAPER_DISTRESS_JUDGE, judge_provenance(model, PAPER_DISTRESS_JUDGE)
    )
    replies = [ChatMessageAssistant(content=f"attempt {n}") for n in (1, 2, 3)]
    state = TaskState(
        model=ModelName("mockllm/model"),
        sample_id="s",
        epoch=1,
        input="puzzle",
        messages=[ChatMessageUser(content="puzzle"), *replies],
    )
    keys = ValueKeys("turn_", "max", "final")

    async def score() -> Score:
        async with anyio.create_task_group() as group:
            start_judging(state, replies[1], grader, 10_000, group, turn=2)
        # The finished judgement travels in the sample's metadata, keyed by the reply's id.
        assert set(state.metadata[EARLY_JUDGEMENTS_KEY]) == {replies[1].id}
        scored = await score_conversation(state, grader, keys, 10_000)
        # ...and the scorer takes it out, so a later re-scoring judges afresh.
        assert EARLY_JUDGEMENTS_KEY not in state.metadata
        return scored

    result = anyio.run(score)
    # Reply 2 was judged in the "solver"; the scorer asked only for 1 and 3.
    assert judged[0] == "2" and sorted(judged[1:]) == ["1", "3"]
    assert result.value == {"turn_1": 1, "turn_2": 2, "turn_3": 3, "max": 3, "final": 3}


def test_early_judgements_are_labelled_spans_and_travel_in_the_metadata(tmp_path: Path) -> None:
    _, _, _, sample = run_sample(tmp_path, early=True)
    judging = [
        e for e in sample.events if isinstance(e, SpanBeginEvent) and e.type == JUDGING_SPAN_TYPE
    ]
    assert sorted(e.name for e in judging) == [f"judge turn {t}" for t in range(1, 5)]
    # The solver wrote the finished judgements to the sample's metadata: the state event it
    # records anyway carries them, and no store event is spent on them.
    written = [
        change
        for e in sample.events
        if isinstance(e, StateEvent)
        for change in e.changes
        if change.path.startswith(f"/metadata/{EARLY_JUDGEMENTS_KEY}")
    ]
    assert written, "no state change carried the early judgements"
    assert not [e for e in sample.events if isinstance(e, StoreEvent)]
    # The scorer took them out: the logged sample does not carry them twice.
    assert EARLY_JUDGEMENTS_KEY not in (sample.metadata or {})
