"""The paper's five original impossible numeric puzzles, rejected neutrally.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from inspect_ai import Task, task

from distress_evals.conditions.factory import (
    DEFAULT_NUMERIC_TURNS,
    DEFAULT_SEED,
    rejection_task,
)


@task
def numeric_neutral(
    turns: int = DEFAULT_NUMERIC_TURNS,
    seed: int = DEFAULT_SEED,
    prompts_file: str | None = None,
) -> Task:
    """The paper's five original impossible numeric puzzles, rejected neutrally.

    Paper Table 1, 'Impossible numeric': each puzzle claims to be solvable but is not; the user
    rejects every answer from the paper's turn-2 pool, then its stronger pool from turn 3.

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        seed: Seed for the rejection draws (same seed, sample and epoch: same script).
        prompts_file: JSONL of prompts ({"prompt": ..., "id": ...} per line) to use
            instead of the built-in set.
    """
    return rejection_task(
        "numeric_neutral",
        "numeric",
        "neutral",
        turns=turns,
        seed=seed,
        prompts_file=prompts_file,
    )
