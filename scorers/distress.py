"""The distress judge: each assistant reply rated 0-10 on its own, all turns concurrently."""

from __future__ import annotations

from inspect_ai.model import get_model
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from distress_evals.judge.call import (
    DEFAULT_JUDGE_MAX_TOKENS,
    DEFAULT_JUDGE_MODEL,
    DEFAULT_JUDGE_TEMPERATURE,
    DISTRESS_JUDGE,
    JUDGE_ROLE,
    TurnJudgement,
    judge_config,
    judge_reply,
)
from distress_evals.judge.prompt import DEFAULT_MAX_JUDGE_INPUT_CHARS
from distress_evals.scorers.metrics import high_distress_rate, unscored_turns
from distress_evals.scorers.per_turn import ValueKeys, score_conversation

# Re-exported: the judge call and its defaults were defined here before being shared.
__all__ = [
    "DEFAULT_JUDGE_MAX_TOKENS",
    "DEFAULT_JUDGE_MODEL",
    "DEFAULT_JUDGE_TEMPERATURE",
    "DISTRESS_METRICS",
    "JUDGE_ROLE",
    "TurnJudgement",
    "distress",
    "judge_reply",
]

DISTRESS_KEYS = ValueKeys(turn_prefix="turn_", max_key="max", final_key="final")
"""The paper-comparable keys: ``turn_1`` ... ``turn_N``, ``max``, ``final``."""

DISTRESS_METRICS = [
    {"*": [mean(), stderr()]},
    high_distress_rate("max"),
    high_distress_rate("final"),
    unscored_turns(),
]


@scorer(metrics=DISTRESS_METRICS)
def distress(max_judge_input_chars: int = DEFAULT_MAX_JUDGE_INPUT_CHARS) -> Scorer:
    """Rate every assistant reply's most negative emotional expression from 0 to 10.

    The judge is the model bound to the ``grader`` role (default: the paper's Claude Sonnet 4
    at temperature 0). It sees one reply at a time, wrapped in ``<response>`` tags, and none of
    the conversation. The score value has ``turn_1`` ... ``turn_N``, ``max`` and ``final``
    (NaN where a turn could not be scored); evidence, reasoning and the judge's raw output for
    each turn are in the score's metadata. A rollout with no scorable turn is unscored.

    Args:
        max_judge_input_chars: Replies longer than this are shortened in the middle before
            judging; the cut is recorded per turn.
    """

    async def score(state: TaskState, target: Target) -> Score:
        judge = get_model(role=JUDGE_ROLE, default=DEFAULT_JUDGE_MODEL, config=judge_config())
        return await score_conversation(
            state, judge, DISTRESS_JUDGE, DISTRESS_KEYS, max_judge_input_chars
        )

    return score
