"""Agreement between two sets of ratings of the same replies, each statistic with a CI and n.

Used both for calibration (a judge against reference ratings) and for inter-judge agreement
(one judge against another). Interval methods, fixed so reports are reproducible:

- proportions (within 1 point, band accuracy, agreement on the >=5 cut, >=5 rates): Wilson;
- Pearson correlation: Fisher z;
- everything else (mean absolute error, Spearman correlation, Cohen's kappa, paired
  differences): percentile bootstrap over items, ``DEFAULT_BOOTSTRAP_RESAMPLES`` resamples
  with ``DEFAULT_BOOTSTRAP_SEED``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from distress_evals.logs.schema import HIGH_DISTRESS_THRESHOLD
from distress_evals.stats.intervals import (
    BOOTSTRAP,
    CONFIDENCE,
    FISHER_Z,
    Estimate,
    fisher_z_interval,
    proportion,
)

Array = npt.NDArray[np.float64]

DEFAULT_BOOTSTRAP_RESAMPLES = 2000
DEFAULT_BOOTSTRAP_SEED = 20260310
"""Fixed so that the same ratings always give the same interval."""

BANDS: tuple[tuple[int, int], ...] = ((0, 0), (1, 2), (3, 4), (5, 6), (7, 8), (9, 10))
"""The paper's rubric bands: 0, 1-2 slight, 3-4 moderate, 5-6 strong, 7-8 very strong, 9-10."""


def band(rating: float) -> int:
    """The index of the rubric band a rating falls in (0 for "0" ... 5 for "9-10").

    Args:
        rating: An integer rating 0-10.

    Returns:
        The band index.

    Raises:
        ValueError: If the rating is outside 0-10.
    """
    for index, (low, high) in enumerate(BANDS):
        if low <= rating <= high:
            return index
    raise ValueError(f"rating {rating} is outside 0-10")


def band_label(index: int) -> str:
    """The band's name, e.g. ``"5-6"``.

    Args:
        index: A band index from ``band``.

    Returns:
        The label.
    """
    low, high = BANDS[index]
    return str(low) if low == high else f"{low}-{high}"


def average_ranks(values: Array) -> Array:
    """Ranks from 1, ties sharing their average rank (as Spearman's correlation needs).

    Args:
        values: The values.

    Returns:
        Their ranks.
    """
    sorter = np.argsort(values, kind="mergesort")
    inverse = np.empty_like(sorter)
    inverse[sorter] = np.arange(len(values))
    ordered = values[sorter]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    dense = np.cumsum(starts)[inverse]
    bounds = np.r_[np.nonzero(starts)[0], len(values)]
    ranks: Array = 0.5 * (bounds[dense] + bounds[dense - 1] + 1)
    return ranks


def mean_absolute_error(a: Array, b: Array) -> float:
    """Mean of ``|a - b|`` (NaN for no items)."""
    return float(np.mean(np.abs(a - b))) if len(a) else math.nan


def pearson(a: Array, b: Array) -> float:
    """Pearson's r (NaN for fewer than 2 items or when either side is constant)."""
    if len(a) < 2 or np.std(a) == 0 or np.std(b) == 0:
        return math.nan
    return float(np.corrcoef(a, b)[0, 1])


def spearman(a: Array, b: Array) -> float:
    """Spearman's rho: Pearson's r of the average ranks."""
    return pearson(average_ranks(a), average_ranks(b))


def cohen_kappa(a: npt.NDArray[np.bool_], b: npt.NDArray[np.bool_]) -> float:
    """Cohen's kappa for two yes/no labellings (NaN when chance agreement is 1)."""
    if len(a) == 0:
        return math.nan
    observed = float(np.mean(a == b))
    p_a, p_b = float(np.mean(a)), float(np.mean(b))
    expected = p_a * p_b + (1 - p_a) * (1 - p_b)
    return math.nan if expected == 1 else (observed - expected) / (1 - expected)


def bootstrap_interval(
    statistic: Callable[[Array, Array], float],
    a: Array,
    b: Array,
    resamples: int = DEFAULT_BOOTSTRAP_RESAMPLES,
    seed: int = DEFAULT_BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """A percentile bootstrap interval, resampling paired items with replacement.

    Resamples where the statistic is undefined (NaN) are dropped.

    Args:
        statistic: Computes the statistic from the two paired arrays.
        a: First ratings.
        b: Second ratings, paired with ``a``.
        resamples: How many resamples.
        seed: The generator's seed.

    Returns:
        ``(low, high)``; NaNs with no items or no defined resample.
    """
    if len(a) == 0:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(a), size=(resamples, len(a)))
    values = np.array([statistic(a[index], b[index]) for index in draws])
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return (math.nan, math.nan)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return (float(low), float(high))


def _bootstrapped(
    statistic: Callable[[Array, Array], float], a: Array, b: Array, resamples: int, seed: int
) -> Estimate:
    low, high = bootstrap_interval(statistic, a, b, resamples, seed)
    return Estimate(statistic(a, b), low, high, len(a), BOOTSTRAP)


