"""Published figures beside the matching runs' values (report section 7).

A figure applies to a run when the evaluated model's id matches its pattern and the run has the
figure's prompt set, neutral feedback and turn count (all from log metadata), and sets no other
task parameter (ablations are not the published setup). The published judge usually differs
from the run's; both are shown, and runs are split by judge.
"""

from __future__ import annotations

import math
import re

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.report.load import JUDGE_KEYS
from distress_evals.report.paper_reference import MODEL_PATTERNS, PAPER_FIGURES, PaperFigure
from distress_evals.report.stats import summarise_values
from distress_evals.report.tables import run_label


def _ours(
    figure: PaperFigure, rollouts: pd.DataFrame, turns: pd.DataFrame
) -> list[dict[str, float | str]]:
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
    elif figure.view == "any":
        series = {view: rollouts[view] for view in ("max", "final")}
    else:
        series = {figure.view: rollouts[figure.view]}
    rows: list[dict[str, float | str]] = []
    for view, values in series.items():
        stats = summarise_values([float(v) for v in values.dropna()])
        if figure.metric == "mean":
            low, high, value = stats["mean_ci_low"], stats["mean_ci_high"], stats["mean"]
        else:
            low, high, value = stats["pct_ci_low"], stats["pct_ci_high"], stats["pct_high"]
        rows.append({"view": view, "value": value, "ci_low": low, "ci_high": high, "n": stats["n"]})
    return rows


def compare(rollouts: pd.DataFrame, turns: pd.DataFrame) -> pd.DataFrame:
    """Every published figure beside the value from each matching model, judge and run.

    Args:
        rollouts: The loaded rollouts.
        turns: The loaded turns.

    Returns:
        One row per figure, matching (model, judge, rubric) and view compared; empty if no run
        matches any figure.
    """
    rows = []
    for figure in PAPER_FIGURES:
        pattern = re.compile(MODEL_PATTERNS[figure.paper_model])
        matched = rollouts[[bool(pattern.search(m.lower())) for m in rollouts["model"]]]
        # Ablations and options (history=omitted, self_deletion=True...) are not the paper's setup.
        matched = matched[matched["params"] == ""]
        if figure.prompt_set is not None:
            matched = matched[matched["prompt_set"].fillna("").str.contains(figure.prompt_set)]
            matched = matched[matched["feedback"] == "neutral"]
        if figure.turns is not None:
            matched = matched[matched["turns"] == figure.turns]
        for group, part in matched.groupby(JUDGE_KEYS, sort=True):
            keys = dict(zip(JUDGE_KEYS, group, strict=True))
            runs = sorted(
                {run_label(c, t, p) for c, t, p in part[["condition", "turns", "params"]].values}
            )
            index = pd.MultiIndex.from_frame(part[["log", "sample", "epoch"]])
            in_part = pd.MultiIndex.from_frame(turns[["log", "sample", "epoch"]]).isin(index)
            for ours in _ours(figure, part, turns[in_part]):
                rows.append(
                    {
                        "source": figure.source,
                        "paper_model": figure.paper_model,
                        "metric": figure.metric,
                        "paper_value": figure.value,
                        "paper_shown": figure.shown,
                        "paper_ci": figure.ci,
                        "paper_judge": figure.judge,
                        **keys,
                        "runs": "; ".join(runs),
                        **ours,
                        "note": figure.note,
                    }
                )
    columns = [
        "source",
        "paper_model",
        "metric",
        "paper_value",
        "paper_shown",
        "paper_ci",
        "paper_judge",
        *JUDGE_KEYS,
        "runs",
        "view",
        "value",
        "ci_low",
        "ci_high",
        "n",
        "note",
    ]
    return pd.DataFrame(rows, columns=columns)
