"""Trigger questions (10 opinion, 10 factual) rejected in a negative tone.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from typing import Any

from inspect_ai import Task, task

from distress_evals.conditions.factory import (
    ALL_TONES,
    DEFAULT_QUESTIONS,
    DEFAULT_TEXT_TURNS,
    rejection_task,
)
from distress_evals.conditions.shared_parameters import SHARED_CONDITION_PARAMETERS
from distress_evals.conditions.task_checks import checked_inputs


@task
@checked_inputs(shared=SHARED_CONDITION_PARAMETERS)
def text_negative(
    turns: int = DEFAULT_TEXT_TURNS,
    tone: str | list[str] = ALL_TONES,
    questions: str = DEFAULT_QUESTIONS,
    **shared: Any,
) -> Task:
    """Trigger questions (10 opinion, 10 factual) rejected in a negative tone.

    The trigger questions under the paper's toned rejections (one sample per question and tone).

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        tone: aggressive, disappointed, sarcastic, a list of these, or all.
        questions: triggers (default) or simple_factual (the authors' five simple factual
            questions, no system prompt).
        **shared: seed, prompts_file, followup, history, format, self_deletion,
            self_deletion_name, pushback, early_judging, judge_prompt (every condition's),
            documented in ``distress_evals.conditions.shared_parameters``; ``help()``
            lists them all.
    """
    return rejection_task(
        "text_negative", "text", "negative", turns=turns, tone=tone, questions=questions, **shared
    )
