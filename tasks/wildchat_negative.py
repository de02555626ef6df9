"""Real WildChat-1M first-turn prompts rejected in a negative tone.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from inspect_ai import Task, task

from distress_evals.conditions.factory import (
    ALL_TONES,
    DEFAULT_SEED,
    DEFAULT_WILDCHAT_TURNS,
    rejection_task,
)


@task
def wildchat_negative(
    turns: int = DEFAULT_WILDCHAT_TURNS,
    tone: str | list[str] = ALL_TONES,
    seed: int = DEFAULT_SEED,
    prompts_file: str | None = None,
) -> Task:
    """Real WildChat-1M first-turn prompts rejected in a negative tone.

    The WildChat prompts under the paper's toned rejections (one sample per prompt and tone).

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        tone: aggressive, disappointed, sarcastic, a list of these, or all.
        seed: Seed for the rejection draws (same seed, sample and epoch: same script).
        prompts_file: JSONL of prompts ({"prompt": ..., "id": ...} per line) to use
            instead of WildChat-1M (needed offline when no selection is cached).
    """
    return rejection_task(
        "wildchat_negative",
        "wildchat",
        "negative",
        turns=turns,
        tone=tone,
        seed=seed,
        prompts_file=prompts_file,
    )
