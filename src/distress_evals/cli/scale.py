"""``distress-evals paper-scale``: estimate, run or resume the paper's 4,000 conversations.

``--dry-run`` prints calls, tokens and dollars and spends nothing; ``--model M [--model M2 ...]
--log-dir D`` runs the eval-set for every model (re-run the same command to resume);
``--print-commands`` prints the equivalent ``inspect eval-set`` commands. See
docs/running-at-scale.md.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from typing import Any

import click
from inspect_ai import eval_set
from inspect_ai._util.error import PrerequisiteError
from inspect_ai.model import Model

# Registers latency-target/ and latency-grader/: a run can be rehearsed on simulated latencies.
import distress_evals.providers.latency_model  # noqa: F401
from distress_evals.conditions.preflight import require_roles, role_error_message
from distress_evals.errors import TaskInputError
from distress_evals.logs.schema import JUDGE_ROLE
from distress_evals.scale.completion import incomplete_lines, run_progress
from distress_evals.scale.dry_run import cost_lines, estimate_lines, estimate_runs
from distress_evals.scale.estimate import DEFAULT_JUDGE_OUTPUT_TOKENS, DEFAULT_REPLY_TOKENS
from distress_evals.scale.gc_tuning import restore_gc, tune_gc_for_long_run
from distress_evals.scale.models import (
    grader_model,
    parse_grader,
    parse_model_args,
    split_models,
)
from distress_evals.scale.paper_scale import (
    PAPER_SCALE_RUNS,
    PaperRun,
    build_task,
    cli_commands,
    split_available,
    with_overrides,
)
from distress_evals.scale.prices import load_prices

DEFAULT_RETRY_ATTEMPTS = 10
PLACEHOLDER_MODEL = "<model>"
PLACEHOLDER_LOG_DIR = "<log-dir>"
PROG_NAME = "distress-evals"
EXIT_INCOMPLETE = 1
"""Some task has no successful log (after the retries)."""
EXIT_CANNOT_START = 1
"""The judge cannot start (a missing key or package): nothing was run."""
GRADER_OPTION = "--grader"
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C): 128 + SIGINT, as a shell reports it."""


def _runs(seed: int | None, wildchat_prompts: str | None, epochs: int | None) -> list[PaperRun]:
    available, missing = split_available(PAPER_SCALE_RUNS)
    for run in missing:
        print(
            f"skipping {run.condition}: tasks/{run.condition}.py is not installed yet "
            f"({run.conversations} conversations left out)",
            file=sys.stderr,
        )
    return with_overrides(available, seed=seed, wildchat_prompts=wildchat_prompts, epochs=epochs)


def resume_command() -> str:
    """The command line that was run, which is also the one that resumes it."""
    context = click.get_current_context(silent=True)
    obj = context.find_root().obj if context is not None else None
    argv = (obj or {}).get("argv", sys.argv[1:])
    return shlex.join([PROG_NAME, *argv])


def judge_binding(binding: dict[str, Any] | None) -> dict[str, Model] | None:
    """The eval-set's judge binding, its model created now so a missing key stops the run here.

    The tasks are built here, outside an eval, so their own check of the judge (which runs
    while Inspect builds a task for a run) does not; without this, a missing key would fail
    every sample of every task after the evaluated models had been called.

    Args:
        binding: ``--grader`` as parsed, or None for the scorer's default judge.

    Returns:
        The ``model_roles`` to pass, or None to leave the default.

    Raises:
        TaskInputError: The judge cannot start, with the key to set or ``--grader`` to use.
    """
    if binding is None:
        require_roles([JUDGE_ROLE], GRADER_OPTION)
        return None
    try:
        return {JUDGE_ROLE: grader_model(binding)}
    except PrerequisiteError as error:
        raise TaskInputError(role_error_message(JUDGE_ROLE, error, GRADER_OPTION)) from error


def run_set(
    runs: Sequence[PaperRun],
    models: Sequence[str],
    log_dir: str,
    grader: str | None,
    model_args: dict[str, object],
    max_tasks: int | None,
    max_connections: int | None,
    max_samples: int | None,
    retry_attempts: int,
    log_realtime: bool,
    default_gc: bool,
) -> int:
    """Run (or resume) the eval-set, then check every log and say what is left to do.

    Args:
        runs: The conditions.
        models: The evaluated models (each gets its own connection pool).
        log_dir: The eval-set's log directory.
        grader: ``--grader`` as given, or None for the scorer's default judge.
        model_args: ``-M`` arguments for every evaluated model.
        max_tasks: Tasks in parallel (None: every condition of every model).
        max_connections: Connections per model (None: Inspect's adaptive default).
        max_samples: Samples in flight per task.
        retry_attempts: eval-set retries of failed tasks.
        log_realtime: Keep the live sample buffer (``inspect view`` while running).
        default_gc: Keep Python's garbage-collector settings.

    Returns:
        0 when every task has a successful log, 1 when some do not or the judge cannot
        start (then nothing runs), 130 after Ctrl-C.
    """
    binding, _ = parse_grader(grader)
    try:
        roles = judge_binding(binding)
    except TaskInputError as error:
        print(f"paper-scale: {error}", file=sys.stderr, flush=True)
        return EXIT_CANNOT_START
    tasks = [build_task(run) for run in runs]
    # Tens of thousands of calls on one event loop: see scale/gc_tuning.py.
    previous_gc = None if default_gc else tune_gc_for_long_run()
    interrupted = False
    try:
        eval_set(
            tasks,
            log_dir=log_dir,
            model=list(models),
            model_args=model_args,
            model_roles=roles,
            max_tasks=max_tasks or len(tasks) * len(models),
            max_connections=max_connections,
            max_samples=max_samples,
            retry_attempts=retry_attempts,
            log_realtime=log_realtime,
        )
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if previous_gc is not None:
            restore_gc(previous_gc)
    progress = run_progress(log_dir, runs, models)
    # eval-set may swallow the interrupt and report success; a cancelled log does not lie.
    interrupted = interrupted or any(p.status == "cancelled" for p in progress)
    lines = incomplete_lines(progress, log_dir, resume_command(), interrupted)
    if not lines:
        done = sum(p.total for p in progress)
        print(f"paper-scale: all {len(progress)} tasks complete in {log_dir} ({done:,} samples).")
        return 0
    print("\n".join(lines), file=sys.stderr, flush=True)
    return EXIT_INTERRUPTED if interrupted else EXIT_INCOMPLETE


