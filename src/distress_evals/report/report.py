"""Build the report: every table as CSV, every figure as PNG, and report.md linking them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.logs.reader import validate_log_path
from distress_evals.report import figures, tables
from distress_evals.report.comparison import compare
from distress_evals.report.load import JUDGE_KEYS, LoadedLogs, load_logs
from distress_evals.report.paper_view import classify, paper_view
from distress_evals.report.render import render
from distress_evals.report.words import over_represented

DEFAULT_OUT = "report"
REPORT_FILE = "report.md"
DEFAULT_TITLE = "Distress under repeated rejection: report"


@dataclass
class Report:
    """What ``build_report`` wrote.

    Attributes:
        out: The output directory.
        loaded: The rollouts and turns read.
        tables: Every table, by CSV stem.
        figures: Every figure's path, by stem.
        markdown: The Markdown report's path.
    """

    out: Path
    loaded: LoadedLogs
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, Path] = field(default_factory=dict)
    markdown: Path | None = None


def compute_tables(loaded: LoadedLogs) -> dict[str, pd.DataFrame]:
    """Every table of the report.

    Args:
        loaded: The rollouts (classified by ``paper_view.classify``) and turns.

    Returns:
        Tables by name (the CSV stem).
    """
    rollouts, turns = loaded.rollouts, loaded.turns
    view = paper_view(rollouts)
    return {
        "headline": tables.headline(rollouts),
        "paper_view": view,
        "conditions": tables.conditions(rollouts),
        "tones": tables.conditions(rollouts, ("feedback",)),
        "prompts": tables.conditions(rollouts, ("prompt_id",)),
        "per_turn": tables.per_turn(turns),
        "max_scores": tables.max_scores(turns, loaded.log_dir),
        "words": over_represented(turns),
        "self_deletion": tables.self_deletion(rollouts),
        "unscored": tables.unscored_counts(rollouts, turns),
        "judge_checks": tables.judge_checks(turns),
        "refusals": tables.refusals(turns),
        "paper_comparison": compare(rollouts, turns, view),
        "skipped_logs": pd.DataFrame(
            [(s.path, s.reason) for s in loaded.skipped], columns=["log", "reason"]
        ),
    }


def build_report(
    log_dir: str | Path,
    out: str | Path = DEFAULT_OUT,
    title: str = DEFAULT_TITLE,
    banner: str | None = None,
) -> Report:
    """Read the logs under ``log_dir`` and write the report to ``out``.

    Args:
        log_dir: A directory of Inspect logs (searched recursively) or one log file.
        out: The output directory (created if needed).
        title: The report's title.
        banner: A line shown in bold under the title (e.g. to mark mock data).

    Returns:
        What was written.

    Raises:
        LogPathError: If ``log_dir`` does not exist or is not a log (raised before anything
            is written).
    """
    validate_log_path(log_dir)
    out = Path(out)
    report = Report(out=out, loaded=load_logs(log_dir))
    out.mkdir(parents=True, exist_ok=True)
    if not report.loaded.rollouts.empty:
        report.loaded.rollouts = classify(report.loaded.rollouts)
        report.tables = compute_tables(report.loaded)
    for name, frame in report.tables.items():
        frame.to_csv(out / f"{name}.csv", index=False)
    if report.tables:
        multi = report.loaded.rollouts[JUDGE_KEYS[1:]].drop_duplicates().shape[0] > 1
        t = report.tables
        made = {
            "headline": figures.headline_figure(
                t["headline"], t["paper_view"], t["paper_comparison"], multi
            ),
            "conditions": figures.conditions_figure(t["conditions"], multi),
            "per_turn_mean": figures.per_turn_figure(
                t["per_turn"], t["paper_comparison"], "mean", multi
            ),
            "per_turn_high": figures.per_turn_figure(
                t["per_turn"], t["paper_comparison"], "pct_high", multi
            ),
        }
        report.figures = {name: figures.save(f, out / f"{name}.png") for name, f in made.items()}
        text = render(report.loaded, t, report.figures, title, banner)
    else:
        skipped = "\n".join(f"- `{s.path}`: {s.reason}" for s in report.loaded.skipped)
        text = f"# {title}\n\nNo scored rollouts found under `{log_dir}`.\n\n{skipped}\n"
    report.markdown = out / REPORT_FILE
    report.markdown.write_text(text, encoding="utf-8")
    return report
