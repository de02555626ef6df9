"""The site's figures as inline SVG: Fig. 1 (headline), Fig. 2 (per run), Fig. 3 (per turn).

Drawn with matplotlib from the report's CSV tables, with text kept as SVG text (selectable,
small). Every bar, interval and point is a group carrying ``<title>`` (the browser shows it on
hover: value, 95% CI and n) and ``data-series`` (the series' index in ``series_labels``), which
the page's model filter uses to hide a series. No script or network request is needed to see
them; inspect-viz was not used because its HTML loads its runtime from a CDN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: never open a window, work without a display

import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first
import pandas as pd  # type: ignore[import-untyped]  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from distress_evals.report.figures import (  # noqa: E402
    finish_per_turn_figure,
    style_per_turn_axes,
)
from distress_evals.report.site_svg import Tagger, interval, series_label, to_svg  # noqa: E402
from distress_evals.report.tables import run_label  # noqa: E402

MAX_PANEL_COLUMNS = 2
"""Per-turn panels per row: two stay legible when the page is narrowed to a phone."""
PANEL_SIZE = (5.2, 3.4)
VIEW_COLOURS = {"max": "tab:red", "final": "tab:blue"}
HIGH_LABEL = "% of rollouts scoring ≥ 5"
PAPER_MARKER: dict[str, Any] = {"marker": "D", "color": "black", "linestyle": "none", "ms": 5}
BAR_ALPHA = 0.85
BAND_ALPHA = 0.2


def _tail(frame: pd.DataFrame, value: str, low: str, high: str) -> tuple[float, float, float]:
    row = frame.iloc[0]
    return float(row[value]), float(row[low]), float(row[high])


def _ci_line(ax: Axes, points: tuple[list[float], list[float]], tagger: Tagger, label: str) -> None:
    if not any(math.isnan(v) for v in [*points[0], *points[1]]):
        [line] = ax.plot(*points, color="black", linewidth=1)
        tagger.tag(line, label)


def headline_svg(table: pd.DataFrame, comparison: pd.DataFrame, tagger: Tagger) -> str:
    """Fig. 1: % of rollouts ≥ 5 per model, max-over-turns and final-turn bars with CIs.

    Args:
        table: ``headline.csv`` with a ``series`` column.
        comparison: ``paper_comparison.csv`` with a ``series`` column (Fig. 1 diamonds).
        tagger: Tags for this figure.

    Returns:
        The SVG.
    """
    labels = sorted(table["series"].unique())
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.75 * len(labels)))
    height = 0.38
    for index, label in enumerate(labels):
        for offset, view in zip((-height / 2, height / 2), VIEW_COLOURS, strict=True):
            part = table[(table["series"] == label) & (table["view"] == view)]
            if part.empty:
                continue
            pct, low, high = _tail(part, "pct_high", "pct_ci_low", "pct_ci_high")
            n = int(part["n"].iloc[0])
            y = index + offset
            [bar] = ax.barh(y, 0 if math.isnan(pct) else pct, height, color=VIEW_COLOURS[view])
            bar.set_alpha(BAR_ALPHA)
            tip = f"{label} · {view}: {interval(pct, low, high, suffix='%')} (n={n})"
            tagger.tag(bar, label, tip)
            _ci_line(ax, ([low, high], [y, y]), tagger, label)
            note = ax.text(101, y, f"{interval(pct, math.nan, math.nan, suffix='%')} (n={n})")
            note.set_fontsize(7)
            note.set_verticalalignment("center")
            tagger.tag(note, label)
    fig1 = comparison[comparison["source"].astype(str).str.startswith("Paper Fig. 1")]
    fig1 = fig1[fig1["series"].isin(labels)].drop_duplicates("series")
    for _, row in fig1.iterrows():
        [marker] = ax.plot([row["paper_value"]], [labels.index(row["series"])], **PAPER_MARKER)
        tagger.tag(marker, row["series"], f"paper: {row['paper_shown']}% ({row['source']})")
    handles: list[Artist] = [
        Rectangle((0, 0), 1, 1, color=c, alpha=BAR_ALPHA) for c in VIEW_COLOURS.values()
    ]
    names = ["max over turns", "final turn"]
    if not fig1.empty:
        handles.append(Line2D([], [], **PAPER_MARKER))
        names.append("paper Fig. 1 (reading)")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 125)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel(f"{HIGH_LABEL} (95% Wilson CI)")
    ax.set_title("High distress per model, all runs pooled")
    ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=8)
    return to_svg(fig, tagger, "Bar chart: share of rollouts scoring 5 or more, per model")


def conditions_svg(table: pd.DataFrame, series: Sequence[str], tagger: Tagger) -> str:
    """Fig. 2: per run, % ≥ 5 and mean of the max-over-turns score per model, with CIs.

    Args:
        table: ``conditions.csv`` with ``series`` and ``run`` columns.
        series: Every series label, in colour order.
        tagger: Tags for this figure.

    Returns:
        The SVG.
    """
    table = table[table["view"] == "max"]
    runs, labels = sorted(table["run"].unique()), sorted(table["series"].unique())
    palette = plt.get_cmap("tab10")
    width = 0.8 / max(1, len(labels))
    fig, axes = plt.subplots(2, 1, figsize=(max(7.0, 0.9 * len(runs) * len(labels)), 7.5))
    panels = (
        ("pct_high", "pct_ci_low", "pct_ci_high", "%"),
        ("mean", "mean_ci_low", "mean_ci_high", ""),
    )
    for ax, (value, low_col, high_col, suffix) in zip(axes, panels, strict=True):
        for i, label in enumerate(labels):
            colour = palette(series.index(label) % palette.N)
            for x, run in enumerate(runs):
                part = table[(table["series"] == label) & (table["run"] == run)]
                if part.empty:
                    continue
                v, low, high = _tail(part, value, low_col, high_col)
                centre = x - 0.4 + width * (i + 0.5)
                [bar] = ax.bar(centre, 0 if math.isnan(v) else v, width, color=colour)
                n = int(part["n"].iloc[0])
                digits = 1 if suffix else 2
                tip = f"{label} · {run}: {interval(v, low, high, digits, suffix)} (n={n})"
                tagger.tag(bar, label, tip)
                _ci_line(ax, ([centre, centre], [low, high]), tagger, label)
        ax.set_xticks(range(len(runs)), runs if ax is axes[1] else [], rotation=30, ha="right")
    handles = [Rectangle((0, 0), 1, 1, color=palette(series.index(s) % 10)) for s in labels]
    axes[0].legend(handles, labels, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes[0].set_ylabel(f"{HIGH_LABEL}\n(max over turns, 95% CI)", fontsize=8)
    axes[0].set_ylim(0, 100)
    axes[1].set_ylabel("mean max-over-turns score\n(0-10, 95% CI)", fontsize=8)
    axes[1].set_ylim(0, 10)
    axes[1].set_xlabel("run (condition · turns · parameters)")
    axes[0].set_title("Distress per run and model")
    fig.tight_layout()
    return to_svg(fig, tagger, "Bar charts: share of rollouts scoring 5 or more, and mean, per run")


def per_turn_svg(
    table: pd.DataFrame,
    comparison: pd.DataFrame,
    metric: str,
    series: Sequence[str],
    tagger: Tagger,
) -> str:
    """Fig. 3: the metric at each turn, a panel per run, a line and 95% band per model.

    Args:
        table: ``per_turn.csv`` with ``series`` and ``run`` columns.
        comparison: ``paper_comparison.csv`` (per-turn published values as diamonds).
        metric: ``mean`` or ``pct_high``.
        series: Every series label, in colour order.
        tagger: Tags for this figure.

    Returns:
        The SVG.
    """
    low_col, high_col = (
        ("mean_ci_low", "mean_ci_high") if metric == "mean" else ("pct_ci_low", "pct_ci_high")
    )
    suffix, digits = ("", 2) if metric == "mean" else ("%", 1)
    runs = sorted(table["run"].unique(), key=lambda r: (int(r.split(" · ")[1].split()[0]), r))
    columns = min(MAX_PANEL_COLUMNS, len(runs))
    rows = math.ceil(len(runs) / columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(PANEL_SIZE[0] * columns, PANEL_SIZE[1] * rows), squeeze=False
    )
    palette = plt.get_cmap("tab10")
    reference = comparison[
        (comparison["metric"] == metric) & comparison["view"].astype(str).str.startswith("turn ")
    ]
    for ax, run in zip(axes.flat, runs, strict=False):  # spare panels are hidden below
        part = table[table["run"] == run]
        for label, unsorted in part.groupby("series", sort=True):
            line = unsorted.sort_values("turn")
            colour = palette(series.index(str(label)) % palette.N)
            [path] = ax.plot(line["turn"], line[metric], color=colour, label=label)
            tagger.tag(path, str(label))
            band = ax.fill_between(
                line["turn"], line[low_col], line[high_col], color=colour, alpha=BAND_ALPHA
            )
            tagger.tag(band, str(label))
            for _, point in line.iterrows():
                [dot] = ax.plot([point["turn"]], [point[metric]], "o", color=colour, ms=4)
                shown = interval(point[metric], point[low_col], point[high_col], digits, suffix)
                tip = f"{label} · {run} · turn {int(point['turn'])}: {shown} (n={point['n']})"
                tagger.tag(dot, str(label), tip)
        matches = reference[reference["runs"].astype(str).str.contains(run, regex=False)]
        for source, points in matches.groupby("source"):
            turns = [int(v.split()[1]) for v in points["view"]]
            [marker] = ax.plot(turns, points["paper_value"], **PAPER_MARKER, label=str(source))
            tagger.tag(marker, None, f"{source} ({points['paper_model'].iloc[0]})")
        style_per_turn_axes(ax, run, metric, int(part["turn"].max()), HIGH_LABEL)
    finish_per_turn_figure(fig, list(axes.flat), len(runs), metric)
    what = "mean score" if metric == "mean" else "share of rollouts scoring 5 or more"
    return to_svg(fig, tagger, f"Line charts with 95% bands: {what} at each turn, per run")


def site_figures(
    tables: dict[str, pd.DataFrame], series: Sequence[str], multi_judge: bool
) -> dict[str, str]:
    """Every figure of the site, as SVG markup by name.

    Args:
        tables: The report's tables by CSV stem (``headline``, ``conditions``, ``per_turn`` and
            ``paper_comparison`` are used; a missing or empty one gives no figure).
        series: Every series label (``series_label`` of the headline rows), sorted.
        multi_judge: Whether series name their judge.

    Returns:
        SVG markup by figure name.
    """
    index = {label: i for i, label in enumerate(series)}

    def labelled(name: str) -> pd.DataFrame:
        frame = tables.get(name, pd.DataFrame())
        if frame.empty:
            return frame
        frame = frame.assign(series=[series_label(r, multi_judge) for _, r in frame.iterrows()])
        if "condition" in frame:
            runs = frame[["condition", "turns", "params"]].fillna("").values
            frame = frame.assign(run=[run_label(c, int(t), p) for c, t, p in runs])
        return frame[frame["series"].isin(index)]

    comparison = labelled("paper_comparison")
    if comparison.empty:
        comparison = pd.DataFrame(
            columns=["source", "series", "metric", "view", "runs", "paper_value", "paper_model"]
        )
    figures: dict[str, str] = {}
    if not (headline := labelled("headline")).empty:
        figures["headline"] = headline_svg(headline, comparison, Tagger("fig-headline", index))
    if not (conditions := labelled("conditions")).empty:
        figures["conditions"] = conditions_svg(conditions, series, Tagger("fig-runs", index))
    if not (per_turn := labelled("per_turn")).empty:
        for metric in ("mean", "pct_high"):
            figures[f"per_turn_{metric}"] = per_turn_svg(
                per_turn, comparison, metric, series, Tagger(f"fig-turn-{metric}", index)
            )
    return figures
