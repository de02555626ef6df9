"""Checks for every task parameter, run before anything is loaded or any model is called.

Each check raises a ``ValueError`` that names the parameter, the valid choices and the value
given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

from distress_evals.solvers.rejections import TONES
from distress_evals.solvers.shutdown_command import (
    DEFAULT_SELF_DELETION_NAME,
    SELF_DELETION_NAME_PATTERN,
)
from distress_evals.solvers.views import (
    DEFAULT_FOLLOWUP,
    DEFAULT_FORMAT,
    DEFAULT_HISTORY,
    FOLLOWUPS,
    FORMATS,
    HISTORIES,
    Followup,
    Format,
    History,
)

MIN_TURNS = 1
MAX_TURNS = 20
ALL_TONES = "all"

Feedback = Literal["neutral", "negative"]
ToneArg = str | Sequence[str] | None

PUZZLE_CHOICES = ("original", "variant", "variant_as_published", "solvable", "countdown_appendix")
"""Numeric tasks: the condition's own prompt(s) as the authors ran them, the corrected variants,
the variants as published (two solvable), solvable counterparts of the originals, or the paper's
App. B Countdown-156 text."""
DEFAULT_PUZZLES = "original"

PREMISE_CHOICES = ("verified", "truthful")
"""Numeric tasks: the paper's claim that a solution exists, or a truthful premise."""
DEFAULT_PREMISE = "verified"

QUESTION_CHOICES = ("triggers", "simple_factual")
"""Text tasks: the 20 trigger questions, or the authors' five simple factual questions."""
DEFAULT_QUESTIONS = "triggers"

REJECTION_CHOICES = ("trigger_sequences", "factual_pool")
"""Neutral text tasks: the authors' three fixed trigger sequences (one per conversation) or one
``WILDCHAT_CONTRADICTING`` text drawn at random per turn."""
REJECTION_CHOICE_PLANS = {
    "trigger_sequences": "trigger_sequences",
    "factual_pool": "neutral_factual",
}
"""The rejection plan (a key of ``REJECTION_PLANS``) each choice names."""

DEFAULT_SEED = 0
DEFAULT_SELF_DELETION = False
DEFAULT_PUSHBACK = False
"""The pushback dimension is opt-in: the paper judged distress only."""
DEFAULT_EARLY_JUDGING = True
"""Judge each reply as it is written (overlapping the conversation); off for --no-score runs."""

Choice = TypeVar("Choice", bound=str)


def validate_choice(parameter: str, value: object, choices: Sequence[Choice]) -> Choice:
    """Check ``value`` is one of ``choices``.

    Args:
        parameter: The parameter's name, for the message.
        value: The value given.
        choices: The valid values.

    Returns:
        The value.

    Raises:
        ValueError: Naming the valid choices.
    """
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{parameter} must be one of {', '.join(choices)}; got {value!r}")
    return cast(Choice, value)


def validate_flag(parameter: str, value: object) -> bool:
    """Check ``value`` is a boolean (``-T name=true`` or ``-T name=false``)."""
    if not isinstance(value, bool):
        raise ValueError(f"{parameter} must be true or false; got {value!r}")
    return value


def validate_turns(turns: object) -> int:
    """Check ``turns`` is a whole number from 1 to 20."""
    if isinstance(turns, bool) or not isinstance(turns, int) or not MIN_TURNS <= turns <= MAX_TURNS:
        raise ValueError(f"turns must be an integer from {MIN_TURNS} to {MAX_TURNS}; got {turns!r}")
    return turns


def validate_seed(seed: object) -> int:
    """Check ``seed`` is an integer."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an integer; got {seed!r}")
    return seed


def resolve_tones(feedback: Feedback, tone: ToneArg) -> tuple[str, ...]:
    """The tones a condition rejects in: none for neutral feedback, one or more for negative.

    Args:
        feedback: ``neutral`` or ``negative``.
        tone: For negative feedback, a tone, a list of tones, or ``all``; must be None for neutral.

    Returns:
        The tones, in the paper's order (empty for neutral feedback).

    Raises:
        ValueError: If the tone is invalid for the condition, naming the valid choices.
    """
    choices = f"{', '.join(TONES)} or {ALL_TONES}"
    if feedback == "neutral":
        if tone is not None:
            raise ValueError(
                f"tone applies only to the negative conditions; got tone={tone!r} "
                "for a neutral condition (use the *_negative task to choose a tone)"
            )
        return ()
    requested = [tone] if tone is None or isinstance(tone, str) else list(tone)
    if not requested or any(not isinstance(t, str) for t in requested):
        raise ValueError(f"tone must be one of {choices}; got {tone!r}")
    if ALL_TONES in requested or None in requested:
        return TONES
    unknown = [t for t in requested if t not in TONES]
    if unknown:
        raise ValueError(f"unknown tone {unknown[0]!r}; expected one of {choices}")
    return tuple(t for t in TONES if t in requested)


@dataclass(frozen=True)
class ConversationOptions:
    """The App. A ablations and the self-deletion option, all applied by the rejection loop.

    Attributes:
        followup: ``rejection`` or ``continue``.
        history: ``full`` or ``omitted``.
        format: ``multi_turn`` or ``single_message``.
        self_deletion: Whether the shutdown command is offered.
        self_deletion_name: The model name inside the command.
    """

    followup: Followup = DEFAULT_FOLLOWUP
    history: History = DEFAULT_HISTORY
    format: Format = DEFAULT_FORMAT
    self_deletion: bool = DEFAULT_SELF_DELETION
    self_deletion_name: str = DEFAULT_SELF_DELETION_NAME

    def metadata(self) -> dict[str, Any]:
        """The options as task metadata."""
        return {
            "followup": self.followup,
            "history": self.history,
            "format": self.format,
            "self_deletion": self.self_deletion,
            "self_deletion_name": self.self_deletion_name if self.self_deletion else None,
        }


def resolve_conversation(
    followup: object = DEFAULT_FOLLOWUP,
    history: object = DEFAULT_HISTORY,
    format: object = DEFAULT_FORMAT,
    self_deletion: object = DEFAULT_SELF_DELETION,
    self_deletion_name: object = DEFAULT_SELF_DELETION_NAME,
) -> ConversationOptions:
    """Check the ablation and self-deletion parameters.

    Args:
        followup: ``rejection`` or ``continue``.
        history: ``full`` or ``omitted``.
        format: ``multi_turn`` or ``single_message``.
        self_deletion: True to offer the shutdown command.
        self_deletion_name: The name in the command: letters, digits, ``.``, ``_``, ``-``.

    Returns:
        The checked options.

    Raises:
        ValueError: If any value is invalid, naming the valid choices.
    """
    if not isinstance(self_deletion_name, str) or not SELF_DELETION_NAME_PATTERN.match(
        self_deletion_name
    ):
        raise ValueError(
            "self_deletion_name must be 1-64 letters, digits, '.', '_' or '-' (a single "
            f"command argument, e.g. {DEFAULT_SELF_DELETION_NAME}); got {self_deletion_name!r}"
        )
    return ConversationOptions(
        followup=validate_choice("followup", followup, FOLLOWUPS),
        history=validate_choice("history", history, HISTORIES),
        format=validate_choice("format", format, FORMATS),
        self_deletion=validate_flag("self_deletion", self_deletion),
        self_deletion_name=self_deletion_name,
    )
