"""Every task refuses an argument it does not take, and bad input prints one message, no traceback.

Issue #14 items 1 and 3: Inspect only warns about an argument a task lacks and runs anyway, and a
bad value's one clear line came after ~270 lines of traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai._util.error import PrerequisiteError
from inspect_ai.model import ChatMessage
from mock_models import scripted_model, verdict

from distress_evals.errors import TaskInputError

REPO = Path(__file__).resolve().parent.parent
ALL_TASKS = sorted(p.stem for p in (REPO / "tasks").glob("*.py") if not p.name.startswith("_"))
MAX_OUTPUT_LINES = 15
"""A refused run prints its message and little else (it printed ~270 lines before)."""


class Counter:
    """A scripted reply that counts its calls, so a test can show no model was called."""

    def __init__(self, reply: str) -> None:
        self.calls = 0
        self.reply = reply

    def __call__(self, messages: list[ChatMessage]) -> str:
        self.calls += 1
        return self.reply


def run_eval(task: str, args: dict[str, Any], tmp_path: Path) -> tuple[Counter, Counter]:
    target, judge = Counter("an answer"), Counter(verdict(0))
    eval(
        task,
        model=scripted_model(target),
        model_roles={"grader": scripted_model(judge)},
        task_args=args,
        log_dir=str(tmp_path),
        display="none",
    )
    return target, judge


def test_every_task_file_is_checked() -> None:
    # The list below is read from tasks/, so a new task is covered without editing this test.
    assert len(ALL_TASKS) >= 10 and "numeric_neutral" in ALL_TASKS and "prefill" in ALL_TASKS


@pytest.mark.parametrize("task", ALL_TASKS)
def test_every_task_refuses_an_unknown_argument_before_any_model_call(
    task: str, tmp_path: Path
) -> None:
    target, judge = Counter("an answer"), Counter(verdict(0))
    with pytest.raises(TaskInputError, match=r"does not take the argument 'no_such_arg'") as raised:
        eval(
            f"tasks/{task}.py",
            model=scripted_model(target),
            model_roles={"grader": scripted_model(judge)},
            task_args={"no_such_arg": 1},
            log_dir=str(tmp_path),
            display="none",
        )
    assert target.calls == 0 and judge.calls == 0
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
    task: str, args: dict[str, Any], expected: str, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="does not take") as raised:
        run_eval(task, args, tmp_path)
    message = str(raised.value)
    assert expected in message
    for parameter in ("turns", "seed", "prompts_file", "early_judging"):
        assert parameter in message


def test_known_arguments_still_run_and_the_log_records_exactly_them(tmp_path: Path) -> None:
    [log] = eval(
        "distress_evals/numeric_negative",
        model=scripted_model(lambda _: "an answer"),
        model_roles={"grader": scripted_model(lambda _: verdict(1, "an"))},
        task_args={"tone": "sarcastic", "turns": 2},
        limit=1,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success"
    assert log.eval.task_args_passed == {"tone": "sarcastic", "turns": 2}
    assert log.eval.task_args["turns"] == 2 and "unknown_args" not in log.eval.task_args


def test_a_refused_value_is_a_prerequisite_error_with_the_plain_message(tmp_path: Path) -> None:
    with pytest.raises(PrerequisiteError) as raised:
        run_eval("tasks/numeric_negative.py", {"tone": "[bold]angry"}, tmp_path)
    assert isinstance(raised.value, ValueError)
    assert str(raised.value).startswith("numeric_negative: unknown tone '[bold]angry'")
    # Inspect prints .message through rich: the user's text must stay literal.
    assert r"\[bold]angry" in str(raised.value.message)


def cli(
    *args: str, log_dir: Path, drop_env: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in drop_env}
    env.update({"INSPECT_LOG_DIR": str(log_dir), "COLUMNS": "100", "NO_COLOR": "1"})
    return subprocess.run(
        [sys.executable, "-m", "inspect_ai", "eval", *args, "--model", "mockllm/model"],
        cwd=REPO,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


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
    result = cli(*args, log_dir=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert len(output.strip().splitlines()) < MAX_OUTPUT_LINES, output
    assert expected in " ".join(output.split())
    assert "Traceback" not in output
    assert not list(tmp_path.glob("*.eval")), "no log: the run stopped before any sample"


def test_the_traceback_is_kept_for_the_debug_log_level(tmp_path: Path) -> None:
    result = cli(
        "tasks/numeric_neutral.py", "-T", "turns=50", "--log-level", "debug", log_dir=tmp_path
    )
    assert result.returncode != 0
    assert "Traceback" in result.stdout + result.stderr
