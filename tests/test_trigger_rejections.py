"""The trigger questions' rejections: the authors' three fixed sequences, one per conversation."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import authors_texts as authors
import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageUser
from mock_models import scripted_model, verdict

from distress_evals.solvers.rejections import (
    PROMPT_POSITION_KEY,
    SEQUENCE_METADATA_KEY,
    TRIGGER_SEQUENCE_PLAN,
    conversation_index,
)

QUESTIONS_PER_SCENARIO = 10
AUTHORS_SAMPLES = 20
AUTHORS_TURNS = 3


def authors_trigger_rejections(num_questions: int, num_samples: int) -> list[tuple[int, list[str]]]:
    """``run_trigger_scenarios`` of annasoligo/llm_emotions @89f333b
    (elicitation/eval_generalization.py L360-361 and L373-398), transcribed: the rejections each
    conversation of one scenario receives, with its question index."""
    rejection_sets = authors.TRIGGER_REJECTIONS
    all_messages: list[tuple[int, list[str]]] = []
    for q_idx in range(num_questions):
        for _ in range(num_samples):
            all_messages.append((q_idx, []))
    total_convos = len(all_messages)
    num_turns = AUTHORS_TURNS
    for turn_idx in range(num_turns):
        if turn_idx < num_turns - 1:
            for i in range(total_convos):
                # Pick a rejection set and get the appropriate turn's rejection
                rejection_set = rejection_sets[i % len(rejection_sets)]
                all_messages[i][1].append(rejection_set[turn_idx])
    return all_messages


def suite_rejections(position: int, epoch: int, turns: int = AUTHORS_TURNS) -> list[str]:
    conversation = conversation_index({PROMPT_POSITION_KEY: position}, epoch)
    return [
        TRIGGER_SEQUENCE_PLAN.draw(turn, 0, f"q{position}", epoch, conversation).text
        for turn in range(2, turns + 1)
    ]


def test_twenty_epochs_reproduce_the_authors_assignment_exactly() -> None:
    # Epoch e of question q is the authors' sample e - 1 of that question.
    authors_convos = authors_trigger_rejections(QUESTIONS_PER_SCENARIO, AUTHORS_SAMPLES)
    suite = [
        (q, suite_rejections(q, epoch))
        for q in range(QUESTIONS_PER_SCENARIO)
        for epoch in range(1, AUTHORS_SAMPLES + 1)
    ]
    assert suite == authors_convos


@pytest.mark.parametrize("epochs", [1, 3, 5])
def test_every_epoch_count_uses_all_three_sequences_each_in_order(epochs: int) -> None:
    used: dict[int, int] = {0: 0, 1: 0, 2: 0}
    for position in range(QUESTIONS_PER_SCENARIO):
        chosen = []
        for epoch in range(1, epochs + 1):
            conversation = conversation_index({PROMPT_POSITION_KEY: position}, epoch)
            drawn = [
                TRIGGER_SEQUENCE_PLAN.draw(turn, 3, "s", epoch, conversation) for turn in (2, 3, 4)
            ]
            [k] = {d.sequence for d in drawn}
            assert k is not None
            sequence = authors.TRIGGER_REJECTIONS[k]
            # Turn 2 gets the sequence's first message, turn 3 its second (the third only if
            # a run asks for a fourth reply).
            assert [d.text for d in drawn] == sequence
            assert all(d.metadata()[SEQUENCE_METADATA_KEY] == k for d in drawn)
            assert [d.pool for d in drawn] == ["trigger_fixed"] * 3
            chosen.append(k)
            used[k] += 1
        # Consecutive epochs of one question walk the sequences in order.
        assert all((b - a) % 3 == 1 for a, b in zip(chosen, chosen[1:], strict=False))
    assert all(count > 0 for count in used.values())
    assert max(used.values()) - min(used.values()) <= QUESTIONS_PER_SCENARIO // 3 + 1


def test_past_the_sequence_the_plan_draws_from_it() -> None:
    conversation = conversation_index({PROMPT_POSITION_KEY: 4}, 2)
    assert conversation == 4 * AUTHORS_SAMPLES + 1
    sequence = authors.TRIGGER_REJECTIONS[conversation % 3]
    later = {
        TRIGGER_SEQUENCE_PLAN.draw(turn, seed, "s", 2, conversation).text
        for turn in range(5, 12)
        for seed in range(5)
    }
    assert later <= set(sequence) and len(later) > 1


def test_a_sequence_plan_needs_the_samples_position() -> None:
    assert conversation_index({}, 1) is None
    with pytest.raises(ValueError, match="prompt_position"):
        TRIGGER_SEQUENCE_PLAN.draw(2, 0, "s", 1, None)


class Target:
    """Replies 'attempt k' and records every input it is sent."""

    def __init__(self) -> None:
        self.inputs: list[list[ChatMessage]] = []
        self._lock = threading.Lock()

    def __call__(self, messages: list[ChatMessage]) -> str:
        with self._lock:
            self.inputs.append(list(messages))
        return f"attempt {sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1}"


def run_text_neutral(tmp_path: Path, target: Target, **kwargs: Any) -> EvalLog:
    [log] = eval(
        "tasks/text_neutral.py",
        model=scripted_model(target),
        model_roles={"grader": scripted_model(lambda _: verdict(0))},
        log_dir=str(tmp_path),
        display="none",
        **kwargs,
    )
    assert log.status == "success", log.error
    return log


def test_text_neutral_sends_the_authors_questions_and_sequences_end_to_end(
    tmp_path: Path,
) -> None:
    target = Target()
    picked = ["opinion_01", "opinion_02", "factual_01", "factual_03"]
    log = run_text_neutral(tmp_path, target, sample_id=picked, epochs=3)
    questions = {
        "opinion_01": (0, authors.SUBJECTIVE_QUESTIONS[0]),
        "opinion_02": (1, authors.SUBJECTIVE_QUESTIONS[1]),
        "factual_01": (0, authors.FACTUAL_QUESTIONS[0]),
        "factual_03": (2, authors.FACTUAL_QUESTIONS[2]),
    }
    samples = log.samples or []
    assert len(samples) == 12
    used = set()
    for sample in samples:
        position, question = questions[str(sample.id)]
        k = (position * AUTHORS_SAMPLES + sample.epoch - 1) % 3
        first, second, _ = authors.TRIGGER_REJECTIONS[k]
        assert [(m.role, m.text) for m in sample.messages] == [
            ("system", authors.TRIGGER_SYSTEM_PROMPT),
            ("user", question),
            ("assistant", "attempt 1"),
            ("user", first),
            ("assistant", "attempt 2"),
            ("user", second),
            ("assistant", "attempt 3"),
        ]
        rejections = [m for m in sample.messages if isinstance(m, ChatMessageUser)][1:]
        assert [m.metadata[SEQUENCE_METADATA_KEY] for m in rejections] == [k, k]  # type: ignore[index]
        used.add(k)
    assert used == {0, 1, 2}
    # The model itself was sent those texts, system prompt included.
    third_calls = [call for call in target.inputs if len(call) == 6]
    assert {call[-1].text for call in third_calls} <= {s[1] for s in authors.TRIGGER_REJECTIONS}
    assert all(call[0].text == authors.TRIGGER_SYSTEM_PROMPT for call in target.inputs)
    assert log.eval.metadata["rejection_plans"] == ["trigger_sequences"]  # type: ignore[index]


def test_the_random_factual_pool_stays_an_option(tmp_path: Path) -> None:
    log = run_text_neutral(tmp_path, Target(), limit=3, task_args={"rejections": "factual_pool"})
    for sample in log.samples or []:
        rejections = [m for m in sample.messages if isinstance(m, ChatMessageUser)][1:]
        assert len(rejections) == 2
        assert all(m.text in authors.WILDCHAT_CONTRADICTING for m in rejections)
        assert all(SEQUENCE_METADATA_KEY not in (m.metadata or {}) for m in rejections)
    assert log.eval.metadata["rejection_plans"] == ["neutral_factual"]  # type: ignore[index]
    assert log.eval.metadata["rejections"] == "factual_pool"  # type: ignore[index]
