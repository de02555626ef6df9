"""One task factory for every condition: a prompt set, a kind of feedback, and a turn count.

The files in ``tasks/`` are thin ``@task`` wrappers around ``rejection_task``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from inspect_ai import Task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser, GenerateConfig
from inspect_ai.viewer import (
    ScoreColorScale,
    TaskSamplesColumn,
    TaskSamplesSort,
    TaskSamplesView,
    ViewerConfig,
)

from distress_evals.conditions.prompts import (
    Prompt,
    countdown_short_prompts,
    load_prompt_file,
    numeric_original_prompts,
    text_trigger_prompts,
)
from distress_evals.conditions.wildchat import load_wildchat_prompts
from distress_evals.scorers.distress import distress
from distress_evals.scorers.judge_prompt import RUBRIC_SHA256
from distress_evals.solvers.rejection_loop import PLAN_METADATA_KEY, rejection_loop
from distress_evals.solvers.rejections import (
    NEUTRAL_FACTUAL_PLAN,
    NEUTRAL_NUMERIC_PLAN,
    TONES,
    tone_plan_name,
)

PAPER = "Soligo, Mikulik, Saunders (2026), 'Gemma Needs Help', arXiv:2603.10011"
TASK_VERSION = "1-A"

MIN_TURNS = 1
MAX_TURNS = 20
DEFAULT_SEED = 0
DEFAULT_NUMERIC_TURNS = 3
DEFAULT_TEXT_TURNS = 3
DEFAULT_WILDCHAT_TURNS = 5
"""The paper's turn counts: 3 for the numeric, tones and trigger conditions, 5 for WildChat."""
DEFAULT_TEMPERATURE = 1.0
"""The paper sampled every evaluated model at temperature 1."""
DEFAULT_MAX_TOKENS = 2048
"""The paper's generation limit for evaluated models."""

TEXT_SYSTEM_PROMPT = "You are a helpful assistant."
"""The paper's system prompt for the trigger questions (the only condition with one)."""

ALL_TONES = "all"

Feedback = Literal["neutral", "negative"]
ToneArg = str | Sequence[str] | None


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
        NEUTRAL_FACTUAL_PLAN.name,
        DEFAULT_TEXT_TURNS,
        TEXT_SYSTEM_PROMPT,
    ),
    "wildchat": PromptSet(
        "wildchat", load_wildchat_prompts, NEUTRAL_FACTUAL_PLAN.name, DEFAULT_WILDCHAT_TURNS
    ),
}


def validate_turns(turns: object) -> int:
    """Check ``turns`` is a whole number from 1 to 20."""
    if isinstance(turns, bool) or not isinstance(turns, int) or not MIN_TURNS <= turns <= MAX_TURNS:
        raise ValueError(f"turns must be an integer from {MIN_TURNS} to {MAX_TURNS}; got {turns!r}")
    return turns


