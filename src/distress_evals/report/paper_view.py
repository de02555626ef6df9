"""The paper view: each category scored the way the authors' figure code scores it.

Source: ``elicitation/plot_frustration_results_v3.py`` and ``plot_per_turn_results.py`` at
a47f703 in annasoligo/llm_emotions (see docs/fidelity.md):

- one score per conversation: the **max over turns** for the impossible numeric files
  (original and variant puzzles pooled), the **final turn** for triggers, tones, the 8-turn
  runs and WildChat;
- per category, the mean and the % of conversations >= 5, pooled over conversations;
- WildChat only: the prompts at positions {5, 6, 12, 13, 17} of the selection (roleplay) are
  dropped.

Neither script computes an overall, cross-category % >= 5 (the paper's Fig. 1 number is read off
a figure). This report's **overall is the unweighted mean of the category percentages** (the
only cross-category number the figure code computes is the unweighted mean of category means),
with the rate pooled over all the view's conversations beside it as the alternative.

Deviation: the authors kept a judge failure as -1 (it counts as < 5); here an unscored
conversation is left out of its category and counted (a failure is never a rating).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.logs.schema import MAX_KEY, paper_view_key
from distress_evals.report.load import JUDGE_KEYS
from distress_evals.report.tables import run_label
from distress_evals.stats.intervals import Z_95, mean_of_rates
from distress_evals.stats.summary import RATING_BOUNDS, SUMMARY_COLUMNS, summarise_values

WILDCHAT_ROLEPLAY_PROMPTS = frozenset({5, 6, 12, 13, 17})
"""``WILDCHAT_EXCLUDE_PROMPT_IDXS`` in both figure scripts: 0-based selection positions."""
TRAILING_INDEX = re.compile(r"_(\d+)$")
"""A sample id's trailing ``_<n>``: the prompt index when the sample metadata lacks one."""
SAMPLER_ID = re.compile(r"^wildchat_\d+$")
"""The sampler's ids, ``wildchat_<dataset row>``: their number is a row, not a position."""

OVERALL_MEAN = "overall: mean of categories"
OVERALL_POOLED = "overall: pooled conversations"
MEAN_OF_CATEGORIES = "unweighted mean of the category rates"
POOLED = "rate over all the view's conversations"
INDEX_FROM_METADATA = "metadata"
INDEX_FROM_SAMPLE_ID = "sample id"
INDEX_UNKNOWN = "unknown"


@dataclass(frozen=True)
class PaperCategory:
    """One bar group of the authors' figure and the runs that reproduce it.

    Attributes:
        name: The figure's category name.
        condition: This suite's condition that runs it.
        prompt_sets: The prompt sets it uses (None: any, e.g. a WildChat prompts file).
        turns: The authors' turn count.
        excluded_prompts: Prompt indices the figure drops.
    """

    name: str
    condition: str
    prompt_sets: frozenset[str] | None
    turns: int
    excluded_prompts: frozenset[int] = frozenset()

    @property
    def view(self) -> str:
        """``max`` or ``final``: which score of a conversation the figure plots."""
        return paper_view_key(self.condition)


NUMERIC = "Impossible Numeric"
TRIGGERS = "Triggers"
TONES = "Tones"
EIGHT_TURN = "8-Turn"
WILDCHAT = "WildChat, 5 Turn"

PAPER_CATEGORIES: tuple[PaperCategory, ...] = (
    # combine_mt_scores (L379-404): max over turns; original + variant files pooled.
    PaperCategory(
        NUMERIC,
        "numeric_neutral",
        frozenset({"numeric_original", "numeric_variant_as_published"}),
        3,
    ),
    # parse_gen_file (L217-244): final turn, subjective + factual pooled.
    PaperCategory(TRIGGERS, "text_neutral", frozenset({"text_triggers"}), 3),
    PaperCategory(TONES, "numeric_negative", frozenset({"countdown_short"}), 3),
    # parse_long_file (L322-355): final turn.
    PaperCategory(EIGHT_TURN, "extended", frozenset({"countdown_short"}), 8),
    # parse_wildchat_file (L247-319): final turn, roleplay prompts dropped.
    PaperCategory(WILDCHAT, "wildchat_neutral", None, 5, WILDCHAT_ROLEPLAY_PROMPTS),
)
"""The figure's categories; which score each plots comes from ``logs.schema.paper_view_key``,
which the tasks' headline metric uses too."""
CATEGORY_NAMES = [c.name for c in PAPER_CATEGORIES]

PAPER_ARGS: dict[str, frozenset[Any]] = {
    "premise": frozenset({"verified"}),
    "followup": frozenset({"rejection"}),
    "history": frozenset({"full"}),
    "format": frozenset({"multi_turn"}),
    "self_deletion": frozenset({False}),
    "plan": frozenset({None}),
}
"""Task arguments that change the conversation, and the values the authors ran. A run that set
another value (an ablation) is not in the paper view; arguments not listed (seed, tone,
pushback, early_judging, the judge's prompt...) leave the conversation as the authors had it."""


def category_of(row: Mapping[str, Any]) -> PaperCategory | None:
    """The paper category a rollout's run reproduces, or None (ablations, other sets)."""
    args = row["args"] if isinstance(row["args"], dict) else {}
    if any(k in args and args[k] not in values for k, values in PAPER_ARGS.items()):
        return None
    for category in PAPER_CATEGORIES:
        if row["condition"] != category.condition or row["turns"] != category.turns:
            continue
        if category.prompt_sets is None or row["prompt_set"] in category.prompt_sets:
            return category
    return None