@click.command(
    "paper-scale",
    short_help="estimate, run or resume the paper's 4,000 conversations per model (eval-set)",
)
@click.option(
    "--model",
    "model",
    multiple=True,
    help="an evaluated model, e.g. vllm/google/gemma-3-27b-it; repeat it (or separate with "
    "commas) for several models, each with its own connection pool",
)
@click.option(
    GRADER_OPTION,
    help="the judge: a model name or inline YAML, e.g. "
    "'{model: anthropic/claude-sonnet-4-20250514, batch: true}' (default: the paper's)",
)
@click.option(
    "-M",
    "--model-arg",
    multiple=True,
    metavar="KEY=VALUE",
    help="model argument for every evaluated model, e.g. -M tensor_parallel_size=4",
)
@click.option("--log-dir", help="eval-set log directory; re-run the same command to resume")
@click.option("--dry-run", is_flag=True, help="print calls, tokens and dollars; run nothing")
@click.option("--print-commands", is_flag=True, help="print the inspect eval-set form")
@click.option("--prices", help="YAML price table adding to or replacing the packaged one")
@click.option("--wildchat-prompts", help="JSONL prompts for WildChat (offline machines)")
@click.option("--seed", type=int, help="rejection-draw seed for every task")
@click.option(
    "--epochs", type=click.IntRange(min=1), help="every condition's epochs instead of the paper's"
)
@click.option("--reply-tokens", type=int, default=DEFAULT_REPLY_TOKENS, show_default=True)
@click.option(
    "--judge-output-tokens", type=int, default=DEFAULT_JUDGE_OUTPUT_TOKENS, show_default=True
)
@click.option("--max-connections", type=int, help="per model (default: adaptive)")
@click.option("--max-samples", type=int, help="samples in flight per task")
@click.option(
    "--no-log-realtime",
    is_flag=True,
    help="skip the live sample buffer (inspect view while running); ~40% less CPU per call",
)
@click.option(
    "--default-gc",
    is_flag=True,
    help="keep Python's garbage-collector settings (default: tuned for long runs, "
    "see scale/gc_tuning.py)",
)
@click.option(
    "--max-tasks", type=int, help="tasks in parallel (default: every condition of every model)"
)
@click.option("--retry-attempts", type=int, default=DEFAULT_RETRY_ATTEMPTS, show_default=True)
def paper_scale(
    model: tuple[str, ...],
    grader: str | None,
    model_arg: tuple[str, ...],
    log_dir: str | None,
    dry_run: bool,
    print_commands: bool,
    prices: str | None,
    wildchat_prompts: str | None,
    seed: int | None,
    epochs: int | None,
    reply_tokens: int,
    judge_output_tokens: int,
    max_connections: int | None,
    max_samples: int | None,
    no_log_realtime: bool,
    default_gc: bool,
    max_tasks: int | None,
    retry_attempts: int,
) -> int:
    """Estimate, run or resume the paper's 4,000 conversations for each model.

    --dry-run prints calls, tokens and dollars and spends nothing; --model M [--model M2 ...]
    --log-dir D runs the eval-set for every model (re-run the same command to resume; an
    interrupted run exits non-zero and names what is left); --print-commands prints the
    equivalent inspect eval-set commands. See docs/running-at-scale.md.
    """
    models = split_models(model)
    runs = _runs(seed, wildchat_prompts, epochs)
    binding, judge_name = parse_grader(grader)
    if dry_run:
        table = load_prices(prices)
        estimated = estimate_runs(runs, reply_tokens, judge_output_tokens)
        print("\n".join(estimate_lines(estimated, judge_name, reply_tokens, judge_output_tokens)))
        batch = bool((binding or {}).get("batch"))
        print("\n" + "\n".join(cost_lines(estimated.total, models, judge_name, table, batch)))
    if dry_run or print_commands:
        extra = [f"-M {shlex.quote(item)}" for item in model_arg]
        if max_connections:
            extra.append(f"--max-connections {max_connections}")
        print("\nEquivalent inspect eval-set commands (one per condition, shared log dir):")
        target = ",".join(models) or PLACEHOLDER_MODEL
        for command in cli_commands(runs, target, log_dir or PLACEHOLDER_LOG_DIR, grader, extra):
            print(command)
        return 0
    if not models or log_dir is None:
        print("--model and --log-dir are required to run (or use --dry-run)", file=sys.stderr)
        return EXIT_USAGE
    return run_set(
        runs,
        models,
        log_dir,
        grader,
        parse_model_args(model_arg),
        max_tasks,
        max_connections,
        max_samples,
        retry_attempts,
        not no_log_realtime,
        default_gc,
    )
