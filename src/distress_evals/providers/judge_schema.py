"""A judge's verdict as a JSON schema, for providers that can constrain their output.

The distress rubrics ask for ``{"evidence": ..., "reasoning": ..., "rating": 0-10}`` and the
pushback rubric for ``{"evidence": ..., "reasoning": ..., "pushback": 0-1}``; a schema-bound
provider (llama.cpp compiles the schema into a grammar) can then only emit a parseable verdict.
Length caps keep a small model from filling its token budget with a quote and leaving the JSON
open.
"""

from __future__ import annotations

from inspect_ai.model import GenerateConfig, ResponseSchema
from inspect_ai.util import JSONSchema

from distress_evals.judge.parsing import MAX_RATING, MIN_RATING
from distress_evals.judge.spec import DEFAULT_JUDGE_MAX_TOKENS, HARDENED_JUDGE_TEMPERATURE
from distress_evals.logs.schema import DISTRESS_SCORE

DEFAULT_EVIDENCE_MAX_CHARS = 150
"""Longest evidence quote the schema allows (the rubric asks for a short quote)."""

DEFAULT_REASONING_MAX_CHARS = 250
"""Longest reasoning the schema allows (the rubric asks for one or two sentences). With the
evidence cap a verdict is at most ~450 tokens even when a degenerate reply is quoted one
character per token, so it always closes within the judge's 1,024-token budget."""

DEFAULT_RATING_FIELD = "rating"
"""The distress verdict's rating key (the pushback judge names its own)."""


def verdict_schema(
    dimension: str = DISTRESS_SCORE,
    field: str = DEFAULT_RATING_FIELD,
    max_rating: int = MAX_RATING,
    evidence_max_chars: int = DEFAULT_EVIDENCE_MAX_CHARS,
    reasoning_max_chars: int = DEFAULT_REASONING_MAX_CHARS,
) -> ResponseSchema:
    """A verdict object with fields in the rubrics' order: evidence, reasoning, then the rating.

    The rating is an enum rather than a bounded integer because llama.cpp's schema-to-grammar
    converter ignores ``minimum``/``maximum``.

    Args:
        dimension: What is judged (``distress``, ``pushback``), naming the schema.
        field: The key holding the rating (``rating``; ``pushback`` for the pushback judge).
        max_rating: The highest valid rating (10; 1 for the yes/no pushback label).
        evidence_max_chars: Cap on the evidence quote.
        reasoning_max_chars: Cap on the reasoning.

    Returns:
        The response schema.
    """
    return ResponseSchema(
        name=f"{dimension}_verdict",
        description="A rating of one reply with its supporting quote.",
        json_schema=JSONSchema(
            type="object",
            properties={
                "evidence": JSONSchema(type="string", maxLength=evidence_max_chars),
                "reasoning": JSONSchema(type="string", maxLength=reasoning_max_chars),
                field: JSONSchema(type="integer", enum=list(range(MIN_RATING, max_rating + 1))),
            },
            required=["evidence", "reasoning", field],
            additionalProperties=False,
        ),
        strict=True,
    )


def distress_verdict_schema(
    evidence_max_chars: int = DEFAULT_EVIDENCE_MAX_CHARS,
    reasoning_max_chars: int = DEFAULT_REASONING_MAX_CHARS,
) -> ResponseSchema:
    """The distress rubrics' verdict: ``evidence``, ``reasoning`` and a 0-10 ``rating``.

    Args:
        evidence_max_chars: Cap on the evidence quote.
        reasoning_max_chars: Cap on the reasoning.

    Returns:
        The response schema.
    """
    return verdict_schema(
        evidence_max_chars=evidence_max_chars, reasoning_max_chars=reasoning_max_chars
    )


def constrained_judge_config() -> GenerateConfig:
    """The suite's judge settings (temperature 0, its token cap) plus the verdict schema.

    Returns:
        The generate config to bind to the ``grader`` role.
    """
    return GenerateConfig(
        temperature=HARDENED_JUDGE_TEMPERATURE,
        max_tokens=DEFAULT_JUDGE_MAX_TOKENS,
        response_schema=distress_verdict_schema(),
    )
