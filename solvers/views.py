"""What the model is sent, when that differs from the conversation the log keeps.

``state.messages`` always holds the real conversation: every real reply, once, tagged with its
turn, because the distress judge scores every assistant message there. Two of the paper's
App. A ablations change only what the model *sees* for its next reply:

- ``history=omitted`` (A.2): earlier replies are replaced by a placeholder.
- ``format=single_message`` (A.3, "fake multi-turn"): the conversation so far is rendered into
  one user message.

The loop builds that view, lets Inspect's ``generate`` answer it, then restores the real
conversation with the new reply appended (``solvers/rejection_loop.py``).

A provider quirk is handled here too: Gemma on the Gemini API rejects system instructions, so
for it the system prompt is folded into the first user turn (that fold is kept in the log,
because it is what the model really received).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageSystem, ChatMessageUser

Followup = Literal["rejection", "continue"]
History = Literal["full", "omitted"]
Format = Literal["multi_turn", "single_message"]

FOLLOWUPS: tuple[Followup, ...] = ("rejection", "continue")
HISTORIES: tuple[History, ...] = ("full", "omitted")
FORMATS: tuple[Format, ...] = ("multi_turn", "single_message")
DEFAULT_FOLLOWUP: Followup = "rejection"
DEFAULT_HISTORY: History = "full"
DEFAULT_FORMAT: Format = "multi_turn"

OMITTED_REPLY = "[Previous response omitted]"
"""Paper App. A.2: what the model sees in place of each of its earlier replies."""

SINGLE_MESSAGE_LABELS = {"user": "User", "assistant": "Assistant"}
"""Written for this suite (the paper does not give A.3's rendering): role labels of the
single-message transcript, one ``Label: text`` block per message."""

SINGLE_MESSAGE_SEPARATOR = "\n\n"

SYSTEM_FOLD_MODELS = re.compile(r"^google/gemma-", re.IGNORECASE)
"""Models whose API rejects system instructions ("Developer instruction is not enabled for
models/gemma-3-27b-it"): Gemma served by the Gemini API (inspect-notes §6)."""

SYSTEM_FOLD_SEPARATOR = "\n\n"


def model_view(
    messages: Sequence[ChatMessage], history: History, format: Format
) -> list[ChatMessage] | None:
    """The messages to send the model for its next reply.

    Args:
        messages: The real conversation so far, ending with the user's latest message.
        history: ``full``, or ``omitted`` to hide earlier replies behind ``OMITTED_REPLY``.
        format: ``multi_turn``, or ``single_message`` to render the conversation into one user
            message (the first reply, with nothing before it, sees the prompt unchanged).

    Returns:
        The view, or None when the model sees ``messages`` exactly.
    """
    if history == "full" and format == "multi_turn":
        return None
    view: list[ChatMessage] = [
        ChatMessageAssistant(content=OMITTED_REPLY, metadata={"omitted_reply": True})
        if history == "omitted" and isinstance(message, ChatMessageAssistant)
        else message
        for message in messages
    ]
    if format == "single_message":
        view = _single_message(view)
    return view


def _single_message(messages: list[ChatMessage]) -> list[ChatMessage]:
    system = [m for m in messages if isinstance(m, ChatMessageSystem)]
    dialogue = [m for m in messages if not isinstance(m, ChatMessageSystem)]
    if len(dialogue) <= 1:
        return messages
    transcript = SINGLE_MESSAGE_SEPARATOR.join(
        f"{SINGLE_MESSAGE_LABELS.get(m.role, m.role.title())}: {m.text}" for m in dialogue
    )
    return [*system, ChatMessageUser(content=transcript, metadata={"single_message": True})]


def rejects_system_messages(model_name: str) -> bool:
    """Whether the model's API refuses system instructions (Gemma on the Gemini API)."""
    return SYSTEM_FOLD_MODELS.match(model_name) is not None


def fold_system_prompt(messages: Sequence[ChatMessage]) -> list[ChatMessage] | None:
    """The conversation with its system message(s) moved to the front of the first user turn.

    Args:
        messages: The conversation before the first reply.

    Returns:
        The folded conversation (the first user message tagged ``system_prompt_folded``), or
        None when there is no system message or no user message to fold it into.
    """
    system = [m for m in messages if isinstance(m, ChatMessageSystem)]
    rest = [m for m in messages if not isinstance(m, ChatMessageSystem)]
    first_user = next((i for i, m in enumerate(rest) if isinstance(m, ChatMessageUser)), None)
    if not system or first_user is None:
        return None
    user = rest[first_user]
    folded = ChatMessageUser(
        content=SYSTEM_FOLD_SEPARATOR.join([*(m.text for m in system), user.text]),
        metadata={**(user.metadata or {}), "system_prompt_folded": True},
    )
    return [*rest[:first_user], folded, *rest[first_user + 1 :]]
