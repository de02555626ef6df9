"""``report --site``: a static results site next to the report's CSVs, PNGs and Markdown.

``build_site`` reads back the tables the report wrote into its output folder and adds:

- ``index.html``: every table and figure on one self-contained page (inline SVG, no external
  request), readable on a phone, opening from ``file://`` or any static host;
- ``viewer/``: the logs the report read, bundled with Inspect's own static viewer; each
  maximum-score quote, and each row naming a rollout, links to that rollout's transcript.

The viewer reads ``.eval`` logs with HTTP Range requests, so it needs the folder served over HTTP
(``distress-evals serve DIR`` locally; most static hosts answer ranges).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras
from inspect_ai.log import list_eval_logs

from distress_evals.report.site_figures import site_figures
from distress_evals.report.site_page import page
from distress_evals.report.site_sections import SiteInputs, render_body
from distress_evals.report.site_svg import series_label
from distress_evals.report.site_viewer import (
    SiteError,
    bundle_viewer,
    local_path,
    log_link,
    relative_log,
    sample_link,
)

INDEX_FILE = "index.html"
DEFAULT_SITE_TITLE = "Distress under repeated rejection: results"
SERVE_COMMAND = "distress-evals serve {out}"
PAGE_SERVE_COMMAND = SERVE_COMMAND.format(out="FOLDER")
"""What the page tells readers to run: a published page must not name the build machine's paths."""
DOWNLOAD_SUFFIXES = (".md", ".csv", ".png")
TEXT_COLUMNS = ("params", "evidence", "failures", "note", "paper_ci", "runs", "reason")
"""CSV columns that are text even when empty (read as "", not NaN)."""


@dataclass(frozen=True)
class Site:
    """What ``build_site`` wrote.

    Attributes:
        index: The page.
        viewer: The bundled viewer folder.
        logs: How many logs were bundled.
        seconds: Build time (page and viewer).
    """

    index: Path
    viewer: Path
    logs: int
    seconds: float


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every CSV the report wrote in ``out``, by stem.

    Args:
        out: The report's output folder.

    Returns:
        The tables (empty cells NaN, except text columns, which are "").
    """
    tables = {}
    for path in sorted(out.glob("*.csv")):
        # keep_default_na=False: a model or word spelled "NA" or "null" stays text.
        frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
        for column in TEXT_COLUMNS:
            if column in frame:
                frame[column] = frame[column].fillna("").astype(str)
        tables[path.stem] = frame
    return tables


def _resolved(log: str, log_root: Path) -> Path:
    """A log named by the report (absolute, or relative to its log folder) as a full path."""
    path = local_path(log)
    return (path if path.is_absolute() else log_root / path).resolve()


def logs_read(log_dir: Path, tables: dict[str, pd.DataFrame]) -> list[str]:
    """The logs under ``log_dir`` that the report did not list as skipped."""
    if log_dir.is_file():
        return [str(log_dir)]
    skipped = tables.get("skipped_logs", pd.DataFrame(columns=["log"]))
    left_out = {_resolved(str(s), log_dir) for s in skipped["log"]}
    found = [info.name for info in list_eval_logs(str(log_dir), recursive=True)]
    return sorted(f for f in found if local_path(f).resolve() not in left_out)


def _shown_path(log: str, log_root: Path) -> str:
    """A skipped log's path under the log folder, or its name: never the machine's full path."""
    try:
        return relative_log(log, log_root)
    except SiteError:
        return local_path(log).name


def check_site_folder(out: str | Path, log_dir: str | Path) -> None:
    """Refuse a site folder inside the log folder (call before writing anything).

    Args:
        out: The report's (and site's) output folder.
        log_dir: The log folder, or a single log.

    Raises:
        SiteError: If ``out`` is ``log_dir`` or inside it.
    """
    out, root = Path(out), Path(log_dir)
    log_root = root if root.is_dir() else root.parent
    inside = out.resolve() == log_root.resolve() or log_root.resolve() in out.resolve().parents
    if inside:
        raise SiteError(
            f"the site folder {out} is inside the log folder {log_root}: its viewer copies the "
            "logs, so the next report would read every log twice. Choose an --out outside it."
        )


def build_site(
    out: str | Path,
    log_dir: str | Path,
    logs: Iterable[str | Path] | None = None,
    title: str = DEFAULT_SITE_TITLE,
    banner: str | None = None,
) -> Site:
    """Write ``index.html`` and ``viewer/`` into the report's output folder.

    Args:
        out: The report's output folder (its CSVs are read back).
        log_dir: The log folder (or single log) the report read.
        logs: The logs the report read (default: every log under ``log_dir`` not listed in
            ``skipped_logs.csv``).
        title: The page's title.
        banner: A line shown in a box under the title (e.g. to mark mock data).

    Returns:
        What was written.

    Raises:
        SiteError: If the report's tables are missing, a log is not under ``log_dir``, or
            ``out`` is inside ``log_dir`` (all checked before anything is written).
    """
    started = time.perf_counter()
    out, root = Path(out), Path(log_dir)
    log_root = root if root.is_dir() else root.parent
    check_site_folder(out, log_root)
    tables = read_tables(out)
    if tables.get("headline", pd.DataFrame()).empty:
        raise SiteError(f"no report tables in {out} (headline.csv): build the report first")
    chosen = list(logs) if logs is not None else logs_read(root, tables)
    relative = {local_path(log).resolve(): relative_log(log, log_root) for log in chosen}

    def transcript(row: pd.Series) -> str:
        # The report names a log by its path under the log folder (older reports: in full).
        rel = relative.get(_resolved(str(row["log"]), log_root))
        turn = f", turn {int(row['turn'])}" if "turn" in row and pd.notna(row["turn"]) else ""
        text = f"sample {row['sample']}, epoch {int(row['epoch'])}{turn}"
        if rel is None:  # not bundled: nothing to link to
            return escape(text)
        link = sample_link(rel, row["sample"], row["epoch"])
        return f'<a class="transcript" href="{escape(link)}">{escape(text)}</a>'

    skipped = tables.get("skipped_logs")
    if skipped is not None and not skipped.empty:  # shown by path under the log folder only
        tables["skipped_logs"] = skipped.assign(
            log=[_shown_path(str(log), log_root) for log in skipped["log"]]
        ).rename(columns={"log": "file"})
    headline = tables["headline"]
    multi = headline[["judge", "rubric"]].drop_duplicates().shape[0] > 1
    series = sorted({series_label(r, multi) for _, r in headline.iterrows()})
    inputs = SiteInputs(
        tables=tables,
        figures=site_figures(tables, series, multi),
        series=series,
        multi_judge=multi,
        transcript=transcript,
        logs=[(rel, log_link(rel)) for rel in sorted(relative.values())],
        downloads=sorted(p.name for p in out.iterdir() if p.suffix in DOWNLOAD_SUFFIXES),
        serve_command=PAGE_SERVE_COMMAND,
    )
    viewer = bundle_viewer(chosen, log_root, out)
    index = out / INDEX_FILE
    index.write_text(page(title, render_body(inputs, title, banner)), encoding="utf-8")
    return Site(index, viewer, len(chosen), time.perf_counter() - started)


def folder_size(path: Path) -> int:
    """Bytes in every file under ``path``."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
