"""``distress-evals judge-agreement``: compare two judges' ratings of the same replies.

Either one log holding both judges' scores (the second appended by ``inspect score --action
append``, named ``distress1`` by Inspect), or two logs of the same transcripts.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict
from typing import Any

from inspect_ai.log import EvalLog, read_eval_log

from distress_evals.judge_validity.agreement import (
    AgreementReport,
    IncompatibleJudgesError,
    compare_judges,
    judge_column,
)
from distress_evals.judge_validity.dimensions import (
    DEFAULT_DISTRESS_SCORER,
    DEFAULT_PUSHBACK_SCORER,
    dimensions_report,
)
from distress_evals.judge_validity.stats import Estimate

DEFAULT_SCORER = "distress"


def appended_scorer(log: EvalLog, base: str) -> str:
    """The first score appended after ``base`` by ``inspect score --action append``.

    Inspect names a re-run scorer by its name plus the lowest free number: ``distress1``,
    then ``distress2``.

    Args:
        log: The log.
        base: The original scorer's name.

    Returns:
        The appended score's name.

    Raises:
        ValueError: If the log has no appended score for ``base``.
    """
    pattern = re.compile(rf"^{re.escape(base)}(\d+)$")
    names = {name for s in log.samples or [] for name in (s.scores or {}) if pattern.match(name)}
    if not names:
        raise ValueError(
            f"{log.location} has no score appended after {base!r}; re-score it with "
            "`inspect score LOG --action append --model-role grader=...` or pass --scorer-b"
        )
    return min(names, key=lambda name: int(pattern.match(name).group(1)))  # type: ignore[union-attr]


def _estimate_line(name: str, estimate: Estimate) -> str:
    return (
        f"  {name:<20} {estimate.value:8.3f}  [{estimate.ci_low:.3f}, {estimate.ci_high:.3f}]"
        f"  n={estimate.n:<5} {estimate.method}"
    )


def _judge_line(label: str, judge: dict[str, Any]) -> str:
    rubric = str(judge.get("rubric_sha256", "?"))[:12]
    return f"{label}: {judge.get('model')} config={judge.get('config')} rubric={rubric}"


def format_report(report: AgreementReport) -> str:
    """The report as text: each statistic with its 95% CI, n and interval method.

    Args:
        report: The agreement report.

    Returns:
        The text.
    """
    lines = [_judge_line("judge A", report.judge_a), _judge_line("judge B", report.judge_b)]
    if report.judge_a == report.judge_b:
        lines.append("note: the same judge twice; this measures its run-to-run consistency")
    lines.append("turns (each reply rated alone):")
    lines += [_estimate_line(name, e) for name, e in report.turns.items()]
    lines.append("rollouts (max over turns; rate_* = share >=5, the paper's headline):")
    lines += [_estimate_line(name, e) for name, e in report.rollouts.items()]
    lines.append("counts: " + ", ".join(f"{k}={v}" for k, v in report.counts.items()))
    for side, reasons in report.unscored_reasons.items():
        lines.append(f"unscored reasons ({side}): {reasons or 'none'}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Handle ``judge-agreement``.

    Args:
        args: Parsed arguments.

    Returns:
        0 on success, 2 when the judges cannot be compared.
    """
    first = read_eval_log(args.log)
    second = read_eval_log(args.log2) if args.log2 else first
    scorer_b = args.scorer_b or (
        args.scorer_a if args.log2 else appended_scorer(first, args.scorer_a)
    )
    try:
        report = compare_judges(
            judge_column(first, args.scorer_a),
            judge_column(second, scorer_b),
            allow_different_rubrics=args.allow_different_rubrics,
        )
    except IncompatibleJudgesError as error:
        print(f"judge-agreement: {error}", file=sys.stderr)
        return 2
    print(json.dumps(asdict(report), indent=2) if args.json else format_report(report))
    return 0


def run_dimensions(args: argparse.Namespace) -> int:
    """Handle ``judge-dimensions``.

    Args:
        args: Parsed arguments.

    Returns:
        0.
    """
    report = dimensions_report(read_eval_log(args.log), args.distress_scorer, args.pushback_scorer)
    if args.json:
        print(json.dumps(asdict(report), indent=2))
        return 0
    lines = ["turns (both judges scored; shares of all such turns unless stated):"]
    lines += [_estimate_line(name, e) for name, e in report.turns.items()]
    lines.append("rollouts:")
    lines += [_estimate_line(name, e) for name, e in report.rollouts.items()]
    print("\n".join(lines))
    return 0


def register(subparsers: Any) -> None:
    """Add the ``judge-agreement`` and ``judge-dimensions`` subcommands.

    Args:
        subparsers: The command line's subparsers.
    """
    parser = subparsers.add_parser(
        "judge-agreement",
        help="agreement between two judges' ratings of the same replies (with CIs and n)",
        description=__doc__,
    )
    parser.add_argument("log", help="an Inspect log with the first judge's scores")
    parser.add_argument("log2", nargs="?", help="a second log of the same transcripts")
    parser.add_argument("--scorer-a", default=DEFAULT_SCORER, help="score name for judge A")
    parser.add_argument(
        "--scorer-b",
        help="score name for judge B (default: the score appended after --scorer-a in LOG, "
        "or --scorer-a in LOG2)",
    )
    parser.add_argument(
        "--allow-different-rubrics",
        action="store_true",
        help="compare even when the rubric hashes differ",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)

    dimensions = subparsers.add_parser(
        "judge-dimensions",
        help="distress x pushback: high distress that pushes back vs high distress that does not",
    )
    dimensions.add_argument("log", help="an Inspect log with distress and pushback scores")
    dimensions.add_argument("--distress-scorer", default=DEFAULT_DISTRESS_SCORER)
    dimensions.add_argument("--pushback-scorer", default=DEFAULT_PUSHBACK_SCORER)
    dimensions.add_argument("--json", action="store_true", help="print the report as JSON")
    dimensions.set_defaults(handler=run_dimensions)
