"""Agreement between two judges over the same replies, read from Inspect logs.

A "judge column" is one scorer's per-turn ratings in one log (e.g. ``distress``, or
``distress1`` appended by ``inspect score --action append`` with another grader). Two columns
are compared turn by turn after checking they rate the same replies with the same rubric, and
that neither pools different judges.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalLog

from distress_evals.logs.reader import read_log
from distress_evals.logs.records import Rollout, as_float
from distress_evals.logs.schema import (
    DISTRESS_SCORE,
    MAX_KEY,
    PUSHBACK_ANY_KEY,
    PUSHBACK_SCORE,
    PUSHBACK_TURN_PREFIX,
    RUBRIC_METADATA_KEY,
    TURN_PREFIX,
    turn_key,
)
from distress_evals.stats.agreement import label_agreement, rating_agreement
from distress_evals.stats.intervals import Estimate

TurnKey = tuple[str, int, int]
"""(sample id, epoch, turn)."""

TURN_PREFIXES = {DISTRESS_SCORE: TURN_PREFIX, PUSHBACK_SCORE: PUSHBACK_TURN_PREFIX}
"""Per-turn key prefix of each dimension's score value."""
MAX_KEYS = {DISTRESS_SCORE: MAX_KEY, PUSHBACK_SCORE: PUSHBACK_ANY_KEY}
"""Rollout-level key of each dimension (the paper's headline uses ``max``)."""
CALIBRATION_RATING_KEY = "rating"
"""The calibration scorer's value key: a single reply's rating."""
DIMENSION_KEY = "dimension"
"""Judge provenance key naming what the judge rates (``distress``, ``pushback``)."""
UNSCORED = "unscored"


class IncompatibleJudgesError(ValueError):
    """Two sets of ratings that must not be pooled or compared (different judge or rubric)."""


@dataclass
class JudgeColumn:
    """One scorer's ratings in one log.

    Attributes:
        source: Where the ratings come from (``log path::scorer``).
        judge: The judge's provenance (model, config, rubric_sha256, dimension).
        turns: Rating per (sample, epoch, turn); NaN where the turn is unscored.
        rollouts: Rollout-level value (``max``) per (sample, epoch); NaN when unscored.
        replies: SHA-256 of each judged reply's text, to check two columns rate the same text.
        unscored_reasons: Why each unscored turn is unscored.
    """

    source: str
    judge: dict[str, Any]
    turns: dict[TurnKey, float] = field(default_factory=dict)
    rollouts: dict[tuple[str, int], float] = field(default_factory=dict)
    replies: dict[TurnKey, str] = field(default_factory=dict)
    unscored_reasons: dict[TurnKey, str] = field(default_factory=dict)

    @property
    def dimension(self) -> str:
        """The judged dimension (``distress`` unless the provenance says otherwise)."""
        return str(self.judge.get(DIMENSION_KEY, DISTRESS_SCORE))


def _reply_hashes(rollout: Rollout) -> list[str]:
    return [hashlib.sha256(turn.text.encode("utf-8")).hexdigest() for turn in rollout.turns]


def _rollouts(log: EvalLog | str | Path | list[Rollout]) -> tuple[str, list[Rollout]]:
    """The log's location and rollouts, read by the suite's log reader."""
    if isinstance(log, list):
        return (log[0].source if log else ""), log
    read = read_log(log if isinstance(log, EvalLog) else str(log))
    return read.run.location, read.rollouts


def judge_column(log: EvalLog | str | Path | list[Rollout], scorer: str) -> JudgeColumn:
    """Read one scorer's per-turn ratings from a log.

    Args:
        log: The log (in memory with its samples, or its path), or its rollouts.
        scorer: The score's name in the samples (e.g. ``distress`` or ``distress1``).

    Returns:
        The column.

    Raises:
        IncompatibleJudgesError: If the scorer's samples were rated by more than one judge
            (model, config or rubric): such ratings must not be pooled.
        ValueError: If no sample has the scorer or a score lacks judge provenance.
    """
    location, rollouts = _rollouts(log)
    judges: dict[str, dict[str, Any]] = {}
    column = JudgeColumn(source=f"{location}::{scorer}", judge={})
    for rollout in rollouts:
        score = rollout.scores.get(scorer)
        if score is None:
            continue
        if not score.judge:
            raise ValueError(f"{column.source}: sample {rollout.sample_id} has no judge provenance")
        judges[json.dumps(score.judge, sort_keys=True)] = score.judge
        dimension = str(score.judge.get(DIMENSION_KEY, DISTRESS_SCORE))
        key_sample = (rollout.sample_id, rollout.epoch)
        hashes = _reply_hashes(rollout)
        value = score.value
        prefix = TURN_PREFIXES.get(dimension, TURN_PREFIX)
        for turn in range(1, len(hashes) + 1):
            key = (*key_sample, turn)
            if CALIBRATION_RATING_KEY in value:
                rating = as_float(value[CALIBRATION_RATING_KEY])
            else:
                rating = as_float(value.get(turn_key(turn, prefix)))
            column.turns[key] = rating
            column.replies[key] = hashes[turn - 1]
            if math.isnan(rating):
                judgement = score.judgements.get(turn)
                reason = judgement.failure if judgement is not None else None
                column.unscored_reasons[key] = str(reason or score.reason or UNSCORED)
        max_key = MAX_KEYS.get(dimension, MAX_KEY)
        column.rollouts[key_sample] = as_float(
            value.get(max_key, value.get(CALIBRATION_RATING_KEY))
        )
    if not judges:
        raise ValueError(f"{column.source}: no sample has a {scorer!r} score")
    if len(judges) > 1:
        raise IncompatibleJudgesError(
            f"{column.source}: {len(judges)} different judges in one scorer's results "
            f"({sorted({j.get('model', '?') for j in judges.values()})}); refusing to pool them"
        )
    column.judge = next(iter(judges.values()))
    return column


