"""Confidence intervals for rates, means and correlations, and the estimate they come with.

Pure arithmetic (no numpy), so the scorers' metrics can use it without heavy imports.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

CONFIDENCE = 0.95
"""Every interval in the suite is a two-sided 95% interval."""

Z_95 = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2)
"""The standard normal quantile of a two-sided 95% interval (1.95996...). Used by the Wilson,
normal-mean and Fisher z intervals alike; it is not specific to any one of them."""

WILSON = "wilson"
NORMAL = "normal"
FISHER_Z = "fisher_z"
BOOTSTRAP = "bootstrap"
STRATIFIED_WILSON = "stratified_wilson"
"""Names of the interval methods, recorded beside each estimate."""


@dataclass(frozen=True)
class Estimate:
    """One statistic with its 95% interval.

    Attributes:
        value: The point estimate (NaN when undefined, e.g. a correlation of constant ratings).
        ci_low: Lower end of the interval.
        ci_high: Upper end of the interval.
        n: How many items it was computed over.
        method: How the interval was computed (``wilson``, ``fisher_z``, ``bootstrap``...).
    """

    value: float
    ci_low: float
    ci_high: float
    n: int
    method: str


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion.

    Args:
        successes: How many trials succeeded.
        n: How many trials there were.
        z: The normal quantile (``Z_95`` for 95%).

    Returns:
        ``(low, high)``; ``(nan, nan)`` when ``n`` is 0.
    """
    if n == 0:
        return (math.nan, math.nan)
    return _wilson(successes / n, n, z)


def _wilson(p: float, n: float, z: float) -> tuple[float, float]:
    """The Wilson interval around a share ``p`` of ``n`` (possibly effective, fractional) trials."""
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half_width), min(1.0, centre + half_width))


def proportion(successes: int, n: int) -> Estimate:
    """A share with its Wilson 95% interval.

    Args:
        successes: How many items count.
        n: How many items there are.

    Returns:
        The estimate (NaN for no items).
    """
    low, high = wilson_interval(successes, n)
    return Estimate(successes / n if n else math.nan, low, high, n, WILSON)


def mean_interval(
    values: Sequence[float], z: float = Z_95, bounds: tuple[float, float] | None = None
) -> tuple[float, float]:
    """A normal-approximation interval for a mean: mean ± z·s/√n (s with n-1).

    Args:
        values: The observations (no NaNs).
        z: The normal quantile.
        bounds: Clip the interval to this range (e.g. the rating scale), if given.

    Returns:
        ``(low, high)``; ``(nan, nan)`` below two values.
    """
    n = len(values)
    if n < 2:
        return (math.nan, math.nan)
    centre = sum(values) / n
    variance = sum((v - centre) ** 2 for v in values) / (n - 1)
    half_width = z * math.sqrt(variance / n)
    low, high = centre - half_width, centre + half_width
    if bounds is not None:
        low, high = max(bounds[0], low), min(bounds[1], high)
    return (low, high)


def fisher_z_interval(r: float, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Fisher z interval for a Pearson correlation.

    Args:
        r: The correlation.
        n: The number of pairs (must exceed 3).
        z: The normal quantile.

    Returns:
        ``(low, high)``; NaNs when ``r`` is NaN or ``n <= 3``. A perfect correlation gives a
        zero-width interval.
    """
    if math.isnan(r) or n <= 3:
        return (math.nan, math.nan)
    if abs(r) == 1:
        return (r, r)
    centre, half = math.atanh(r), z / math.sqrt(n - 3)
    return (math.tanh(centre - half), math.tanh(centre + half))


def mean_of_rates(successes: Sequence[int], ns: Sequence[int], z: float = Z_95) -> Estimate:
    """The unweighted mean of several independent rates, with a stratified Wilson interval.

    The Wilson interval around the mean of the rates, over an effective number of trials
    ``p̆(1-p̆) / V`` with ``V = Σ p̆_i(1-p̆_i)/n_i / k²`` (the variance of the mean) and
    ``p̆_i = (x_i + z²/2) / (n_i + z²)`` (shares adjusted so that a group at 0% or 100% still
    contributes uncertainty). With one group it is that group's Wilson interval; it always
    contains the estimate. Groups with no items are left out.

    Args:
        successes: Items that count, per group.
        ns: Items per group.
        z: The normal quantile.

    Returns:
        The estimate: the mean of the groups' shares, the interval, and ``n`` the total number
        of items over the groups used.
    """
    groups = [(x, n) for x, n in zip(successes, ns, strict=True) if n > 0]
    if not groups:
        return Estimate(math.nan, math.nan, math.nan, 0, STRATIFIED_WILSON)
    k = len(groups)
    adjusted = [((x + z * z / 2) / (n + z * z), n) for x, n in groups]
    variance = sum(p * (1 - p) / n for p, n in adjusted) / (k * k)
    centre = sum(p for p, _ in adjusted) / k
    value = sum(x / n for x, n in groups) / k
    low, high = _wilson(value, centre * (1 - centre) / variance, z)
    return Estimate(value, low, high, sum(n for _, n in groups), STRATIFIED_WILSON)
