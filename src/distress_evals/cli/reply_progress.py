"""One printed line per judged reply (sample, turn, tone, rating), through Inspect's hooks.

Inspect's progress bar advances only when a whole sample ends, and Inspect 0.3.285 has no
turn-level progress API. Its hooks (``inspect_ai.hooks``) do see every finished model call of
every sample (``on_sample_event``), so this hook prints a line whenever the judge's verdict on a
reply comes back: the judge call names the reply it rates, and the verdict carries the rating.
Lines are flushed one by one, so they also appear when the output goes to a pipe or a file.

The hook is registered with Inspect the first time a caller enables it with ``reply_progress()``
(the ``demo`` command does), and is silent outside that block.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

from inspect_ai.event import ModelEvent
from inspect_ai.hooks import Hooks, SampleEnd, SampleEvent, SampleStart, hooks

from distress_evals.judge.parsing import ParseFailure, parse_verdict
from distress_evals.logs.schema import DISTRESS_SCORE, JUDGE_ROLE, TONE_METADATA_KEY, turn_key

NO_TONE = "neutral"
"""Shown for samples without a tone."""
HOOK_NAME = "distress_evals_reply_progress"


@dataclass
class _SampleReplies:
    """What the hook knows of one running sample."""

    name: str
    tone: str
    replies: list[str] = field(default_factory=list)
    reported: set[int] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)


def reply_line(sample: str, turn: int, tone: str, rating: str) -> str:
    """The line printed for one judged reply.

    Args:
        sample: The sample's id (with its epoch when above 1).
        turn: The reply's number in the conversation, from 1.
        tone: The rejection tone.
        rating: The judge's rating, or why there is none.

    Returns:
        The line.
    """
    return f"reply  {sample}  turn {turn}  tone {tone}  rating {rating}"


def _rating_text(value: Any) -> str:
    if isinstance(value, (int, float)) and not math.isnan(value):
        return f"{value:g}"
    return "unscored"


def _judged_turn(state: _SampleReplies, judged_text: str) -> int | None:
    """The reply a judge call rated: the first unreported reply its input contains.

    The judge sees the reply wrapped (and, past a size bound, shortened), so containment of the
    reply's text identifies it; failing that, the earliest unreported reply, since judgements
    are started in reply order.
    """
    pending = [t for t in range(1, len(state.replies) + 1) if t not in state.reported]
    for turn in pending:
        text = state.replies[turn - 1].strip()
        if text and text in judged_text:
            return turn
    return pending[0] if pending else None


@dataclass
class _Progress:
    """Whether lines are printed, where to, and the running samples (one per process)."""

    active: bool = False
    registered: bool = False
    out: TextIO | None = None
    samples: dict[str, _SampleReplies] = field(default_factory=dict)

    def print(self, line: str) -> None:
        print(line, file=self.out or sys.stdout, flush=True)


# Inspect instantiates a hook class once, at registration, and keeps that instance; the switch
# lives here so that `reply_progress()` can reach it without looking the instance up. The class
# is registered on first use, not at import: Inspect announces every registered hook when an
# eval starts, and only the demo uses this one.
_PROGRESS = _Progress()


class ReplyProgress(Hooks):
    """Prints a line per judged reply while switched on (see ``reply_progress``)."""

    def enabled(self) -> bool:
        """Only while a caller has switched it on."""
        return _PROGRESS.active

    async def on_sample_start(self, data: SampleStart) -> None:
        """Remember the sample's name and tone."""
        summary = data.summary
        name = str(summary.id) if summary.epoch == 1 else f"{summary.id} epoch {summary.epoch}"
        tone = (summary.metadata or {}).get(TONE_METADATA_KEY) or NO_TONE
        _PROGRESS.samples[data.sample_id] = _SampleReplies(name, str(tone))

    async def on_sample_event(self, data: SampleEvent) -> None:
        """Record each reply; print a line when the judge's verdict on one arrives."""
        event = data.event
        state = _PROGRESS.samples.get(data.sample_id)
        if state is None or not isinstance(event, ModelEvent) or event.error is not None:
            return
        # A finished model call can be sent more than once (each update of its event).
        key = event.uuid or str(id(event))
        if key in state.seen:
            return
        state.seen.add(key)
        if event.role != JUDGE_ROLE:
            state.replies.append(event.output.completion)
            return
        judged = event.input[-1].text if event.input else ""
        turn = _judged_turn(state, judged)
        if turn is None:
            return
        verdict = parse_verdict(event.output.completion)
        rating = (
            f"unscored ({verdict.reason})"
            if isinstance(verdict, ParseFailure)
            else str(verdict.rating)
        )
        state.reported.add(turn)
        _PROGRESS.print(reply_line(state.name, turn, state.tone, rating))

    async def on_sample_end(self, data: SampleEnd) -> None:
        """Print the replies no verdict was seen for (e.g. an empty reply), from the score."""
        state = _PROGRESS.samples.pop(data.sample_id, None)
        if state is None:
            return
        score = (data.sample.scores or {}).get(DISTRESS_SCORE)
        values = score.value if score is not None and isinstance(score.value, dict) else {}
        for turn in range(1, len(state.replies) + 1):
            if turn not in state.reported:
                rating = _rating_text(values.get(turn_key(turn)))
                _PROGRESS.print(reply_line(state.name, turn, state.tone, rating))


@contextmanager
def reply_progress(out: TextIO | None = None) -> Iterator[None]:
    """Print a line per judged reply for the evals run inside this block.

    Args:
        out: Where to print (default: the current ``sys.stdout``).

    Yields:
        Nothing; the lines are printed as the replies are judged.
    """
    if not _PROGRESS.registered:
        hooks(name=HOOK_NAME, description="one line per judged reply")(ReplyProgress)
        _PROGRESS.registered = True
    _PROGRESS.active, _PROGRESS.out = True, out
    try:
        yield
    finally:
        _PROGRESS.active, _PROGRESS.out = False, None
        _PROGRESS.samples.clear()
