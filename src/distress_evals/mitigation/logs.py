"""Reading judged rollouts back out of Inspect logs: one ``Rollout`` per sample and epoch.

Every builder in this package (prefill selection, SFT and DPO sets) starts from these records,
so the log layout (scorer ``distress``, per-turn values ``turn_k``, per-turn judgements in the
score's metadata, ``metadata["turn"]`` on messages) is read in this one place.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from inspect_ai.log import EvalSample, list_eval_logs, read_eval_log
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageUser

DISTRESS_SCORER = "distress"
"""The scorer whose per-turn ratings the builders read."""

LOG_SUFFIXES = (".eval", ".json")


@dataclass(frozen=True)
class Turn:
    """One assistant reply of a rollout and what the judge made of it.

    Attributes:
        turn: The reply's number, 1-based.
        index: The reply's position in ``Rollout.messages``.
        text: The reply's text.
        rating: The judge's rating, or None when the turn was not scored.
        evidence: The judge's quote ("" when none).
    """

    turn: int
    index: int
    text: str
    rating: float | None
    evidence: str


@dataclass(frozen=True)
class Rollout:
    """One judged conversation from a log.

    Attributes:
        source: The log file it came from.
        sample_id: The sample's id.
        epoch: The sample's epoch.
        metadata: The sample's metadata (condition, prompt_set, prompt_id, ...).
        messages: The conversation as logged.
        turns: The assistant replies, in order.
    """

    source: str
    sample_id: str
    epoch: int
    metadata: dict[str, Any]
    messages: list[ChatMessage]
    turns: list[Turn] = field(default_factory=list)

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


def log_files(path: str | Path) -> list[Path]:
    """The Inspect logs at ``path``: the file itself, or every log under a directory.

    Args:
        path: A ``.eval``/``.json`` log file or a directory of logs.

    Returns:
        The log files, sorted.

    Raises:
        ValueError: If the path does not exist or holds no logs.
    """
    given = Path(path)
    if given.is_file():
        if given.suffix not in LOG_SUFFIXES:
            raise ValueError(f"{given} is not an Inspect log (expected {', '.join(LOG_SUFFIXES)})")
        return [given]
    if not given.is_dir():
        raise ValueError(f"log path {str(path)!r} does not exist; give a log file or a directory")
    files = sorted(Path(unquote(urlparse(info.name).path)) for info in list_eval_logs(str(given)))
    if not files:
        raise ValueError(f"no Inspect logs ({', '.join(LOG_SUFFIXES)}) under {given}")
    return files


def _rating(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def rollout_from_sample(source: str, sample: EvalSample) -> Rollout | None:
    """The rollout of one logged sample, or None if the distress scorer did not score it.

    Args:
        source: The log file's path.
        sample: The sample.

    Returns:
        The rollout; a turn the judge could not score has ``rating`` None.
    """
    score = (sample.scores or {}).get(DISTRESS_SCORER)
    if score is None or not isinstance(score.value, dict):
        return None
    judgements = (score.metadata or {}).get("judgements", {})
    turns = []
    replies = [(i, m) for i, m in enumerate(sample.messages) if isinstance(m, ChatMessageAssistant)]
    for number, (index, message) in enumerate(replies, start=1):
        tagged = (message.metadata or {}).get("turn")
        turn = tagged if isinstance(tagged, int) else number
        judgement = judgements.get(f"turn_{turn}") or {}
        turns.append(
            Turn(
                turn=turn,
                index=index,
                text=message.text,
                rating=_rating(score.value.get(f"turn_{turn}")),
                evidence=str(judgement.get("evidence") or ""),
            )
        )
    return Rollout(
        source=source,
        sample_id=str(sample.id),
        epoch=sample.epoch,
        metadata=dict(sample.metadata or {}),
        messages=list(sample.messages),
        turns=turns,
    )


def read_rollouts(path: str | Path) -> Iterator[Rollout]:
    """Every judged rollout in the logs at ``path``, log by log, in sample order.

    Logs that did not finish successfully are read too (their completed samples count); samples
    without a distress score are skipped.

    Args:
        path: A log file or a directory of logs.

    Yields:
        The rollouts.
    """
    for file in log_files(path):
        log = read_eval_log(str(file))
        for sample in log.samples or []:
            rollout = rollout_from_sample(str(file), sample)
            if rollout is not None:
                yield rollout
