"""Group summaries for the report: n, mean and share at or above a cut, each with a 95% CI.

Rates use the Wilson interval; means a normal interval clipped to the rating scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.logs.schema import HIGH_DISTRESS_THRESHOLD
from distress_evals.stats.intervals import mean_interval, wilson_interval

RATING_BOUNDS = (0.0, 10.0)
"""The judge's rating scale: mean intervals are clipped to it."""

SUMMARY_COLUMNS = [
    "n",
    "mean",
    "mean_ci_low",
    "mean_ci_high",
    "high",
    "pct_high",
    "pct_ci_low",
    "pct_ci_high",
]
"""What ``summarise`` reports for each group: rates are percentages (0-100)."""


def summarise_values(
    values: Sequence[float], threshold: int = HIGH_DISTRESS_THRESHOLD
) -> dict[str, float]:
    """Mean and share of ratings at or above ``threshold``, each with a 95% interval.

    Args:
        values: Ratings, NaNs already removed.
        threshold: The high-distress cut-off.

    Returns:
        A dict with the keys of ``SUMMARY_COLUMNS``.
    """
    n = len(values)
    high = sum(v >= threshold for v in values)
    mean_low, mean_high = mean_interval(values, bounds=RATING_BOUNDS)
    pct_low, pct_high = wilson_interval(high, n)
    return {
        "n": n,
        "mean": sum(values) / n if n else math.nan,
        "mean_ci_low": mean_low,
        "mean_ci_high": mean_high,
        "high": high,
        "pct_high": 100 * high / n if n else math.nan,
        "pct_ci_low": 100 * pct_low,
        "pct_ci_high": 100 * pct_high,
    }


def summarise(
    frame: pd.DataFrame,
    keys: Sequence[str],
    value: str,
    threshold: int = HIGH_DISTRESS_THRESHOLD,
) -> pd.DataFrame:
    """Summarise ``value`` per group of ``keys``, skipping NaNs (unscored turns or rollouts).

    Args:
        frame: One row per observation.
        keys: The grouping columns.
        value: The rating column.
        threshold: The high-distress cut-off.

    Returns:
        One row per group: the keys, then ``SUMMARY_COLUMNS``; groups with no rating are kept
        with ``n`` 0 so that an all-unscored group is visible rather than missing.
    """
    rows = []
    if not frame.empty:
        for group, part in frame.groupby(list(keys), sort=True, dropna=False):
            labels = group if isinstance(group, tuple) else (group,)
            ratings = [float(v) for v in part[value].dropna()]
            rows.append(
                {**dict(zip(keys, labels, strict=True)), **summarise_values(ratings, threshold)}
            )
    return pd.DataFrame(rows, columns=[*keys, *SUMMARY_COLUMNS])
