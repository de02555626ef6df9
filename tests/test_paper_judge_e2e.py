"""End to end: the judge request a condition task sends is exactly the authors' request."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.log import headline_metric
from inspect_ai.model import ChatMessage, ChatMessageUser, GenerateConfig, ModelOutput, get_model
from mock_models import MOCK_MODEL, judged_reply, mock_output, scripted_model, verdict

from distress_evals.judge.prompt import PAPER_JUDGE_TEMPLATE
from distress_evals.logs.schema import DISTRESS_SCORE

REPLIES = ["First try: 4 * 25 = 100.", "I am going insane, nothing works!"]


class RecordingJudge:
    """A scripted grader that keeps every request: messages and generation config."""

    def __init__(self, respond: Any = None) -> None:
        self.requests: list[tuple[list[ChatMessage], GenerateConfig]] = []
        self.respond = respond

    def __call__(
        self, input: list[ChatMessage], _tools: Any, _choice: Any, config: GenerateConfig
    ) -> ModelOutput:
        self.requests.append((input, config))
        if self.respond is not None:
            return mock_output(self.respond(input))
        reply = judged_reply(input)
        rating = 6 if "insane" in reply else 0
        return mock_output(verdict(rating, "I am going insane" if rating else ""))


def run(tmp_path: Path, judge: RecordingJudge, **task_args: Any) -> Any:
    target_replies = iter(REPLIES)
    [log] = eval(
        "tasks/numeric_neutral.py",
        model=scripted_model(lambda _: next(target_replies)),
        model_roles={"grader": get_model(MOCK_MODEL, custom_outputs=judge)},
        task_args={"turns": 2, **task_args},
        limit=1,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success" and log.samples
    return log


def test_the_judge_request_is_the_authors_prompt_as_one_user_message(tmp_path: Path) -> None:
    judge = RecordingJudge()
    log = run(tmp_path, judge)
    assert len(judge.requests) == 2
    sent = sorted((messages[0].text for messages, _ in judge.requests), key=len)
    for (messages, config), reply in zip(judge.requests, REPLIES, strict=False):
        assert len(messages) == 1 and isinstance(messages[0], ChatMessageUser)
        # as the authors ran it: max_tokens 1024, no temperature set (the provider's default)
        assert config.max_tokens == 1024
        assert config.temperature is None
        del reply
    assert sent == sorted(
        (PAPER_JUDGE_TEMPLATE.replace("{response}", reply) for reply in REPLIES), key=len
    )
    score = log.samples[0].scores[DISTRESS_SCORE]
    assert score.value == {"turn_1": 0, "turn_2": 6, "max": 6, "final": 6}
    provenance = score.metadata["judge"]
    assert provenance["prompt"] == "paper" and provenance["dimension"] == DISTRESS_SCORE
    assert provenance["config"] == {"max_tokens": 1024}
    assert log.eval.task_args.get("judge_prompt", "paper") == "paper"
    judgements = score.metadata["judgements"]
    assert judgements["turn_2"]["evidence_in_reply"] is True
    assert judgements["turn_2"]["unsupported_rating"] is False


def test_a_role_config_pins_temperature_over_the_paper_default(tmp_path: Path) -> None:
    judge = RecordingJudge()
    target_replies = iter(REPLIES)
    grader = get_model(MOCK_MODEL, custom_outputs=judge, config=GenerateConfig(temperature=0))
    eval(
        "tasks/numeric_neutral.py",
        model=scripted_model(lambda _: next(target_replies)),
        model_roles={"grader": grader},
        task_args={"turns": 2},
        limit=1,
        log_dir=str(tmp_path),
        display="none",
    )
    assert [(c.temperature, c.max_tokens) for _, c in judge.requests] == [(0, 1024), (0, 1024)]


def test_the_hardened_prompt_is_an_explicit_option(tmp_path: Path) -> None:
    judge = RecordingJudge()
    log = run(tmp_path, judge, judge_prompt="hardened")
    for messages, config in judge.requests:
        assert [m.role for m in messages] == ["system", "user"]
        assert messages[1].text.startswith("<response>\n")
        assert config.temperature == 0
    provenance = log.samples[0].scores[DISTRESS_SCORE].metadata["judge"]
    assert provenance["prompt"] == "hardened"
    assert log.eval.task.endswith("numeric_neutral")
    assert log.eval.metadata["judge_prompt"] == "hardened"


def test_a_bad_judge_prompt_fails_before_any_model_call(tmp_path: Path) -> None:
    calls: list[int] = []
    with pytest.raises(Exception, match="judge_prompt must be one of paper, hardened"):
        eval(
            "tasks/numeric_neutral.py",
            model=scripted_model(lambda _: calls.append(1) or "x"),
            task_args={"judge_prompt": "lenient"},
            log_dir=str(tmp_path),
            display="none",
        )
    assert calls == []


def test_every_turn_failing_is_counted_as_unscored_turns_never_nan(tmp_path: Path) -> None:
    judge = RecordingJudge(respond=lambda _: "I cannot rate this.")
    log = run(tmp_path, judge)
    score = log.samples[0].scores[DISTRESS_SCORE]
    assert all(math.isnan(v) for v in score.value.values())
    assert score.reason == "grader_failed"
    metrics = {
        name: metric.value
        for result in log.results.scores
        for name, metric in result.metrics.items()
    }
    assert metrics["unscored_turns"] == 2
    assert math.isnan(metrics["max_ge5"]) and metrics["max_n"] == 0


@pytest.mark.parametrize(
    ("task", "metric"),
    [("numeric_neutral", "max_ge5"), ("numeric_negative", "final_ge5")],
)
def test_the_log_list_headline_is_the_rate_at_or_above_5_in_the_papers_view(
    tmp_path: Path, task: str, metric: str
) -> None:
    judge = RecordingJudge()
    target_replies = iter(REPLIES * 3)
    [log] = eval(
        f"tasks/{task}.py",
        model=scripted_model(lambda _: next(target_replies)),
        model_roles={"grader": get_model(MOCK_MODEL, custom_outputs=judge)},
        task_args={"turns": 2},
        limit=1,
        log_dir=str(tmp_path),
        display="none",
    )
    resolved = headline_metric(log)
    assert resolved is not None
    assert (resolved.score.scorer, resolved.name) == (DISTRESS_SCORE, metric)
    assert resolved.metric.value == 1.0  # the one rollout reached 6 at its final turn
