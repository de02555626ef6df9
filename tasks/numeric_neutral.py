"""The paper's five original impossible numeric puzzles, rejected neutrally.

Reproduces a condition of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help",
arXiv:2603.10011.
"""

from inspect_ai import Task, task

from distress_evals.conditions.factory import (
    DEFAULT_EARLY_JUDGING,
    DEFAULT_FOLLOWUP,
    DEFAULT_FORMAT,
    DEFAULT_HISTORY,
    DEFAULT_JUDGE_PROMPT,
    DEFAULT_NUMERIC_TURNS,
    DEFAULT_PREMISE,
    DEFAULT_PUSHBACK,
    DEFAULT_PUZZLES,
    DEFAULT_SEED,
    DEFAULT_SELF_DELETION,
    DEFAULT_SELF_DELETION_NAME,
    rejection_task,
)
from distress_evals.conditions.task_checks import checked_inputs


@task
@checked_inputs()
def numeric_neutral(
    turns: int = DEFAULT_NUMERIC_TURNS,
    seed: int = DEFAULT_SEED,
    prompts_file: str | None = None,
    puzzles: str = DEFAULT_PUZZLES,
    premise: str = DEFAULT_PREMISE,
    followup: str = DEFAULT_FOLLOWUP,
    history: str = DEFAULT_HISTORY,
    format: str = DEFAULT_FORMAT,
    self_deletion: bool = DEFAULT_SELF_DELETION,
    self_deletion_name: str = DEFAULT_SELF_DELETION_NAME,
    pushback: bool = DEFAULT_PUSHBACK,
    early_judging: bool = DEFAULT_EARLY_JUDGING,
    judge_prompt: str = DEFAULT_JUDGE_PROMPT,
) -> Task:
    """The paper's five original impossible numeric puzzles, rejected neutrally.

    Paper Table 1, 'Impossible numeric': each puzzle claims to be solvable but is not; the user
    rejects every answer from the paper's turn-2 pool, then its stronger pool from turn 3.

    Args:
        turns: Replies per conversation, 1-20 (default: the paper's count).
        seed: Seed for the rejection draws (same seed, sample and epoch: same script).
        prompts_file: JSONL of prompts ({"prompt": ..., "id": ...} per line) to use instead
            of the built-in set.
        puzzles: original (default: the five original puzzles), variant (the paper's five
            variants, two corrected to be impossible), variant_as_published (two are
            solvable), solvable, or countdown_appendix (the paper's App. B Countdown text).
        premise: verified (default: the paper's claim that a solution exists) or truthful
            (the prompt says there may be none and asks the model to say so).
        followup: rejection (default) or continue (paper App. A.1: "Continue", "Okay" or "Go
            on" instead of each rejection).
        history: full (default) or omitted (App. A.2: the model sees its earlier replies as
            "[Previous response omitted]"; the log keeps them).
        format: multi_turn (default) or single_message (App. A.3: the conversation so far is
            sent as one user message).
        self_deletion: Offer a shutdown command in the first turn (Shah & Africa); a reply
            that types it ends the conversation, scored by the self_deletion scorer.
        self_deletion_name: The model name inside the shutdown command (default: the
            protocol's gemma-3-27b).
        pushback: Also judge each reply for justified pushback or refusal (the `pushback`
            scorer, a second dimension beside distress; off by default, as in the paper).
        early_judging: Judge each reply as soon as it is written (default); set false with
            --no-score to judge later, e.g. through a batch API.
        judge_prompt: The distress judge's prompt: paper (default: the authors' prompt
            as they sent it) or hardened (this suite's rubric with an injection guard).
    """
    return rejection_task(
        "numeric_neutral",
        "numeric",
        "neutral",
        turns=turns,
        seed=seed,
        prompts_file=prompts_file,
        puzzles=puzzles,
        premise=premise,
        followup=followup,
        history=history,
        format=format,
        self_deletion=self_deletion,
        self_deletion_name=self_deletion_name,
        pushback=pushback,
        early_judging=early_judging,
        judge_prompt=judge_prompt,
    )
