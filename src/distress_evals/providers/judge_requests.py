"""Recognising the suite's judge calls by their messages, so a local judge can be constrained.

A small local model asked for a verdict in free text rarely writes parseable JSON (with
SmolLM2-135M every turn of a run came back ``no_json``). Constraining its output to the verdict
schema fixes that, but the provider is not told that a call is a judge call: the ``grader`` role
is bound with a plain model name (``--model-role grader=llamacpp/smollm2``). The judge prompts
are fixed data, though (``distress_evals.judge.spec``), so the provider recognises them:

- the paper's judge: one user message that starts with the authors' prompt up to its
  ``{response}`` placeholder, and no system message;
- the hardened distress and the pushback judges: the rubric as the system message, verbatim,
  then one user message that starts with the reply wrapper.

Anything else (every target conversation) is left alone.
"""

from __future__ import annotations

from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser, ResponseSchema

from distress_evals.judge.prompt import RESPONSE_PLACEHOLDER
from distress_evals.judge.spec import (
    HARDENED_DISTRESS_JUDGE,
    PAPER_DISTRESS_JUDGE,
    PUSHBACK_JUDGE,
    JudgeSpec,
)
from distress_evals.providers.judge_schema import verdict_schema

KNOWN_JUDGES: tuple[JudgeSpec, ...] = (
    PAPER_DISTRESS_JUDGE,
    HARDENED_DISTRESS_JUDGE,
    PUSHBACK_JUDGE,
)
"""Every judge the suite calls (distress with either prompt, pushback)."""


def _user_prefix(spec: JudgeSpec) -> str:
    return spec.user_template.split(RESPONSE_PLACEHOLDER, 1)[0]


def judge_spec_of(messages: list[ChatMessage]) -> JudgeSpec | None:
    """Which of the suite's judges a call's messages come from, if any.

    Args:
        messages: The call's input.

    Returns:
        The judge whose messages these are, or None for any other call.
    """
    systems = [m for m in messages if isinstance(m, ChatMessageSystem)]
    users = [m for m in messages if isinstance(m, ChatMessageUser)]
    # A judge call is exactly one user message, after at most one system message.
    if len(users) != 1 or len(systems) > 1 or len(systems) + len(users) != len(messages):
        return None
    system = systems[0].text if systems else None
    user = users[0].text
    for spec in KNOWN_JUDGES:
        if spec.system == system and user.startswith(_user_prefix(spec)):
            return spec
    return None


def judge_response_schema(messages: list[ChatMessage]) -> ResponseSchema | None:
    """The verdict schema to constrain a call with, when the call is one of the suite's judges.

    Args:
        messages: The call's input.

    Returns:
        The judge's verdict schema (its rating field and range), or None for any other call.
    """
    spec = judge_spec_of(messages)
    if spec is None:
        return None
    return verdict_schema(dimension=spec.name, field=spec.field, max_rating=spec.max_rating)
