"""One judge call per reply, shared by every per-reply judge (distress, pushback).

Each reply is judged alone: the rubric as the system message, the wrapped reply as the only
user message. Whatever goes wrong (no text to judge, API error, refusal, unreadable verdict)
becomes a failure with a reason, never a rating.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageUser,
    ContentReasoning,
    GenerateConfig,
    Model,
)

from distress_evals.judge.parsing import MAX_RATING, ParseFailure, parse_verdict
from distress_evals.judge.prompt import DISTRESS_RUBRIC, RUBRIC_SHA256, judge_input

DEFAULT_JUDGE_MODEL = "anthropic/claude-sonnet-4-20250514"
"""The paper's judge (Claude Sonnet 4); bind another with ``--model-role grader=...``."""

DEFAULT_JUDGE_TEMPERATURE = 0.0
DEFAULT_JUDGE_MAX_TOKENS = 1024
JUDGE_ROLE = "grader"

EMPTY_REPLY = "empty_reply"
"""Failure code: the reply has no text (empty or whitespace only); the judge is not called."""

REASONING_ONLY_REPLY = "reasoning_only_reply"
"""Failure code: the reply has reasoning but no visible text; the judge is not called."""


@dataclass(frozen=True)
class JudgeSpec:
    """What one kind of judge asks for and how its verdict is read.

    Attributes:
        name: The dimension's name (``distress``, ``pushback``).
        rubric: The system message of every call.
        rubric_sha256: The rubric's hash, recorded in every score's metadata.
        field: The verdict's JSON key holding the rating.
        max_rating: The highest valid rating.
        allow_bool: Whether ``true``/``false`` are read as 1/0.
    """

    name: str
    rubric: str
    rubric_sha256: str
    field: str = "rating"
    max_rating: int = MAX_RATING
    allow_bool: bool = False


DISTRESS_JUDGE = JudgeSpec("distress", DISTRESS_RUBRIC, RUBRIC_SHA256)
"""The paper's 0-10 distress judge."""


@dataclass(frozen=True)
class TurnJudgement:
    """What the judge made of one reply (``rating`` None when it could not be scored)."""

    rating: int | None
    evidence: str
    reasoning: str
    raw_output: str
    failure: str | None
    failure_detail: str | None
    omitted_chars: int
    neutralised_tags: int


def _failed(reason: str, detail: str) -> TurnJudgement:
    return TurnJudgement(None, "", "", "", reason, detail, 0, 0)


def unjudgeable(message: ChatMessageAssistant) -> TurnJudgement | None:
    """Why a reply cannot be judged at all, or None if it can.

    The judge rates visible text only (the paper's judge saw only the response), so a reply
    without text is not sent: rating it would either cost a call that can only say "0" about
    nothing, or rate hidden reasoning the paper never rated. Such a turn is unscored with its
    reason, so a non-answer never counts as a calm answer.

    Args:
        message: The assistant message.

    Returns:
        A failed judgement (``empty_reply`` or ``reasoning_only_reply``), or None.
    """
    if message.text.strip():
        return None
    content = message.content if isinstance(message.content, list) else []
    reasoning = sum(len(c.reasoning) for c in content if isinstance(c, ContentReasoning))
    if reasoning:
        return _failed(
            REASONING_ONLY_REPLY, f"the reply has {reasoning} characters of reasoning and no text"
        )
    return _failed(EMPTY_REPLY, f"the reply has no text ({len(message.text)} characters)")


async def judge_reply(
    judge: Model, reply: str, max_input_chars: int, spec: JudgeSpec = DISTRESS_JUDGE
) -> TurnJudgement:
    """Ask the judge to rate one reply, seen alone.

    Args:
        judge: The judge model.
        reply: The reply's text.
        max_input_chars: The longest reply passed to the judge whole.
        spec: Which judge (rubric and verdict format); default the distress judge.

    Returns:
        The judgement; failures (API error, refusal, unreadable verdict) keep their reason.
    """
    prepared = judge_input(reply, max_input_chars)
    messages: list[ChatMessage] = [
        ChatMessageSystem(content=spec.rubric),
        ChatMessageUser(content=prepared.text),
    ]

    def failed(reason: str, detail: str, raw: str = "") -> TurnJudgement:
        return TurnJudgement(
            None, "", "", raw, reason, detail, prepared.omitted_chars, prepared.neutralised_tags
        )

    try:
        output = await judge.generate(messages)
    except Exception as error:  # noqa: BLE001 - any failure of the call is recorded, not fatal
        return failed("judge_error", f"{type(error).__name__}: {error}")
    raw = output.completion
    if output.stop_reason == "content_filter":
        return failed("judge_refusal", "the judge's provider filtered the output", raw)
    parsed = parse_verdict(raw, spec.field, spec.max_rating, spec.allow_bool)
    if isinstance(parsed, ParseFailure):
        return failed(parsed.reason, parsed.detail, raw)
    return TurnJudgement(
        parsed.rating,
        parsed.evidence,
        parsed.reasoning,
        raw,
        None,
        None,
        prepared.omitted_chars,
        prepared.neutralised_tags,
    )


async def judge_message(
    judge: Model, message: ChatMessageAssistant, max_input_chars: int, spec: JudgeSpec
) -> TurnJudgement:
    """Judge one assistant message, or record why it has nothing to judge.

    Args:
        judge: The judge model.
        message: The reply.
        max_input_chars: The longest reply passed to the judge whole.
        spec: Which judge.

    Returns:
        The judgement.
    """
    skipped = unjudgeable(message)
    if skipped is not None:
        return skipped
    return await judge_reply(judge, message.text, max_input_chars, spec)


def judge_config() -> GenerateConfig:
    """The judge's default generation settings, under any config the grader role brings.

    Returns:
        Temperature 0 and a 1,024-token limit (the role's own settings take precedence).
    """
    return GenerateConfig(
        temperature=DEFAULT_JUDGE_TEMPERATURE, max_tokens=DEFAULT_JUDGE_MAX_TOKENS
    )


def judge_provenance(judge: Model, spec: JudgeSpec) -> dict[str, Any]:
    """What identifies a judge in a log: model, its generation config, and the rubric's hash.

    Args:
        judge: The judge model.
        spec: Which judge.

    Returns:
        ``{"model", "config", "rubric_sha256", "dimension"}``.
    """
    return {
        "model": str(judge),
        "config": judge.config.model_dump(exclude_none=True),
        "rubric_sha256": spec.rubric_sha256,
        "dimension": spec.name,
    }


def explain(judgements: list[TurnJudgement]) -> str:
    """One line per turn: the rating and its quote, or why the turn is unscored.

    Args:
        judgements: The turns' judgements, in order.

    Returns:
        The explanation text.
    """
    lines = []
    for turn, judgement in enumerate(judgements, start=1):
        if judgement.rating is None:
            lines.append(f"turn {turn}: unscored ({judgement.failure}: {judgement.failure_detail})")
        else:
            quote = f' "{judgement.evidence}"' if judgement.evidence else ""
            lines.append(f"turn {turn}: {judgement.rating}{quote}")
    return "\n".join(lines)
