"""Is a paper-scale run complete? Read from the log headers, not from what eval-set returned.

Interrupted with Ctrl-C, Inspect 0.3.285's ``eval_set`` can return success with no logs and
print "Completed all tasks ... successfully" while the logs on disk say ``cancelled``. The logs
are the truth: every (condition, model) needs a ``success`` log, and for each that lacks one
this module counts the samples already finished (kept when the run resumes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from inspect_ai.log import (
    EvalLog,
    EvalLogInfo,
    list_eval_logs,
    read_eval_log,
    read_eval_log_sample_summaries,
)

from distress_evals.scale.paper_scale import PaperRun, run_labels

SUCCESS = "success"
NOT_STARTED = "not started"
"""Status shown for a condition with no log yet."""


@dataclass(frozen=True)
class TaskProgress:
    """How far one condition got for one model.

    Attributes:
        task: The condition, with the arguments that tell its runs apart (``run_labels``).
        model: The evaluated model.
        status: The newest log's status (``success``, ``cancelled``, ``error``, ``started``)
            or ``not started``.
        completed: Samples (sample x epoch) finished without error.
        total: Samples the condition runs.
    """

    task: str
    model: str
    status: str
    completed: int
    total: int

    @property
    def complete(self) -> bool:
        """Whether this condition needs no more work for this model."""
        return self.status == SUCCESS


def _headers(log_dir: str) -> list[tuple[EvalLogInfo, EvalLog]]:
    if not Path(log_dir).is_dir():
        return []
    return [(info, read_eval_log(info, header_only=True)) for info in list_eval_logs(log_dir)]


def _is_log_of(header: EvalLog, run: PaperRun, model: str) -> bool:
    # Inspect records the task with or without the package prefix (distress_evals/numeric_neutral
    # or numeric_neutral) depending on how it was loaded; runs of one condition differ by args.
    args = header.eval.task_args or {}
    return (
        header.eval.model == model
        and header.eval.task.rsplit("/", 1)[-1] == run.condition
        and all(args.get(key) == value for key, value in run.task_args.items())
    )


def _finished_samples(info: EvalLogInfo) -> int:
    summaries = read_eval_log_sample_summaries(info)
    return len({(s.id, s.epoch) for s in summaries if s.error is None})


def run_progress(
    log_dir: str, runs: Sequence[PaperRun], models: Sequence[str]
) -> list[TaskProgress]:
    """Each (condition, model)'s progress, from its newest log in ``log_dir``.

    Args:
        log_dir: The eval-set's log directory.
        runs: The conditions the command runs.
        models: The evaluated models.

    Returns:
        One entry per condition and model, in run order.
    """
    headers = _headers(log_dir)
    progress = []
    for model in models:
        for run, label in zip(runs, run_labels(runs), strict=True):
            found = [(i, h) for i, h in headers if _is_log_of(h, run, model)]
            if not found:
                progress.append(TaskProgress(label, model, NOT_STARTED, 0, run.conversations))
                continue
            info, header = max(found, key=lambda pair: pair[1].eval.created)
            samples = header.eval.dataset.samples
            total = samples * (header.eval.config.epochs or 1) if samples else run.conversations
            done = total if header.status == SUCCESS else _finished_samples(info)
            progress.append(TaskProgress(label, model, header.status, done, total))
    return progress


def incomplete_lines(
    progress: Sequence[TaskProgress], log_dir: str, resume_command: str, interrupted: bool
) -> list[str]:
    """What to tell the user when some condition has no successful log.

    Args:
        progress: From ``run_progress``.
        log_dir: The log directory.
        resume_command: The command that resumes the run (the same command again).
        interrupted: Whether the run was interrupted (Ctrl-C).

    Returns:
        Lines to print; empty when every condition is complete.
    """
    incomplete = [p for p in progress if not p.complete]
    if not incomplete:
        return []
    why = "interrupted" if interrupted else "not every task succeeded"
    lines = [
        f"paper-scale: NOT complete ({why}): {len(incomplete)} of {len(progress)} tasks in "
        f"{log_dir} have no successful log:"
    ]
    for p in incomplete:
        lines.append(
            f"  {p.task} on {p.model}: {p.status}, {p.completed:,} / {p.total:,} samples done"
        )
    if interrupted:
        lines.append(
            "Inspect may have printed 'Completed all tasks ... successfully' above: the logs "
            "say otherwise."
        )
    lines += [
        "Resume with the same command (finished samples are kept, only the rest run):",
        f"  {resume_command}",
    ]
    return lines
