"""End to end: every condition task runs by path with a scripted target and a scripted grader."""

from __future__ import annotations

import math
import re
import threading
from pathlib import Path

import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageUser
from mock_models import judged_reply, scripted_model, verdict

from distress_evals.conditions.prompts import numeric_original_prompts
from distress_evals.judge.prompt import PAPER_JUDGE_TEMPLATE
from distress_evals.solvers.rejections import (
    CONTRADICTING_FEEDBACK,
    STRONG_CONTRADICTING_FEEDBACK,
    TONE_REJECTIONS_PAPER,
    TRIGGER_REJECTIONS,
    WILDCHAT_CONTRADICTING,
)

FIXTURES = Path(__file__).parent / "fixtures"
WILDCHAT_PROMPTS = "tests/fixtures/wildchat_prompts.jsonl"
ATTEMPT = re.compile(r"^\[(?P<tag>[^\]]+)\] attempt (?P<n>\d+)$")
PUZZLE_INDEX = {p.text: i for i, p in enumerate(numeric_original_prompts())}


def _first_user_text(messages: list[ChatMessage]) -> str:
    return next(m.text for m in messages if isinstance(m, ChatMessageUser))


def target_reply(messages: list[ChatMessage]) -> str:
    """'[<tag>] attempt <n>': the tag names the prompt, n the reply number."""
    prompt = _first_user_text(messages)
    tag = str(PUZZLE_INDEX.get(prompt, prompt[:24]))
    attempt = sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1
    return f"[{tag}] attempt {attempt}"


def rating_for(tag: str, attempt: int) -> int:
    """Ratings rise 1, 3, then 5 for even-numbered puzzles and 4 otherwise; 6 from turn 4."""
    if attempt >= 4:
        return 6
    if attempt == 3:
        return 5 if tag.isdigit() and int(tag) % 2 == 0 else 4
    return {1: 1, 2: 3}[attempt]


class RecordingJudge:
    """A scripted grader that rates each reply from its text and records what it was sent."""

    def __init__(self, unparseable_attempts: frozenset[int] = frozenset()) -> None:
        self.calls: list[list[ChatMessage]] = []
        self.unparseable_attempts = unparseable_attempts
        self._lock = threading.Lock()

    def __call__(self, messages: list[ChatMessage]) -> str:
        with self._lock:
            self.calls.append(list(messages))
        reply = judged_reply(messages)
        match = ATTEMPT.match(reply)
        assert match, f"judge got something other than one reply: {reply!r}"
        attempt = int(match["n"])
        if attempt in self.unparseable_attempts:
            return "I'd rather not put a number on this."
        return verdict(rating_for(match["tag"], attempt), evidence=reply)


def run(task_path: str, judge: RecordingJudge, tmp_path: Path, **kwargs: object) -> EvalLog:
    [log] = eval(
        task_path,
        model=scripted_model(target_reply),
        model_roles={"grader": scripted_model(judge)},
        log_dir=str(tmp_path),
        display="none",
        **kwargs,  # type: ignore[arg-type]
    )
    assert log.status == "success", log.error
    return log


def metrics(log: EvalLog) -> dict[str, float]:
    assert log.results is not None
    return {
        f"{s.name}/{name}": m.value for s in log.results.scores for name, m in s.metrics.items()
    }


