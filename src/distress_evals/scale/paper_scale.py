"""The paper-scale run as data: which task, with which arguments, for how many epochs.

The paper gives every model 4,000 conversations (paper-protocol.md §1, App. B): 2,000 on the
impossible numeric puzzles, 400 on the trigger questions, 600 toned, 200 extended (8 turns) and
800 on WildChat prompts. Each entry below is one Inspect task run for a number of epochs, so the
whole set is one ``inspect_ai.eval_set`` and re-running it with the same log directory resumes.
"""

from __future__ import annotations

import importlib
import importlib.util
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inspect_ai import Task, task_with

TASK_PACKAGE = "distress_evals.tasks"
TASK_PREFIX = "distress_evals"
PAPER_CONVERSATIONS = 4000
"""Conversations per evaluated model in the paper."""


@dataclass(frozen=True)
class PaperRun:
    """One condition of the paper-scale run.

    Attributes:
        condition: The task's name (``tasks/<condition>.py`` defines ``@task <condition>``).
        samples: Samples in the task's dataset with these arguments.
        epochs: Epochs to run, so ``samples * epochs`` conversations.
        turns: Replies per conversation (the task's default; used for call counts).
        task_args: Arguments passed to the task.
    """

    condition: str
    samples: int
    epochs: int
    turns: int
    task_args: Mapping[str, Any] = field(default_factory=dict)

    @property
    def conversations(self) -> int:
        """Conversations this condition contributes."""
        return self.samples * self.epochs

    @property
    def replies(self) -> int:
        """Target calls (one per reply), which is also the number of judge calls."""
        return self.conversations * self.turns

    @property
    def task_name(self) -> str:
        """The registry name Inspect resolves, e.g. ``distress_evals/numeric_neutral``."""
        return f"{TASK_PREFIX}/{self.condition}"

    def available(self) -> bool:
        """Whether the condition's task module is installed."""
        return importlib.util.find_spec(f"{TASK_PACKAGE}.{self.condition}") is not None


PAPER_SCALE_RUNS: tuple[PaperRun, ...] = (
    # Impossible numeric, as the authors pooled it: their 5 original and 5 variant puzzles (the
    # variants as they ran them, two of them solvable) x 200 samples = 2,000 conversations.
    PaperRun("numeric_neutral", samples=5, epochs=200, turns=3, task_args={"puzzles": "original"}),
    PaperRun(
        "numeric_neutral",
        samples=5,
        epochs=200,
        turns=3,
        task_args={"puzzles": "variant_as_published"},
    ),
    PaperRun("text_neutral", samples=20, epochs=20, turns=3),
    PaperRun("numeric_negative", samples=3, epochs=200, turns=3, task_args={"tone": "all"}),
    # tasks/extended.py (short Countdown-156 prompt, 8 fixed turns) is added separately; until it
    # exists this entry is skipped, with a warning, and the set holds 3,800 conversations.
    PaperRun("extended", samples=1, epochs=200, turns=8),
    PaperRun("wildchat_neutral", samples=20, epochs=40, turns=5),
)
"""The paper's 4,000 conversations per model. Adding a condition is one line here."""

WILDCHAT_CONDITIONS = frozenset({"wildchat_neutral", "wildchat_negative"})
"""Conditions that read WildChat-1M (network on first build) unless given ``prompts_file``."""


def split_available(
    runs: Sequence[PaperRun] = PAPER_SCALE_RUNS,
) -> tuple[list[PaperRun], list[PaperRun]]:
    """Separate the runs whose task exists from those whose task file is still missing.

    Args:
        runs: The configuration.

    Returns:
        ``(available, missing)``.
    """
    available = [run for run in runs if run.available()]
    return available, [run for run in runs if run not in available]


def with_overrides(
    runs: Sequence[PaperRun],
    seed: int | None = None,
    wildchat_prompts: str | None = None,
    epochs: int | None = None,
) -> list[PaperRun]:
    """The runs with a seed and a WildChat prompt file added to their task arguments.

    Args:
        runs: The configuration.
        seed: Seed for every task's rejection draws (None: each task's default).
        wildchat_prompts: JSONL prompts for the WildChat conditions (for offline machines).
        epochs: Epochs for every condition instead of the paper's (None: the paper's), e.g. 1
            for a pilot run.

    Returns:
        New runs; the originals are unchanged.
    """
    updated = []
    for run in runs:
        args = dict(run.task_args)
        if seed is not None:
            args["seed"] = seed
        if wildchat_prompts is not None and run.condition in WILDCHAT_CONDITIONS:
            args["prompts_file"] = wildchat_prompts
        run_epochs = run.epochs if epochs is None else epochs
        updated.append(PaperRun(run.condition, run.samples, run_epochs, run.turns, args))
    return updated


def run_labels(runs: Sequence[PaperRun]) -> list[str]:
    """A name per run for reports, e.g. ``numeric_neutral puzzles=original``.

    The condition, plus the arguments that tell apart runs of the same condition.

    Args:
        runs: The configuration.

    Returns:
        One label per run, in order.
    """
    labels = []
    for run in runs:
        same = [other for other in runs if other.condition == run.condition]
        differing = sorted(
            key
            for key in run.task_args
            if any(other.task_args.get(key) != run.task_args[key] for other in same)
        )
        parts = [f"{key}={_cli_value(run.task_args[key])}" for key in differing]
        labels.append(" ".join([run.condition, *parts]))
    return labels


def build_task(run: PaperRun) -> Task:
    """Build one condition's task with its epochs (the dataset may load from disk or network).

    Args:
        run: The condition.

    Returns:
        The task, carrying ``run.epochs``.
    """
    module = importlib.import_module(f"{TASK_PACKAGE}.{run.condition}")
    built: Task = getattr(module, run.condition)(**run.task_args)
    return task_with(built, epochs=run.epochs)


def cli_commands(
    runs: Sequence[PaperRun],
    model: str,
    log_dir: str,
    grader: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """The ``inspect eval-set`` commands equivalent to running the set from Python.

    ``inspect eval-set`` takes one ``--epochs`` for all of its tasks, so each condition is its
    own command; all share one log directory (``--log-dir-allow-dirty`` lets each ignore the
    others' logs), and re-running any of them resumes it.

    Args:
        runs: The conditions.
        model: The evaluated model.
        log_dir: The shared log directory.
        grader: The judge (a model name or an inline YAML config), or None for the default.
        extra: Further options appended to every command.

    Returns:
        One shell command per condition.
    """
    commands = []
    for run in runs:
        parts = [
            "inspect eval-set",
            run.task_name,
            f"--model {model}",
            f"--epochs {run.epochs}",
            f"--log-dir {log_dir}",
            "--log-dir-allow-dirty",
        ]
        if grader is not None:
            parts.append(f"--model-role {shlex.quote('grader=' + grader)}")
        parts += [f"-T {k}={_cli_value(v)}" for k, v in run.task_args.items()]
        parts += list(extra)
        commands.append(" ".join(parts))
    return commands


def _cli_value(value: Any) -> str:
    return shlex.quote(",".join(map(str, value)) if isinstance(value, list | tuple) else str(value))
