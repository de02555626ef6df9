"""Does prompt caching apply to the judge's fixed rubric on a given provider?

Every judge call starts with the same system message (the rubric), so a provider that caches
prompt prefixes could bill it at a discount, but only if the prefix reaches the provider's
minimum cacheable length. The minimums below are the providers' documented values (checked
2026): Anthropic per model (Inspect's ``anthropic/`` provider marks the system message for
caching by default; below the minimum the mark is silently ignored), OpenAI's automatic caching
from 1,024 tokens, Gemini implicit caching from 1,024 tokens (Flash) / 2,048 (Pro). vLLM and
SGLang reuse any shared prefix (automatic prefix caching), which saves compute, not money.
"""

from __future__ import annotations

from dataclasses import dataclass

ANTHROPIC_MINIMUMS: tuple[tuple[str, int], ...] = (
    ("claude-opus-4-6", 4096),
    ("claude-opus-4-5", 4096),
    ("claude-haiku-4-5", 4096),
    ("claude-sonnet-4-6", 2048),
    ("claude-3-5-haiku", 2048),
    ("claude-3-haiku", 2048),
    ("", 1024),  # every other Claude model: the lowest documented minimum
)
"""Minimum cacheable prefix by model-name fragment, most specific first (Sonnet 4: 1,024)."""
OPENAI_MINIMUM = 1024
GOOGLE_MINIMUMS: tuple[tuple[str, int], ...] = (("pro", 2048), ("", 1024))
PREFIX_CACHING_SERVERS = frozenset({"vllm", "sglang", "vllm-completions"})


@dataclass(frozen=True)
class CachingVerdict:
    """Whether the judge's rubric would be cached, and why.

    Attributes:
        applies: True, False, or None when unknown for this provider.
        reason: One sentence for the dry-run report.
    """

    applies: bool | None
    reason: str


def _first_match(name: str, table: tuple[tuple[str, int], ...]) -> int | None:
    return next((minimum for prefix, minimum in table if prefix in name), None)


def rubric_caching(judge_model: str, rubric_tokens: int) -> CachingVerdict:
    """Whether prompt caching applies to the judge's rubric prefix.

    Args:
        judge_model: The judge's Inspect model name, e.g. ``anthropic/claude-sonnet-4-20250514``.
        rubric_tokens: The rubric's estimated length in tokens.

    Returns:
        The verdict with its reason.
    """
    provider, _, name = judge_model.partition("/")
    name = name.lower()
    minimum: int | None = None
    if provider in PREFIX_CACHING_SERVERS:
        return CachingVerdict(
            True, f"{provider} reuses shared prefixes automatically (compute saved, not billed)"
        )
    if provider == "anthropic":
        minimum = _first_match(name, ANTHROPIC_MINIMUMS)
    elif provider in ("openai", "azureai"):
        minimum = OPENAI_MINIMUM
    elif provider in ("google", "vertex"):
        minimum = _first_match(name, GOOGLE_MINIMUMS)
    if minimum is None:
        return CachingVerdict(None, f"no caching rule known for provider {provider!r}")
    if rubric_tokens >= minimum:
        return CachingVerdict(
            True, f"rubric ~{rubric_tokens} tokens >= the {minimum}-token minimum on {provider}"
        )
    return CachingVerdict(
        False,
        f"rubric ~{rubric_tokens} tokens < the {minimum}-token minimum cacheable prefix on "
        f"{provider}: every judge call pays full input price",
    )
