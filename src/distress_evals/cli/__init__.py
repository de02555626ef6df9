"""The ``distress-evals`` command line: each subcommand lives in its own module.

A command module exposes ``register(subparsers)``, which adds its parser and sets
``handler=<function(args) -> int>`` as a default; add the module to ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES: tuple[str, ...] = (
    "distress_evals.cli.scale",
    "distress_evals.cli.mitigation",
    "distress_evals.cli.report",
    "distress_evals.cli.demo",
    "distress_evals.cli.judge_validity",
)
"""Modules providing subcommands, imported only when the command line runs."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="distress-evals",
        description="Distress-under-rejection evaluations (Inspect AI): tools around the tasks.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        The process exit code.
    """
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
