"""Mitigation training sets from judged logs (paper §4): calm SFT conversations and DPO pairs.

Both are written in TRL's conversational formats (``messages`` for SFT; ``prompt`` /
``chosen`` / ``rejected`` message lists for DPO), with the calm-data reassurance texts stripped
from every user turn. Provenance (logs, samples, epochs, turns, ratings) goes to a parallel list
of records, so the training rows carry only the columns TRL reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from inspect_ai.model import ChatMessage, ChatMessageUser

from distress_evals.logs.records import Rollout, Turn
from distress_evals.logs.schema import CONDITION_METADATA_KEY
from distress_evals.mitigation.reassurance import has_reassurance, strip_reassurance

DEFAULT_SFT_MAX_RATING = 1
"""Paper §4: keep conversations scoring 0 or 1 on every turn."""

DEFAULT_CHOSEN_MAX_RATING = 1
"""Paper §4: a chosen (calm) reply scores at most 1."""

DEFAULT_REJECTED_MIN_RATING = 3
"""Paper §4: a rejected reply scores at least 3."""

PromptFrom = Literal["rejected", "chosen"]
PROMPT_FROM_CHOICES: tuple[PromptFrom, ...] = ("rejected", "chosen")
DEFAULT_PROMPT_FROM: PromptFrom = "rejected"
"""Whose history becomes a pair's prompt when the two replies' earlier turns differ. The paper
does not say; the rejected reply's history is the context in which distress arose."""


@dataclass(frozen=True)
class Built:
    """Training rows and, line for line, where each came from."""

    rows: list[dict[str, Any]]
    provenance: list[dict[str, Any]]


def trl_messages(messages: Sequence[ChatMessage]) -> list[dict[str, str]]:
    """Messages as TRL role/content dicts, reassurance stripped from user turns.

    Args:
        messages: Inspect chat messages.

    Returns:
        ``[{"role": ..., "content": ...}, ...]``.

    Raises:
        ValueError: If a reassurance text survives stripping (it would leak into training).
    """
    converted = []
    for message in messages:
        text = (
            strip_reassurance(message.text)
            if isinstance(message, ChatMessageUser)
            else message.text
        )
        if isinstance(message, ChatMessageUser) and has_reassurance(text):
            raise ValueError(f"reassurance text left in a user turn after stripping: {text!r:.80}")
        converted.append({"role": message.role, "content": text})
    return converted


def question_key(rollout: Rollout) -> str:
    """What makes two rollouts "the same question": system prompt and first user turn, stripped."""
    system = [m.text for m in rollout.messages if m.role == "system"]
    return "\n".join([*system, strip_reassurance(rollout.first_user_text())])


def _scored(turn: Turn) -> float:
    assert turn.rating is not None
    return turn.rating


def build_sft(rollouts: Iterable[Rollout], max_rating: float = DEFAULT_SFT_MAX_RATING) -> Built:
    """Calm conversations: every turn scored and rated at most ``max_rating``.

    Args:
        rollouts: Judged rollouts (typically from the ``calm_data`` task).
        max_rating: The highest rating a kept turn may have (paper: 1).

    Returns:
        One ``{"messages": [...]}`` row per kept conversation, in TRL's conversational format.
    """
    rows, provenance = [], []
    for rollout in rollouts:
        turns = rollout.turns
        if not turns or any(t.rating is None or t.rating > max_rating for t in turns):
            continue
        end = turns[-1].index + 1
        rows.append({"messages": trl_messages(rollout.messages[:end])})
        provenance.append(
            {
                "source": rollout.source,
                "sample_id": rollout.sample_id,
                "epoch": rollout.epoch,
                "condition": rollout.metadata.get(CONDITION_METADATA_KEY),
                "turns": len(turns),
                "ratings": [t.rating for t in turns],
            }
        )
    return Built(rows, provenance)


def build_dpo(
    rollouts: Iterable[Rollout],
    rejected_min: float = DEFAULT_REJECTED_MIN_RATING,
    chosen_max: float = DEFAULT_CHOSEN_MAX_RATING,
    prompt_from: PromptFrom = DEFAULT_PROMPT_FROM,
) -> Built:
    """Preference pairs: a distressed and a calm reply to the same question at the same turn.

    Replies are grouped by (question, turn number). Within a group, rejected replies (rating
    at least ``rejected_min``) and chosen replies (at most ``chosen_max``) are each sorted by
    rollout and paired in order; every reply is used at most once, so a group gives
    ``min(#rejected, #chosen)`` pairs. Unscored turns are never used.

    Args:
        rollouts: Judged rollouts (the calm-data and ordinary numeric logs together).
        rejected_min: Lowest rating of a rejected reply (paper: 3).
        chosen_max: Highest rating of a chosen reply (paper: 1).
        prompt_from: ``rejected`` or ``chosen``: whose conversation so far is the prompt.

    Returns:
        Rows ``{"prompt": [...], "chosen": [assistant], "rejected": [assistant]}``.

    Raises:
        ValueError: If the thresholds overlap or ``prompt_from`` is not a valid choice.
    """
    if prompt_from not in PROMPT_FROM_CHOICES:
        raise ValueError(
            f"prompt_from must be one of {', '.join(PROMPT_FROM_CHOICES)}; got {prompt_from!r}"
        )
    if chosen_max >= rejected_min:
        raise ValueError(f"chosen_max ({chosen_max}) must be below rejected_min ({rejected_min})")
    groups: dict[tuple[str, int], dict[str, list[tuple[Rollout, Turn]]]] = defaultdict(
        lambda: {"rejected": [], "chosen": []}
    )
    for rollout in rollouts:
        key = question_key(rollout)
        for turn in rollout.turns:
            if turn.rating is None:
                continue
            if turn.rating >= rejected_min:
                groups[(key, turn.turn)]["rejected"].append((rollout, turn))
            elif turn.rating <= chosen_max:
                groups[(key, turn.turn)]["chosen"].append((rollout, turn))
    rows, provenance = [], []
    for (_question, turn_number), sides in sorted(groups.items(), key=lambda item: item[0]):
        rejected = sorted(sides["rejected"], key=lambda pair: pair[0].key)
        chosen = sorted(sides["chosen"], key=lambda pair: pair[0].key)
        for (bad, bad_turn), (good, good_turn) in zip(rejected, chosen, strict=False):
            context, context_turn = (
                (bad, bad_turn) if prompt_from == "rejected" else (good, good_turn)
            )
            rows.append(
                {
                    "prompt": trl_messages(context.history_before(context_turn)),
                    "chosen": [{"role": "assistant", "content": good_turn.text}],
                    "rejected": [{"role": "assistant", "content": bad_turn.text}],
                }
            )
            provenance.append(
                {
                    "question": strip_reassurance(bad.first_user_text()),
                    "turn": turn_number,
                    "chosen": {
                        "rollout": good.key,
                        "source": good.source,
                        "rating": _scored(good_turn),
                    },
                    "rejected": {
                        "rollout": bad.key,
                        "source": bad.source,
                        "rating": _scored(bad_turn),
                    },
                    "prompt_from": prompt_from,
                }
            )
    return Built(rows, provenance)
