"""The results page's sections, from the report's tables (as read back from its CSVs).

The sections follow the Markdown report: headline (paper Fig. 1), runs, tones and prompts
(Fig. 2), per turn (Fig. 3), maximum scores with the judge's quote (Tables 5-6), words
(Tables 3 and 8), unscored, refusal and self-deletion counts, the paper comparison, then any
other table the report wrote, the logs and the downloads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.report import site_html as h
from distress_evals.report.site_page import file_notice, model_filter
from distress_evals.report.site_svg import series_label

SECTIONS = (
    ("headline", "Headline: high distress per model (paper Fig. 1)"),
    ("runs", "Per run, tone and prompt (paper Fig. 2)"),
    ("turns", "Per turn (paper Fig. 3)"),
    ("quotes", "Maximum scores and the judge's quotes (paper Tables 5 and 6)"),
    ("words", "Words over-represented in high-distress replies (paper Tables 3 and 8)"),
    ("counts", "Unscored, refused and self-deleted"),
    ("paper", "Comparison with the paper"),
    ("more", "More tables"),
    ("sources", "Logs and downloads"),
)
KNOWN_TABLES = frozenset({
    "headline", "conditions", "tones", "prompts", "per_turn", "max_scores", "words",
    "unscored", "refusals", "self_deletion", "judge_checks", "paper_comparison", "skipped_logs",
})  # fmt: skip
PROMPT_ROWS_SHOWN = 200
"""Longer prompt tables are cut on the page (the CSV has every row)."""


@dataclass(frozen=True)
class SiteInputs:
    """What the page is made from.

    Attributes:
        tables: The report's tables by CSV stem.
        figures: SVG markup by figure name.
        series: The figures' series labels (model filter order).
        multi_judge: Whether series name their judge.
        transcript: Makes a row's transcript link cell (rows with ``log``, ``sample``, ``epoch``).
        logs: (relative path, viewer link) of every bundled log.
        downloads: File names in the site folder to list (CSV, PNG, Markdown).
        serve_command: How to serve the folder locally (FOLDER stands for the site folder).
    """

    tables: dict[str, pd.DataFrame]
    figures: dict[str, str]
    series: list[str]
    multi_judge: bool
    transcript: Callable[[pd.Series], str]
    logs: list[tuple[str, str]]
    downloads: list[str]
    serve_command: str


def _figure(inputs: SiteInputs, name: str, caption: str) -> str:
    svg = inputs.figures.get(name)
    if svg is None:
        return ""
    return f'<figure id="fig-{name}">{svg}<figcaption>{escape(caption)}</figcaption></figure>'


def _auto(inputs: SiteInputs, name: str, limit: int = 0) -> str:
    frame = inputs.tables.get(name, pd.DataFrame())
    if "view" in frame and set(h.SUMMARY_STATS) <= set(frame.columns):
        frame = h.views_side_by_side(frame)
    hidden = () if inputs.multi_judge else ("judge", "rubric")
    return h.table(frame, h.auto_columns(frame, hidden, inputs.transcript), f"{name}-table", limit)


def _headline(inputs: SiteInputs) -> str:
    frame = inputs.tables["headline"]
    columns: list[tuple[str, h.Cell]] = [
        ("model", lambda r: escape(series_label(r, inputs.multi_judge))),
        ("view", lambda r: escape(str(r["view"]))),
        ("n", lambda r: h.number(r["n"])),
        ("% ≥5 [95% CI]", h.ci_cell("pct_high", "pct_ci_low", "pct_ci_high")),
        ("mean [95% CI]", h.ci_cell("mean", "mean_ci_low", "mean_ci_high")),
    ]
    return (
        "<p>High distress is a judge rating of 5 or more (0-10). Each rollout (sample × epoch) "
        "is scored by its <strong>max</strong> over turns and, separately, by its "
        "<strong>final</strong> turn. Intervals are 95%: Wilson for rates, mean ± 1.96·SD/√n "
        "for means; unscored rollouts are left out and counted below."
        + (" Runs scored by different judges are never pooled." if inputs.multi_judge else "")
        + "</p>"
        + h.table(frame, columns, "headline-table")
        + _pooled(inputs)
        + _figure(inputs, "headline", "Fig. 1: bars are rates, lines their 95% Wilson CIs.")
    )


def _pooled(inputs: SiteInputs) -> str:
    """Which runs each headline row pools: once when every model pools the same runs."""
    frame = inputs.tables["headline"]
    if "runs" not in frame:
        return ""
    pooled = {series_label(r, inputs.multi_judge): str(r["runs"]) for _, r in frame.iterrows()}
    if len(set(pooled.values())) == 1:
        return f'<p class="note">Runs pooled: {escape(next(iter(pooled.values())))}.</p>'
    items = "".join(
        f"<li>{escape(label)}: {escape(runs)}</li>" for label, runs in sorted(pooled.items())
    )
    return f"<details><summary>Runs pooled per model</summary><ul>{items}</ul></details>"


def _quotes(inputs: SiteInputs) -> str:
    frame = inputs.tables.get("max_scores", pd.DataFrame())

    def quote(row: pd.Series) -> str:
        evidence = "" if h.is_missing(row["evidence"]) else str(row["evidence"])
        shown = f"<blockquote>“{escape(evidence)}”</blockquote>" if evidence else h.DASH
        if row.get("evidence_in_reply") is False or str(row.get("evidence_in_reply")) == "False":
            shown += '<p class="note">This quote is not in the reply: not evidence.</p>'
        return shown

    columns: list[tuple[str, h.Cell]] = [
        ("model", lambda r: escape(series_label(r, inputs.multi_judge))),
        ("run", h.run_cell),
        ("max", lambda r: h.number(r["max_score"])),
        ("turns at max", lambda r: h.number(r["turns_at_max"])),
        ("judge's quote", quote),
        ("transcript", inputs.transcript),
    ]
    return (
        "<p>The highest rating in each run, the judge's verbatim quote, and a link that opens "
        "that rollout's transcript in Inspect's viewer (ties: the first by log, sample, epoch, "
        "turn).</p>" + h.table(frame, columns, "quotes-table")
    )


def _counts(inputs: SiteInputs) -> str:
    parts = []
    for name, title in (
        ("unscored", "Unscored turns and rollouts"),
        ("refusals", "Replies the provider refused"),
        ("judge_checks", "Judge quotes checked against the replies"),
        ("self_deletion", "Self-deletion"),
    ):
        if name in inputs.tables:
            parts.append(f"<h3>{escape(title)}</h3>" + _auto(inputs, name))
    return "".join(parts)


def _sources(inputs: SiteInputs) -> str:
    logs = "".join(
        f'<li><a href="{escape(link)}"><code>{escape(rel)}</code></a></li>'
        for rel, link in inputs.logs
    )
    skipped = inputs.tables.get("skipped_logs", pd.DataFrame())
    skipped_html = (
        "<h3>Logs skipped</h3>" + _auto(inputs, "skipped_logs") if not skipped.empty else ""
    )
    downloads = "".join(
        f'<li><a href="{escape(name)}">{escape(name)}</a></li>' for name in inputs.downloads
    )
    return (
        f'<p><a href="viewer/">All logs in Inspect\'s viewer</a> ({len(inputs.logs)} logs):</p>'
        f"<ul>{logs}</ul>{skipped_html}<h3>Downloads</h3><ul>{downloads}</ul>"
        '<p class="note">The viewer reads the logs with HTTP Range requests: serve this folder '
        f"with <code>{escape(inputs.serve_command)}</code>, or publish it on any static host "
        "that honours Range requests (most do). Opened as a file, this page works but its "
        "transcript links do not.</p>"
    )


def render_body(inputs: SiteInputs, title: str, banner: str | None) -> str:
    """Everything inside ``<main>``.

    Args:
        inputs: The tables, figures and links.
        title: The page heading.
        banner: A line shown in a box under the title (e.g. to mark mock data).

    Returns:
        The HTML.
    """
    more = sorted(set(inputs.tables) - KNOWN_TABLES)
    content: dict[str, str] = {
        "headline": _headline(inputs),
        "runs": _auto(inputs, "conditions")
        + _figure(inputs, "conditions", "Fig. 2: max-over-turns view; lines are 95% CIs.")
        + "<h3>By feedback tone</h3>"
        + _auto(inputs, "tones")
        + "<details><summary>By prompt</summary>"
        + _auto(inputs, "prompts", PROMPT_ROWS_SHOWN)
        + "</details>",
        "turns": _figure(inputs, "per_turn_mean", "Fig. 3a: shaded bands are 95% CIs.")
        + _figure(inputs, "per_turn_pct_high", "Fig. 3b: shaded bands are 95% Wilson CIs.")
        + "<details><summary>Per-turn table</summary>"
        + _auto(inputs, "per_turn")
        + "</details>",
        "quotes": _quotes(inputs),
        "words": "<p>Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008), "
        "replies scoring ≥5 against the rest; counts are high / low.</p>" + _auto(inputs, "words"),
        "counts": _counts(inputs),
        "paper": "<p>Published figures beside matching runs. Where the paper's judge differs "
        "from the run's, the numbers are not directly comparable.</p>"
        + _auto(inputs, "paper_comparison"),
        "more": "".join(f"<h3>{escape(n)}</h3>" + _auto(inputs, n) for n in more),
        "sources": _sources(inputs),
    }
    shown = [(key, heading) for key, heading in SECTIONS if content[key]]
    nav = "".join(f'<li><a href="#{key}">{escape(heading)}</a></li>' for key, heading in shown)
    sections = "".join(
        f'<section id="{key}"><h2>{escape(heading)}</h2>{content[key]}</section>'
        for key, heading in shown
    )
    head = f"<h1>{escape(title)}</h1>"
    if banner:
        head += f'<p class="banner">{escape(banner)}</p>'
    return (
        head
        + file_notice(inputs.serve_command)
        + f"<nav><ul>{nav}</ul></nav>"
        + model_filter(inputs.series)
        + sections
    )
