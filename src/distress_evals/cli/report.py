"""``distress-evals report LOG_DIR [--out DIR]``: the paper's figures and tables from any logs."""

from __future__ import annotations

import argparse
from typing import Any

from distress_evals.report.report import DEFAULT_OUT, DEFAULT_TITLE, build_report


def run_report(args: argparse.Namespace) -> int:
    """Build the report and say where it is.

    Args:
        args: Parsed arguments (``log_dir``, ``out``, ``title``, ``banner``).

    Returns:
        0 when at least one rollout was read, 1 otherwise.
    """
    report = build_report(args.log_dir, args.out, title=args.title, banner=args.banner)
    loaded = report.loaded
    print(
        f"{len(loaded.rollouts)} rollouts from {len(loaded.logs_read)} logs "
        f"({len(loaded.skipped)} skipped) -> {report.markdown}"
    )
    for skipped in loaded.skipped:
        print(f"  skipped {skipped.path}: {skipped.reason}")
    return 0 if not loaded.rollouts.empty else 1


def register(subparsers: Any) -> None:
    """Add the ``report`` subcommand.

    Args:
        subparsers: The dispatcher's subparsers.
    """
    parser = subparsers.add_parser(
        "report",
        help="write a Markdown report with figures and CSV tables from Inspect logs",
        description=(
            "Read every finished distress log under LOG_DIR (recursively; unfinished or corrupt "
            "logs are listed and skipped) and write report.md, PNG figures and a CSV per table."
        ),
    )
    parser.add_argument("log_dir", metavar="LOG_DIR", help="a directory of Inspect logs, or a log")
    parser.add_argument(
        "--out", default=DEFAULT_OUT, help=f"output directory (default: {DEFAULT_OUT})"
    )
    parser.add_argument("--title", default=DEFAULT_TITLE, help="the report's title")
    parser.add_argument(
        "--banner", default=None, help="a bold line under the title, e.g. MOCK DATA"
    )
    parser.set_defaults(handler=run_report)
