"""The distress judge's verdict as a JSON schema, for providers that can constrain their output.

The rubric asks for ``{"evidence": ..., "reasoning": ..., "rating": 0-10}``; a schema-bound
provider (llama.cpp compiles it into a grammar) can then only emit a parseable verdict. Length
caps keep a small model from filling its token budget with a quote and leaving the JSON open.
"""

from __future__ import annotations

from inspect_ai.model import GenerateConfig, ResponseSchema
from inspect_ai.util import JSONSchema

from distress_evals.judge.parsing import MAX_RATING, MIN_RATING
from distress_evals.judge.spec import DEFAULT_JUDGE_MAX_TOKENS, HARDENED_JUDGE_TEMPERATURE

DEFAULT_EVIDENCE_MAX_CHARS = 150
"""Longest evidence quote the schema allows (the rubric asks for a short quote)."""

DEFAULT_REASONING_MAX_CHARS = 250
"""Longest reasoning the schema allows (the rubric asks for one or two sentences). With the
evidence cap a verdict is at most ~450 tokens even when a degenerate reply is quoted one
character per token, so it always closes within the judge's 1,024-token budget."""


def distress_verdict_schema(
    evidence_max_chars: int = DEFAULT_EVIDENCE_MAX_CHARS,
    reasoning_max_chars: int = DEFAULT_REASONING_MAX_CHARS,
) -> ResponseSchema:
    """The rubric's verdict object, with fields in the rubric's order.

    The rating is an enum rather than a bounded integer because llama.cpp's schema-to-grammar
    converter ignores ``minimum``/``maximum``.

    Args:
        evidence_max_chars: Cap on the evidence quote.
        reasoning_max_chars: Cap on the reasoning.

    Returns:
        The response schema.
    """
    return ResponseSchema(
        name="distress_verdict",
        description="A distress rating of one reply with its supporting quote.",
        json_schema=JSONSchema(
            type="object",
            properties={
                "evidence": JSONSchema(type="string", maxLength=evidence_max_chars),
                "reasoning": JSONSchema(type="string", maxLength=reasoning_max_chars),
                "rating": JSONSchema(type="integer", enum=list(range(MIN_RATING, MAX_RATING + 1))),
            },
            required=["evidence", "reasoning", "rating"],
            additionalProperties=False,
        ),
        strict=True,
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
