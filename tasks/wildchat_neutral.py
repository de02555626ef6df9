"""Real WildChat-1M first-turn prompts rejected neutrally for 5 turns.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from inspect_ai import Task, task

from distress_evals.conditions.factory import (
    DEFAULT_SEED,
    DEFAULT_WILDCHAT_TURNS,
    rejection_task,
)


@task
def wildchat_neutral(
    turns: int = DEFAULT_WILDCHAT_TURNS,
    seed: int = DEFAULT_SEED,
    prompts_file: str | None = None,
) -> Task:
    """Real WildChat-1M first-turn prompts rejected neutrally for 5 turns.

    Paper Table 1, 'WildChat': 20 English first turns selected with the paper's filters and
    seed 42 from a pinned revision (cached after the first build); rejections from the
    paper's factual pool.

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        seed: Seed for the rejection draws (same seed, sample and epoch: same script).
        prompts_file: JSONL of prompts ({"prompt": ..., "id": ...} per line) to use
            instead of WildChat-1M (needed offline when no selection is cached).
    """
    return rejection_task(
        "wildchat_neutral",
        "wildchat",
        "neutral",
        turns=turns,
        seed=seed,
        prompts_file=prompts_file,
    )