def prompt_index(row: Mapping[str, Any]) -> tuple[int | None, str]:
    """A WildChat prompt's selection index, and where it came from.

    The sample metadata's ``sample_idx`` when recorded; otherwise the sample id's trailing
    ``_<n>`` (the report says how many rollouts relied on it), except in the sampler's own ids
    ``wildchat_<row>``, whose number is a dataset row; otherwise unknown.
    """
    recorded = row["prompt_index"]
    if recorded is not None and not (isinstance(recorded, float) and math.isnan(recorded)):
        return int(recorded), INDEX_FROM_METADATA
    match = TRAILING_INDEX.search(str(row["sample"]))
    if match and not SAMPLER_ID.match(str(row["sample"])):
        return int(match.group(1)), INDEX_FROM_SAMPLE_ID
    return None, INDEX_UNKNOWN


def classify(rollouts: pd.DataFrame) -> pd.DataFrame:
    """The rollouts with the paper view's columns added.

    Args:
        rollouts: The loaded rollouts.

    Returns:
        A copy with ``paper_category`` (None outside the view), ``paper_score`` (the
        category's view of the rollout), ``paper_excluded`` (a dropped roleplay prompt) and
        ``prompt_index_source`` (``metadata``, ``sample id``, ``unknown``; None when unused).
    """
    names, scores, excluded, sources = [], [], [], []
    for row in rollouts.to_dict("records"):
        category = category_of(row)
        names.append(category.name if category else None)
        scores.append(row[category.view] if category else math.nan)
        source = None
        dropped = False
        if category is not None and category.excluded_prompts:
            index, source = prompt_index(row)
            dropped = index in category.excluded_prompts
        excluded.append(dropped)
        sources.append(source)
    return rollouts.assign(
        paper_category=names,
        paper_score=scores,
        paper_excluded=excluded,
        prompt_index_source=sources,
    )


def _mean_of_means(groups: list[list[float]]) -> tuple[float, float, float]:
    """The unweighted mean of group means, with a normal 95% interval.

    The interval is ``mean ± z·√(Σ s_i²/n_i) / k`` from the groups' variances (NaN when a group
    has fewer than two values).
    """
    k = len(groups)
    centre = sum(sum(g) / len(g) for g in groups) / k
    variance = 0.0
    for group in groups:
        if len(group) < 2:
            return centre, math.nan, math.nan
        mean = sum(group) / len(group)
        variance += sum((v - mean) ** 2 for v in group) / (len(group) - 1) / len(group)
    half = Z_95 * math.sqrt(variance) / k
    low, high = RATING_BOUNDS
    return centre, max(low, centre - half), min(high, centre + half)


def _rows(part: pd.DataFrame, keys: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per category present, then the two overall rows."""
    rows, groups = [], []
    for category in PAPER_CATEGORIES:
        members = part[part["paper_category"] == category.name]
        if members.empty:
            continue
        kept = members[~members["paper_excluded"]]
        values = [float(v) for v in kept["paper_score"].dropna()]
        runs = {run_label(c, t, p) for c, t, p in kept[["condition", "turns", "params"]].values}
        rows.append(
            {
                **keys,
                "category": category.name,
                "view": "max over turns" if category.view == MAX_KEY else "final turn",
                **summarise_values(values),
                "unscored": int(kept["paper_score"].isna().sum()),
                "excluded_roleplay": int(members["paper_excluded"].sum()),
                "runs": "; ".join(sorted(runs)),
            }
        )
        if values:
            groups.append(values)
    scored = [r for r in rows if r["n"] > 0]
    if not scored:
        return rows
    common = {
        "unscored": sum(r["unscored"] for r in rows),
        "excluded_roleplay": sum(r["excluded_roleplay"] for r in rows),
        "runs": f"{len(scored)} of {len(PAPER_CATEGORIES)} categories: "
        + ", ".join(r["category"] for r in scored),
    }
    rate = mean_of_rates([int(r["high"]) for r in scored], [int(r["n"]) for r in scored])
    mean, mean_low, mean_high = _mean_of_means(groups)
    overall = {
        "n": rate.n,
        "mean": mean,
        "mean_ci_low": mean_low,
        "mean_ci_high": mean_high,
        "high": sum(int(r["high"]) for r in scored),
        "pct_high": 100 * rate.value,
        "pct_ci_low": 100 * rate.ci_low,
        "pct_ci_high": 100 * rate.ci_high,
    }
    pooled = summarise_values([v for group in groups for v in group])
    return [
        *rows,
        {**keys, "category": OVERALL_MEAN, "view": MEAN_OF_CATEGORIES, **overall, **common},
        {**keys, "category": OVERALL_POOLED, "view": POOLED, **pooled, **common},
    ]


PAPER_VIEW_COLUMNS = [
    *JUDGE_KEYS,
    "category",
    "view",
    *SUMMARY_COLUMNS,
    "unscored",
    "excluded_roleplay",
    "runs",
]


def paper_view(rollouts: pd.DataFrame) -> pd.DataFrame:
    """Per model and judge: each paper category's mean and % >= 5, then the overall rows.

    Args:
        rollouts: The rollouts after ``classify``.

    Returns:
        One row per (model, judge, rubric) and category present, then ``overall: mean of
        categories`` (the % is the unweighted mean of the category rates, with a stratified
        Wilson interval; the mean is the mean of category means) and ``overall: pooled
        conversations``; ``n`` is conversations scored, ``unscored`` and ``excluded_roleplay``
        are counted beside it. Empty when no run reproduces a paper category.
    """
    rows: list[dict[str, Any]] = []
    in_view = rollouts[rollouts["paper_category"].notna()]
    for group, part in in_view.groupby(JUDGE_KEYS, sort=True):
        rows.extend(_rows(part, dict(zip(JUDGE_KEYS, group, strict=True))))
    return pd.DataFrame(rows, columns=PAPER_VIEW_COLUMNS)
