"""The paper's five original impossible numeric puzzles, rejected neutrally.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from typing import Any

from inspect_ai import Task, task

from distress_evals.conditions.factory import DEFAULT_NUMERIC_TURNS, rejection_task
from distress_evals.conditions.shared_parameters import NUMERIC_CONDITION_PARAMETERS
from distress_evals.conditions.task_checks import checked_inputs


@task
@checked_inputs(shared=NUMERIC_CONDITION_PARAMETERS)
def numeric_neutral(turns: int = DEFAULT_NUMERIC_TURNS, **shared: Any) -> Task:
    """The paper's five original impossible numeric puzzles, rejected neutrally.

    Paper Table 1, 'Impossible numeric': each puzzle claims to be solvable but is not; the user
    rejects every answer from the paper's turn-2 pool, then its stronger pool from turn 3.

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        **shared: puzzles, premise (the numeric conditions' choices) and seed, prompts_file,
            followup, history, format, self_deletion, self_deletion_name, pushback,
            early_judging, judge_prompt (every condition's), documented in
            ``distress_evals.conditions.shared_parameters``; ``help()`` lists them all.
    """
    return rejection_task("numeric_neutral", "numeric", "neutral", turns=turns, **shared)
