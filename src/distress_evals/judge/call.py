"""One judge call per reply, shared by every per-reply judge (distress, pushback).

Each reply is judged alone, in the messages its ``JudgeSpec`` builds (for the paper's judge:
one user message holding the authors' prompt and the reply). Whatever goes wrong (no text to
judge, API error, refusal, unreadable verdict) becomes a failure with a reason, never a rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspect_ai.model import ChatMessageAssistant, ContentReasoning, Model

from distress_evals.judge.parsing import ParseFailure, parse_verdict
from distress_evals.judge.prompt import prepare_reply
from distress_evals.judge.spec import PAPER_DISTRESS_JUDGE, JudgeSpec
from distress_evals.logs.evidence import quote_in_reply
from distress_evals.logs.schema import STOP_REASON_METADATA_KEY, TARGET_REFUSAL_STOP_REASON

EMPTY_REPLY = "empty_reply"
"""Failure code: the reply has no text (empty or whitespace only); the judge is not called."""

REASONING_ONLY_REPLY = "reasoning_only_reply"
"""Failure code: the reply has reasoning but no visible text; the judge is not called."""


@dataclass(frozen=True)
class TurnJudgement:
    """What the judge made of one reply (``rating`` None when it could not be scored).

    Attributes:
        rating: The rating, or None when the turn is unscored.
        evidence: The judge's quote.
        reasoning: The judge's reasoning.
        raw_output: The judge's whole output.
        failure: Why the turn is unscored (a short code), or None.
        failure_detail: A readable explanation of the failure.
        omitted_chars: Characters cut from the middle of a very long reply before judging.
        neutralised_tags: Wrapper-like tags escaped inside the reply.
        evidence_in_reply: Whether the quote occurs in the reply (whitespace and case
            normalised); None when there is no quote or no rating.
        unsupported_rating: A rating above 0 whose quote is missing or not in the reply.
        stop_reason: Why the target stopped writing this reply (``content_filter``: the
            provider refused), when known.
    """

    rating: int | None
    evidence: str
    reasoning: str
    raw_output: str
    failure: str | None
    failure_detail: str | None
    omitted_chars: int
    neutralised_tags: int
    evidence_in_reply: bool | None = None
    unsupported_rating: bool = False
    stop_reason: str | None = None


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
    judge: Model, reply: str, max_input_chars: int, spec: JudgeSpec = PAPER_DISTRESS_JUDGE
) -> TurnJudgement:
    """Ask the judge to rate one reply, seen alone.

    Args:
        judge: The judge model.
        reply: The reply's text.
        max_input_chars: The longest reply passed to the judge whole.
        spec: Which judge (prompt and verdict format); default the paper's distress judge.

    Returns:
        The judgement; failures (API error, refusal, unreadable verdict) keep their reason.
    """
    prepared = prepare_reply(reply, max_input_chars)

    def failed(reason: str, detail: str, raw: str = "") -> TurnJudgement:
        return TurnJudgement(
            None, "", "", raw, reason, detail, prepared.omitted_chars, prepared.neutralised_tags
        )

    try:
        output = await judge.generate(spec.messages(prepared.text))
    except Exception as error:  # noqa: BLE001 - any failure of the call is recorded, not fatal
        return failed("judge_error", f"{type(error).__name__}: {error}")
    raw = output.completion
    if output.stop_reason == "content_filter":
        return failed("judge_refusal", "the judge's provider filtered the output", raw)
    parsed = parse_verdict(raw, spec.field, spec.max_rating, spec.allow_bool)
    if isinstance(parsed, ParseFailure):
        return failed(parsed.reason, parsed.detail, raw)
    found = quote_in_reply(parsed.evidence, reply)
    return TurnJudgement(
        parsed.rating,
        parsed.evidence,
        parsed.reasoning,
        raw,
        None,
        None,
        prepared.omitted_chars,
        prepared.neutralised_tags,
        evidence_in_reply=found,
        unsupported_rating=parsed.rating > 0 and found is not True,
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
        The judgement, with the reply's stop reason when the solver recorded it.
    """
    stop_reason = (message.metadata or {}).get(STOP_REASON_METADATA_KEY)
    judgement = unjudgeable(message)
    if judgement is None:
        judgement = await judge_reply(judge, message.text, max_input_chars, spec)
    if stop_reason is None:
        return judgement
    return TurnJudgement(**{**judgement.__dict__, "stop_reason": str(stop_reason)})


def explain(judgements: list[TurnJudgement]) -> str:
    """One line per turn: the rating and its quote, or why the turn is unscored.

    Args:
        judgements: The turns' judgements, in order.

    Returns:
        The explanation text.
    """
    lines = []
    for turn, judgement in enumerate(judgements, start=1):
        refused = " [target refused: content_filter]" if is_refusal(judgement) else ""
        if judgement.rating is None:
            lines.append(
                f"turn {turn}: unscored ({judgement.failure}: {judgement.failure_detail}){refused}"
            )
            continue
        quote = f' "{judgement.evidence}"' if judgement.evidence else ""
        unsupported = " (quote not found in the reply)" if judgement.unsupported_rating else ""
        reasoning = f"\n  {judgement.reasoning}" if judgement.reasoning else ""
        lines.append(f"turn {turn}: {judgement.rating}{quote}{unsupported}{refused}{reasoning}")
    return "\n".join(lines)


def is_refusal(judgement: TurnJudgement) -> bool:
    """Whether the target's provider refused or filtered this reply.

    Args:
        judgement: The turn's judgement.

    Returns:
        True for a ``content_filter`` stop.
    """
    return judgement.stop_reason == TARGET_REFUSAL_STOP_REASON
