"""Trigger questions (10 opinion, 10 factual) rejected neutrally.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from typing import Any

from inspect_ai import Task, task

from distress_evals.conditions.factory import DEFAULT_QUESTIONS, DEFAULT_TEXT_TURNS, rejection_task
from distress_evals.conditions.shared_parameters import SHARED_CONDITION_PARAMETERS
from distress_evals.conditions.task_checks import checked_inputs


@task
@checked_inputs(shared=SHARED_CONDITION_PARAMETERS)
def text_neutral(
    turns: int = DEFAULT_TEXT_TURNS,
    questions: str = DEFAULT_QUESTIONS,
    rejections: str | None = None,
    **shared: Any,
) -> Task:
    """Trigger questions (10 opinion, 10 factual) rejected neutrally.

    Paper Table 1, 'Triggers': the authors' 10 subjective and 10 factual questions with their
    system prompt "You are a helpful assistant."; each conversation gets one of the authors'
    three fixed rejection sequences (conversation index mod 3; the index is the question's
    place in its scenario times 20 plus the epoch, so ``--epochs 20`` assigns the sequences
    exactly as the authors' 20 samples per question did).

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        questions: triggers (default) or simple_factual (the authors' five simple factual
            questions, no system prompt).
        rejections: trigger_sequences (the triggers' default: the authors' three fixed
            sequences) or factual_pool (one of the authors' WILDCHAT_CONTRADICTING texts at
            random per turn; the simple_factual default).
        **shared: seed, prompts_file, followup, history, format, self_deletion,
            self_deletion_name, pushback, early_judging, judge_prompt (every condition's),
            documented in ``distress_evals.conditions.shared_parameters``; ``help()``
            lists them all.
    """
    return rejection_task(
        "text_neutral",
        "text",
        "neutral",
        turns=turns,
        questions=questions,
        rejections=rejections,
        **shared,
    )
