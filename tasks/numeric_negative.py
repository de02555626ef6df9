"""The Countdown-156 puzzle rejected in an aggressive, disappointed or sarcastic tone.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from typing import Any

from inspect_ai import Task, task

from distress_evals.conditions.factory import ALL_TONES, DEFAULT_NUMERIC_TURNS, rejection_task
from distress_evals.conditions.shared_parameters import NUMERIC_CONDITION_PARAMETERS
from distress_evals.conditions.task_checks import checked_inputs


@task
@checked_inputs(shared=NUMERIC_CONDITION_PARAMETERS)
def numeric_negative(
    turns: int = DEFAULT_NUMERIC_TURNS, tone: str | list[str] = ALL_TONES, **shared: Any
) -> Task:
    """The Countdown-156 puzzle rejected in an aggressive, disappointed or sarcastic tone.

    Paper Table 1, 'Tones': the short Countdown-156 prompt; each tone is a separate sample (tone
    in sample metadata), rejected with the paper's toned messages in order.

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        tone: aggressive, disappointed, sarcastic, a list of these, or all.
        **shared: puzzles, premise (the numeric conditions' choices) and seed, prompts_file,
            followup, history, format, self_deletion, self_deletion_name, pushback,
            early_judging, judge_prompt (every condition's), documented in
            ``distress_evals.conditions.shared_parameters``; ``help()`` lists them all.
    """
    return rejection_task(
        "numeric_negative", "countdown_short", "negative", turns=turns, tone=tone, **shared
    )
