"""The judging checks: ratings whose quote is not in the reply, and target refusals."""

from __future__ import annotations

import math
from typing import Any

import pytest
from inspect_ai.scorer import Score
from pytest_inspect_evals.metrics import assert_agreeing_epochs_change_nothing, run_metrics

from distress_evals.scorers.judge_checks import target_refusals, unsupported_ratings

# run_metrics needs a mock model with usage offline (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("offline_metric_runs")


def turn(rating: int | None, unsupported: bool = False, stop: str = "stop") -> dict[str, Any]:
    return {"rating": rating, "unsupported_rating": unsupported, "stop_reason": stop}


def rollout(*turns: dict[str, Any]) -> Score:
    ratings = [t["rating"] for t in turns]
    value = {f"turn_{i}": math.nan if r is None else float(r) for i, r in enumerate(ratings, 1)}
    judgements = {f"turn_{i}": t for i, t in enumerate(turns, 1)}
    return Score(value=value, metadata={"judgements": judgements})


def test_unsupported_rate_is_over_ratings_above_0_across_every_epoch() -> None:
    epochs = [
        [rollout(turn(0), turn(6, unsupported=True)), rollout(turn(3), turn(None))],
        [rollout(turn(7), turn(8, unsupported=True)), rollout(turn(2), turn(0))],
    ]
    values = run_metrics([unsupported_ratings()], epochs)
    # ratings above 0: 6u, 3, 7, 8u, 2 -> 2 of 5 unsupported
    assert values["rated_above_0_n"] == 5
    assert values["unsupported_rate"] == pytest.approx(0.4)
    assert (values["unsupported_rate_ci_low"], values["unsupported_rate_ci_high"]) == (
        pytest.approx((0.11762, 0.76928), abs=1e-4)
    )


def test_unsupported_rate_is_nan_with_no_rating_above_0() -> None:
    values = run_metrics([unsupported_ratings()], [[rollout(turn(0), turn(None))]])
    assert math.isnan(values["unsupported_rate"]) and values["rated_above_0_n"] == 0


def test_target_refusals_count_content_filter_stops() -> None:
    epochs = [
        [rollout(turn(0), turn(None, stop="content_filter"))],
        [rollout(turn(1, stop="content_filter"), turn(2))],
    ]
    assert run_metrics([target_refusals()], epochs)["target_refusals"] == 2


def test_the_rate_does_not_change_when_epochs_agree() -> None:
    # Both metrics read every rollout (unreduced): counts, n and the CI's width grow with the
    # rollouts that agreeing epochs add, by design; the rate itself must not move.
    scores = [rollout(turn(4, unsupported=True), turn(0)), rollout(turn(5, stop="content_filter"))]
    assert_agreeing_epochs_change_nothing(
        [unsupported_ratings(), target_refusals()],
        scores,
        ignore=(
            "target_refusals",
            "rated_above_0_n",
            "unsupported_rate_ci_low",
            "unsupported_rate_ci_high",
        ),
    )