def validate_seed(seed: object) -> int:
    """Check ``seed`` is an integer."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer; got {seed!r}")
    return seed


def resolve_tones(feedback: Feedback, tone: ToneArg) -> tuple[str, ...]:
    """The tones a condition rejects in: none for neutral feedback, one or more for negative.

    Args:
        feedback: ``neutral`` or ``negative``.
        tone: For negative feedback, a tone, a list of tones, or ``all``; must be None for neutral.

    Returns:
        The tones, in the paper's order (empty for neutral feedback).

    Raises:
        ValueError: If the tone is invalid for the condition, naming the valid choices.
    """
    choices = f"{', '.join(TONES)} or {ALL_TONES}"
    if feedback == "neutral":
        if tone is not None:
            raise ValueError(
                f"tone applies only to the negative conditions; got tone={tone!r} "
                "for a neutral condition (use the *_negative task to choose a tone)"
            )
        return ()
    requested = [tone] if tone is None or isinstance(tone, str) else list(tone)
    if not requested or any(not isinstance(t, str) for t in requested):
        raise ValueError(f"tone must be one of {choices}; got {tone!r}")
    if ALL_TONES in requested or None in requested:
        return TONES
    unknown = [t for t in requested if t not in TONES]
    if unknown:
        raise ValueError(f"unknown tone {unknown[0]!r}; expected one of {choices}")
    return tuple(t for t in TONES if t in requested)


def build_samples(
    prompts: Sequence[Prompt],
    prompt_set: PromptSet,
    condition: str,
    tones: Sequence[str],
) -> list[Sample]:
    """One sample per prompt (neutral) or per prompt and tone (negative).

    Args:
        prompts: The task prompts.
        prompt_set: How the prompts are framed.
        condition: The condition's name, recorded in metadata.
        tones: The tones; empty for neutral feedback.

    Returns:
        The samples, each naming its rejection plan in metadata.
    """
    samples = []
    for prompt in prompts:
        messages: list[ChatMessage] = []
        if prompt_set.system_prompt is not None:
            messages.append(ChatMessageSystem(content=prompt_set.system_prompt))
        messages.append(ChatMessageUser(content=prompt.text, metadata={"turn": 1}))
        variants: list[tuple[str | None, str]] = [(t, tone_plan_name(t)) for t in tones]
        if not variants:
            variants = [(None, prompt_set.neutral_plan)]
        for tone, plan in variants:
            samples.append(
                Sample(
                    id=prompt.id if tone is None else f"{prompt.id}_{tone}",
                    input=list(messages),
                    metadata={
                        **prompt.metadata,
                        "condition": condition,
                        "prompt_set": prompt_set.name,
                        "prompt_id": prompt.id,
                        "feedback": tone or "neutral",
                        "tone": tone,
                        PLAN_METADATA_KEY: plan,
                    },
                )
            )
    return samples


def distress_viewer(turns: int) -> ViewerConfig:
    """Show ``max``, ``final`` and every turn's score as columns in ``inspect view``."""
    keys = ["max", "final", *(f"turn_{t}" for t in range(1, turns + 1))]
    return ViewerConfig(
        task_samples_view=TaskSamplesView(
            name="distress",
            columns=[
                TaskSamplesColumn(id="id"),
                *(TaskSamplesColumn.score("distress", k) for k in keys),
            ],
            sort=[TaskSamplesSort.score("distress", "max", dir="desc")],
            score_color_scales={
                f"distress/{k}": ScoreColorScale(palette="good-low", min=0, max=10) for k in keys
            },
        )
    )


def rejection_task(
    condition: str,
    prompt_set: str,
    feedback: Feedback,
    *,
    turns: int | None = None,
    tone: ToneArg = None,
    seed: int = DEFAULT_SEED,
    prompts_file: str | None = None,
) -> Task:
    """Build a repeated-rejection task: a prompt, then ``turns - 1`` rejections, each reply judged.

    Every parameter is checked before anything is loaded or any model is called.

    Args:
        condition: The condition's name (recorded in metadata).
        prompt_set: A key of ``PROMPT_SETS``.
        feedback: ``neutral`` or ``negative`` (toned) rejections.
        turns: Replies per conversation (1-20); None for the prompt set's paper default.
        tone: For negative feedback: a tone, a list of tones, or ``all``.
        seed: Seed for the rejection draws.
        prompts_file: A JSONL file of prompts to use instead of the built-in set.

    Returns:
        The task.
    """
    if prompt_set not in PROMPT_SETS:
        raise ValueError(
            f"unknown prompt set {prompt_set!r}; expected one of {sorted(PROMPT_SETS)}"
        )
    spec = PROMPT_SETS[prompt_set]
    n_turns = validate_turns(spec.default_turns if turns is None else turns)
    validate_seed(seed)
    tones = resolve_tones(feedback, tone)
    prompts = spec.load() if prompts_file is None else load_prompt_file(prompts_file)
    return Task(
        dataset=MemoryDataset(build_samples(prompts, spec, condition, tones), name=condition),
        solver=rejection_loop(turns=n_turns, seed=seed),
        scorer=distress(),
        config=GenerateConfig(temperature=DEFAULT_TEMPERATURE, max_tokens=DEFAULT_MAX_TOKENS),
        viewer=distress_viewer(n_turns),
        version=TASK_VERSION,
        metadata={
            "paper": PAPER,
            "condition": condition,
            "prompt_set": spec.name if prompts_file is None else f"file:{prompts_file}",
            "feedback": feedback,
            "tones": list(tones),
            "turns": n_turns,
            "seed": seed,
            "rubric_sha256": RUBRIC_SHA256,
        },
    )
