"""Task parameters: bad values raise a clear error before any model is called; discovery works."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.model import ChatMessage
from mock_models import REPO, CountedRun, scripted_model, verdict

from distress_evals.conditions.factory import resolve_tones, validate_turns

TASKS = [
    "numeric_neutral",
    "numeric_negative",
    "text_neutral",
    "text_negative",
    "wildchat_neutral",
    "wildchat_negative",
    "extended",
]


@pytest.mark.parametrize(
    ("task", "args", "message"),
    [
        ("numeric_negative", {"tone": "angry"}, "aggressive, disappointed, sarcastic or all"),
        ("text_negative", {"tone": ["aggressive", "furious"]}, "unknown tone 'furious'"),
        ("numeric_neutral", {"turns": 0}, "turns must be an integer from 1 to 20"),
        ("text_neutral", {"turns": 21}, "turns must be an integer from 1 to 20"),
        ("numeric_negative", {"turns": "three"}, "turns must be an integer"),
        ("wildchat_neutral", {"turns": 2.5}, "turns must be an integer"),
        ("numeric_neutral", {"seed": "abc"}, "seed must be an integer"),
        ("text_neutral", {"prompts_file": "no/such/file.jsonl"}, "not found"),
        (
            "numeric_neutral",
            {"puzzles": "riddles"},
            "puzzles must be one of original, variant, variant_as_published, solvable, "
            "countdown_appendix",
        ),
        (
            "text_neutral",
            {"rejections": "shouting"},
            "rejections must be one of trigger_sequences, factual_pool",
        ),
        ("extended", {"premise": "honest"}, "premise must be one of verified, truthful"),
        ("text_negative", {"questions": "trivia"}, "questions must be one of triggers"),
        ("extended", {"turns": 21}, "turns must be an integer from 1 to 20"),
        (
            "numeric_neutral",
            {"puzzles": "variant", "prompts_file": "tests/fixtures/wildchat_prompts.jsonl"},
            "cannot be combined with puzzles='variant'",
        ),
    ],
)
def test_bad_parameters_raise_before_any_model_call(
    task: str, args: dict[str, Any], message: str, counted_run: CountedRun
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        counted_run.eval(f"tasks/{task}.py", args)
    assert counted_run.calls == 0


def test_turn_bounds_are_inclusive() -> None:
    assert validate_turns(1) == 1 and validate_turns(20) == 20
    with pytest.raises(ValueError):
        validate_turns(True)


def test_tones_resolve_in_paper_order() -> None:
    assert resolve_tones("negative", "all") == ("aggressive", "disappointed", "sarcastic")
    assert resolve_tones("negative", ["sarcastic", "aggressive"]) == ("aggressive", "sarcastic")
    assert resolve_tones("neutral", None) == ()
    with pytest.raises(ValueError, match="one of aggressive, disappointed, sarcastic or all"):
        resolve_tones("negative", [])
    # The neutral task files have no tone parameter (Inspect warns about unused task args);
    # the factory itself refuses a tone for a neutral condition.
    with pytest.raises(ValueError, match="tone applies only to the negative conditions"):
        resolve_tones("neutral", "aggressive")


@pytest.mark.parametrize(
    ("path", "content", "message"),
    [
        ("empty.jsonl", "", "holds no prompts"),
        ("bad.jsonl", '{"prompt": "ok"}\nnot json\n', r"bad.jsonl:2: not valid JSON"),
        ("noprompt.jsonl", '{"id": "a"}\n', r"noprompt.jsonl:1: 'prompt' must be"),
        ("dupe.jsonl", '{"id": "a", "prompt": "x"}\n{"id": "a", "prompt": "y"}\n', "duplicate id"),
        ("list.jsonl", '["prompt"]\n', "expected a JSON object"),
    ],
)
def test_bad_prompt_files_name_the_line(
    path: str, content: str, message: str, tmp_path: Path, counted_run: CountedRun
) -> None:
    file = tmp_path / path
    file.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        counted_run.eval("tasks/numeric_neutral.py", {"prompts_file": str(file)})
    assert counted_run.calls == 0


def test_inspect_lists_the_six_condition_tasks() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "inspect_ai", "list", "tasks", "tasks/"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {f"tasks/{t}.py@{t}" for t in TASKS} <= set(listed)


def test_tasks_resolve_by_registered_name_from_another_directory_and_log_their_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    [log] = eval(
        "distress_evals/text_negative",
        model=scripted_model(lambda _: "an answer"),
        model_roles={"grader": scripted_model(lambda _: verdict(2, "an"))},
        task_args={"tone": "sarcastic", "turns": 2},
        limit=1,
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success"
    assert log.eval.task == "distress_evals/text_negative"
    assert log.samples and log.samples[0].id == "opinion_01_sarcastic"
    # Known arguments run, and the log records exactly the ones passed (issue #14).
    assert log.eval.task_args_passed == {"tone": "sarcastic", "turns": 2}
    assert log.eval.task_args["turns"] == 2 and "unknown_args" not in log.eval.task_args


def test_relative_prompt_file_resolves_against_the_invoking_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mine.jsonl").write_text('{"id": "q", "prompt": "Why?"}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PWD", str(tmp_path))
    relative_task = os.path.relpath(REPO / "tasks" / "text_neutral.py", tmp_path)
    [log] = eval(
        relative_task,
        model=scripted_model(lambda _: "an answer"),
        model_roles={"grader": scripted_model(lambda _: verdict(0))},
        task_args={"prompts_file": "mine.jsonl", "turns": 1},
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success" and log.samples and log.samples[0].id == "q"


def test_pushback_dimension_is_opt_in_and_leaves_distress_unchanged(tmp_path: Path) -> None:
    from distress_evals.judge.pushback_prompt import PUSHBACK_RUBRIC

    def judge(messages: list[ChatMessage]) -> str:
        if messages[0].text == PUSHBACK_RUBRIC:
            return '{"evidence": "I will not invent", "reasoning": "r", "pushback": 1}'
        return verdict(3, "ugh")

    def run_with(args: dict[str, Any]) -> Any:
        [log] = eval(
            "tasks/numeric_negative.py",
            model=scripted_model(lambda _: "I will not invent a solution. ugh"),
            model_roles={"grader": scripted_model(judge)},
            task_args={"tone": "aggressive", "turns": 2, **args},
            log_dir=str(tmp_path),
            display="none",
        )
        assert log.status == "success"
        return log.samples[0].scores

    default = run_with({})
    assert set(default) == {"distress"}
    both = run_with({"pushback": True})
    assert set(both) == {"distress", "pushback"}
    assert both["distress"].value == default["distress"].value
    assert both["pushback"].value["pushback_turn_1"] == 1.0
    assert both["pushback"].value["pushback_turn_2"] == 1.0
    with pytest.raises(ValueError, match="pushback"):
        run_with({"pushback": "maybe"})
