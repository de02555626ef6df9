"""The report's figures: headline bars (Fig. 1), per-run bars (Fig. 2), per-turn lines (Fig. 3).

Every figure plots 95% intervals (error bars or shaded bands) and labels its axes; series are
"model" or "model [judge]" when more than one judge appears, with stable colours.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: never open a window, work without a display

import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first
import numpy as np  # noqa: E402
import pandas as pd  # type: ignore[import-untyped]  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from distress_evals.logs.schema import FINAL_KEY, MAX_KEY  # noqa: E402
from distress_evals.report.load import JUDGE_KEYS  # noqa: E402
from distress_evals.report.paper_view import OVERALL_MEAN  # noqa: E402
from distress_evals.report.tables import run_label  # noqa: E402

DEFAULT_DPI = 120
MAX_PANEL_COLUMNS = 3
PANEL_SIZE = (4.8, 3.4)
HIGH_LABEL = "% of rollouts with a score ≥ 5"
HEADLINE_XLIM = 140
HEADLINE_WIDTH = 11.0
PAPER_VIEW_BAR = "paper"
HEADLINE_BARS = (
    (MAX_KEY, "tab:red", "max over turns"),
    (FINAL_KEY, "tab:blue", "final turn"),
    (PAPER_VIEW_BAR, "tab:green", "paper view (mean of category %)"),
)
"""The headline's bars: view, colour, legend label."""
PAPER_MARKER: dict[str, Any] = {
    "marker": "D",
    "color": "black",
    "linestyle": "none",
    "markersize": 5,
}


def series_labels(frame: pd.DataFrame, multi_judge: bool) -> list[str]:
    """One label per row: the model, with the judge and rubric when judges are mixed."""
    if not multi_judge:
        return [str(m) for m in frame["model"]]
    return [
        f"{m} [judge {j}, rubric {r}]" for m, j, r in frame[["model", "judge", "rubric"]].values
    ]


def colours(labels: list[str]) -> dict[str, tuple[float, float, float, float]]:
    """A stable colour per series label."""
    palette = plt.get_cmap("tab10")
    return {label: palette(i % palette.N) for i, label in enumerate(sorted(set(labels)))}


def _errors(frame: pd.DataFrame, value: str, low: str, high: str) -> np.ndarray:
    values = frame[value].to_numpy(dtype=float)
    lower = np.nan_to_num(values - frame[low].to_numpy(dtype=float))
    upper = np.nan_to_num(frame[high].to_numpy(dtype=float) - values)
    # Clipped at 0: a rate of 0% or 100% meets its interval edge up to rounding error.
    clipped: np.ndarray = np.clip(np.vstack([lower, upper]), 0, None)
    return clipped