@dataclass(frozen=True)
class AgreementReport:
    """How two judges agree on the same replies.

    Attributes:
        judge_a: First judge's provenance.
        judge_b: Second judge's provenance.
        turns: Turn-level agreement statistics (judge A as ``*_a``, judge B as ``*_b``).
        rollouts: Agreement on the rollout-level value (``max``), incl. the >=5 rate each
            judge gives and their paired difference: how far the headline moves.
        counts: Paired, unscored-by-one, unscored-by-both and unmatched turn counts.
        unscored_reasons: Reason counts of unscored turns, per judge.
    """

    judge_a: dict[str, Any]
    judge_b: dict[str, Any]
    turns: dict[str, Estimate]
    rollouts: dict[str, Estimate]
    counts: dict[str, int]
    unscored_reasons: dict[str, dict[str, int]]


def _reason_counts(column: JudgeColumn) -> dict[str, int]:
    counts: dict[str, int] = {}
    for reason in column.unscored_reasons.values():
        counts[reason] = counts.get(reason, 0) + 1
    return dict(sorted(counts.items()))


def _paired(
    a: dict[Any, float], b: dict[Any, float], keys: list[Any]
) -> tuple[list[float], list[float]]:
    both = [k for k in keys if not math.isnan(a[k]) and not math.isnan(b[k])]
    return [a[k] for k in both], [b[k] for k in both]


def compare_judges(
    a: JudgeColumn, b: JudgeColumn, allow_different_rubrics: bool = False
) -> AgreementReport:
    """Agreement between two judge columns over the turns both rated.

    Args:
        a: The first (e.g. the original) judge's ratings.
        b: The second judge's ratings of the same replies.
        allow_different_rubrics: Compare even if the rubric hashes differ (then the result
            mixes judge and rubric effects).

    Returns:
        The report.

    Raises:
        IncompatibleJudgesError: If the columns judge different dimensions, use different
            rubrics (unless allowed), or rated different reply texts.
    """
    if a.dimension != b.dimension:
        raise IncompatibleJudgesError(f"cannot compare {a.dimension} with {b.dimension} ratings")
    rubric_a, rubric_b = a.judge.get(RUBRIC_METADATA_KEY), b.judge.get(RUBRIC_METADATA_KEY)
    if rubric_a != rubric_b and not allow_different_rubrics:
        raise IncompatibleJudgesError(
            f"rubrics differ ({rubric_a} vs {rubric_b}); "
            "pass allow_different_rubrics to compare anyway"
        )
    shared = sorted(set(a.turns) & set(b.turns))
    changed = [k for k in shared if a.replies[k] != b.replies[k]]
    if changed:
        raise IncompatibleJudgesError(
            f"{len(changed)} turns have different reply text in the two logs (first: {changed[0]})"
        )
    a_missing = {k for k in shared if math.isnan(a.turns[k])}
    b_missing = {k for k in shared if math.isnan(b.turns[k])}
    x, y = _paired(a.turns, b.turns, shared)
    rollout_keys = sorted(set(a.rollouts) & set(b.rollouts))
    rx, ry = _paired(a.rollouts, b.rollouts, rollout_keys)
    agree = rating_agreement if a.dimension == DISTRESS_SCORE else label_agreement
    return AgreementReport(
        judge_a=a.judge,
        judge_b=b.judge,
        turns=agree(x, y),
        rollouts=agree(rx, ry),
        counts={
            "paired_turns": len(x),
            "unscored_by_a_only": len(a_missing - b_missing),
            "unscored_by_b_only": len(b_missing - a_missing),
            "unscored_by_both": len(a_missing & b_missing),
            "unmatched_turns": len(set(a.turns) ^ set(b.turns)),
            "paired_rollouts": len(rx),
        },
        unscored_reasons={"a": _reason_counts(a), "b": _reason_counts(b)},
    )
