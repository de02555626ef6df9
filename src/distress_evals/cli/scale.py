"""``distress-evals paper-scale``: estimate, run or resume the paper's 4,000 conversations.

``--dry-run`` prints calls and tokens and spends nothing; ``--model M --log-dir D`` runs the
eval-set (re-run the same command to resume); ``--print-commands`` prints the equivalent
``inspect eval-set`` commands. See docs/running-at-scale.md.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

import yaml  # type: ignore[import-untyped]  # no stubs in the dev env (types-PyYAML)
from inspect_ai import eval_set
from inspect_ai.model import GenerateConfig, Model, get_model

from distress_evals.judge.model import DEFAULT_JUDGE_MODEL
from distress_evals.scale.estimate import (
    DEFAULT_JUDGE_OUTPUT_TOKENS,
    DEFAULT_REPLY_TOKENS,
    Estimate,
    estimate_run,
    judge_prompt_fixed_tokens,
    judge_prompt_tokens,
)
from distress_evals.scale.gc_tuning import restore_gc, tune_gc_for_long_run
from distress_evals.scale.paper_scale import (
    PAPER_SCALE_RUNS,
    build_task,
    cli_commands,
    split_available,
    with_overrides,
)
from distress_evals.scale.prompt_caching import rubric_caching

DEFAULT_MAX_TASKS = 5
"""Every condition at once, so the connection pools stay full while one condition drains."""
DEFAULT_RETRY_ATTEMPTS = 10
PLACEHOLDER_MODEL = "<model>"
PLACEHOLDER_LOG_DIR = "<log-dir>"


def parse_grader(value: str | None) -> tuple[dict[str, Any] | None, str]:
    """Read ``--grader``: a model name, or inline YAML as Inspect's ``--model-role`` takes.

    Args:
        value: e.g. ``anthropic/claude-sonnet-4-20250514`` or
            ``{model: anthropic/claude-sonnet-4-20250514, batch: true}``.

    Returns:
        ``(spec with a "model" key and generate-config keys, or None for the scorer's default;
        the judge's model name)``. No model is created, so a dry run needs no API key.
    """
    if value is None:
        return None, DEFAULT_JUDGE_MODEL
    parsed = yaml.safe_load(value) if value.lstrip().startswith("{") else {"model": value}
    if not isinstance(parsed, dict) or not isinstance(parsed.get("model"), str):
        raise ValueError(f"--grader must be a model name or YAML with a 'model' key: {value!r}")
    return dict(parsed), str(parsed["model"])


def parse_model_args(items: list[str]) -> dict[str, Any]:
    """``-M key=value`` pairs as model arguments (values read as YAML: numbers, booleans).

    Args:
        items: The pairs, e.g. ``["tensor_parallel_size=4", "max_model_len=8192"]``.

    Returns:
        The model arguments.
    """
    parsed: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"-M expects key=value, got {item!r}")
        parsed[key] = yaml.safe_load(value)
    return parsed


def grader_model(spec: dict[str, Any]) -> Model:
    """The judge model a ``parse_grader`` spec describes (the rest of the keys are config)."""
    config = {k: v for k, v in spec.items() if k != "model"}
    return get_model(str(spec["model"]), config=GenerateConfig(**config), memoize=False)


def print_estimate(
    estimates: list[Estimate], judge_name: str, reply_tokens: int, judge_output_tokens: int
) -> None:
    """Print the dry-run table, totals, the judge's prompt size and the caching verdict."""
    header = f"{'condition':<18}{'conv':>7}{'target calls':>14}{'judge calls':>13}"
    print(header + f"{'target in':>14}{'target out':>13}{'judge in':>13}{'judge out':>11}")
    total = estimates[0]
    for extra in estimates[1:]:
        total = total + extra
    for e in [*estimates, total]:
        flag = "" if e.measured else "  (prompt lengths assumed: dataset not buildable here)"
        print(
            f"{e.condition:<18}{e.conversations:>7,}{e.target_calls:>14,}{e.judge_calls:>13,}"
            f"{e.target_input_tokens:>14,}{e.target_output_tokens:>13,}"
            f"{e.judge_input_tokens:>13,}{e.judge_output_tokens:>11,}{flag}"
        )
    rubric = judge_prompt_fixed_tokens()
    print(
        f"\nAssumed: {reply_tokens} tokens per reply (--reply-tokens; the paper's cap is 2048), "
        f"{judge_output_tokens} per verdict (--judge-output-tokens); tokens = chars / 4."
    )
    print(
        f"Judge prompt: the authors' prompt ~{rubric} tokens + the reply, one user message, "
        f"~{judge_prompt_tokens(reply_tokens)} tokens per call."
    )
    verdict = rubric_caching(judge_name, rubric)
    state = {True: "applies", False: "does not apply", None: "unknown"}[verdict.applies]
    print(f"Prompt caching of the rubric on {judge_name}: {state} ({verdict.reason}).")


def handle(args: argparse.Namespace) -> int:
    """Run the ``paper-scale`` command."""
    available, missing = split_available(PAPER_SCALE_RUNS)
    for run in missing:
        print(
            f"skipping {run.condition}: tasks/{run.condition}.py is not installed yet "
            f"({run.conversations} conversations left out)",
            file=sys.stderr,
        )
    runs = with_overrides(available, seed=args.seed, wildchat_prompts=args.wildchat_prompts)
    binding, judge_name = parse_grader(args.grader)
    if args.dry_run:
        estimates = [estimate_run(r, args.reply_tokens, args.judge_output_tokens) for r in runs]
        print_estimate(estimates, judge_name, args.reply_tokens, args.judge_output_tokens)
    model_args = parse_model_args(args.model_arg)
    if args.dry_run or args.print_commands:
        extra = [f"-M {shlex.quote(item)}" for item in args.model_arg]
        if args.max_connections:
            extra.append(f"--max-connections {args.max_connections}")
        print("\nEquivalent inspect eval-set commands (one per condition, shared log dir):")
        for command in cli_commands(
            runs,
            args.model or PLACEHOLDER_MODEL,
            args.log_dir or PLACEHOLDER_LOG_DIR,
            args.grader,
            extra,
        ):
            print(command)
        return 0
    if args.model is None or args.log_dir is None:
        print("--model and --log-dir are required to run (or use --dry-run)", file=sys.stderr)
        return 2
    tasks = [build_task(run) for run in runs]
    grader = None if binding is None else {"grader": grader_model(binding)}
    # Tens of thousands of calls on one event loop: see runs/gc_tuning.py.
    previous_gc = None if args.default_gc else tune_gc_for_long_run()
    try:
        success, _ = eval_set(
            tasks,
            log_dir=args.log_dir,
            model=args.model,
            model_args=model_args,
            model_roles=grader,
            max_tasks=args.max_tasks,
            max_connections=args.max_connections,
            max_samples=args.max_samples,
            retry_attempts=args.retry_attempts,
            log_realtime=not args.no_log_realtime,
        )
    finally:
        if previous_gc is not None:
            restore_gc(previous_gc)
    return 0 if success else 1


def register(subparsers: Any) -> None:
    """Add the ``paper-scale`` subcommand."""
    parser = subparsers.add_parser(
        "paper-scale",
        help="estimate, run or resume the paper's 4,000 conversations per model (eval-set)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--model", help="the evaluated model, e.g. vllm/google/gemma-3-27b-it")
    parser.add_argument(
        "--grader",
        help="the judge: a model name or inline YAML, e.g. "
        "'{model: anthropic/claude-sonnet-4-20250514, batch: true}' (default: the paper's)",
    )
    parser.add_argument(
        "-M",
        "--model-arg",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="model argument, e.g. -M tensor_parallel_size=4 (vllm/: server flags)",
    )
    parser.add_argument("--log-dir", help="eval-set log directory; re-run with it to resume")
    parser.add_argument(
        "--dry-run", action="store_true", help="print calls and tokens, run nothing"
    )
    parser.add_argument("--print-commands", action="store_true", help="print inspect eval-set form")
    parser.add_argument("--wildchat-prompts", help="JSONL prompts for WildChat (offline machines)")
    parser.add_argument("--seed", type=int, help="rejection-draw seed for every task")
    parser.add_argument("--reply-tokens", type=int, default=DEFAULT_REPLY_TOKENS)
    parser.add_argument("--judge-output-tokens", type=int, default=DEFAULT_JUDGE_OUTPUT_TOKENS)
    parser.add_argument("--max-connections", type=int, help="per model (default: adaptive)")
    parser.add_argument("--max-samples", type=int, help="samples in flight per task")
    parser.add_argument(
        "--no-log-realtime",
        action="store_true",
        help="skip the live sample buffer (inspect view while running); ~40%% less CPU per call",
    )
    parser.add_argument(
        "--default-gc",
        action="store_true",
        help="keep Python's garbage-collector settings (default: tuned for long runs, "
        "see runs/gc_tuning.py)",
    )
    parser.add_argument("--max-tasks", type=int, default=DEFAULT_MAX_TASKS)
    parser.add_argument("--retry-attempts", type=int, default=DEFAULT_RETRY_ATTEMPTS)
    parser.set_defaults(handler=handle)
