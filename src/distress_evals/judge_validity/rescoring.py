"""Re-score an existing log with another judge, without regenerating any reply.

The function form of ``inspect score LOG --action append --model-role grader=<judge>``: the
scorers run again over the logged transcripts with the ``grader`` role bound to the new judge,
and their scores are appended beside the originals. Inspect names an appended score after its
scorer plus the lowest free number (``distress`` -> ``distress1`` -> ``distress2``).
"""

from __future__ import annotations

from collections.abc import Sequence

from inspect_ai import score
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import Model
from inspect_ai.scorer import Scorer

from distress_evals.logs.schema import JUDGE_ROLE
from distress_evals.scorers.distress import distress


def rescore_with_judge(
    log: EvalLog | str, judge: str | Model, scorers: Sequence[Scorer] | None = None
) -> EvalLog:
    """Append a second judge's scores to a log's samples.

    Args:
        log: The log, or its path.
        judge: The judge to bind to the ``grader`` role (a model name or a ``Model``).
        scorers: The scorers to re-run (default: ``distress()``).

    Returns:
        A copy of the log with the new scores appended (write it with ``write_eval_log``).
    """
    eval_log = read_eval_log(log) if isinstance(log, str) else log
    return score(
        eval_log,
        list(scorers) if scorers is not None else [distress()],
        model_roles={JUDGE_ROLE: judge},
        action="append",
        display="none",
    )
