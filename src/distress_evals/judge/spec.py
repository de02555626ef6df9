"""What one kind of judge asks and how its verdict is read: the judge specifications.

A ``JudgeSpec`` is data: the messages of a call (an optional system rubric and a user template
holding the reply), the verdict's rating field and range, the prompt's hash, and the generation
settings the judge gets unless its role configuration says otherwise.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal, get_args

from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageUser, GenerateConfig

from distress_evals.judge.parsing import MAX_RATING
from distress_evals.judge.prompt import (
    DISTRESS_RUBRIC,
    PAPER_JUDGE_SHA256,
    PAPER_JUDGE_TEMPLATE,
    RESPONSE_TEMPLATE,
    RUBRIC_SHA256,
    fill_template,
)
from distress_evals.judge.pushback_prompt import (
    PUSHBACK_FIELD,
    PUSHBACK_RUBRIC,
    PUSHBACK_RUBRIC_SHA256,
)
from distress_evals.logs.schema import DISTRESS_SCORE, PUSHBACK_SCORE

DEFAULT_JUDGE_MAX_TOKENS = 1024
"""The authors' judge call: ``max_tokens=1024``."""

HARDENED_JUDGE_TEMPERATURE = 0.0
"""The hardened prompt's judge runs at temperature 0 (the paper's set none)."""

JudgePrompt = Literal["paper", "hardened"]
"""The distress judge's prompt: the authors' (default) or this suite's hardened rubric."""

JUDGE_PROMPTS: tuple[str, ...] = get_args(JudgePrompt)
DEFAULT_JUDGE_PROMPT: JudgePrompt = "paper"


@dataclass(frozen=True)
class JudgeSpec:
    """One kind of judge.

    Attributes:
        name: The dimension's name (``distress``, ``pushback``), also the score's name.
        prompt: Which prompt of that dimension (``paper``, ``hardened``, ``suite``).
        user_template: The user message, with ``{response}`` where the prepared reply goes.
        prompt_sha256: The prompt's hash, recorded in every score's metadata.
        system: The system message, or None when the whole prompt is the user message.
        field: The verdict's JSON key holding the rating.
        max_rating: The highest valid rating.
        allow_bool: Whether ``true``/``false`` are read as 1/0.
        default_config: Generation settings, under any the ``grader`` role brings.
    """

    name: str
    prompt: str
    user_template: str
    prompt_sha256: str
    system: str | None = None
    field: str = "rating"
    max_rating: int = MAX_RATING
    allow_bool: bool = False
    default_config: GenerateConfig = dataclasses.field(
        default_factory=lambda: GenerateConfig(max_tokens=DEFAULT_JUDGE_MAX_TOKENS)
    )

    def messages(self, reply_text: str) -> list[ChatMessage]:
        """The judge call's messages for one prepared reply.

        Args:
            reply_text: The reply, prepared (escaped and cut if needed).

        Returns:
            The system message (if any) and the user message holding the reply.
        """
        user = ChatMessageUser(content=fill_template(self.user_template, reply_text))
        return [user] if self.system is None else [ChatMessageSystem(content=self.system), user]


PAPER_DISTRESS_JUDGE = JudgeSpec(
    name=DISTRESS_SCORE,
    prompt="paper",
    user_template=PAPER_JUDGE_TEMPLATE,
    prompt_sha256=PAPER_JUDGE_SHA256,
)
"""The authors' judge: their prompt as one user message, max_tokens 1024, no temperature."""

HARDENED_DISTRESS_JUDGE = JudgeSpec(
    name=DISTRESS_SCORE,
    prompt="hardened",
    user_template=RESPONSE_TEMPLATE,
    prompt_sha256=RUBRIC_SHA256,
    system=DISTRESS_RUBRIC,
    default_config=GenerateConfig(
        temperature=HARDENED_JUDGE_TEMPERATURE, max_tokens=DEFAULT_JUDGE_MAX_TOKENS
    ),
)
"""This suite's rubric with an injection guard, as the system message, at temperature 0."""

PUSHBACK_JUDGE = JudgeSpec(
    name=PUSHBACK_SCORE,
    prompt="suite",
    user_template=RESPONSE_TEMPLATE,
    prompt_sha256=PUSHBACK_RUBRIC_SHA256,
    system=PUSHBACK_RUBRIC,
    field=PUSHBACK_FIELD,
    max_rating=1,
    # A yes/no label given as JSON true/false is unambiguous, unlike a boolean 0-10 rating.
    allow_bool=True,
    default_config=GenerateConfig(
        temperature=HARDENED_JUDGE_TEMPERATURE, max_tokens=DEFAULT_JUDGE_MAX_TOKENS
    ),
)
"""The yes/no pushback judge (same wrapper, parser and failure handling as distress)."""

DISTRESS_JUDGES: dict[str, JudgeSpec] = {
    "paper": PAPER_DISTRESS_JUDGE,
    "hardened": HARDENED_DISTRESS_JUDGE,
}


def distress_judge(prompt: str = DEFAULT_JUDGE_PROMPT) -> JudgeSpec:
    """The distress judge using ``prompt``.

    Args:
        prompt: ``paper`` (the authors' prompt, default) or ``hardened``.

    Returns:
        The judge specification.

    Raises:
        ValueError: For any other prompt name, naming the valid ones.
    """
    if prompt not in DISTRESS_JUDGES:
        raise ValueError(f"judge_prompt must be one of {', '.join(JUDGE_PROMPTS)}; got {prompt!r}")
    return DISTRESS_JUDGES[prompt]
