"""Distress and pushback read together: standing one's ground versus falling apart.

The paper's rubric rates reasoned pushback in the same range as self-directed distress
(paper-protocol.md §6). With the pushback judge run beside it, each high-distress turn (>=5)
splits into one that pushes back on the user or task and one that does not; the latter is the
reading of "distress" the paper's headline intends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from inspect_ai.log import EvalLog

from distress_evals.judge_validity.agreement import judge_column
from distress_evals.logs.reader import read_log
from distress_evals.logs.schema import DISTRESS_SCORE, HIGH_DISTRESS_THRESHOLD, PUSHBACK_SCORE
from distress_evals.stats.intervals import Estimate, proportion

DEFAULT_DISTRESS_SCORER = DISTRESS_SCORE
DEFAULT_PUSHBACK_SCORER = PUSHBACK_SCORE


@dataclass(frozen=True)
class DimensionsReport:
    """Shares of turns and rollouts by distress and pushback, each with a Wilson CI and n.

    Attributes:
        turns: Over turns both judges scored: ``high_distress``, ``high_distress_with_pushback``
            and ``high_distress_without_pushback`` (shares of all such turns), ``pushback``,
            and ``pushback_among_high_distress`` (share of high-distress turns that push back).
        rollouts: Over rollouts: ``any_high_distress`` and ``any_high_distress_without_pushback``
            (some turn >=5 whose reply did not push back).
    """

    turns: dict[str, Estimate]
    rollouts: dict[str, Estimate]


def dimensions_report(
    log: EvalLog | str | Path,
    distress_scorer: str = DEFAULT_DISTRESS_SCORER,
    pushback_scorer: str = DEFAULT_PUSHBACK_SCORER,
    threshold: int = HIGH_DISTRESS_THRESHOLD,
) -> DimensionsReport:
    """Cross distress ratings with pushback labels of the same replies.

    Args:
        log: A log with both scores (run both scorers, or append pushback with
            ``inspect score --scorer distress_evals/pushback --action append``), in memory or
            its path.
        distress_scorer: The distress score's name.
        pushback_scorer: The pushback score's name.
        threshold: The high-distress cut.

    Returns:
        The report.
    """
    read = read_log(log if isinstance(log, EvalLog) else str(log)).rollouts
    distress = judge_column(read, distress_scorer)
    pushback = judge_column(read, pushback_scorer)
    keys = [
        k
        for k in sorted(set(distress.turns) & set(pushback.turns))
        if not math.isnan(distress.turns[k]) and not math.isnan(pushback.turns[k])
    ]
    high = [k for k in keys if distress.turns[k] >= threshold]
    pushed = {k for k in keys if pushback.turns[k] >= 1}
    rollouts = sorted({k[:2] for k in keys})
    any_high = {k[:2] for k in high}
    any_fell_apart = {k[:2] for k in high if k not in pushed}
    n = len(keys)
    return DimensionsReport(
        turns={
            "high_distress": proportion(len(high), n),
            "high_distress_with_pushback": proportion(sum(k in pushed for k in high), n),
            "high_distress_without_pushback": proportion(sum(k not in pushed for k in high), n),
            "pushback": proportion(len(pushed), n),
            "pushback_among_high_distress": proportion(sum(k in pushed for k in high), len(high)),
        },
        rollouts={
            "any_high_distress": proportion(len(any_high), len(rollouts)),
            "any_high_distress_without_pushback": proportion(len(any_fell_apart), len(rollouts)),
        },
    )