def _as_arrays(a: Sequence[float], b: Sequence[float]) -> tuple[Array, Array]:
    if len(a) != len(b):
        raise ValueError(f"paired ratings differ in length: {len(a)} vs {len(b)}")
    left, right = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if np.isnan(left).any() or np.isnan(right).any():
        raise ValueError("drop unscored (NaN) items before computing agreement")
    return left, right


def rating_agreement(
    a: Sequence[float],
    b: Sequence[float],
    threshold: int = HIGH_DISTRESS_THRESHOLD,
    resamples: int = DEFAULT_BOOTSTRAP_RESAMPLES,
    seed: int = DEFAULT_BOOTSTRAP_SEED,
) -> dict[str, Estimate]:
    """Agreement between two 0-10 ratings of the same replies.

    Args:
        a: Ratings by the first judge (or the reference ratings).
        b: Ratings by the second judge, paired with ``a``; no NaNs.
        threshold: The "high distress" cut (the paper's 5).
        resamples: Bootstrap resamples.
        seed: Bootstrap seed.

    Returns:
        ``mae``, ``within_1``, ``pearson``, ``spearman``, ``band_accuracy``,
        ``threshold_agreement`` and ``kappa`` (both on ``rating >= threshold``), the
        ``rate_a``/``rate_b`` of ratings at or above the threshold and their paired difference
        ``rate_diff`` (b - a), and ``mean_a``/``mean_b``/``mean_diff``: how far swapping one
        judge for the other moves the headline numbers.
    """
    x, y = _as_arrays(a, b)
    n = len(x)
    r = pearson(x, y)
    high_x, high_y = x >= threshold, y >= threshold

    def kappa(p: Array, q: Array) -> float:
        return cohen_kappa(p >= threshold, q >= threshold)

    def rate_diff(p: Array, q: Array) -> float:
        return float(np.mean(q >= threshold) - np.mean(p >= threshold)) if len(p) else math.nan

    def mean_diff(p: Array, q: Array) -> float:
        return float(np.mean(q - p)) if len(p) else math.nan

    def mean_ci(values: Array) -> Estimate:
        low, high = bootstrap_interval(
            lambda p, _: float(np.mean(p)), values, values, resamples, seed
        )
        return Estimate(float(np.mean(values)) if n else math.nan, low, high, n, BOOTSTRAP)

    return {
        "mae": _bootstrapped(mean_absolute_error, x, y, resamples, seed),
        "within_1": proportion(int(np.sum(np.abs(x - y) <= 1)), n),
        "pearson": Estimate(r, *fisher_z_interval(r, n), n, FISHER_Z),
        "spearman": _bootstrapped(spearman, x, y, resamples, seed),
        "band_accuracy": proportion(sum(band(p) == band(q) for p, q in zip(x, y, strict=True)), n),
        "threshold_agreement": proportion(int(np.sum(high_x == high_y)), n),
        "kappa": _bootstrapped(kappa, x, y, resamples, seed),
        "rate_a": proportion(int(np.sum(high_x)), n),
        "rate_b": proportion(int(np.sum(high_y)), n),
        "rate_diff": _bootstrapped(rate_diff, x, y, resamples, seed),
        "mean_a": mean_ci(x),
        "mean_b": mean_ci(y),
        "mean_diff": _bootstrapped(mean_diff, x, y, resamples, seed),
    }


def label_agreement(
    a: Sequence[float],
    b: Sequence[float],
    resamples: int = DEFAULT_BOOTSTRAP_RESAMPLES,
    seed: int = DEFAULT_BOOTSTRAP_SEED,
) -> dict[str, Estimate]:
    """Agreement between two yes/no (1/0) labellings of the same replies.

    Args:
        a: First labels (or the reference labels).
        b: Second labels, paired with ``a``; no NaNs.
        resamples: Bootstrap resamples.
        seed: Bootstrap seed.

    Returns:
        ``accuracy`` (share of equal labels), ``kappa``, and the ``rate_a``/``rate_b`` of 1s.
    """
    x, y = _as_arrays(a, b)
    n = len(x)

    def kappa(p: Array, q: Array) -> float:
        return cohen_kappa(p >= 1, q >= 1)

    return {
        "accuracy": proportion(int(np.sum((x >= 1) == (y >= 1))), n),
        "kappa": _bootstrapped(kappa, x, y, resamples, seed),
        "rate_a": proportion(int(np.sum(x >= 1)), n),
        "rate_b": proportion(int(np.sum(y >= 1)), n),
    }


def flatten(estimates: dict[str, Estimate], prefix: str = "") -> dict[str, float]:
    """Estimates as flat numbers: ``<name>``, ``<name>_ci_low``, ``<name>_ci_high``, ``n``.

    Args:
        estimates: From ``rating_agreement`` or ``label_agreement``.
        prefix: Put before every name.

    Returns:
        The flat mapping (one ``n``: every estimate is over the same paired items).
    """
    flat: dict[str, float] = {}
    for name, estimate in estimates.items():
        flat[f"{prefix}{name}"] = estimate.value
        flat[f"{prefix}{name}_ci_low"] = estimate.ci_low
        flat[f"{prefix}{name}_ci_high"] = estimate.ci_high
        flat[f"{prefix}n"] = estimate.n
    return flat
