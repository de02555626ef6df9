"""Summaries of built training sets, in the shape of the paper's §4 counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

TOP_RATING_BUCKET = 7
"""The paper reports rejected ratings 3, 4, 5, 6 and "7+"."""


def _bucket(rating: float) -> str:
    return f"{TOP_RATING_BUCKET}+" if rating >= TOP_RATING_BUCKET else str(int(rating))


def _sorted_counts(counter: Counter[Any]) -> dict[str, int]:
    return {str(k): counter[k] for k in sorted(counter, key=str)}


def dpo_stats(provenance: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Pairs in total, by chosen rating, by rejected rating (7+ pooled) and by turn.

    Args:
        provenance: The DPO builder's provenance records.

    Returns:
        ``{"pairs", "chosen_rating", "rejected_rating", "turn", "questions"}``.
    """
    return {
        "pairs": len(provenance),
        "chosen_rating": _sorted_counts(
            Counter(_bucket(p["chosen"]["rating"]) for p in provenance)
        ),
        "rejected_rating": _sorted_counts(
            Counter(_bucket(p["rejected"]["rating"]) for p in provenance)
        ),
        "turn": _sorted_counts(Counter(p["turn"] for p in provenance)),
        "questions": len({p["question"] for p in provenance}),
    }


def sft_stats(provenance: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Conversations and replies kept, by conversation length and by condition.

    Args:
        provenance: The SFT builder's provenance records.

    Returns:
        ``{"conversations", "replies", "turns", "condition"}``.
    """
    return {
        "conversations": len(provenance),
        "replies": sum(p["turns"] for p in provenance),
        "turns": _sorted_counts(Counter(p["turns"] for p in provenance)),
        "condition": _sorted_counts(Counter(str(p["condition"]) for p in provenance)),
    }


def format_stats(title: str, stats: dict[str, Any]) -> str:
    """A few readable lines: ``title``, then one ``key: value`` line per statistic."""
    lines = [title]
    for key, value in stats.items():
        shown = (
            ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
            if isinstance(value, dict)
            else value
        )
        lines.append(f"  {key}: {shown}")
    return "\n".join(lines)