def headline_figure(
    table: pd.DataFrame, view: pd.DataFrame, comparison: pd.DataFrame, multi_judge: bool
) -> Figure:
    """Fig. 1: % of rollouts ≥5 per model: max over turns, final turn and the paper view.

    Args:
        table: ``tables.headline``.
        view: ``paper_view.paper_view`` (its mean-of-categories row is the third bar).
        comparison: ``comparison.compare`` (Fig. 1 values are drawn as diamonds).
        multi_judge: Label series with their judge.

    Returns:
        The figure.
    """
    overall = view[view["category"] == OVERALL_MEAN].assign(view=PAPER_VIEW_BAR)
    bars = pd.concat([table, overall], ignore_index=True) if not overall.empty else table
    bars = bars.assign(series=series_labels(bars, multi_judge))
    labels = sorted(bars["series"].unique())
    kinds = [k for k in HEADLINE_BARS if (bars["view"] == k[0]).any()]
    # Wide enough for long model names, the value labels and the legend beside the axes.
    fig, ax = plt.subplots(figsize=(HEADLINE_WIDTH, 1.2 + 0.3 * len(kinds) * len(labels)))
    height = 0.8 / len(kinds)
    y = np.arange(len(labels))
    for i, (kind, colour, name) in enumerate(kinds):
        offset = -0.4 + height * (i + 0.5)
        part = bars[bars["view"] == kind].set_index("series").reindex(labels)
        ax.barh(
            y + offset,
            part["pct_high"].fillna(0),
            height,
            color=colour,
            alpha=0.8,
            xerr=_errors(part, "pct_high", "pct_ci_low", "pct_ci_high"),
            capsize=3,
            label=name,
        )
        for yy, (pct, n) in zip(y + offset, part[["pct_high", "n"]].values, strict=True):
            if not math.isnan(n):
                ax.text(101, yy, f"{pct:.1f}% (n={int(n)})", va="center", fontsize=7)
    fig1 = comparison[comparison["source"].str.startswith("Paper Fig. 1")].drop_duplicates(
        JUDGE_KEYS
    )
    if not fig1.empty:
        fig1 = fig1.assign(series=series_labels(fig1, multi_judge))
        # Beside the bar it compares with: the paper view's, when there is one.
        views = [k[0] for k in kinds]
        shift = (
            -0.4 + height * (views.index(PAPER_VIEW_BAR) + 0.5) if PAPER_VIEW_BAR in views else 0
        )
        ax.plot(
            fig1["paper_value"],
            [labels.index(s) + shift for s in fig1["series"]],
            **PAPER_MARKER,
            label="paper Fig. 1 (reading)",
        )
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    # Room right of 100% for the value labels ("51.9% (n=4000)").
    ax.set_xlim(0, HEADLINE_XLIM)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel(f"{HIGH_LABEL} (95% CI)")
    ax.set_ylabel("evaluated model")
    ax.set_title("High distress per model, all runs pooled")
    # Outside the axes, to the right: below them it covered the x label when one model made
    # the figure short.
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.tight_layout()
    return fig


def conditions_figure(table: pd.DataFrame, multi_judge: bool) -> Figure:
    """Fig. 2: per run, % ≥5 and mean score (max over turns), grouped bars per model, with CIs.

    Args:
        table: ``tables.conditions`` (no extra keys).
        multi_judge: Label series with their judge.

    Returns:
        The figure.
    """
    table = table[table["view"] == MAX_KEY]
    table = table.assign(
        series=series_labels(table, multi_judge),
        run=[run_label(c, t, p) for c, t, p in table[["condition", "turns", "params"]].values],
    )
    runs, labels = sorted(table["run"].unique()), sorted(table["series"].unique())
    palette = colours(labels)
    width = 0.8 / len(labels)
    fig, axes = plt.subplots(
        2, 1, figsize=(max(7.0, 1.3 * len(runs) * max(1, len(labels) / 2)), 7.5), sharex=True
    )
    x = np.arange(len(runs))
    for i, label in enumerate(labels):
        part = table[table["series"] == label].set_index("run").reindex(runs)
        offset = x - 0.4 + width * (i + 0.5)
        axes[0].bar(
            offset,
            part["pct_high"].fillna(0),
            width,
            color=palette[label],
            label=label,
            yerr=_errors(part, "pct_high", "pct_ci_low", "pct_ci_high"),
            capsize=2,
        )
        axes[1].bar(
            offset,
            part["mean"].fillna(0),
            width,
            color=palette[label],
            yerr=_errors(part, "mean", "mean_ci_low", "mean_ci_high"),
            capsize=2,
        )
    axes[0].set_ylabel(f"{HIGH_LABEL}\n(max over turns, 95% CI)", fontsize=8)
    axes[0].set_ylim(0, 100)
    axes[1].set_ylabel("mean max-over-turns score\n(0-10, 95% CI)", fontsize=8)
    axes[1].set_ylim(0, 10)
    axes[1].set_xticks(x, runs, rotation=30, ha="right", fontsize=8)
    axes[1].set_xlabel("run (condition · turns · parameters)")
    axes[0].set_title("Distress per condition and model")
    axes[0].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    return fig


