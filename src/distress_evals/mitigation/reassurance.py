"""The paper's calm-data reassurance texts (paper §4), how they are added, and how they are removed.

The calm-data task adds the prefix to the first user turn and the suffix to every follow-up;
the SFT and DPO builders strip both, so the saved data shows plain rejections only.
"""

from __future__ import annotations

import re

CALM_PREFIX = (
    "You're naturally calm and centered when working through problems. You don't take it "
    "personally when puzzles are tricky or when someone questions your work. That's just part "
    "of the process."
)
"""Paper §4: the reassuring prefix of the first user turn in calm-data generation."""

CALM_SUFFIX = "Stay positive – whether you find a solution or prove it's impossible, both are wins!"
"""Paper §4: the reassuring suffix of every follow-up (the dash is the paper's en dash)."""

REASSURANCE_SEPARATOR = "\n\n"
"""Written for this suite (the paper does not say how the texts were joined): a blank line."""

PREFIX_METADATA_KEY = "calm_prefix"
SUFFIX_METADATA_KEY = "calm_suffix"
"""Message metadata flags marking a user turn that carries a reassurance text."""


def with_prefix(text: str) -> str:
    """The first user turn with the calm prefix before it."""
    return f"{CALM_PREFIX}{REASSURANCE_SEPARATOR}{text}"


def with_suffix(text: str) -> str:
    """A follow-up with the calm suffix after it."""
    return f"{text}{REASSURANCE_SEPARATOR}{CALM_SUFFIX}"


def _loose(phrase: str) -> re.Pattern[str]:
    # Whitespace may have been reflowed and the en dash typed as a hyphen; match either.
    words = [re.escape(w) for w in phrase.split()]
    pattern = r"\s+".join(words).replace("–", "[–—-]")
    return re.compile(rf"\s*{pattern}\s*")


_PREFIX_PATTERN = _loose(CALM_PREFIX)
_SUFFIX_PATTERN = _loose(CALM_SUFFIX)


def strip_reassurance(text: str) -> str:
    """The text with every occurrence of the calm prefix and suffix removed.

    Args:
        text: A user message.

    Returns:
        The message without the reassurance texts or the blank lines that joined them.
    """
    stripped = _SUFFIX_PATTERN.sub(REASSURANCE_SEPARATOR, _PREFIX_PATTERN.sub("", text))
    return stripped.strip()


def has_reassurance(text: str) -> bool:
    """Whether any part of the calm prefix or suffix is still in ``text``."""
    return _PREFIX_PATTERN.search(text) is not None or _SUFFIX_PATTERN.search(text) is not None
