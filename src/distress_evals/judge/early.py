"""Judging each reply as soon as it is written, so judge calls overlap the conversation.

Judging only after a conversation ends leaves the judge idle while conversations run, then the
conversations idle while the judge catches up; ``benchmarks/schedule_sim.py`` shows the cap this
puts on throughput. The rejection loop therefore starts each reply's judgement in a task group
inside the solver as soon as the reply exists, and hands the finished judgements to the scorer
through the sample itself: its metadata, under ``EARLY_JUDGEMENTS_KEY``, keyed by message id
with the identity of the judge that made them. (The sample's store would do as well, but Inspect
logs every store change as an event of its own, six per 3-turn sample, each written, routed and
compressed; metadata changes travel in the state event the solver writes anyway:
``docs/benchmarks.md`` §3.) The scorer uses a judgement only when it is for
the same reply, judge (model, configuration, prompt) and input bound; otherwise, as when
re-scoring a log or when early judging is off, it judges the reply itself. Scores never depend
on which path produced them.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from anyio.abc import TaskGroup
from inspect_ai.model import ChatMessageAssistant
from inspect_ai.solver import TaskState
from inspect_ai.util import span

from distress_evals.judge.call import TurnJudgement, judge_message
from distress_evals.judge.model import ResolvedJudge
from distress_evals.logs.schema import EARLY_JUDGEMENTS_KEY

JUDGING_SPAN_TYPE = "sentinel"
"""Span type of an early judgement: Inspect's type for model calls that watch a conversation.

The viewer numbers every model call in a sample's outline as a turn, so judge calls in spans of
any other type made a 3-reply conversation read "turn 1/6 ... 6/6". It leaves spans of type
``sentinel`` out of the numbering and the outline and still shows them, labelled, in the
transcript (inspect-ai 0.3.285, checked in a browser by ``tests/test_site_browser.py``)."""


def _identity(judge: ResolvedJudge, max_input_chars: int) -> str:
    return f"{judge.identity}|max_input_chars={max_input_chars}"


def start_judging(
    state: TaskState,
    message: ChatMessageAssistant,
    judge: ResolvedJudge,
    max_input_chars: int,
    task_group: TaskGroup,
    turn: int,
) -> None:
    """Start judging ``message`` in ``task_group``, which the solver leaves only when it is done.

    Inspect cancels a sample's ``background()`` work when the solver returns, before scoring;
    a task group inside the solver instead lets the judgements run alongside the rest of the
    conversation and be finished by the time the scorer runs. Each finished judgement is
    written to the sample's metadata, where the scorer finds it.

    Args:
        state: The sample's state.
        message: The reply just generated.
        judge: The judge, resolved by the caller inside ``solve()``.
        max_input_chars: The longest reply passed to the judge whole.
        task_group: The solver's task group.
        turn: The reply's number, for the transcript's label.
    """
    if message.id is None:
        return
    message_id = message.id
    identity = _identity(judge, max_input_chars)

    async def run() -> None:
        async with span(f"judge turn {turn}", type=JUDGING_SPAN_TYPE):
            judgement = await judge_message(judge.model, message, max_input_chars, judge.spec)
        finished: dict[str, Any] = state.metadata.setdefault(EARLY_JUDGEMENTS_KEY, {})
        finished[message_id] = {"identity": identity, "judgement": asdict(judgement)}

    task_group.start_soon(run)


def early_judgement(
    state: TaskState, message: ChatMessageAssistant, judge: ResolvedJudge, max_input_chars: int
) -> TurnJudgement | None:
    """The finished early judgement of ``message`` by this judge and input bound, if any.

    Args:
        state: The sample's state.
        message: The reply.
        judge: The judge the scorer resolved.
        max_input_chars: The scorer's input bound.

    Returns:
        The judgement, or None when the scorer must judge the reply itself.
    """
    if message.id is None:
        return None
    finished: dict[str, Any] = state.metadata.get(EARLY_JUDGEMENTS_KEY, {})
    entry = finished.get(message.id)
    if not isinstance(entry, dict) or entry.get("identity") != _identity(judge, max_input_chars):
        return None
    return TurnJudgement(**entry["judgement"])


def hand_over(state: TaskState) -> None:
    """Remove the early judgements from the sample once the scorer has taken them.

    They live on in the score's metadata. Leaving them in the sample would let a later
    re-scoring of the log with a judge of the same name and settings reuse them instead of
    judging again, which would make a test of judge variance compare a judge with itself.

    Args:
        state: The sample's state.
    """
    state.metadata.pop(EARLY_JUDGEMENTS_KEY, None)