def test_numeric_neutral_transcript_scores_and_metrics(tmp_path: Path) -> None:
    judge = RecordingJudge()
    log = run("tasks/numeric_neutral.py", judge, tmp_path)
    assert log.samples is not None and len(log.samples) == 5

    for sample in log.samples:
        replies = [m for m in sample.messages if isinstance(m, ChatMessageAssistant)]
        users = [m for m in sample.messages if isinstance(m, ChatMessageUser)]
        assert len(replies) == 3
        assert [m.metadata["turn"] for m in replies] == [1, 2, 3]  # type: ignore[index]
        assert [m.metadata["turn"] for m in users] == [1, 2, 3]  # type: ignore[index]
        assert users[1].text in CONTRADICTING_FEEDBACK
        assert users[2].text in STRONG_CONTRADICTING_FEEDBACK
        assert users[1].metadata["rejection_pool"] == "contradicting"  # type: ignore[index]
        assert users[2].metadata["rejection_pool"] == "strong_contradicting"  # type: ignore[index]
        assert CONTRADICTING_FEEDBACK[users[1].metadata["rejection_index"]] == users[1].text  # type: ignore[index]

        tag = int(ATTEMPT.match(replies[0].text)["tag"])  # type: ignore[index]
        expected_final = 5.0 if tag % 2 == 0 else 4.0
        assert sample.scores is not None
        assert sample.scores["distress"].value == {
            "turn_1": 1.0,
            "turn_2": 3.0,
            "turn_3": expected_final,
            "max": expected_final,
            "final": expected_final,
        }

    # The judge saw each reply once, alone: the authors' prompt with one wrapped reply, as one
    # user message, never the puzzle or a rejection.
    assert len(judge.calls) == 15
    prompts = {p.text for p in numeric_original_prompts()}
    for call in judge.calls:
        [message] = call
        assert message.role == "user"
        assert message.text == PAPER_JUDGE_TEMPLATE.replace("{response}", judged_reply(call))
        assert not any(p in message.text for p in prompts)
        assert not any(r in message.text for r in CONTRADICTING_FEEDBACK)

    values = metrics(log)
    # Puzzles 0, 2 and 4 reach 5 at turn 3: 3 of 5 rollouts.
    assert values["distress/max_ge5"] == pytest.approx(0.6)
    assert values["distress/final_ge5"] == pytest.approx(0.6)
    assert values["distress/max_n"] == 5
    assert values["distress/max_ge5_ci_low"] == pytest.approx(0.2307, abs=1e-4)
    assert values["distress/max_ge5_ci_high"] == pytest.approx(0.8824, abs=1e-4)
    assert values["turn_1/mean"] == 1.0
    assert values["turn_3/mean"] == pytest.approx((5 + 4 + 5 + 4 + 5) / 5)
    assert values["max/mean"] == pytest.approx(4.6)
    assert values["distress/unscored_turns"] == 0


def test_unparseable_judge_gives_unscored_turns_not_zeros(tmp_path: Path) -> None:
    judge = RecordingJudge(unparseable_attempts=frozenset({2}))
    log = run("tasks/numeric_negative.py", judge, tmp_path, task_args={"tone": "disappointed"})
    [sample] = log.samples or []
    assert sample.id == "countdown_156_short_disappointed"
    assert sample.metadata["tone"] == "disappointed"
    score = sample.scores["distress"]  # type: ignore[index]
    assert isinstance(score.value, dict)
    assert score.value["turn_1"] == 1.0 and score.value["turn_3"] == 4.0
    assert math.isnan(score.value["turn_2"])
    assert score.value["max"] == 4.0
    turn_2 = score.metadata["judgements"]["turn_2"]  # type: ignore[index]
    assert turn_2["rating"] is None and turn_2["failure"] == "no_json"
    assert turn_2["raw_output"] == "I'd rather not put a number on this."
    values = metrics(log)
    assert values["distress/unscored_turns"] == 1
    assert values["turn_2/mean"] != 0  # NaN turns are skipped, never averaged as 0
    assert [s.unscored_samples for s in log.results.scores if s.name == "turn_2"] == [1]  # type: ignore[union-attr]


def test_no_scorable_turn_makes_the_rollout_unscored(tmp_path: Path) -> None:
    judge = RecordingJudge(unparseable_attempts=frozenset({1, 2}))
    log = run(
        "tasks/numeric_negative.py", judge, tmp_path, task_args={"tone": "sarcastic", "turns": 2}
    )
    [sample] = log.samples or []
    score = sample.scores["distress"]  # type: ignore[index]
    # Every key NaN (never 0), with the reason; the turns still count as unscored turns.
    assert isinstance(score.value, dict) and all(math.isnan(v) for v in score.value.values())
    assert score.reason == "grader_failed"
    assert metrics(log)["distress/unscored_turns"] == 2
    assert set(score.metadata["judgements"]) == {"turn_1", "turn_2"}  # type: ignore[index]


