"""A judge that cannot start stops the run before the first target call (issue #16 item 3).

Before, a missing ANTHROPIC_API_KEY with the default judge errored inside the first sample: a
~100-line traceback with literal rich markup, "Task interrupted", and exit code 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval
from inspect_ai._util.error import PrerequisiteError, pip_dependency_error
from mock_models import MAX_REFUSAL_LINES, Counter, inspect_cli, scripted_model, verdict

from distress_evals.conditions.preflight import judge_roles, prefill_roles, role_error_message
from distress_evals.logs.schema import JUDGE_ROLE, LABELER_ROLE, PARAPHRASER_ROLE
from distress_evals.tasks.numeric_neutral import numeric_neutral

KEY = "ANTHROPIC_API_KEY"


def test_cli_without_the_judge_key_fails_before_any_call_with_a_short_message(
    tmp_path: Path,
) -> None:
    result = inspect_cli(
        "tasks/numeric_neutral.py", "--limit", "1", log_dir=tmp_path, drop_env=(KEY,)
    )
    output = result.stdout + result.stderr
    flat = " ".join(output.split())
    assert result.returncode != 0, output
    assert len(output.strip().splitlines()) < MAX_REFUSAL_LINES, output
    assert KEY in flat and "--model-role grader=" in flat
    assert "[bold]" not in output and "Traceback" not in output
    assert "interrupted" not in output.lower()
    # No log at all: Inspect never started the task, so the target was never called.
    assert not list(tmp_path.glob("*.eval"))


def test_eval_without_the_judge_key_raises_before_the_target_is_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY, raising=False)
    target = Counter("an answer")
    with pytest.raises(PrerequisiteError, match=KEY) as raised:
        eval(
            "tasks/numeric_neutral.py",
            model=scripted_model(target),
            limit=1,
            log_dir=str(tmp_path),
            display="none",
        )
    assert target.calls == 0
    assert f"--model-role {JUDGE_ROLE}=" in str(raised.value)


def test_a_bound_judge_needs_no_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY, raising=False)
    [log] = eval(
        "tasks/numeric_neutral.py",
        model=scripted_model(lambda _: "an answer"),
        model_roles={JUDGE_ROLE: scripted_model(lambda _: verdict(0))},
        task_args={"turns": 1},
        limit=1,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success"


def test_deferred_judging_without_scoring_needs_no_judge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # early_judging=false with --no-score is the documented way to judge later (batch API).
    monkeypatch.delenv(KEY, raising=False)
    target = Counter("an answer")
    [log] = eval(
        "tasks/numeric_neutral.py",
        model=scripted_model(target),
        task_args={"turns": 1, "early_judging": False},
        limit=1,
        score=False,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success" and target.calls == 1


def test_building_a_task_outside_a_run_checks_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests and tools build tasks to read their datasets; only a run needs the judge.
    monkeypatch.delenv(KEY, raising=False)
    assert len(numeric_neutral().dataset) == 5


def test_roles_checked_follow_the_arguments() -> None:
    assert judge_roles({"early_judging": True}) == [JUDGE_ROLE]
    assert judge_roles({}) == [JUDGE_ROLE]
    assert judge_roles({"early_judging": False}) == []
    assert prefill_roles({"truncation": "early", "paraphrase": False}) == [JUDGE_ROLE]
    assert prefill_roles(
        {"truncation": "onset", "onset_source": "labeler", "paraphrase": True}
    ) == [JUDGE_ROLE, LABELER_ROLE, PARAPHRASER_ROLE]


def test_other_provider_errors_are_reworded_without_markup() -> None:
    message = role_error_message(LABELER_ROLE, pip_dependency_error("OpenAI API", ["openai"]))
    assert "[bold]" not in message
    assert "pip install openai" in message
    assert f"--model-role {LABELER_ROLE}=" in message
