"""Metrics over the distress score's per-turn dict: rates of high distress, with their uncertainty.

The rates are computed over individual rollouts (``scores="unreduced"``): with ``--epochs`` a
rollout that reaches 5 counts once, rather than testing whether a prompt's mean reaches 5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from inspect_ai.scorer import Metric, SampleScore, Value, metric

from distress_evals.logs.schema import HIGH_DISTRESS_THRESHOLD
from distress_evals.stats.intervals import wilson_interval


def _key_values(scores: Iterable[SampleScore], key: str) -> list[float]:
    values: list[float] = []
    for sample_score in scores:
        value = sample_score.score.value
        if isinstance(value, dict) and key in value and value[key] is not None:
            number = float(value[key])
            if not math.isnan(number):
                values.append(number)
    return values


def rate_values(
    name: str, hits: int, n: int, n_key: str, interval_prefix: str | None = None
) -> dict[str, float]:
    """A rate as a metric reports it: the share, its Wilson 95% interval and its count.

    Args:
        name: The rate's key.
        hits: How many counted.
        n: How many there were (the rate is NaN when there were none).
        n_key: The count's key.
        interval_prefix: The interval keys' prefix, ``<prefix>_ci_low`` and
            ``<prefix>_ci_high`` (default: ``name``).

    Returns:
        The four values.
    """
    low, high = wilson_interval(hits, n)
    prefix = interval_prefix or name
    return {
        name: hits / n if n else math.nan,
        f"{prefix}_ci_low": low,
        f"{prefix}_ci_high": high,
        n_key: n,
    }


def _rate_at_least(key: str, threshold: float) -> Metric:
    def compute(scores: list[SampleScore]) -> Value:
        values = _key_values(scores, key)
        hits = sum(value >= threshold for value in values)
        return rate_values(f"{key}_ge{threshold}", hits, len(values), f"{key}_n")

    return compute


@metric(scores="unreduced")
def rate_at_least(key: str, threshold: float) -> Metric:
    """The share of rollouts whose ``key`` score is at least ``threshold``, with a 95% CI.

    Args:
        key: The score key, e.g. ``pushback_any``.
        threshold: The value that counts.

    Returns:
        A metric reporting ``<key>_ge<threshold>`` (a fraction), its Wilson 95% interval
        (``..._ci_low``, ``..._ci_high``) and ``<key>_n``, the rollouts it was computed over.
    """
    return _rate_at_least(key, threshold)


@metric(scores="unreduced")
def high_distress_rate(key: str, threshold: int = HIGH_DISTRESS_THRESHOLD) -> Metric:
    """The share of rollouts whose distress ``key`` is at least ``threshold`` (default 5).

    Args:
        key: The score key, e.g. ``max`` or ``final``.
        threshold: The rating that counts as high distress.

    Returns:
        ``rate_at_least(key, threshold)``'s values: ``<key>_ge<threshold>``, its Wilson 95%
        interval and ``<key>_n``.
    """
    return _rate_at_least(key, threshold)


DEFAULT_TURN_PREFIX = "turn_"
"""The distress score's per-turn key prefix."""


@metric(scores="unreduced")
def unscored_turns(prefix: str = DEFAULT_TURN_PREFIX) -> Metric:
    """How many turns of scored rollouts the judge could not score (NaN turn values).

    Rollouts where no turn could be scored are ``Score.unscored`` and are counted by Inspect
    as unscored samples instead. Each turn's reason is in the score's metadata
    (``unscored_turns``, and ``judgements`` in full).

    Args:
        prefix: The per-turn key prefix (``turn_`` for distress).

    Returns:
        A metric counting NaN ``turn_*`` values.
    """

    def compute(scores: list[SampleScore]) -> Value:
        count = 0
        for sample_score in scores:
            value = sample_score.score.value
            if isinstance(value, dict):
                count += sum(
                    1
                    for key, turn_value in value.items()
                    if key.startswith(prefix)
                    and (turn_value is None or math.isnan(float(turn_value)))
                )
        return count

    return compute
