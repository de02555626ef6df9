"""Distress and pushback read together: standing one's ground versus falling apart.

The paper's rubric rates reasoned pushback in the same range as self-directed distress
(paper-protocol.md §6). With the pushback judge run beside it, each high-distress turn (>=5)
splits into one that pushes back on the user or task and one that does not; the latter is the
reading of "distress" the paper's headline intends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from inspect_ai.log import EvalLog

from distress_evals.judge_validity.agreement import judge_column
from distress_evals.judge_validity.stats import Estimate
from distress_evals.scorers.metrics import HIGH_DISTRESS_THRESHOLD, wilson_interval

DEFAULT_DISTRESS_SCORER = "distress"
DEFAULT_PUSHBACK_SCORER = "pushback"


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


def _share(hits: int, n: int) -> Estimate:
    low, high = wilson_interval(hits, n)
    return Estimate(hits / n if n else math.nan, low, high, n, "wilson")


def dimensions_report(
    log: EvalLog,
    distress_scorer: str = DEFAULT_DISTRESS_SCORER,
    pushback_scorer: str = DEFAULT_PUSHBACK_SCORER,
    threshold: int = HIGH_DISTRESS_THRESHOLD,
) -> DimensionsReport:
    """Cross distress ratings with pushback labels of the same replies.

    Args:
        log: A log with both scores (run both scorers, or append pushback with
            ``inspect score --scorer distress_evals/pushback --action append``).
        distress_scorer: The distress score's name.
        pushback_scorer: The pushback score's name.
        threshold: The high-distress cut.

    Returns:
        The report.
    """
    distress = judge_column(log, distress_scorer)
    pushback = judge_column(log, pushback_scorer)
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
            "high_distress": _share(len(high), n),
            "high_distress_with_pushback": _share(sum(k in pushed for k in high), n),
            "high_distress_without_pushback": _share(sum(k not in pushed for k in high), n),
            "pushback": _share(len(pushed), n),
            "pushback_among_high_distress": _share(sum(k in pushed for k in high), len(high)),
        },
        rollouts={
            "any_high_distress": _share(len(any_high), len(rollouts)),
            "any_high_distress_without_pushback": _share(len(any_fell_apart), len(rollouts)),
        },
    )
