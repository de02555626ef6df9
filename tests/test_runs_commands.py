"""The paper-scale command: dry run without keys, several models, a tiny eval-set that resumes."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from inspect_ai.log import list_eval_logs, read_eval_log

import distress_evals.providers.latency_model  # noqa: F401 - registers the latency providers
from distress_evals import cli
from distress_evals.cli import scale as commands
from distress_evals.scale import models
from distress_evals.scale.completion import SUCCESS, run_progress
from distress_evals.scale.gc_tuning import DEFAULT_LONG_RUN_GC_THRESHOLDS
from distress_evals.scale.paper_scale import PaperRun, run_labels


def test_dry_run_needs_no_model_or_key(capsys: pytest.CaptureFixture[str]) -> None:
    tiny = (PaperRun("numeric_neutral", samples=5, epochs=2, turns=3),)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(commands, "PAPER_SCALE_RUNS", tiny)
        code = cli.main(
            ["paper-scale", "--dry-run", "--grader", "{model: anthropic/x, batch: true}"]
        )
    out = capsys.readouterr().out
    assert code == 0
    assert "numeric_neutral" in out and "30" in out
    assert "Prompt caching of the rubric on anthropic/x: does not apply" in out
    assert "inspect eval-set distress_evals/numeric_neutral --model <model> --epochs 2" in out


def test_grader_spec_parsing() -> None:
    assert models.parse_grader(None)[0] is None
    assert models.parse_grader("openai/gpt-5-mini") == (
        {"model": "openai/gpt-5-mini"},
        "openai/gpt-5-mini",
    )
    spec, name = models.parse_grader("{model: anthropic/x, batch: true}")
    assert spec == {"model": "anthropic/x", "batch": True} and name == "anthropic/x"
    with pytest.raises(ValueError):
        models.parse_grader("{batch: true}")


def test_models_repeat_or_comma_separate() -> None:
    assert models.split_models(["a/x", "b/y,c/z", " a/x "]) == ["a/x", "b/y", "c/z"]
    assert models.split_models([]) == []


def test_several_models_each_get_every_task(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny = (PaperRun("numeric_neutral", samples=5, epochs=1, turns=2),)
    monkeypatch.setattr(commands, "PAPER_SCALE_RUNS", tiny)
    argv = [
        "paper-scale",
        "--model",
        "latency-target/one",
        "--model",
        "latency-target/two",
        "-M",
        "mean_latency=0.01",
        "--grader",
        "latency-grader/t",
        "--log-dir",
        str(tmp_path),
    ]
    assert cli.main(argv) == 0
    logs = [read_eval_log(info, header_only=True) for info in list_eval_logs(str(tmp_path))]
    assert sorted(log.eval.model for log in logs) == ["latency-target/one", "latency-target/two"]
    assert all(log.status == "success" for log in logs)


def test_eval_set_gets_the_model_list_and_a_task_slot_per_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, Any] = {}

    def fake_eval_set(tasks: list[Any], **kwargs: Any) -> tuple[bool, list[Any]]:
        seen.update(kwargs, tasks=len(tasks))
        return True, []

    two_runs = (PaperRun("numeric_neutral", 1, 1, 2), PaperRun("text_neutral", 1, 1, 2))
    monkeypatch.setattr(commands, "eval_set", fake_eval_set)
    monkeypatch.setattr(commands, "PAPER_SCALE_RUNS", two_runs)
    argv = ["paper-scale", "--model", "a/x,b/y", "--model", "c/z", "--log-dir", str(tmp_path)]
    # A judge that needs no key: without one, paper-scale stops before the eval-set.
    argv += ["--max-connections", "7", "--grader", "mockllm/model"]
    # eval-set said success but wrote no log: every task is reported missing.
    assert cli.main(argv) == commands.EXIT_INCOMPLETE
    assert seen["model"] == ["a/x", "b/y", "c/z"] and seen["tasks"] == 2
    assert seen["max_tasks"] == 6 and seen["max_connections"] == 7
    err = capsys.readouterr().err
    assert err.count("not started") == 6 and "distress-evals paper-scale --model a/x,b/y" in err


def test_run_then_resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tiny = (PaperRun("numeric_neutral", samples=5, epochs=1, turns=2),)
    monkeypatch.setattr(commands, "PAPER_SCALE_RUNS", tiny)
    argv = [
        "paper-scale",
        "--model",
        "latency-target/t",
        "--grader",
        "{model: latency-grader/t, max_connections: 10}",
        "--log-dir",
        str(tmp_path),
    ]
    assert cli.main(argv) == 0
    logs = sorted(tmp_path.glob("*.eval"))
    assert len(logs) == 1
    assert cli.main(argv) == 0  # complete: resuming re-uses the log, runs nothing new
    assert sorted(tmp_path.glob("*.eval")) == logs


def test_interrupted_run_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tiny = (PaperRun("numeric_neutral", samples=5, epochs=1, turns=2),)
    monkeypatch.setattr(commands, "PAPER_SCALE_RUNS", tiny)
    argv = [
        "paper-scale",
        "--model",
        "latency-target/outage",
        "-M",
        "mean_latency=0.01",
        "-M",
        "fail_calls=2",
        "--grader",
        "{model: latency-grader/t}",
        "--retry-attempts",
        "0",
        "--log-dir",
        str(tmp_path),
    ]
    assert cli.main(argv) == 1  # the outage fails the first attempt
    assert cli.main(argv) == 0  # same command again: resumes and completes
    [info] = list_eval_logs(str(tmp_path))
    log = read_eval_log(info)
    assert log.status == "success"
    assert log.samples is not None and len(log.samples) == 5


@pytest.mark.parametrize("default_gc", [False, True])
def test_collector_is_tuned_only_while_the_eval_set_runs(
    monkeypatch: pytest.MonkeyPatch, default_gc: bool
) -> None:
    seen: list[tuple[int, int, int]] = []

    def fake_eval_set(*_: Any, **__: Any) -> tuple[bool, list[Any]]:
        seen.append(gc.get_threshold())
        return True, []

    monkeypatch.setattr(commands, "eval_set", fake_eval_set)
    monkeypatch.setattr(commands, "PAPER_SCALE_RUNS", (PaperRun("numeric_neutral", 1, 1, 2),))
    before = gc.get_threshold()
    argv = ["paper-scale", "--model", "latency-target/t", "--log-dir", "unused"]
    argv += ["--grader", "mockllm/model"]
    # The fake eval-set writes no log, so the command reports the task as not started.
    code = cli.main(argv + (["--default-gc"] if default_gc else []))
    assert code == commands.EXIT_INCOMPLETE
    assert seen == [before if default_gc else DEFAULT_LONG_RUN_GC_THRESHOLDS]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


PUZZLE_RUNS = (
    PaperRun("numeric_neutral", 5, 1, 2, {"puzzles": "original"}),
    PaperRun("numeric_neutral", 5, 1, 2, {"puzzles": "variant_as_published"}),
    PaperRun("text_neutral", 20, 1, 3),
)


def test_runs_of_one_condition_are_told_apart_by_their_arguments() -> None:
    assert run_labels(PUZZLE_RUNS) == [
        "numeric_neutral puzzles=original",
        "numeric_neutral puzzles=variant_as_published",
        "text_neutral",
    ]


def test_each_run_of_a_condition_is_checked_against_its_own_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(commands, "PAPER_SCALE_RUNS", PUZZLE_RUNS[:2])
    argv = ["paper-scale", "--model", "latency-target/p", "-M", "mean_latency=0.01"]
    argv += ["--grader", "latency-grader/p", "--log-dir", str(tmp_path)]
    assert cli.main(argv) == 0
    assert "all 2 tasks complete" in capsys.readouterr().out
    progress = run_progress(str(tmp_path), PUZZLE_RUNS, ["latency-target/p"])
    assert [(p.task, p.status, p.completed) for p in progress] == [
        ("numeric_neutral puzzles=original", SUCCESS, 5),
        ("numeric_neutral puzzles=variant_as_published", SUCCESS, 5),
        ("text_neutral", "not started", 0),
    ]
