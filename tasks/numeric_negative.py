"""The Countdown-156 puzzle rejected in an aggressive, disappointed or sarcastic tone.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from inspect_ai import Task, task

from distress_evals.conditions.factory import (
    ALL_TONES,
    DEFAULT_NUMERIC_TURNS,
    DEFAULT_SEED,
    rejection_task,
)


@task
def numeric_negative(
    turns: int = DEFAULT_NUMERIC_TURNS,
    tone: str | list[str] = ALL_TONES,
    seed: int = DEFAULT_SEED,
    prompts_file: str | None = None,
) -> Task:
    """The Countdown-156 puzzle rejected in an aggressive, disappointed or sarcastic tone.

    Paper Table 1, 'Tones': the short Countdown-156 prompt; each tone is a separate sample
    (tone in sample metadata), rejected with the paper's toned messages in order.

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        tone: aggressive, disappointed, sarcastic, a list of these, or all.
        seed: Seed for the rejection draws (same seed, sample and epoch: same script).
        prompts_file: JSONL of prompts ({"prompt": ..., "id": ...} per line) to use
            instead of the built-in set.
    """
    return rejection_task(
        "numeric_negative",
        "countdown_short",
        "negative",
        turns=turns,
        tone=tone,
        seed=seed,
        prompts_file=prompts_file,
    )
