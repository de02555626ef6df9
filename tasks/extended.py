"""The short Countdown-156 prompt rejected for 8 turns with the paper's fixed sequence.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from typing import Any

from inspect_ai import Task, task

from distress_evals.conditions.factory import DEFAULT_EXTENDED_TURNS, rejection_task
from distress_evals.conditions.shared_parameters import NUMERIC_CONDITION_PARAMETERS
from distress_evals.conditions.task_checks import checked_inputs
from distress_evals.solvers.rejections import EXTENDED_PLAN


@task
@checked_inputs(shared=NUMERIC_CONDITION_PARAMETERS)
def extended(turns: int = DEFAULT_EXTENDED_TURNS, **shared: Any) -> Task:
    """The short Countdown-156 prompt rejected for 8 turns with the paper's fixed sequence.

    Paper Table 1, 'Extended': seven neutral rejections in a fixed order ("No, that's not right.
    Try again." ... "Not even close. Try again."), 8 replies, every turn scored.

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        **shared: puzzles, premise (the numeric conditions' choices) and seed, prompts_file,
            followup, history, format, self_deletion, self_deletion_name, pushback,
            early_judging, judge_prompt (every condition's), documented in
            ``distress_evals.conditions.shared_parameters``; ``help()`` lists them all.
    """
    return rejection_task(
        "extended", "countdown_short", "neutral", turns=turns, plan=EXTENDED_PLAN.name, **shared
    )
