"""Small Markdown helpers: numbers with intervals, and pipe tables."""

from __future__ import annotations

import math
from collections.abc import Sequence


def number(value: object, digits: int = 1, suffix: str = "") -> str:
    """A number rounded for display; an em dash when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, (int, float)):
        return f"{value:.{digits}f}{suffix}"
    return str(value)


def count(value: object) -> str:
    """A count as an integer ("3", never "3.0"); an em dash when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, (int, float)):
        return str(int(value))
    return str(value)


def with_ci(value: object, low: object, high: object, digits: int = 1, suffix: str = "") -> str:
    """``value [low–high]``, or just the value when the interval is undefined."""
    shown = number(value, digits, suffix)
    if shown == "—" or number(low) == "—":
        return shown
    return f"{shown} [{number(low, digits)}–{number(high, digits)}]"


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown pipe table.

    Args:
        header: Column titles.
        rows: Cells (converted with ``str``; pipes escaped, whitespace collapsed).

    Returns:
        The table, or an italic note when there are no rows.
    """
    if not rows:
        return "_No rows._"
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
