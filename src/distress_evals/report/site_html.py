"""HTML pieces of the results site: number formatting, tables from data frames, the page shell.

Tables are rendered from the report's CSV frames. A column with ``<name>_ci_low`` and
``<name>_ci_high`` beside it (or ``pct_ci_*`` for a percentage, ``ci_*`` for ``value``) is shown
as one "value [low–high]" cell; frames with a ``view`` column (max / final) show the views side
by side; rows naming a rollout (``log``, ``sample``, ``epoch``) get a link to its transcript.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.report.tables import run_label
from distress_evals.stats.summary import SUMMARY_COLUMNS

Cell = Callable[[pd.Series], str]
"""Makes one cell's HTML from a row."""

SUMMARY_STATS = tuple(SUMMARY_COLUMNS)
"""Columns ``stats.summarise`` adds; with ``view`` they mark a table to show views side by side."""
RUN_PARTS = ("condition", "turns", "params")
ALWAYS_HIDDEN = frozenset({"link", "log", "series", "run", "high", "turns_at_max"})
"""Shown another way (links, the run label, the % column) or noise next to the rest."""
TITLES = {
    "n": "n",
    "pct_high": "% ≥5 [95% CI]",
    "mean": "mean [95% CI]",
    "value": "this report [95% CI]",
    "pct_deleted": "% self-deleted [95% CI]",
    "pct_unsupported": "% unsupported [95% CI]",
    "prompt_id": "prompt",
    "feedback": "tone",
    "paper_shown": "paper",
}
DASH = "—"


def is_missing(value: object) -> bool:
    """Whether a cell is empty (None, NaN or an empty string)."""
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def number(value: object, digits: int = 2, suffix: str = "") -> str:
    """A number for display: whole numbers without decimals ("n=3", never "n=3.0")."""
    if is_missing(value):
        return DASH
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and not suffix:
            return f"{int(value)}"
        return f"{value:.{digits}f}{suffix}"
    return str(value)


def with_ci(value: object, low: object, high: object, digits: int = 1, suffix: str = "") -> str:
    """``value [low–high]``, or the value alone when the interval is undefined."""
    if is_missing(value):
        return DASH
    shown = f"{float(str(value)):.{digits}f}{suffix}"
    if is_missing(low) or is_missing(high):
        return shown
    return f"{shown} [{float(str(low)):.{digits}f}–{float(str(high)):.{digits}f}]"


def ci_span(text: str) -> str:
    """A "value [low–high]" cell's HTML: kept on one line (the table scrolls instead)."""
    return f'<span class="ci">{escape(text)}</span>'


def ci_columns(frame: pd.DataFrame, column: str) -> tuple[str, str] | None:
    """The interval columns that belong to ``column``, if any."""
    candidates = [(f"{column}_ci_low", f"{column}_ci_high")]
    if column.startswith("pct_"):
        candidates.append(("pct_ci_low", "pct_ci_high"))
    if column == "value":
        candidates.append(("ci_low", "ci_high"))
    return next((c for c in candidates if c[0] in frame and c[1] in frame), None)


def _value_cell(column: str) -> Cell:
    def cell(row: pd.Series) -> str:
        return escape(number(row[column]))

    return cell


def ci_cell(column: str, low: str, high: str) -> Cell:
    """A "value [low–high]" cell: one decimal and % for a ``pct`` column, else two decimals."""
    percent = column.startswith(("pct", "%"))
    digits, suffix = (1, "%") if percent else (2, "")

    def cell(row: pd.Series) -> str:
        return ci_span(with_ci(row[column], row[low], row[high], digits, suffix))

    return cell


def run_cell(row: pd.Series) -> str:
    """The run's label (condition · turns · parameters) of a row with those columns."""
    return escape(run_label(str(row["condition"]), int(row["turns"]), str(row["params"] or "")))


def auto_columns(
    frame: pd.DataFrame, hidden: Sequence[str] = (), link: Cell | None = None
) -> list[tuple[str, Cell]]:
    """Column titles and cell makers for a report table.

    Args:
        frame: The table.
        hidden: More columns to leave out.
        link: Makes the transcript link cell of a row naming a rollout.

    Returns:
        (title, cell) pairs in the frame's column order.
    """
    skip = set(ALWAYS_HIDDEN) | set(hidden)
    columns: list[tuple[str, Cell]] = []
    if all(p in frame for p in RUN_PARTS):
        skip |= set(RUN_PARTS)
    for column in frame.columns:
        if column in skip:
            continue
        if column == "model" and all(p in frame for p in RUN_PARTS):
            columns += [("model", _value_cell("model")), ("run", run_cell)]
            continue
        pair = ci_columns(frame, column)
        if pair is not None and not skip & set(pair):
            skip |= set(pair)
            title = TITLES.get(column, f"{column.replace('_', ' ')} [95% CI]")
            columns.append((title, ci_cell(column, *pair)))
        else:
            columns.append((TITLES.get(column, column.replace("_", " ")), _value_cell(column)))
    if link is not None and all(c in frame for c in ("log", "sample", "epoch")):
        columns.append(("transcript", link))
    return columns


def views_side_by_side(frame: pd.DataFrame) -> pd.DataFrame:
    """A summary with a ``view`` column as one row per group, the views' columns suffixed.

    Args:
        frame: ``stats.summarise`` output grouped by some keys and ``view``.

    Returns:
        One row per group; ``n_max``, ``pct_high_max``, ``pct_high_max_ci_low`` ... per view.
    """
    keys = [c for c in frame.columns if c not in (*SUMMARY_STATS, "view")]
    wide: pd.DataFrame | None = None
    for view, part in frame.groupby("view", sort=False):
        renamed = part[[*keys, "n", "pct_high", "pct_ci_low", "pct_ci_high", "mean"]].rename(
            columns={"n": f"n ({view})", "mean": f"mean ({view})"}
        )
        renamed = renamed.assign(**{f"mean ({view})_ci_low": part["mean_ci_low"].values})
        renamed = renamed.assign(**{f"mean ({view})_ci_high": part["mean_ci_high"].values})
        renamed = renamed.rename(
            columns={
                "pct_high": f"% ≥5 ({view})",
                "pct_ci_low": f"% ≥5 ({view})_ci_low",
                "pct_ci_high": f"% ≥5 ({view})_ci_high",
            }
        )
        wide = renamed if wide is None else wide.merge(renamed, on=keys, how="outer")
    return wide if wide is not None else frame


def table(
    frame: pd.DataFrame, columns: Sequence[tuple[str, Cell]], table_id: str = "", limit: int = 0
) -> str:
    """An HTML table in a horizontally scrolling wrapper.

    Args:
        frame: The rows.
        columns: (title, cell) pairs; cells return HTML.
        table_id: The table's id attribute, if any.
        limit: Show at most this many rows (0: all), saying how many were left out.

    Returns:
        The HTML.
    """
    if frame.empty:
        return '<p class="empty">No rows.</p>'
    shown = frame if not limit else frame.head(limit)
    head = "".join(f'<th scope="col">{escape(title)}</th>' for title, _ in columns)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{cell(row)}</td>" for _, cell in columns) + "</tr>"
        for _, row in shown.iterrows()
    )
    more = (
        f'<p class="note">First {limit} of {len(frame)} rows; all are in the CSV.</p>'
        if len(shown) < len(frame)
        else ""
    )
    ident = f' id="{escape(table_id)}"' if table_id else ""
    return (
        f'<div class="table-wrap"><table{ident}><thead><tr>{head}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table></div>{more}"
    )