def per_turn_figure(
    table: pd.DataFrame, comparison: pd.DataFrame, metric: str, multi_judge: bool
) -> Figure:
    """Fig. 3: the metric at each turn, one panel per run, one line per model with a CI band.

    Args:
        table: ``tables.per_turn``.
        comparison: ``paper_reference.compare`` (per-turn values drawn as diamonds).
        metric: ``mean`` or ``pct_high``.
        multi_judge: Label series with their judge.

    Returns:
        The figure.
    """
    low, high = (
        ("mean_ci_low", "mean_ci_high") if metric == "mean" else ("pct_ci_low", "pct_ci_high")
    )
    table = table.assign(
        series=series_labels(table, multi_judge),
        run=[run_label(c, t, p) for c, t, p in table[["condition", "turns", "params"]].values],
    )
    runs = sorted(table["run"].unique(), key=lambda r: (int(r.split(" · ")[1].split()[0]), r))
    palette = colours(list(table["series"]))
    columns = min(MAX_PANEL_COLUMNS, len(runs))
    rows = math.ceil(len(runs) / columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(PANEL_SIZE[0] * columns, PANEL_SIZE[1] * rows), squeeze=False
    )
    reference = comparison[
        (comparison["metric"] == metric) & comparison["view"].str.startswith("turn ")
    ]
    for ax, run in zip(axes.flat, runs, strict=False):  # spare panels are hidden below
        part = table[table["run"] == run]
        for label, unsorted in part.groupby("series", sort=True):
            line = unsorted.sort_values("turn")
            ax.plot(
                line["turn"],
                line[metric],
                marker="o",
                markersize=3,
                color=palette[label],
                label=label,
            )
            ax.fill_between(line["turn"], line[low], line[high], color=palette[label], alpha=0.2)
        matches = reference[reference["runs"].str.contains(run, regex=False)]
        for source, points in matches.groupby("source"):
            turns = [int(v.split()[1]) for v in points["view"]]
            ax.plot(
                turns,
                points["paper_value"],
                **PAPER_MARKER,
                label=f"{source} ({points['paper_model'].iloc[0]})",
            )
        style_per_turn_axes(ax, run, metric, int(part["turn"].max()))
    finish_per_turn_figure(fig, list(axes.flat), len(runs), metric)
    return fig


def style_per_turn_axes(
    ax: Axes, run: str, metric: str, turns: int, high: str = HIGH_LABEL
) -> None:
    """Title, labels, limits, turn ticks and legend of one run's per-turn panel.

    Args:
        ax: The panel.
        run: The run's label (the title).
        metric: ``mean`` (0-10 scale) or the share scoring 5 or more (percent).
        turns: The run's last turn.
        high: The y label of the share.
    """
    ax.set_title(run, fontsize=9)
    ax.set_xlabel("turn")
    ax.set_ylabel(
        "mean score (0-10, 95% CI)" if metric == "mean" else f"{high}\n(95% Wilson CI)",
        fontsize=8,
    )
    ax.set_ylim(0, 10 if metric == "mean" else 100)
    # Every turn labelled up to 10 turns; beyond that, whole-number ticks matplotlib picks.
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=min(10, turns)))
    ax.legend(fontsize=6, loc="upper left")


def finish_per_turn_figure(fig: Figure, axes: list[Axes], used: int, metric: str) -> None:
    """Hide the unused panels and title the per-turn figure.

    Args:
        fig: The figure.
        axes: Its panels, in order.
        used: How many panels hold a run.
        metric: ``mean`` or the share scoring 5 or more.
    """
    for ax in axes[used:]:
        ax.set_visible(False)
    fig.suptitle("Mean score per turn" if metric == "mean" else "High distress per turn")
    fig.tight_layout()


def save(fig: Figure, path: Path, dpi: int = DEFAULT_DPI) -> Path:
    """Write the figure as PNG and free it.

    Args:
        fig: The figure.
        path: Where to write it.
        dpi: Resolution.

    Returns:
        The path.
    """
    fig.savefig(path, dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return path
