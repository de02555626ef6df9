"""``distress-evals report LOG_DIR [--out DIR]``: the paper's figures and tables from any logs."""

from __future__ import annotations

import click

from distress_evals.logs.reader import LogPathError
from distress_evals.report.report import DEFAULT_OUT, DEFAULT_TITLE, build_report
from distress_evals.report.site import SERVE_COMMAND, build_site, check_site_folder
from distress_evals.report.site_viewer import SiteError


def run_report(log_dir: str, out: str, title: str, banner: str | None, site: bool = False) -> int:
    """Build the report and say where it is.

    Args:
        log_dir: A directory of Inspect logs, or one log.
        out: The output directory.
        title: The report's title.
        banner: A bold line under the title, or None.
        site: Also write the static site (index.html and viewer/).

    Returns:
        0 when at least one rollout was read, 1 otherwise, 2 for a site folder inside LOG_DIR.

    Raises:
        click.BadParameter: If LOG_DIR does not exist or is not a log (before anything is
            written).
    """
    try:
        if site:
            check_site_folder(out, log_dir)
    except SiteError as error:
        click.echo(f"error: {error}", err=True)
        return 2
    try:
        built = build_report(log_dir, out, title=title, banner=banner)
    except LogPathError as error:
        raise click.BadParameter(str(error), param_hint="LOG_DIR") from error
    loaded = built.loaded
    print(
        f"{len(loaded.rollouts)} rollouts from {len(loaded.logs_read)} logs "
        f"({len(loaded.skipped)} skipped) -> {built.markdown}"
    )
    for skipped in loaded.skipped:
        print(f"  skipped {skipped.path}: {skipped.reason}")
    if site and not loaded.rollouts.empty:
        written = build_site(out, log_dir, loaded.logs_read, title, banner)
        print(f"site -> {written.index}; view it with {SERVE_COMMAND.format(out=out)}")
    return 0 if not loaded.rollouts.empty else 1


@click.command(
    "report", short_help="write a Markdown report with figures and CSV tables from Inspect logs"
)
@click.argument("log_dir", metavar="LOG_DIR")
@click.option("--out", default=DEFAULT_OUT, show_default=True, help="output directory")
@click.option("--title", default=DEFAULT_TITLE, help="the report's title")
@click.option("--banner", default=None, help="a bold line under the title, e.g. MOCK DATA")
@click.option(
    "--site", is_flag=True, help="also write index.html and viewer/: a static site to publish"
)
def report(log_dir: str, out: str, title: str, banner: str | None, site: bool) -> int:
    """Write report.md, PNG figures and a CSV per table from the logs under LOG_DIR.

    Reads every finished distress log under LOG_DIR (recursively; unfinished or corrupt logs
    are listed and skipped). LOG_DIR is a directory of Inspect logs, or one log.
    """
    return run_report(log_dir, out, title, banner, site)
