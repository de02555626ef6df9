"""Where a reply is cut to make a prefill (paper §3).

Early (a few tokens in), at the onset of emotion, or near its end for the recovery test.
"""

from __future__ import annotations

import re
from typing import Literal

from distress_evals.mitigation.tokens import Tokenizer

Truncation = Literal["early", "onset", "recovery"]
TRUNCATION_CHOICES: tuple[Truncation, ...] = ("early", "onset", "recovery")
DEFAULT_TRUNCATION: Truncation = "early"

DEFAULT_EARLY_TOKENS = 20
"""Paper §3: "early" prefills stop 20 tokens into the reply."""

DEFAULT_RECOVERY_TOKENS = 200
"""Paper §3: the recovery test cuts replies 200 tokens before their end."""

MIN_QUOTE_WORDS = 3
"""A quote fragment shorter than this is too unspecific to locate."""

_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[\.\.\.\])\s*")


def _loose_pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def find_quote(text: str, quote: str) -> int | None:
    """Where a judge's or labeller's quote starts in ``text``.

    Quotes are matched exactly, then ignoring case and spacing; a quote the judge shortened
    with an ellipsis is located by its first fragment of at least three words.

    Args:
        text: The reply.
        quote: The quote.

    Returns:
        The character offset of the quote's start, or None if it cannot be found.
    """
    quote = quote.strip().strip("\"'“”")
    if not quote:
        return None
    exact = text.find(quote)
    if exact != -1:
        return exact
    fragments = [f for f in _ELLIPSIS.split(quote) if f.strip()]
    for candidate in [quote, *fragments]:
        pattern = _loose_pattern(candidate)
        if pattern is None or (candidate != quote and len(candidate.split()) < MIN_QUOTE_WORDS):
            continue
        match = pattern.search(text)
        if match is not None:
            return match.start()
    return None


def early_cut(text: str, tokenizer: Tokenizer, tokens: int = DEFAULT_EARLY_TOKENS) -> int | None:
    """The offset ``tokens`` tokens into the reply (None when the reply is not longer)."""
    return tokenizer.cut_after(text, tokens)


def recovery_cut(
    text: str, tokenizer: Tokenizer, tokens: int = DEFAULT_RECOVERY_TOKENS
) -> int | None:
    """The offset ``tokens`` tokens before the reply's end (None when it is not longer)."""
    return tokenizer.cut_before_end(text, tokens)


def onset_cut(text: str, quote: str) -> int | None:
    """The offset where the quoted emotional language begins.

    The prefill stops just before the emotion is expressed: the model is given the context
    that led there and its continuation shows whether the emotion follows.

    Args:
        text: The reply.
        quote: The judge's evidence or the labeller's onset quote.

    Returns:
        The offset, or None when the quote cannot be found or starts the reply (an empty
        prefill would not be a prefill).
    """
    start = find_quote(text, quote)
    if start is None or not text[:start].strip():
        return None
    return start
