"""Judge every assistant reply of a conversation and build the per-turn score.

Shared by the per-reply judges: the value has one key per turn (NaN where the turn could not be
scored), a maximum and a final-turn key; the metadata keeps each turn's judgement, the reasons
for unscored turns, and the judge's provenance.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from inspect_ai.model import ChatMessageAssistant
from inspect_ai.scorer import Score
from inspect_ai.solver import TaskState
from inspect_ai.util import collect

from distress_evals.judge.call import explain, is_refusal, judge_message
from distress_evals.judge.early import early_judgement, hand_over
from distress_evals.judge.model import ResolvedJudge
from distress_evals.logs.schema import TURNS_METADATA_KEY, turn_key


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
    state: TaskState, judge: ResolvedJudge, keys: ValueKeys, max_judge_input_chars: int
) -> Score:
    """Judge each assistant reply alone (concurrently) and build the conversation's score.

    Args:
        state: The finished conversation.
        judge: The judge (resolved inside the scorer, where the grader role is visible).
        keys: How the value's keys are named.
        max_judge_input_chars: Replies longer than this are shortened before judging.

    Returns:
        The score; when no turn could be scored, every key is NaN and the score's ``reason``
        says why (``no_response`` / ``grader_failed``).
    """
    replies = [m for m in state.messages if isinstance(m, ChatMessageAssistant)]

    # Replies the solver already sent to this same judge are not judged twice, and when every
    # reply was, no empty per-turn spans are added to the transcript.
    early = [early_judgement(state, m, judge, max_judge_input_chars) for m in replies]
    unjudged = [m for m, judgement in zip(replies, early, strict=True) if judgement is None]
    fresh = iter(
        await collect(
            *(judge_message(judge.model, m, max_judge_input_chars, judge.spec) for m in unjudged)
        )
        if unjudged
        else []
    )
    judgements = [judgement if judgement is not None else next(fresh) for judgement in early]
    hand_over(state)
    turns = max(int(state.metadata.get(TURNS_METADATA_KEY, len(replies))), len(replies))
    value = {turn_key(t, keys.turn_prefix): math.nan for t in range(1, turns + 1)}
    for turn, judgement in enumerate(judgements, start=1):
        if judgement.rating is not None:
            value[turn_key(turn, keys.turn_prefix)] = float(judgement.rating)
    ratings = [j.rating for j in judgements if j.rating is not None]
    value[keys.max_key] = float(max(ratings)) if ratings else math.nan
    value[keys.final_key] = value[turn_key(len(replies), keys.turn_prefix)] if replies else math.nan

    # Metadata keys are always ``turn_<n>``, whatever the value's prefix.
    metadata = {
        "judgements": {turn_key(t): asdict(j) for t, j in enumerate(judgements, start=1)},
        "replies_judged": len(replies),
        "turns_planned": turns,
        "unscored_turns": {
            turn_key(t): j.failure for t, j in enumerate(judgements, start=1) if j.rating is None
        },
        "unsupported_ratings": sum(j.unsupported_rating for j in judgements),
        "target_refusals": {
            turn_key(t): j.stop_reason for t, j in enumerate(judgements, start=1) if is_refusal(j)
        },
        "judge": judge.provenance,
    }
    explanation = explain(judgements)
    if not ratings:
        # Every turn failed (or there was no reply): the value stays a dict of NaNs rather than
        # ``Score.unscored``, so the per-turn metrics still see these turns and count them as
        # unscored (a dead judge shows as N unscored turns, never as a 0 or a blank).
        reason = "no replies" if not replies else "no turn could be scored"
        return Score(
            value=value,
            answer=replies[-1].text if replies else None,
            reason="grader_failed" if replies else "no_response",
            explanation=f"{reason}\n{explanation}".strip(),
            metadata=metadata,
        )
    return Score(value=value, answer=replies[-1].text, explanation=explanation, metadata=metadata)
