"""Published figures beside the matching runs' values (report section 8).

The paper's figures are compared with the paper view only: the overall rows for Fig. 1, and
the rollouts of the paper category a figure plots for the rest (``paper_view.py``). A
follow-up's figures (Fridman; the paper's older App. J setup) are compared with the runs of
the setup they describe: the run's prompt set, neutral feedback and turn count, with no other
task parameter set. The evaluated model's id must match the figure's model. The published
judge usually differs from the run's; both are shown, and runs are split by judge.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.report.load import JUDGE_KEYS
from distress_evals.report.paper_reference import MODEL_PATTERNS, PAPER_FIGURES, PaperFigure
from distress_evals.report.paper_view import OVERALL_MEAN, OVERALL_POOLED
from distress_evals.report.tables import run_label
from distress_evals.stats.summary import summarise_values

NEUTRAL_FEEDBACK = "neutral"
PAPER_VIEW = "paper view"
SETUP = "runs of the follow-up's setup"
COLUMNS = [
    "source",
    "paper_model",
    "metric",
    "paper_value",
    "paper_shown",
    "paper_ci",
    "paper_judge",
    *JUDGE_KEYS,
    "runs",
    "basis",
    "view",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "note",
]


def _ours(figure: PaperFigure, rollouts: pd.DataFrame, turns: pd.DataFrame) -> list[dict[str, Any]]:
    """This run's value(s) for the figure: one dict per view compared."""
    reached = turns[turns["reached"]]
    if figure.metric == "max_score":
        scores = reached["score"].dropna()
        return [
            {
                "view": "any turn",
                "value": scores.max() if len(scores) else math.nan,
                "n": len(scores),
            }
        ]
    if figure.view == "turn":
        series = {f"turn {figure.turn}": reached.loc[reached["turn"] == figure.turn, "score"]}
    elif figure.view == "responses":
        series = {"all responses": reached["score"]}
    else:
        series = {figure.view: rollouts[figure.view]}
    rows: list[dict[str, Any]] = []
    for view, values in series.items():
        stats = summarise_values([float(v) for v in values.dropna()])
        if figure.metric == "mean":
            low, high, value = stats["mean_ci_low"], stats["mean_ci_high"], stats["mean"]
        else:
            low, high, value = stats["pct_ci_low"], stats["pct_ci_high"], stats["pct_high"]
        rows.append({"view": view, "value": value, "ci_low": low, "ci_high": high, "n": stats["n"]})
    return rows


def _model_matches(figure: PaperFigure, models: pd.Series) -> pd.Series:
    pattern = re.compile(MODEL_PATTERNS[figure.paper_model])
    # Matched once per distinct model id: a report has a handful of models, thousands of rows.
    matched = {m: bool(pattern.search(str(m).lower())) for m in models.unique()}
    return models.map(matched).astype(bool)


def _setup(figure: PaperFigure, rollouts: pd.DataFrame) -> pd.DataFrame:
    """The rollouts a figure is compared with."""
    matched = rollouts[_model_matches(figure, rollouts["model"])]
    if figure.category is not None:
        return matched[(matched["paper_category"] == figure.category) & ~matched["paper_excluded"]]
    # Ablations and options (history=omitted, self_deletion=True...) are not the setup.
    matched = matched[matched["params"] == ""]
    if figure.prompt_set is not None:
        matched = matched[matched["prompt_set"].fillna("").str.contains(figure.prompt_set)]
        matched = matched[matched["feedback"] == NEUTRAL_FEEDBACK]
    if figure.turns is not None:
        matched = matched[matched["turns"] == figure.turns]
    return matched


def _published(figure: PaperFigure) -> dict[str, Any]:
    return {
        "source": figure.source,
        "paper_model": figure.paper_model,
        "metric": figure.metric,
        "paper_value": figure.value,
        "paper_shown": figure.shown,
        "paper_ci": figure.ci,
        "paper_judge": figure.judge,
    }


def _overall_rows(figure: PaperFigure, view: pd.DataFrame) -> list[dict[str, Any]]:
    """A Fig. 1 figure beside the paper view's overall rows of each matching model."""
    overall = view[view["category"].isin([OVERALL_MEAN, OVERALL_POOLED])]
    overall = overall[_model_matches(figure, overall["model"])]
    return [
        {
            **_published(figure),
            **{k: r[k] for k in JUDGE_KEYS},
            "runs": r["runs"],
            "basis": PAPER_VIEW,
            "view": r["category"],
            "value": r["pct_high"],
            "ci_low": r["pct_ci_low"],
            "ci_high": r["pct_ci_high"],
            "n": r["n"],
            "note": figure.note,
        }
        for _, r in overall.iterrows()
    ]


def compare(rollouts: pd.DataFrame, turns: pd.DataFrame, view: pd.DataFrame) -> pd.DataFrame:
    """Every published figure beside the value from each matching model, judge and run.

    Args:
        rollouts: The loaded rollouts, classified by ``paper_view.classify``.
        turns: The loaded turns.
        view: ``paper_view.paper_view``'s table.

    Returns:
        One row per figure, matching (model, judge, rubric) and view compared; empty if no run
        matches any figure.
    """
    rows = []
    for figure in PAPER_FIGURES:
        if figure.view == "overall":
            rows.extend(_overall_rows(figure, view))
            continue
        for group, part in _setup(figure, rollouts).groupby(JUDGE_KEYS, sort=True):
            keys = dict(zip(JUDGE_KEYS, group, strict=True))
            runs = sorted(
                {run_label(c, t, p) for c, t, p in part[["condition", "turns", "params"]].values}
            )
            index = pd.MultiIndex.from_frame(part[["log", "sample", "epoch"]])
            in_part = pd.MultiIndex.from_frame(turns[["log", "sample", "epoch"]]).isin(index)
            basis = SETUP if figure.category is None else f"{PAPER_VIEW}: {figure.category}"
            for ours in _ours(figure, part, turns[in_part]):
                rows.append(
                    {
                        **_published(figure),
                        **keys,
                        "runs": "; ".join(runs),
                        "basis": basis,
                        **ours,
                        "note": figure.note,
                    }
                )
    return pd.DataFrame(rows, columns=COLUMNS)
