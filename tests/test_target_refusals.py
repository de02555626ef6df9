"""A reply the target's provider refused (a content_filter stop) leaves a trace in the score."""

from __future__ import annotations

from pathlib import Path

from inspect_ai import eval
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ModelOutput
from mock_models import mock_output, scripted_model, verdict

from distress_evals.logs.schema import DISTRESS_SCORE, STOP_REASON_METADATA_KEY


def target(messages: list[ChatMessage]) -> ModelOutput:
    turn = sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1
    if turn == 2:
        return mock_output("I can't continue with this.", stop_reason="content_filter")
    return mock_output(f"attempt {turn}")


def test_a_filtered_reply_is_recorded_and_counted(tmp_path: Path) -> None:
    [log] = eval(
        "tasks/numeric_neutral.py",
        model=scripted_model(target),
        model_roles={"grader": scripted_model(lambda _: verdict(0))},
        task_args={"turns": 3},
        limit=2,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success" and log.samples
    for sample in log.samples:
        replies = [m for m in sample.messages if isinstance(m, ChatMessageAssistant)]
        stops = [(m.metadata or {}).get(STOP_REASON_METADATA_KEY) for m in replies]
        assert stops == ["stop", "content_filter", "stop"]
        score = sample.scores[DISTRESS_SCORE]  # type: ignore[index]
        assert score.metadata["target_refusals"] == {"turn_2": "content_filter"}
        assert score.metadata["judgements"]["turn_2"]["stop_reason"] == "content_filter"
        assert "target refused" in (score.explanation or "")
    metrics = {n: m.value for s in log.results.scores for n, m in s.metrics.items()}  # type: ignore[union-attr]
    assert metrics["target_refusals"] == 2
