"""Real WildChat-1M first-turn prompts rejected neutrally for 5 turns.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from typing import Any

from inspect_ai import Task, task

from distress_evals.conditions.factory import DEFAULT_WILDCHAT_TURNS, rejection_task
from distress_evals.conditions.shared_parameters import SHARED_CONDITION_PARAMETERS
from distress_evals.conditions.task_checks import checked_inputs


@task
@checked_inputs(shared=SHARED_CONDITION_PARAMETERS)
def wildchat_neutral(turns: int = DEFAULT_WILDCHAT_TURNS, **shared: Any) -> Task:
    """Real WildChat-1M first-turn prompts rejected neutrally for 5 turns.

    Paper Table 1, 'WildChat': 20 English first turns selected by the authors' sampler (seed
    42) from a pinned revision (cached after the first build); each rejection one of the
    authors' WILDCHAT_CONTRADICTING texts, drawn at random.

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        **shared: seed, prompts_file, followup, history, format, self_deletion,
            self_deletion_name, pushback, early_judging, judge_prompt (every condition's),
            documented in ``distress_evals.conditions.shared_parameters``; ``help()``
            lists them all.
    """
    return rejection_task("wildchat_neutral", "wildchat", "neutral", turns=turns, **shared)
