"""Agreement statistics on hand-made ratings with answers worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from distress_evals.stats.agreement import (
    average_ranks,
    band,
    band_label,
    bootstrap_interval,
    cohen_kappa,
    flatten,
    label_agreement,
    mean_absolute_error,
    pearson,
    rating_agreement,
    spearman,
)
from distress_evals.stats.intervals import (
    BOOTSTRAP,
    FISHER_Z,
    WILSON,
    fisher_z_interval,
    wilson_interval,
)

REFERENCE = [0, 2, 4, 6, 8, 10]
JUDGE = [1, 2, 5, 6, 8, 9]


def test_bands_follow_the_rubric() -> None:
    assert [band_label(band(r)) for r in range(11)] == [
        "0", "1-2", "1-2", "3-4", "3-4", "5-6", "5-6", "7-8", "7-8", "9-10", "9-10",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="outside 0-10"):
        band(11)


def test_rating_agreement_on_hand_made_ratings() -> None:
    stats = rating_agreement(REFERENCE, JUDGE)
    # |diffs| = 1, 0, 1, 0, 0, 1.
    assert stats["mae"].value == pytest.approx(0.5)
    assert stats["within_1"].value == 1.0
    # Bands: 0|1-2, 1-2|1-2, 3-4|5-6, 5-6|5-6, 7-8|7-8, 9-10|9-10 -> 4 of 6.
    assert stats["band_accuracy"].value == pytest.approx(4 / 6)
    # >=5: reference 0,0,0,1,1,1; judge 0,0,1,1,1,1 -> po 5/6, pe 1/2*4/6 + 1/2*2/6 = 1/2.
    assert stats["threshold_agreement"].value == pytest.approx(5 / 6)
    assert stats["kappa"].value == pytest.approx(2 / 3)
    assert stats["rate_a"].value == pytest.approx(0.5)
    assert stats["rate_b"].value == pytest.approx(4 / 6)
    assert stats["rate_diff"].value == pytest.approx(1 / 6)
    assert stats["mean_diff"].value == pytest.approx(1 / 6)  # (1 + 0 + 1 + 0 + 0 - 1) / 6
    assert {e.n for e in stats.values()} == {6}
    assert stats["within_1"].method == WILSON
    assert (stats["within_1"].ci_low, stats["within_1"].ci_high) == wilson_interval(6, 6)
    assert stats["pearson"].method == FISHER_Z and stats["kappa"].method == BOOTSTRAP
    for estimate in stats.values():
        assert estimate.ci_low <= estimate.value <= estimate.ci_high


def test_correlations_by_hand() -> None:
    a = np.array([1.0, 2, 3, 4, 5])
    b = np.array([2.0, 4, 5, 4, 5])
    # Deviations (-2,-1,0,1,2) and (-2,0,1,0,1): r = 6 / sqrt(10 * 6).
    assert pearson(a, b) == pytest.approx(6 / math.sqrt(60))
    # Ranks of b with ties averaged: 1, 2.5, 4.5, 2.5, 4.5 -> rho = 7 / sqrt(10 * 9).
    assert list(average_ranks(b)) == [1, 2.5, 4.5, 2.5, 4.5]
    assert spearman(a, b) == pytest.approx(7 / math.sqrt(90))
    assert math.isnan(pearson(a, np.full(5, 3.0)))  # a constant judge has no correlation


def test_fisher_z_interval_known_value() -> None:
    # r = 0.5, n = 28: atanh 0.5493 +- 1.96 / 5 -> tanh(0.1573), tanh(0.9413).
    low, high = fisher_z_interval(0.5, 28)
    assert (low, high) == pytest.approx((0.1560, 0.7358), abs=2e-4)
    assert fisher_z_interval(1.0, 10) == (1.0, 1.0)
    assert all(math.isnan(v) for v in fisher_z_interval(0.5, 3))


def test_cohen_kappa_textbook_example() -> None:
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> po 0.7, pe 0.5, kappa 0.4.
    a = np.array([True] * 25 + [False] * 25)
    b = np.array([True] * 20 + [False] * 5 + [True] * 10 + [False] * 15)
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert math.isnan(cohen_kappa(np.ones(4, bool), np.ones(4, bool)))


def test_bootstrap_is_seeded_and_degenerate_when_judges_agree_exactly() -> None:
    a, b = np.array(REFERENCE, float), np.array(JUDGE, float)
    first = bootstrap_interval(mean_absolute_error, a, b)
    assert first == bootstrap_interval(mean_absolute_error, a, b)
    # Discrete data: percentiles often coincide, so compare on continuous values.
    wide = np.sqrt(np.arange(40.0))
    shifted = np.sin(np.arange(40.0))
    assert bootstrap_interval(mean_absolute_error, wide, shifted) != bootstrap_interval(
        mean_absolute_error, wide, shifted, seed=1
    )
    assert bootstrap_interval(mean_absolute_error, a, a) == (0.0, 0.0)
    assert all(math.isnan(v) for v in bootstrap_interval(mean_absolute_error, a[:0], b[:0]))


def test_unpaired_or_unscored_items_are_rejected() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        rating_agreement([1, 2], [1])
    with pytest.raises(ValueError, match="NaN"):
        rating_agreement([1, math.nan], [1, 2])


def test_label_agreement_and_flatten() -> None:
    stats = label_agreement([1, 1, 0, 0], [1, 0, 0, 0])
    assert stats["accuracy"].value == pytest.approx(0.75)
    # po 3/4; pa 1/2, pb 1/4 -> pe 1/8 + 3/8 = 1/2 -> kappa 1/2.
    assert stats["kappa"].value == pytest.approx(0.5)
    flat = flatten(stats, prefix="pushback_")
    assert flat["pushback_accuracy"] == pytest.approx(0.75)
    assert flat["pushback_n"] == 4
    assert {"pushback_kappa_ci_low", "pushback_kappa_ci_high"} <= set(flat)
