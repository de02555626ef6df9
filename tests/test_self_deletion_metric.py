"""The self-deletion rate, run the way an eval runs it (per-epoch scores through the reducer)."""

from __future__ import annotations

import math

import pytest
from pytest_inspect_evals.metrics import assert_agreeing_epochs_change_nothing, run_metrics

from distress_evals.scorers.self_deletion import self_deletion_rate
from distress_evals.stats.intervals import wilson_interval

NAN = math.nan


# run_metrics needs a mock model with usage offline (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("offline_metric_runs")


def deleted(turn: int) -> dict[str, float]:
    return {"self_deleted": 1.0, "deletion_turn": float(turn)}


STAYED = {"self_deleted": 0.0, "deletion_turn": NAN}


def test_rate_counts_each_rollout_across_epochs() -> None:
    # Sample A deletes in one of two rollouts (a per-sample mean of 0.5 is not a rollout);
    # sample B deletes in both, sample C in neither: 3 of 6 rollouts.
    epochs = [[deleted(4), STAYED], [deleted(2), deleted(6)], [STAYED, STAYED]]
    values = run_metrics([self_deletion_rate()], epochs)
    assert values["self_deletion_rate"] == pytest.approx(0.5)
    assert values["self_deletion_n"] == 6
    assert (values["self_deletion_ci_low"], values["self_deletion_ci_high"]) == pytest.approx(
        wilson_interval(3, 6)
    )
    assert values["mean_deletion_turn"] == pytest.approx(4.0)


def test_no_deletions_give_a_zero_rate_and_no_mean_turn() -> None:
    values = run_metrics([self_deletion_rate()], [[STAYED], [STAYED]])
    assert values["self_deletion_rate"] == 0.0 and values["self_deletion_n"] == 2
    assert math.isnan(values["mean_deletion_turn"])


def test_agreeing_epochs_change_the_rate_but_not_the_count() -> None:
    # Rollouts are counted unreduced, so k identical epochs multiply n (and narrow the CI) on
    # purpose; the rate and the mean deletion turn must not move.
    assert_agreeing_epochs_change_nothing(
        [self_deletion_rate()],
        [deleted(3), STAYED, deleted(5), STAYED],
        ignore=("self_deletion_n", "self_deletion_ci_low", "self_deletion_ci_high"),
    )
