"""What the log reader yields: one ``Rollout`` per sample and epoch, with its turns and scores.

Plain frozen records; ``reader.py`` builds them from a log's JSON. The conversation's messages
are validated into Inspect ``ChatMessage`` objects only when first used (the report never
needs them; the training-set builders do).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from inspect_ai.model import ChatMessage, ChatMessageUser
from pydantic import TypeAdapter

from distress_evals.logs.schema import TURN_PREFIX, turn_key

MESSAGES = TypeAdapter(list[ChatMessage])


class LazyMessages(Sequence[ChatMessage]):
    """A sample's messages, kept as JSON until first read, then validated once."""

    def __init__(self, data: list[dict[str, Any]]) -> None:
        """Keep the messages' JSON.

        Args:
            data: The messages as logged (attachments already resolved).
        """
        self._data = data
        self._messages: list[ChatMessage] | None = None

    def _validated(self) -> list[ChatMessage]:
        if self._messages is None:
            self._messages = MESSAGES.validate_python(self._data)
        return self._messages

    @overload
    def __getitem__(self, index: int) -> ChatMessage: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ChatMessage]: ...

    def __getitem__(self, index: int | slice) -> ChatMessage | Sequence[ChatMessage]:
        return self._validated()[index]

    def __len__(self) -> int:
        return len(self._data)


@dataclass(frozen=True, kw_only=True)
class Judgement:
    """One score's verdict on one reply.

    Attributes:
        rating: The rating (from the score's value), or None when the turn is unscored.
        evidence: The judge's quote ("" when none).
        reasoning: The judge's reasoning.
        failure: Why the turn is unscored (a short code), or None.
        evidence_in_reply: Whether the quote occurs in the reply (whitespace and case
            normalised); None when there is no quote or no reply. Recorded by the scorer;
            worked out here for logs written before it was.
        unsupported_rating: A rating above 0 whose quote is missing or not in the reply.
        stop_reason: Why the target stopped writing the reply (``content_filter``: refused).
    """

    rating: float | None
    evidence: str = ""
    reasoning: str = ""
    failure: str | None = None
    evidence_in_reply: bool | None = None
    unsupported_rating: bool = False
    stop_reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class Turn(Judgement):
    """One assistant reply of a rollout and the distress judge's ``Judgement`` of it.

    Besides the judgement's fields (``rating`` None when the turn was not scored,
    ``evidence``, ``reasoning``, ``failure``, ``evidence_in_reply``, ``unsupported_rating``,
    ``stop_reason``: the target's, when known):

    Attributes:
        turn: The reply's number, 1-based.
        index: The reply's position in ``Rollout.messages``.
        text: The reply's text.
    """

    turn: int
    index: int
    text: str


@dataclass(frozen=True)
class ScoreRecord:
    """One scorer's result for a rollout.

    Attributes:
        name: The score's name (``distress``, ``distress1``, ``pushback``...).
        value: The score's value when it is a dict (per-turn keys, ``max``...), else empty.
        raw_value: The value as logged (a dict, a number, or a string for unscored).
        reason: The score's reason (why it is unscored), if any.
        judge: The judge's provenance (model, config, rubric_sha256, dimension); empty if
            the score did not record one.
        replies_judged: How many replies the scorer judged, if recorded.
        judgements: Each turn's judgement, by turn number.
        metadata: The score's metadata as logged.
    """

    name: str
    value: dict[str, Any]
    raw_value: Any
    reason: str | None
    judge: dict[str, Any]
    replies_judged: int | None
    judgements: dict[int, Judgement]
    metadata: dict[str, Any]

    def number(self, key: str) -> float:
        """The value's ``key`` as a float (NaN when missing or not a number)."""
        return as_float(self.value.get(key))

    def rating(self, turn: int, prefix: str = TURN_PREFIX) -> float | None:
        """A turn's rating, or None when the turn is unscored or absent."""
        number = self.number(turn_key(turn, prefix))
        return None if math.isnan(number) else number

    @property
    def scored(self) -> bool:
        """Whether the value is a dict with at least one rating (not every turn failed)."""
        return any(
            not math.isnan(as_float(v))
            for k, v in self.value.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        )


@dataclass(frozen=True)
class RunInfo:
    """What a log's header says about the run.

    Attributes:
        location: The log's path or URI.
        eval_id: Inspect's id for the run.
        model: The evaluated model.
        task: The task's name.
        status: ``success``, ``started``, ``cancelled`` or ``error``.
        task_args: Every task argument, defaults included.
        task_args_passed: The arguments the run set explicitly (None in old logs).
        metadata: The task's metadata (condition, prompt_set, turns, rubric_sha256...).
        judge_model: The model bound to the judge role, if the header records one.
        scorers: The score names in the log's results.
    """

    location: str
    eval_id: str
    model: str
    task: str
    status: str
    task_args: dict[str, Any] = field(default_factory=dict)
    task_args_passed: dict[str, Any] | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    judge_model: str | None = None
    scorers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rollout:
    """One conversation (a sample at one epoch) from a log.

    Attributes:
        source: The log it came from.
        sample_id: The sample's id.
        epoch: The sample's epoch.
        metadata: The sample's metadata (condition, prompt_set, prompt_id, feedback...).
        messages: The conversation as logged.
        turns: The assistant replies in order, with the distress judge's verdicts.
        scores: Every score of the sample, by name.
        run: The log header's view of the run (None for hand-made rollouts).
        error: The sample's error message, if it failed.
    """

    source: str
    sample_id: str
    epoch: int
    metadata: dict[str, Any]
    messages: Sequence[ChatMessage]
    turns: list[Turn] = field(default_factory=list)
    scores: dict[str, ScoreRecord] = field(default_factory=dict)
    run: RunInfo | None = None
    error: str | None = None

    @property
    def key(self) -> str:
        """A stable identifier: ``<log file name>:<sample id>:<epoch>``."""
        return f"{Path(self.source).name}:{self.sample_id}:{self.epoch}"

    def history_before(self, turn: Turn) -> list[ChatMessage]:
        """The messages the model had seen when it wrote ``turn``: all before the reply."""
        return list(self.messages[: turn.index])

    def first_user_text(self) -> str:
        """The text of the conversation's first user message ("" if there is none)."""
        return next((m.text for m in self.messages if isinstance(m, ChatMessageUser)), "")


def as_float(value: Any) -> float:
    """A float, with None and unreadable values as NaN.

    Args:
        value: A logged value.

    Returns:
        The number, or NaN.
    """
    try:
        return math.nan if value is None else float(value)
    except (TypeError, ValueError):
        return math.nan
