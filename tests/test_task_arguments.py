"""Every task refuses an argument it does not take, and bad input prints one message, no traceback.

Issue #14 items 1 and 3: Inspect only warns about an argument a task lacks and runs anyway, and a
bad value's one clear line came after ~270 lines of traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from inspect_ai._util.error import PrerequisiteError
from mock_models import MAX_REFUSAL_LINES, REPO, CountedRun, inspect_cli

from distress_evals.errors import TaskInputError

ALL_TASKS = sorted(p.stem for p in (REPO / "tasks").glob("*.py") if not p.name.startswith("_"))


def test_every_task_file_is_checked() -> None:
    # The list below is read from tasks/, so a new task is covered without editing this test.
    assert len(ALL_TASKS) >= 10 and "numeric_neutral" in ALL_TASKS and "prefill" in ALL_TASKS


@pytest.mark.parametrize("task", ALL_TASKS)
def test_every_task_refuses_an_unknown_argument_before_any_model_call(
    task: str, tmp_path: Path, counted_run: CountedRun
) -> None:
    with pytest.raises(TaskInputError, match=r"does not take the argument 'no_such_arg'") as raised:
        counted_run.eval(f"tasks/{task}.py", {"no_such_arg": 1})
    assert counted_run.calls == 0
    assert "its parameters are: " in str(raised.value)
    assert not list(tmp_path.glob("*.eval")), "a refused run must not write a log"


@pytest.mark.parametrize(
    ("task", "args", "expected"),
    [
        ("tasks/numeric_neutral.py", {"tone": "aggressive"}, "'tone'"),
        ("tasks/text_neutral.py", {"turn": 5}, "'turn' (did you mean 'turns'?)"),
        ("tasks/numeric_neutral.py", {"questions": "triggers"}, "'questions'"),
        ("distress_evals/numeric_negative", {"tones": "all"}, "'tones' (did you mean 'tone'?)"),
    ],
)
def test_the_message_names_the_argument_and_every_valid_parameter(
    task: str, args: dict[str, Any], expected: str, counted_run: CountedRun
) -> None:
    with pytest.raises(ValueError, match="does not take") as raised:
        counted_run.eval(task, args)
    message = str(raised.value)
    assert expected in message
    for parameter in ("turns", "seed", "prompts_file", "early_judging"):
        assert parameter in message


def test_a_refused_value_is_a_prerequisite_error_with_the_plain_message(
    counted_run: CountedRun,
) -> None:
    with pytest.raises(PrerequisiteError) as raised:
        counted_run.eval("tasks/numeric_negative.py", {"tone": "[bold]angry"})
    assert isinstance(raised.value, ValueError)
    assert str(raised.value).startswith("numeric_negative: unknown tone '[bold]angry'")
    # Inspect prints .message through rich: the user's text must stay literal.
    assert r"\[bold]angry" in str(raised.value.message)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["tasks/numeric_negative.py", "-T", "tone=angry"],
            "aggressive, disappointed, sarcastic or all",
        ),
        (
            ["tasks/numeric_neutral.py", "-T", "puzzles=hard"],
            "original, variant, variant_as_published, solvable",
        ),
        (
            ["tasks/numeric_neutral.py", "-T", "turns=50"],
            "turns must be an integer from 1 to 20; got 50",
        ),
        (["tasks/numeric_neutral.py", "-T", "turn=5"], "did you mean 'turns'?"),
        (
            ["tasks/text_neutral.py", "-T", "prompts_file=no/such.jsonl"],
            "'no/such.jsonl' not found",
        ),
    ],
)
def test_cli_prints_the_message_alone_and_exits_non_zero(
    args: list[str], expected: str, tmp_path: Path
) -> None:
    result = inspect_cli(*args, log_dir=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert len(output.strip().splitlines()) < MAX_REFUSAL_LINES, output
    assert expected in " ".join(output.split())
    assert "Traceback" not in output
    assert not list(tmp_path.glob("*.eval")), "no log: the run stopped before any sample"


def test_the_traceback_is_kept_for_the_debug_log_level(tmp_path: Path) -> None:
    result = inspect_cli(
        "tasks/numeric_neutral.py", "-T", "turns=50", "--log-level", "debug", log_dir=tmp_path
    )
    assert result.returncode != 0
    assert "Traceback" in result.stdout + result.stderr
