"""The ``distress-evals`` command line (click, as Inspect's own ``inspect`` command).

Each subcommand is a click command in its own module; adding one is an import and an entry in
``COMMANDS`` below. Every command returns its exit code, which ``main`` hands back.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

# The modules, not their commands, are imported: `distress_evals.cli.demo` stays the module.
from distress_evals.cli import demo, judge_validity, mitigation, report, scale, serve

PROG_NAME = "distress-evals"
EXIT_ABORTED = 1
"""Exit code when click aborts (e.g. Ctrl-C outside a command that handles it)."""

COMMANDS: tuple[click.Command, ...] = (
    scale.paper_scale,
    mitigation.build_sft,
    mitigation.build_dpo,
    report.report,
    serve.serve,
    demo.demo,
    judge_validity.judge_agreement,
    judge_validity.judge_dimensions,
)


@click.group(name=PROG_NAME)
def distress_evals() -> None:
    """Distress-under-rejection evaluations (Inspect AI): tools around the tasks."""


for _command in COMMANDS:
    distress_evals.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        The process exit code: the command's own, 2 for a usage error, 0 after ``--help``.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        # standalone_mode=False: the command's return value comes back as the exit code, and
        # exceptions other than click's reach the caller (and the tests) unchanged.
        result = distress_evals.main(
            args, prog_name=PROG_NAME, standalone_mode=False, obj={"argv": args}
        )
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        click.echo("Aborted!", err=True)
        return EXIT_ABORTED
    # --help on the group returns 0 from click; a command returns its exit code.
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
