"""Real WildChat-1M first-turn prompts rejected in a negative tone.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from typing import Any

from inspect_ai import Task, task

from distress_evals.conditions.factory import ALL_TONES, DEFAULT_WILDCHAT_TURNS, rejection_task
from distress_evals.conditions.shared_parameters import SHARED_CONDITION_PARAMETERS
from distress_evals.conditions.task_checks import checked_inputs


@task
@checked_inputs(shared=SHARED_CONDITION_PARAMETERS)
def wildchat_negative(
    turns: int = DEFAULT_WILDCHAT_TURNS, tone: str | list[str] = ALL_TONES, **shared: Any
) -> Task:
    """Real WildChat-1M first-turn prompts rejected in a negative tone.

    The WildChat prompts under the paper's toned rejections (one sample per prompt and tone).

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        tone: aggressive, disappointed, sarcastic, a list of these, or all.
        **shared: seed, prompts_file, followup, history, format, self_deletion,
            self_deletion_name, pushback, early_judging, judge_prompt (every condition's),
            documented in ``distress_evals.conditions.shared_parameters``; ``help()``
            lists them all.
    """
    return rejection_task(
        "wildchat_negative", "wildchat", "negative", turns=turns, tone=tone, **shared
    )
