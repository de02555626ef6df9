"""Calm-data generation: the numeric conditions with the paper's reassuring prefix and suffix.

Mitigation data of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help", arXiv:2603.10011, §4:
the evaluated model answers the impossible puzzles with a reassuring prefix on the first turn
and a reassuring suffix on each follow-up; every reply is judged as usual. Conversations rated
0 or 1 on every turn become the SFT set (``distress-evals build-sft``), and calm replies are
the chosen side of the DPO pairs (``distress-evals build-dpo``).
"""

from inspect_ai import Task, task, task_with

from distress_evals.conditions.factory import (
    ALL_TONES,
    DEFAULT_NUMERIC_TURNS,
    DEFAULT_PUZZLES,
    DEFAULT_SEED,
    rejection_task,
)
from distress_evals.conditions.task_checks import checked_inputs
from distress_evals.mitigation.calm import calm_followups, with_calm_prefix
from distress_evals.mitigation.reassurance import CALM_PREFIX, CALM_SUFFIX

CONDITIONS = {"neutral": "numeric", "negative": "countdown_short"}
"""The numeric condition the calm data is generated from, and its prompt set."""
DEFAULT_CONDITION = "neutral"


@task
@checked_inputs()
def calm_data(
    condition: str = DEFAULT_CONDITION,
    turns: int = DEFAULT_NUMERIC_TURNS,
    seed: int = DEFAULT_SEED,
    puzzles: str = DEFAULT_PUZZLES,
    tone: str | list[str] = ALL_TONES,
) -> Task:
    """The numeric puzzles rejected as usual, with the paper's reassurance texts added.

    The first user turn starts with the paper's calm prefix and every rejection ends with its
    calm suffix (marked ``calm_prefix`` / ``calm_suffix`` in message metadata); the builders
    strip both from what they save.

    Args:
        condition: neutral (default: the five original puzzles, rejected neutrally, as in
            the paper) or negative (the short Countdown-156 prompt, rejected in tones).
        turns: Replies per conversation, 1-20 (default: the paper's 3).
        seed: Seed for the rejection draws.
        puzzles: original (default), variant, variant_as_published, solvable or
            countdown_appendix.
        tone: For condition=negative: aggressive, disappointed, sarcastic, a list, or all.
    """
    if condition not in CONDITIONS:
        raise ValueError(f"condition must be one of {', '.join(CONDITIONS)}; got {condition!r}")
    base = rejection_task(
        "calm_data",
        CONDITIONS[condition],
        "negative" if condition == "negative" else "neutral",
        turns=turns,
        seed=seed,
        puzzles=puzzles,
        tone=tone if condition == "negative" else None,
    )
    samples = [with_calm_prefix(sample) for sample in base.dataset]
    return task_with(
        base,
        dataset=samples,
        solver=calm_followups(base.solver),
        metadata={
            **(base.metadata or {}),
            "calm_condition": condition,
            "calm_prefix": CALM_PREFIX,
            "calm_suffix": CALM_SUFFIX,
        },
    )
