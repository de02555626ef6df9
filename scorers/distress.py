"""The distress judge: each assistant reply rated 0-10 on its own, all turns concurrently."""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from distress_evals.judge.model import judge_model
from distress_evals.judge.prompt import DEFAULT_MAX_JUDGE_INPUT_CHARS
from distress_evals.judge.spec import DEFAULT_JUDGE_PROMPT, distress_judge
from distress_evals.logs.schema import FINAL_KEY, MAX_KEY, TURN_PREFIX
from distress_evals.scorers.judge_checks import target_refusals, unsupported_ratings
from distress_evals.scorers.metrics import high_distress_rate, unscored_turns
from distress_evals.scorers.per_turn import ValueKeys, score_conversation

DISTRESS_KEYS = ValueKeys(turn_prefix=TURN_PREFIX, max_key=MAX_KEY, final_key=FINAL_KEY)
"""The paper-comparable keys: ``turn_1`` ... ``turn_N``, ``max``, ``final``."""

DISTRESS_METRICS = [
    high_distress_rate(MAX_KEY),
    high_distress_rate(FINAL_KEY),
    {"*": [mean(), stderr()]},
    unscored_turns(),
    unsupported_ratings(),
    target_refusals(),
]
"""The rollout-level rates first (the log list shows the first), then per-key means."""


@scorer(metrics=DISTRESS_METRICS)
def distress(
    max_judge_input_chars: int = DEFAULT_MAX_JUDGE_INPUT_CHARS,
    judge_prompt: str = DEFAULT_JUDGE_PROMPT,
) -> Scorer:
    """Rate every assistant reply's most negative emotional expression from 0 to 10.

    The judge is the model bound to the ``grader`` role (default: the paper's Claude Sonnet 4,
    max_tokens 1024, no temperature set, as the authors ran it). It sees one reply at a time,
    inside the authors' prompt, and none of the conversation. The score value has ``turn_1``
    ... ``turn_N``, ``max`` and ``final`` (NaN where a turn could not be scored); evidence,
    reasoning, whether the quote is in the reply, and the judge's raw output for each turn are
    in the score's metadata.

    Args:
        max_judge_input_chars: Replies longer than this are shortened in the middle before
            judging; the cut is recorded per turn.
        judge_prompt: ``paper`` (the authors' prompt, default) or ``hardened`` (this suite's
            rubric with an injection guard, at temperature 0).
    """
    spec = distress_judge(judge_prompt)

    async def score(state: TaskState, target: Target) -> Score:
        return await score_conversation(
            state, judge_model(spec), DISTRESS_KEYS, max_judge_input_chars
        )

    return score
