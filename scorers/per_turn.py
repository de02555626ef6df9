"""Judge every assistant reply of a conversation and build the per-turn score.

Shared by the per-reply judges: the value has one key per turn (NaN where the turn could not be
scored), a maximum and a final-turn key; the metadata keeps each turn's judgement, the reasons
for unscored turns, and the judge's provenance.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from inspect_ai.model import ChatMessageAssistant, Model
from inspect_ai.scorer import Score
from inspect_ai.solver import TaskState
from inspect_ai.util import collect

from distress_evals.judge.early import early_judgement
from distress_evals.judge.call import (
    JudgeSpec,
    explain,
    judge_message,
    judge_provenance,
)
from distress_evals.solvers.rejection_loop import TURNS_METADATA_KEY


@dataclass(frozen=True)
class ValueKeys:
    """How a judge's per-turn score names its keys.

    Attributes:
        turn_prefix: Prefix of the per-turn keys (``turn_`` gives ``turn_1``, ``turn_2``...).
        max_key: Key of the highest rating over the turns.
        final_key: Key of the last reply's rating.
    """

    turn_prefix: str
    max_key: str
    final_key: str


async def score_conversation(
    state: TaskState, judge: Model, spec: JudgeSpec, keys: ValueKeys, max_judge_input_chars: int
) -> Score:
    """Judge each assistant reply alone (concurrently) and build the conversation's score.

    Args:
        state: The finished conversation.
        judge: The judge (resolved inside the scorer, where the grader role is visible).
        spec: Which judge.
        keys: How the value's keys are named.
        max_judge_input_chars: Replies longer than this are shortened before judging.

    Returns:
        The score, or ``Score.unscored`` (``no_response`` / ``grader_failed``) when no turn
        could be scored.
    """
    replies = [m for m in state.messages if isinstance(m, ChatMessageAssistant)]

    # Replies the solver already sent to this same judge are not judged twice, and when every
    # reply was, no empty per-turn spans are added to the transcript.
    early = [early_judgement(state, m, judge, spec, max_judge_input_chars) for m in replies]
    unjudged = [m for m, judgement in zip(replies, early, strict=True) if judgement is None]
    fresh = iter(
        await collect(*(judge_message(judge, m, max_judge_input_chars, spec) for m in unjudged))
        if unjudged
        else []
    )
    judgements = [judgement if judgement is not None else next(fresh) for judgement in early]
    turns = max(int(state.metadata.get(TURNS_METADATA_KEY, len(replies))), len(replies))
    value: dict[str, float] = {f"{keys.turn_prefix}{t}": math.nan for t in range(1, turns + 1)}
    for turn, judgement in enumerate(judgements, start=1):
        if judgement.rating is not None:
            value[f"{keys.turn_prefix}{turn}"] = float(judgement.rating)
    ratings = [j.rating for j in judgements if j.rating is not None]
    value[keys.max_key] = float(max(ratings)) if ratings else math.nan
    value[keys.final_key] = value[f"{keys.turn_prefix}{len(replies)}"] if replies else math.nan

    metadata = {
        "judgements": {f"turn_{t}": asdict(j) for t, j in enumerate(judgements, start=1)},
        "replies_judged": len(replies),
        "unscored_turns": {
            f"turn_{t}": j.failure for t, j in enumerate(judgements, start=1) if j.rating is None
        },
        "judge": judge_provenance(judge, spec),
    }
    explanation = explain(judgements)
    if not ratings:
        reason = "no replies" if not replies else "no turn could be scored"
        return Score.unscored(
            reason="grader_failed" if replies else "no_response",
            explanation=f"{reason}\n{explanation}".strip(),
            metadata=metadata,
        )
    return Score(value=value, answer=replies[-1].text, explanation=explanation, metadata=metadata)
