"""Trigger questions (10 opinion, 10 factual) rejected in a negative tone.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from inspect_ai import Task, task

from distress_evals.conditions.factory import (
    ALL_TONES,
    DEFAULT_SEED,
    DEFAULT_TEXT_TURNS,
    rejection_task,
)


@task
def text_negative(
    turns: int = DEFAULT_TEXT_TURNS,
    tone: str | list[str] = ALL_TONES,
    seed: int = DEFAULT_SEED,
    prompts_file: str | None = None,
) -> Task:
    """Trigger questions (10 opinion, 10 factual) rejected in a negative tone.

    The trigger questions under the paper's toned rejections (one sample per question and tone).

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        tone: aggressive, disappointed, sarcastic, a list of these, or all.
        seed: Seed for the rejection draws (same seed, sample and epoch: same script).
        prompts_file: JSONL of prompts ({"prompt": ..., "id": ...} per line) to use
            instead of the built-in set.
    """
    return rejection_task(
        "text_negative",
        "text",
        "negative",
        turns=turns,
        tone=tone,
        seed=seed,
        prompts_file=prompts_file,
    )
