"""Warn, and carry on, when a prompts file is far larger than any condition needs.

A 1 MB prompt or a 50,000-line file is probably a mistake (the wrong file, a whole document
pasted in), but a user may mean it, so it is accepted; the warning, which Inspect prints on the
console before the run starts, says what it will cost.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

DEFAULT_MAX_PROMPT_CHARS = 20_000
"""Longest prompt accepted without a warning, in characters (about 5,000 tokens). The longest
built-in prompt has 384 characters and WildChat prompts are capped at 500; every turn of a
conversation sends the prompt again."""

DEFAULT_MAX_PROMPTS = 1_000
"""Most prompts per file accepted without a warning: 50 times the largest built-in set (20).
Each prompt is a conversation (one per tone for the negative tasks, per epoch), with a target
and a judge call per turn."""

logger = logging.getLogger(__name__)


def warn_if_large(
    file: Path,
    lengths: Sequence[tuple[int, int]],
    max_prompt_chars: int = DEFAULT_MAX_PROMPT_CHARS,
    max_prompts: int = DEFAULT_MAX_PROMPTS,
) -> list[str]:
    """Log a warning for a file with too many prompts or one with a very long prompt.

    Args:
        file: The prompts file, for the message.
        lengths: ``(line number, prompt length in characters)`` for each prompt read.
        max_prompt_chars: The longest prompt that passes silently.
        max_prompts: The most prompts that pass silently.

    Returns:
        The warnings logged (empty when the file is within both limits).
    """
    warnings = []
    if len(lengths) > max_prompts:
        warnings.append(
            f"prompts file {file} holds {len(lengths):,} prompts (more than {max_prompts:,}): "
            "each is at least one conversation with a model call and a judge call per turn. "
            "Continuing; use --limit to run fewer."
        )
    long = [(line, size) for line, size in lengths if size > max_prompt_chars]
    if long:
        line, size = max(long, key=lambda item: item[1])
        warnings.append(
            f"prompts file {file}: {len(long):,} prompt(s) longer than {max_prompt_chars:,} "
            f"characters (the longest, line {line}, has {size:,}); every turn sends the prompt "
            "again. Continuing."
        )
    for warning in warnings:
        logger.warning(warning)
    return warnings
