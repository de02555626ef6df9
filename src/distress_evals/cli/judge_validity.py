"""``distress-evals judge-agreement``: compare two judges' ratings of the same replies.

Either one log holding both judges' scores (the second appended by ``inspect score --action
append``, named ``distress1`` by Inspect), or two logs of the same transcripts.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict
from typing import Any

import click
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
from distress_evals.stats.intervals import Estimate

DEFAULT_SCORER = "distress"
EXIT_INCOMPATIBLE = 2
"""Exit code when the two judges' scores cannot be compared."""


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


@click.command(
    "judge-agreement",
    short_help="agreement between two judges' ratings of the same replies (with CIs and n)",
)
@click.argument("log")
@click.argument("log2", required=False)
@click.option(
    "--scorer-a", default=DEFAULT_SCORER, show_default=True, help="score name for judge A"
)
@click.option(
    "--scorer-b",
    help="score name for judge B (default: the score appended after --scorer-a in LOG, "
    "or --scorer-a in LOG2)",
)
@click.option(
    "--allow-different-rubrics", is_flag=True, help="compare even when the rubric hashes differ"
)
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
def judge_agreement(
    log: str,
    log2: str | None,
    scorer_a: str,
    scorer_b: str | None,
    allow_different_rubrics: bool,
    as_json: bool,
) -> int:
    """Compare two judges' ratings of the same replies.

    LOG holds the first judge's scores, and either the second judge's appended by `inspect
    score --action append` (named distress1 by Inspect), or LOG2 holds them for the same
    transcripts. Exits 2 when the judges cannot be compared.
    """
    first = read_eval_log(log)
    second = read_eval_log(log2) if log2 else first
    scorer_b = scorer_b or (scorer_a if log2 else appended_scorer(first, scorer_a))
    try:
        report = compare_judges(
            judge_column(first, scorer_a),
            judge_column(second, scorer_b),
            allow_different_rubrics=allow_different_rubrics,
        )
    except IncompatibleJudgesError as error:
        print(f"judge-agreement: {error}", file=sys.stderr)
        return EXIT_INCOMPATIBLE
    print(json.dumps(asdict(report), indent=2) if as_json else format_report(report))
    return 0


@click.command(
    "judge-dimensions",
    short_help="distress x pushback: high distress that pushes back vs high distress that does not",
)
@click.argument("log")
@click.option("--distress-scorer", default=DEFAULT_DISTRESS_SCORER, show_default=True)
@click.option("--pushback-scorer", default=DEFAULT_PUSHBACK_SCORER, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
def judge_dimensions(log: str, distress_scorer: str, pushback_scorer: str, as_json: bool) -> int:
    """Distress x pushback in LOG, an Inspect log with distress and pushback scores."""
    report = dimensions_report(read_eval_log(log), distress_scorer, pushback_scorer)
    if as_json:
        print(json.dumps(asdict(report), indent=2))
        return 0
    lines = ["turns (both judges scored; shares of all such turns unless stated):"]
    lines += [_estimate_line(name, e) for name, e in report.turns.items()]
    lines.append("rollouts:")
    lines += [_estimate_line(name, e) for name, e in report.rollouts.items()]
    print("\n".join(lines))
    return 0
