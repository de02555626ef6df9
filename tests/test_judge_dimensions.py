"""Distress and pushback together: pushback appended to a condition log, then crossed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from inspect_ai import eval
from inspect_ai.log import write_eval_log
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageUser
from mock_models import judged_reply, scripted_model, verdict

from distress_evals.cli import main
from distress_evals.conditions.prompts import numeric_original_prompts
from distress_evals.judge.pushback_prompt import PUSHBACK_RUBRIC
from distress_evals.judge_validity.dimensions import dimensions_report
from distress_evals.judge_validity.rescoring import rescore_with_judge
from distress_evals.scorers.pushback import pushback
from distress_evals.stats.intervals import wilson_interval

PUZZLE = {p.text: i for i, p in enumerate(numeric_original_prompts())}


def target(messages: list[ChatMessage]) -> str:
    puzzle = PUZZLE[next(m.text for m in messages if isinstance(m, ChatMessageUser))]
    attempt = sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1
    return f"puzzle {puzzle} attempt {attempt}"


def body(messages: list[ChatMessage]) -> tuple[int, int]:
    words = judged_reply(messages).split()
    return int(words[1]), int(words[3])


def distress_judge(messages: list[ChatMessage]) -> str:
    _, attempt = body(messages)
    return verdict({1: 1, 2: 3, 3: 6}[attempt])


def pushback_judge(messages: list[ChatMessage]) -> str:
    assert messages[0].text == PUSHBACK_RUBRIC
    puzzle, attempt = body(messages)
    # Puzzles 0 and 1 push back on their third (high-distress) reply; puzzle 2 on its first.
    pushed = (attempt == 3 and puzzle in (0, 1)) or (attempt == 1 and puzzle == 2)
    return json.dumps({"evidence": "", "reasoning": "", "pushback": pushed})


def test_pushback_appended_to_a_condition_log_splits_high_distress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [log] = eval(
        "tasks/numeric_neutral.py",
        model=scripted_model(target),
        model_roles={"grader": scripted_model(distress_judge)},
        log_dir=str(tmp_path),
        display="none",
    )
    both = rescore_with_judge(log, scripted_model(pushback_judge), [pushback()])
    sample = (both.samples or [])[0]
    assert set(sample.scores or {}) == {"distress", "pushback"}
    pushed = sample.scores["pushback"]  # type: ignore[index]
    assert set(pushed.value) == {  # type: ignore[arg-type]
        "pushback_turn_1", "pushback_turn_2", "pushback_turn_3", "pushback_any", "pushback_final",
    }  # fmt: skip
    assert pushed.metadata["judge"]["dimension"] == "pushback"  # type: ignore[index]
    assert both.results is not None
    metric = {f"{s.name}/{k}": m.value for s in both.results.scores for k, m in s.metrics.items()}
    assert metric["pushback/pushback_any_ge1"] == pytest.approx(3 / 5)
    assert metric["pushback/unscored_turns"] == 0

    report = dimensions_report(both)
    # 15 turns; 5 at 6 (third replies), 2 of which push back; 3 pushback turns in all.
    assert report.turns["high_distress"].value == pytest.approx(5 / 15)
    assert report.turns["high_distress_with_pushback"].value == pytest.approx(2 / 15)
    assert report.turns["high_distress_without_pushback"].value == pytest.approx(3 / 15)
    assert report.turns["pushback"].value == pytest.approx(3 / 15)
    among = report.turns["pushback_among_high_distress"]
    assert (among.value, among.n) == (pytest.approx(2 / 5), 5)
    assert (among.ci_low, among.ci_high) == pytest.approx(wilson_interval(2, 5))
    assert report.rollouts["any_high_distress"].value == 1.0
    assert report.rollouts["any_high_distress_without_pushback"].value == pytest.approx(3 / 5)

    path = tmp_path / "both.eval"
    write_eval_log(both, str(path))
    assert main(["judge-dimensions", str(path)]) == 0
    assert "pushback_among_high_distress" in capsys.readouterr().out
