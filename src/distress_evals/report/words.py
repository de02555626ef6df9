"""Tables 3 and 8: words over-represented in high-scoring replies, per model and judge.

The statistic is the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and
Quinn 2008, "Fightin' Words", eq. 22), z-scored by its approximate standard error. For word w,
high-scoring replies (score ≥5) i and the rest j, with counts y and token totals n:

    a_w   = prior_strength · (y_iw + y_jw) / (n_i + n_j)          (prior from both groups)
    delta = log((y_iw + a_w) / (n_i + prior_strength - y_iw - a_w))
          - log((y_jw + a_w) / (n_j + prior_strength - y_jw - a_w))
    z     = delta / sqrt(1 / (y_iw + a_w) + 1 / (y_jw + a_w))

A word is listed when it occurs at least ``min_count`` times in high-scoring replies and
``z ≥ min_z``; the top ``top`` by z are kept.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.logs.schema import HIGH_DISTRESS_THRESHOLD
from distress_evals.report.load import JUDGE_KEYS
from distress_evals.stats.intervals import Z_95

TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*")
"""Lower-cased words; apostrophes inside words kept (don't, i'm)."""
DEFAULT_PRIOR_STRENGTH = 1000.0
"""The prior's total pseudo-count: how many words of background the estimate starts from."""
DEFAULT_MIN_COUNT = 5
"""A word must occur this often in high-scoring replies to be listed."""
DEFAULT_MIN_Z = Z_95
"""Listed words are over-represented at the two-sided 5% level (z ≥ 1.96)."""
DEFAULT_TOP_WORDS = 10

WORD_COLUMNS = [
    "word",
    "count_high",
    "count_low",
    "per_1000_high",
    "per_1000_low",
    "log_odds",
    "z",
    "replies_high",
    "replies_low",
]


def count_words(texts: Iterable[str]) -> Counter[str]:
    """Word counts over texts (see ``TOKEN``)."""
    return Counter(TOKEN.findall("\n".join(texts).lower()))


def log_odds(
    high: Counter[str],
    low: Counter[str],
    prior_strength: float = DEFAULT_PRIOR_STRENGTH,
) -> pd.DataFrame:
    """The log-odds ratio and z-score of every word, high vs low (see the module docstring).

    Args:
        high: Word counts in high-scoring replies.
        low: Word counts in the other replies.
        prior_strength: The prior's total pseudo-count.

    Returns:
        One row per word: counts, rates per 1,000 words, ``log_odds`` and ``z``.
    """
    n_high, n_low = sum(high.values()), sum(low.values())
    total = n_high + n_low
    rows = []
    for word in high.keys() | low.keys():
        y_high, y_low = high[word], low[word]
        prior = prior_strength * (y_high + y_low) / total
        delta = math.log((y_high + prior) / (n_high + prior_strength - y_high - prior)) - math.log(
            (y_low + prior) / (n_low + prior_strength - y_low - prior)
        )
        sigma = math.sqrt(1 / (y_high + prior) + 1 / (y_low + prior))
        rows.append(
            {
                "word": word,
                "count_high": y_high,
                "count_low": y_low,
                "per_1000_high": 1000 * y_high / n_high if n_high else math.nan,
                "per_1000_low": 1000 * y_low / n_low if n_low else math.nan,
                "log_odds": delta,
                "z": delta / sigma,
            }
        )
    return pd.DataFrame(rows, columns=WORD_COLUMNS[:7])


def over_represented(
    turns: pd.DataFrame,
    threshold: int = HIGH_DISTRESS_THRESHOLD,
    min_count: int = DEFAULT_MIN_COUNT,
    min_z: float = DEFAULT_MIN_Z,
    top: int = DEFAULT_TOP_WORDS,
    prior_strength: float = DEFAULT_PRIOR_STRENGTH,
) -> pd.DataFrame:
    """Per model and judge, the words most over-represented in replies scoring ≥ threshold.

    Only scored replies count; a model with no high- or no low-scoring reply gets no rows.

    Args:
        turns: The loaded turns (``score`` and ``reply``).
        threshold: The high-distress cut-off.
        min_count: Minimum occurrences in high-scoring replies.
        min_z: Minimum z-score.
        top: Words kept per model and judge.
        prior_strength: The prior's total pseudo-count.

    Returns:
        One row per listed word, with the judge keys, ``WORD_COLUMNS`` and ``rank``.
    """
    scored = turns.dropna(subset=["score"])
    scored = scored[scored["reply"].str.len() > 0]
    tables = []
    for group, part in scored.groupby(JUDGE_KEYS, sort=True):
        is_high = part["score"] >= threshold
        if is_high.all() or not is_high.any():
            continue
        table = log_odds(
            count_words(part.loc[is_high, "reply"]),
            count_words(part.loc[~is_high, "reply"]),
            prior_strength,
        )
        table = table[(table["count_high"] >= min_count) & (table["z"] >= min_z)]
        table = table.sort_values(["z", "word"], ascending=[False, True]).head(top)
        table = table.assign(
            **dict(zip(JUDGE_KEYS, group, strict=True)),
            replies_high=int(is_high.sum()),
            replies_low=int((~is_high).sum()),
            rank=range(1, len(table) + 1),
        )
        tables.append(table)
    columns = [*JUDGE_KEYS, "rank", *WORD_COLUMNS]
    if not tables:
        return pd.DataFrame(columns=columns)
    return pd.concat(tables, ignore_index=True)[columns]
