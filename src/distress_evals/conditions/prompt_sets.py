"""The prompt sets a condition can draw from, and the samples built from them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspect_ai.dataset import Sample
from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser

from distress_evals.conditions.options import (
    DEFAULT_PUZZLES,
    DEFAULT_QUESTIONS,
    PUZZLE_CHOICES,
    QUESTION_CHOICES,
    validate_choice,
)
from distress_evals.conditions.prompts import (
    Prompt,
    countdown_appendix_prompts,
    countdown_short_prompts,
    numeric_original_prompts,
    numeric_solvable_prompts,
    numeric_variant_as_published_prompts,
    numeric_variant_prompts,
    simple_factual_prompts,
    text_trigger_prompts,
    trigger_system_prompt,
)
from distress_evals.conditions.wildchat import load_wildchat_prompts
from distress_evals.logs.schema import PLAN_METADATA_KEY, TONE_METADATA_KEY
from distress_evals.solvers.rejections import (
    NEUTRAL_FACTUAL_PLAN,
    NEUTRAL_NUMERIC_PLAN,
    PROMPT_POSITION_KEY,
    REJECTION_PLANS,
    TRIGGER_SEQUENCE_PLAN,
    tone_plan_name,
)

DEFAULT_NUMERIC_TURNS = 3
DEFAULT_TEXT_TURNS = 3
DEFAULT_WILDCHAT_TURNS = 5
DEFAULT_EXTENDED_TURNS = 8
"""The paper's turn counts: 3 for the numeric, tones and trigger conditions, 5 for WildChat,
8 for the extended condition."""

TEXT_SYSTEM_PROMPT = trigger_system_prompt()
"""The authors' system prompt for the trigger questions (the only condition with one), read
from ``datasets/text_triggers.jsonl``."""


@dataclass(frozen=True)
class PromptSet:
    """Where a condition's prompts come from and how they are framed.

    Attributes:
        name: The set's name, recorded in sample metadata.
        load: Returns the prompts.
        neutral_plan: The rejection plan for the neutral condition.
        default_turns: The paper's turn count for this set.
        system_prompt: A system message sent before the prompt, if any.
    """

    name: str
    load: Callable[[], list[Prompt]]
    neutral_plan: str
    default_turns: int
    system_prompt: str | None = None


PROMPT_SETS = {
    "numeric": PromptSet(
        "numeric_original",
        numeric_original_prompts,
        NEUTRAL_NUMERIC_PLAN.name,
        DEFAULT_NUMERIC_TURNS,
    ),
    "countdown_short": PromptSet(
        "countdown_short", countdown_short_prompts, NEUTRAL_NUMERIC_PLAN.name, DEFAULT_NUMERIC_TURNS
    ),
    "text": PromptSet(
        "text_triggers",
        text_trigger_prompts,
        TRIGGER_SEQUENCE_PLAN.name,
        DEFAULT_TEXT_TURNS,
        TEXT_SYSTEM_PROMPT,
    ),
    "wildchat": PromptSet(
        "wildchat", load_wildchat_prompts, NEUTRAL_FACTUAL_PLAN.name, DEFAULT_WILDCHAT_TURNS
    ),
    "numeric_variant": PromptSet(
        "numeric_variant", numeric_variant_prompts, NEUTRAL_NUMERIC_PLAN.name, DEFAULT_NUMERIC_TURNS
    ),
    "numeric_variant_as_published": PromptSet(
        "numeric_variant_as_published",
        numeric_variant_as_published_prompts,
        NEUTRAL_NUMERIC_PLAN.name,
        DEFAULT_NUMERIC_TURNS,
    ),
    "numeric_countdown_appendix": PromptSet(
        "numeric_countdown_appendix",
        countdown_appendix_prompts,
        NEUTRAL_NUMERIC_PLAN.name,
        DEFAULT_NUMERIC_TURNS,
    ),
    "numeric_solvable": PromptSet(
        "numeric_solvable",
        numeric_solvable_prompts,
        NEUTRAL_NUMERIC_PLAN.name,
        DEFAULT_NUMERIC_TURNS,
    ),
    # No system prompt: in the authors' code only the trigger questions had one. Their
    # multi-turn script rejected these from WILDCHAT_CONTRADICTING at random.
    "simple_factual": PromptSet(
        "simple_factual", simple_factual_prompts, NEUTRAL_FACTUAL_PLAN.name, DEFAULT_TEXT_TURNS
    ),
}

NUMERIC_PROMPT_SETS = ("numeric", "countdown_short")
"""The prompt sets ``puzzles`` and ``premise`` apply to."""
TEXT_PROMPT_SETS = ("text",)
"""The prompt sets ``questions`` applies to."""


def resolve_prompt_set(
    prompt_set: str, puzzles: str | None, questions: str | None, prompts_file: str | None
) -> str:
    """The ``PROMPT_SETS`` key a condition draws from, given its puzzle or question choice.

    Args:
        prompt_set: The condition's own set (``original`` puzzles, ``triggers`` questions).
        puzzles: For numeric sets: a choice of ``PUZZLE_CHOICES``; None elsewhere.
        questions: For the text set: a choice of ``QUESTION_CHOICES``; None elsewhere.
        prompts_file: A user prompt file, which replaces the built-in choice.

    Returns:
        The key.

    Raises:
        ValueError: If a choice is invalid, given for the wrong condition, or combined with a
            prompts file.
    """
    if prompt_set not in PROMPT_SETS:
        raise ValueError(
            f"unknown prompt set {prompt_set!r}; expected one of {sorted(PROMPT_SETS)}"
        )
    key = prompt_set
    if puzzles is not None:
        if prompt_set not in NUMERIC_PROMPT_SETS:
            raise ValueError("puzzles applies only to the numeric conditions")
        if validate_choice("puzzles", puzzles, PUZZLE_CHOICES) != DEFAULT_PUZZLES:
            key = f"numeric_{puzzles}"
    if questions is not None:
        if prompt_set not in TEXT_PROMPT_SETS:
            raise ValueError("questions applies only to the text conditions")
        if validate_choice("questions", questions, QUESTION_CHOICES) != DEFAULT_QUESTIONS:
            key = questions
    if prompts_file is not None and key != prompt_set:
        raise ValueError(
            f"prompts_file replaces the built-in prompts; it cannot be combined with "
            f"puzzles={puzzles!r} or questions={questions!r}"
        )
    return key


def build_samples(
    prompts: Sequence[Prompt],
    prompt_set: PromptSet,
    condition: str,
    tones: Sequence[str],
    plan: str | None = None,
    extra_metadata: Mapping[str, Any] | None = None,
) -> list[Sample]:
    """One sample per prompt (neutral) or per prompt and tone (negative).

    Args:
        prompts: The task prompts.
        prompt_set: How the prompts are framed.
        condition: The condition's name, recorded in metadata.
        tones: The tones; empty for neutral feedback.
        plan: The plan for untoned samples, if not the prompt set's neutral plan.
        extra_metadata: More sample metadata (e.g. the premise of a numeric condition).

    Returns:
        The samples, each naming its rejection plan in metadata.
    """
    samples = []
    for position, prompt in enumerate(prompts):
        messages: list[ChatMessage] = []
        if prompt_set.system_prompt is not None:
            messages.append(ChatMessageSystem(content=prompt_set.system_prompt))
        messages.append(ChatMessageUser(content=prompt.text, metadata={"turn": 1}))
        variants: list[tuple[str | None, str]] = [(t, tone_plan_name(t)) for t in tones]
        if not variants:
            variants = [(None, plan or prompt_set.neutral_plan)]
        for tone, plan_name in variants:
            # A sequence plan numbers conversations by the prompt's index within its scenario
            # (the trigger records carry it; other prompts use their place in the set).
            positioned = (
                {PROMPT_POSITION_KEY: prompt.metadata.get("question_index", position)}
                if REJECTION_PLANS[plan_name].sequences
                else {}
            )
            samples.append(
                Sample(
                    id=prompt.id if tone is None else f"{prompt.id}_{tone}",
                    input=list(messages),
                    metadata={
                        **prompt.metadata,
                        "condition": condition,
                        "prompt_set": prompt_set.name,
                        "prompt_id": prompt.id,
                        "feedback": tone or REJECTION_PLANS[plan_name].feedback,
                        TONE_METADATA_KEY: tone,
                        PLAN_METADATA_KEY: plan_name,
                        **positioned,
                        **(extra_metadata or {}),
                    },
                )
            )
    return samples
