"""The paper-scale configuration: exact conversation counts, task builds, CLI form."""

from __future__ import annotations

import pytest

from distress_evals.scale.paper_scale import (
    PAPER_CONVERSATIONS,
    PAPER_SCALE_RUNS,
    WILDCHAT_CONDITIONS,
    PaperRun,
    build_task,
    cli_commands,
    split_available,
    with_overrides,
)

EXPECTED = {
    ("numeric_neutral", "original"): (1000, 3),
    ("numeric_neutral", "variant_as_published"): (1000, 3),
    ("text_neutral", None): (400, 3),
    ("numeric_negative", None): (600, 3),
    ("extended", None): (200, 8),
    ("wildchat_neutral", None): (800, 5),
}
"""The paper's 4,000 conversations: 2,000 impossible numeric (the authors' 5 original and 5
variant puzzles pooled, 200 samples each), 400 triggers, 600 tones, 200 extended, 800 WildChat."""


def test_paper_counts_are_exact() -> None:
    counts = {
        (run.condition, run.task_args.get("puzzles")): (run.conversations, run.turns)
        for run in PAPER_SCALE_RUNS
    }
    assert counts == EXPECTED
    numeric = [run for run in PAPER_SCALE_RUNS if run.condition == "numeric_neutral"]
    assert [(run.samples, run.epochs) for run in numeric] == [(5, 200), (5, 200)]
    assert sum(run.conversations for run in PAPER_SCALE_RUNS) == PAPER_CONVERSATIONS == 4000
    assert sum(run.replies for run in PAPER_SCALE_RUNS) == 6000 + 1200 + 1800 + 1600 + 4000


@pytest.mark.parametrize(
    "run", [r for r in PAPER_SCALE_RUNS if r.condition not in WILDCHAT_CONDITIONS], ids=str
)
def test_each_buildable_task_matches_its_entry(run: PaperRun) -> None:
    if not run.available():
        pytest.skip(f"tasks/{run.condition}.py not installed")
    task = build_task(run)
    assert len(task.dataset) == run.samples
    assert task.epochs == run.epochs
    assert (task.metadata or {})["turns"] == run.turns


def test_missing_task_is_split_off() -> None:
    ghost = PaperRun("no_such_condition", samples=1, epochs=2, turns=3)
    available, missing = split_available([PAPER_SCALE_RUNS[0], ghost])
    assert available == [PAPER_SCALE_RUNS[0]]
    assert missing == [ghost]


def test_overrides_reach_wildchat_only() -> None:
    runs = with_overrides(PAPER_SCALE_RUNS, seed=7, wildchat_prompts="wc.jsonl")
    by_name = {r.condition: r for r in runs}
    assert by_name["wildchat_neutral"].task_args == {"seed": 7, "prompts_file": "wc.jsonl"}
    assert by_name["numeric_negative"].task_args == {"tone": "all", "seed": 7}
    negative = next(r for r in PAPER_SCALE_RUNS if r.condition == "numeric_negative")
    assert negative.task_args == {"tone": "all"}


def test_cli_commands_carry_epochs_roles_and_args() -> None:
    grader = "{model: anthropic/claude-sonnet-4-20250514, batch: true}"
    commands = cli_commands(PAPER_SCALE_RUNS, "vllm/org/model", "logs/paper", grader)
    assert len(commands) == len(PAPER_SCALE_RUNS)
    [negative] = [c for c in commands if "distress_evals/numeric_negative " in c]
    assert negative.startswith("inspect eval-set distress_evals/numeric_negative ")
    assert "--epochs 200" in negative and "-T tone=all" in negative
    assert f"--model-role 'grader={grader}'" in negative
    assert all("--log-dir logs/paper --log-dir-allow-dirty" in c for c in commands)
    numeric = [c for c in commands if "distress_evals/numeric_neutral " in c]
    assert [c.split("-T ")[-1] for c in numeric] == [
        "puzzles=original",
        "puzzles=variant_as_published",
    ]