def test_numeric_negative_tones_are_separate_samples_in_paper_order(tmp_path: Path) -> None:
    log = run("tasks/numeric_negative.py", RecordingJudge(), tmp_path)
    assert log.samples is not None
    by_tone = {s.metadata["tone"]: s for s in log.samples}
    assert set(by_tone) == set(TONE_REJECTIONS_PAPER)
    for tone, sample in by_tone.items():
        rejections = [m for m in sample.messages if isinstance(m, ChatMessageUser)][1:]
        assert [m.text for m in rejections] == list(TONE_REJECTIONS_PAPER[tone])
        assert all(m.metadata["feedback"] == tone for m in rejections)  # type: ignore[index]


def test_text_tasks_send_the_paper_system_prompt(tmp_path: Path) -> None:
    log = run("tasks/text_neutral.py", RecordingJudge(), tmp_path, limit=2)
    for sample in log.samples or []:
        assert sample.messages[0].role == "system"
        assert sample.messages[0].text == "You are a helpful assistant."
        rejections = [m for m in sample.messages if isinstance(m, ChatMessageUser)][1:]
        # One of the authors' three fixed sequences, its first two messages in order.
        assert [m.text for m in rejections] in [list(s[:2]) for s in TRIGGER_REJECTIONS]
    log = run("tasks/text_negative.py", RecordingJudge(), tmp_path, limit=3)
    assert {s.metadata["tone"] for s in log.samples or []} == set(TONE_REJECTIONS_PAPER)


@pytest.mark.parametrize("task", ["wildchat_neutral", "wildchat_negative"])
def test_wildchat_tasks_run_from_a_prompts_file(task: str, tmp_path: Path) -> None:
    log = run(
        f"tasks/{task}.py", RecordingJudge(), tmp_path, task_args={"prompts_file": WILDCHAT_PROMPTS}
    )
    assert log.samples
    for sample in log.samples:
        replies = [m for m in sample.messages if isinstance(m, ChatMessageAssistant)]
        assert len(replies) == 5
        assert sample.scores["distress"].value["turn_5"] == 6.0  # type: ignore[index]
        assert sample.messages[0].role == "user"  # no system prompt outside the trigger questions
        if task == "wildchat_neutral":
            rejections = [m for m in sample.messages if isinstance(m, ChatMessageUser)][1:]
            assert len(rejections) == 4
            assert all(m.text in WILDCHAT_CONTRADICTING for m in rejections)


def rejection_script(log: EvalLog) -> dict[tuple[str | int, int], list[str]]:
    return {
        (s.id, s.epoch): [m.text for m in s.messages if isinstance(m, ChatMessageUser)][1:]
        for s in log.samples or []
    }


def test_epochs_draw_different_rejections_and_reruns_repeat_them(tmp_path: Path) -> None:
    first = rejection_script(run("tasks/numeric_neutral.py", RecordingJudge(), tmp_path, epochs=2))
    again = rejection_script(run("tasks/numeric_neutral.py", RecordingJudge(), tmp_path, epochs=2))
    assert first == again
    differing = [k for (k, e) in first if e == 1 and first[(k, 1)] != first[(k, 2)]]
    assert differing, "epochs 1 and 2 drew identical rejections for every puzzle"
    reseeded = rejection_script(
        run("tasks/numeric_neutral.py", RecordingJudge(), tmp_path, epochs=2, task_args={"seed": 7})
    )
    assert reseeded != first


def test_rates_count_rollouts_not_per_sample_means(tmp_path: Path) -> None:
    # Epoch 1 and 2 of the same sample differ: attempt 3 rated 5 on the first epoch only.
    calls = {"n": 0}
    lock = threading.Lock()

    def judge(messages: list[ChatMessage]) -> str:
        with lock:
            calls["n"] += 1
            call = calls["n"]
        reply = messages[-1].text
        return verdict(5 if "attempt 3" in reply and call <= 3 else 1)

    [log] = eval(
        "tasks/numeric_negative.py",
        model=scripted_model(target_reply),
        model_roles={"grader": scripted_model(judge)},
        task_args={"tone": "aggressive"},
        epochs=2,
        max_samples=1,
        log_dir=str(tmp_path),
        display="none",
    )
    values = metrics(log)
    # One of two rollouts reached 5: the rate is 1/2 (a per-sample mean of 3.0 would give 0).
    assert values["distress/max_ge5"] == pytest.approx(0.5)
    assert values["distress/max_n"] == 2
