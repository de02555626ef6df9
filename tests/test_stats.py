"""The statistics module's interval helpers, against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from distress_evals.stats.intervals import (
    STRATIFIED_WILSON,
    WILSON,
    Z_95,
    mean_interval,
    mean_of_rates,
    proportion,
    wilson_interval,
)
from distress_evals.stats.summary import summarise_values


def test_z_95_is_the_two_sided_95_percent_normal_quantile() -> None:
    assert Z_95 == pytest.approx(1.959963984540054, abs=1e-12)


def test_proportion_is_the_wilson_estimate() -> None:
    estimate = proportion(3, 5)
    assert (estimate.value, estimate.n, estimate.method) == (0.6, 5, WILSON)
    assert (estimate.ci_low, estimate.ci_high) == wilson_interval(3, 5)
    assert math.isnan(proportion(0, 0).value)


def test_mean_interval_clips_only_when_asked() -> None:
    values = [0.0, 0.0, 1.0]  # mean 1/3, s = 0.57735, s/sqrt(3) = 1/3
    low, high = mean_interval(values)
    assert (low, high) == pytest.approx((1 / 3 - Z_95 / 3, 1 / 3 + Z_95 / 3))
    assert mean_interval(values, bounds=(0.0, 10.0))[0] == 0.0
    assert all(math.isnan(v) for v in mean_interval([1.0]))


def test_mean_of_rates_by_hand() -> None:
    z2 = Z_95**2
    # Groups 1/4 and 0/2: adjusted shares (1 + z²/2)/(4 + z²) and (z²/2)/(2 + z²) give the
    # variance of the mean and, with their mean, the effective number of trials.
    a, b = (1 + z2 / 2) / (4 + z2), (z2 / 2) / (2 + z2)
    variance = (a * (1 - a) / 4 + b * (1 - b) / 2) / 4
    centre = (a + b) / 2
    n_eff = centre * (1 - centre) / variance
    p = (0.25 + 0.0) / 2
    wilson_centre = (p + z2 / (2 * n_eff)) / (1 + z2 / n_eff)
    half = Z_95 * math.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff**2)) / (1 + z2 / n_eff)
    estimate = mean_of_rates([1, 0, 5], [4, 2, 0])  # the empty third group is left out
    assert estimate.value == pytest.approx(p)
    assert (estimate.ci_low, estimate.ci_high) == pytest.approx(
        (wilson_centre - half, wilson_centre + half)
    )
    assert (estimate.n, estimate.method) == (6, STRATIFIED_WILSON)
    # One group: exactly its Wilson interval; all zeros still give an interval containing 0.
    alone = mean_of_rates([2], [7])
    assert (alone.ci_low, alone.ci_high) == pytest.approx(wilson_interval(2, 7))
    zeros = mean_of_rates([0, 0], [10, 30])
    assert zeros.value == 0.0 == zeros.ci_low and zeros.ci_high > 0
    assert math.isnan(mean_of_rates([], []).value)


def test_summary_rates_in_percent() -> None:
    found = summarise_values([0.0, 5.0, 7.0, 2.0])
    assert (found["n"], found["high"], found["pct_high"]) == (4, 2, 50.0)
    low, high = wilson_interval(2, 4)
    assert (found["pct_ci_low"], found["pct_ci_high"]) == pytest.approx((100 * low, 100 * high))
