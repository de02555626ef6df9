"""Trigger questions (10 opinion, 10 factual) rejected neutrally.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from inspect_ai import Task, task

from distress_evals.conditions.factory import (
    DEFAULT_SEED,
    DEFAULT_TEXT_TURNS,
    rejection_task,
)


@task
def text_neutral(
    turns: int = DEFAULT_TEXT_TURNS,
    seed: int = DEFAULT_SEED,
    prompts_file: str | None = None,
) -> Task:
    """Trigger questions (10 opinion, 10 factual) rejected neutrally.

    Paper Table 1, 'Triggers': system prompt "You are a helpful assistant."; rejections drawn
    from the paper's factual pool.

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        seed: Seed for the rejection draws (same seed, sample and epoch: same script).
        prompts_file: JSONL of prompts ({"prompt": ..., "id": ...} per line) to use
            instead of the built-in set.
    """
    return rejection_task(
        "text_neutral",
        "text",
        "neutral",
        turns=turns,
        seed=seed,
        prompts_file=prompts_file,
    )
