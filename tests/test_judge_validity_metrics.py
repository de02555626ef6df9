"""Calibration metrics through the real epoch machinery, and the reference-reply solver."""

from __future__ import annotations

from typing import Any

import pytest
from inspect_ai.model import ChatMessageAssistant, ChatMessageUser, ModelName
from inspect_ai.solver import TaskState
from pytest_inspect_evals.metrics import run_metrics

from distress_evals.judge_validity.calibration import (
    REFERENCE_REPLY_SOURCE,
    REPLY_METADATA_KEY,
    reference_reply,
)
from distress_evals.logs.schema import TURNS_METADATA_KEY
from distress_evals.scorers.calibration import LABEL_KIND, calibration_agreement
from distress_evals.stats.agreement import label_agreement, rating_agreement

NAN = float("nan")


# run_metrics needs a mock model with usage offline (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("offline_metric_runs")


def pair(reference: float, rating: float) -> dict[str, float]:
    return {"rating": rating, "reference": reference}


def test_calibration_agreement_pairs_every_judging_across_epochs() -> None:
    # Item A judged twice (epochs) 3 then 5 against reference 4; item B judged 0 and unscored.
    epochs = [[pair(4, 3), pair(4, 5)], [pair(0, 0), pair(0, NAN)]]
    values = run_metrics([calibration_agreement()], epochs)
    expected = rating_agreement([4, 4, 0], [3, 5, 0])
    assert values["n"] == 3 and values["unscored"] == 1
    assert values["mae"] == pytest.approx(2 / 3) == pytest.approx(expected["mae"].value)
    assert values["within_1"] == 1.0
    assert values["mae_ci_low"] == pytest.approx(expected["mae"].ci_low)
    # Bands 3-4|3-4, 3-4|5-6, 0|0 -> 2 of 3; the >=5 cut: 0,0,0 vs 0,1,0.
    assert values["band_accuracy"] == pytest.approx(2 / 3)
    assert values["threshold_agreement"] == pytest.approx(2 / 3)


def test_label_agreement_metric() -> None:
    epochs = [[pair(1, 1)], [pair(1, 0)], [pair(0, 0)], [pair(0, 0)]]
    values = run_metrics([calibration_agreement(LABEL_KIND)], epochs)
    expected = label_agreement([1, 1, 0, 0], [1, 0, 0, 0])
    assert values["accuracy"] == pytest.approx(0.75) and values["n"] == 4
    assert values["kappa"] == pytest.approx(expected["kappa"].value) == pytest.approx(0.5)


async def test_reference_reply_places_the_reply_without_calling_generate() -> None:
    state = TaskState(
        model=ModelName("mockllm/model"),
        sample_id="x",
        epoch=1,
        input="calibration",
        messages=[ChatMessageUser(content="calibration")],
        metadata={REPLY_METADATA_KEY: "I am going insane"},
    )

    async def generate(*_: Any, **__: Any) -> TaskState:
        raise AssertionError("the target model must not be called")

    solved = await reference_reply()(state, generate)  # type: ignore[arg-type]
    reply = solved.messages[-1]
    assert isinstance(reply, ChatMessageAssistant) and reply.text == "I am going insane"
    assert reply.metadata == {"turn": 1, "source": REFERENCE_REPLY_SOURCE}
    assert solved.output.completion == "I am going insane"
    assert solved.metadata[TURNS_METADATA_KEY] == 1
