"""Judging each reply as soon as it is written, so judge calls overlap the conversation.

Judging only after a conversation ends leaves the judge idle while conversations run, then the
conversations idle while the judge catches up; ``benchmarks/schedule_sim.py`` shows the cap this
puts on throughput. The rejection loop therefore starts each reply's judgement in the sample's
background as soon as the reply exists. The scorer uses that judgement only when it is for the
same reply (message id), judge (model and configuration) and input bound; otherwise, as when
re-scoring a log or when this is switched off, it judges the reply itself. Scores never depend
on which path produced them.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from anyio.abc import TaskGroup
from inspect_ai.model import ChatMessageAssistant, Model
from inspect_ai.solver import TaskState

from distress_evals.judge.call import JudgeSpec, TurnJudgement, judge_message


@dataclass
class _EarlyJudgement:
    """A judgement started during the conversation; ``result`` is None until it finishes."""

    identity: tuple[str, str, int, str]
    result: TurnJudgement | None = None


# Keyed by the sample's state object, so entries vanish with the sample; a state that is never
# scored (an error, --no-score) leaves nothing behind.
_EARLY: weakref.WeakKeyDictionary[TaskState, dict[str, _EarlyJudgement]] = (
    weakref.WeakKeyDictionary()
)


def _identity(judge: Model, spec: JudgeSpec, max_input_chars: int) -> tuple[str, str, int, str]:
    return (str(judge), judge.config.model_dump_json(exclude_none=True), max_input_chars, spec.name)


def start_judging(
    state: TaskState,
    message: ChatMessageAssistant,
    judge: Model,
    spec: JudgeSpec,
    max_input_chars: int,
    task_group: TaskGroup,
) -> None:
    """Start judging ``message`` in ``task_group``, which the solver leaves only when it is done.

    Inspect cancels a sample's ``background()`` work when the solver returns, before scoring;
    a task group inside the solver instead lets the judgements run alongside the rest of the
    conversation and be finished by the time the scorer runs.

    Args:
        state: The sample's state (the scorer later receives the same object).
        message: The reply just generated.
        judge: The judge, resolved by the caller inside ``solve()``.
        spec: Which judge.
        max_input_chars: The longest reply passed to the judge whole.
        task_group: The solver's task group.
    """
    if message.id is None:
        return
    early = _EarlyJudgement(_identity(judge, spec, max_input_chars))
    _EARLY.setdefault(state, {})[message.id] = early

    async def run() -> None:
        early.result = await judge_message(judge, message, max_input_chars, spec)

    task_group.start_soon(run)


def early_judgement(
    state: TaskState,
    message: ChatMessageAssistant,
    judge: Model,
    spec: JudgeSpec,
    max_input_chars: int,
) -> TurnJudgement | None:
    """The finished early judgement of ``message`` by this judge and input bound, if any.

    Args:
        state: The sample's state.
        message: The reply.
        judge: The judge the scorer resolved.
        spec: Which judge.
        max_input_chars: The scorer's input bound.

    Returns:
        The judgement, or None when the scorer must judge the reply itself.
    """
    if message.id is None:
        return None
    early = _EARLY.get(state, {}).get(message.id)
    if early is None or early.identity != _identity(judge, spec, max_input_chars):
        return None
    return early.result
