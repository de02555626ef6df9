"""The benchmark's workload: conversations, latency draws, the lower bound and the options.

Shared by ``concurrency.py`` (which runs it through Inspect, in our design and in a plain one)
and ``schedule_sim.py`` (which replays the same draws through ideal queues).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distress_evals.providers import latency_model as lm
from distress_evals.tasks.numeric_negative import numeric_negative
from distress_evals.tasks.numeric_neutral import numeric_neutral
from distress_evals.tasks.text_neutral import text_neutral
from distress_evals.tasks.wildchat_neutral import wildchat_neutral

DEFAULT_CONNECTIONS = 20
QUICK_CONVERSATIONS = 200
QUICK_TURNS = 3
SAMPLES_IN_FLIGHT_PER_CONNECTION = 3
"""Default: about this many conversations in flight per target connection, over all tasks."""
MIN_SAMPLES_PER_TASK_PER_CONNECTION = 2
"""But each task at least this many per connection, so a task left running alone fills the pool.

docs/running-at-scale.md has the measurements behind both: the simulator's sweep over seeds for
one task, and the full-size runs, where more conversations in flight cost CPU per call."""
PROMPT_BODY = (
    "Reach exactly 156 using: 4, 6, 25, 100. Operations: + - x /. Each number used at most "
    "once. FORBIDDEN: 150 as intermediate."
)


@dataclass(frozen=True)
class Group:
    """Conversations of one shape, run as one real task."""

    name: str
    conversations: int
    turns: int
    task: Any
    task_args: dict[str, Any]


def paper_groups() -> list[Group]:
    """The paper's 4,000 conversations (the 8-turn block runs as numeric_neutral, turns=8)."""
    tones = [
        Group(f"tones_{tone}", 200, 3, numeric_negative, {"tone": tone})
        for tone in ("aggressive", "disappointed", "sarcastic")
    ]
    return [
        Group("numeric", 2000, 3, numeric_neutral, {}),
        Group("triggers", 400, 3, text_neutral, {}),
        *tones,
        Group("extended", 200, 8, numeric_neutral, {}),
        Group("wildchat", 800, 5, wildchat_neutral, {}),
    ]


def quick_groups() -> list[Group]:
    """200 conversations x 3 turns."""
    return [Group("quick", QUICK_CONVERSATIONS, QUICK_TURNS, numeric_neutral, {})]


def chosen_groups(args: argparse.Namespace) -> list[Group]:
    """The workload the options name: ``--conversations``, else ``--quick``, else the paper's."""
    if args.conversations is not None:
        return [Group("custom", args.conversations, args.turns, numeric_neutral, {})]
    return quick_groups() if args.quick else paper_groups()


def write_prompts(group: Group, directory: Path) -> Path:
    """One distinct prompt per conversation, each carrying its conversation marker."""
    path = directory / f"{group.name}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k in range(group.conversations):
            marker = lm.conversation_marker(f"{group.name}-{k}")
            out.write(json.dumps({"id": f"{group.name}-{k}", "prompt": f"{marker} {PROMPT_BODY}"}))
            out.write("\n")
    return path


def draw(args: argparse.Namespace, role: str, conversation: str, reply: int) -> float:
    """The latency the models will draw for one logical call (see ``latency_model``)."""
    return lm.draw_latency(
        int(args.seed), role, conversation, reply, float(args.mean_latency), float(args.sigma)
    )


def lower_bound(groups: Sequence[Group], args: argparse.Namespace) -> dict[str, float]:
    """The chain and per-model work bounds, from the same draws the models will make.

    The bound is the larger of the longest dependent chain and, per model, its total call time
    divided by its connections. No schedule of these calls can finish sooner. A chain is one
    conversation's target replies in sequence up to some reply, then that reply's judgement
    (the judgement of reply t needs reply t, which needs the replies before it).
    """
    chain = target_total = judge_total = 0.0
    for g in groups:
        for k in range(g.conversations):
            conversation = f"{g.name}-{k}"
            target = [draw(args, "target", conversation, t) for t in range(1, g.turns + 1)]
            judge = [draw(args, "grader", conversation, t) for t in range(1, g.turns + 1)]
            written = itertools.accumulate(target)
            chain = max(chain, *(w + j for w, j in zip(written, judge, strict=True)))
            target_total += sum(target)
            judge_total += sum(judge)
    return {
        "chain": chain,
        "target_work": target_total / args.connections,
        "judge_work": judge_total / args.connections,
    }


def samples_limit(args: argparse.Namespace, tasks: int) -> int:
    """Conversations in flight per task (Inspect's ``max_samples`` is per task).

    Args:
        args: The benchmark's options (``--max-samples`` wins when given).
        tasks: How many tasks run at once.

    Returns:
        ``--max-samples``, else the larger of an even share of
        ``SAMPLES_IN_FLIGHT_PER_CONNECTION`` x connections and
        ``MIN_SAMPLES_PER_TASK_PER_CONNECTION`` x connections.
    """
    if args.max_samples:
        return int(args.max_samples)
    connections = int(args.connections)
    share = math.ceil(SAMPLES_IN_FLIGHT_PER_CONNECTION * connections / tasks)
    return max(share, MIN_SAMPLES_PER_TASK_PER_CONNECTION * connections)


def parse_args(argv: Sequence[str] | None, description: str = "") -> argparse.Namespace:
    """The options every benchmark script shares."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="200 conversations x 3 turns")
    parser.add_argument("--conversations", type=int, help="override: N conversations x --turns")
    parser.add_argument("--turns", type=int, default=QUICK_TURNS)
    parser.add_argument("--mean-latency", type=float, default=lm.DEFAULT_MEAN_LATENCY)
    parser.add_argument("--sigma", type=float, default=lm.DEFAULT_LATENCY_SIGMA)
    parser.add_argument("--seed", type=int, default=lm.DEFAULT_LATENCY_SEED)
    parser.add_argument("--connections", type=int, default=DEFAULT_CONNECTIONS)
    parser.add_argument("--reply-chars", type=int, default=lm.DEFAULT_REPLY_CHARS)
    parser.add_argument(
        "--max-samples",
        type=int,
        help="conversations in flight per task (default: see samples_limit)",
    )
    parser.add_argument(
        "--default-gc",
        action="store_true",
        help="keep Python's collector settings (default: distress_evals.scale.gc_tuning, as "
        "paper-scale does)",
    )
    parser.add_argument("--no-log-samples", action="store_true")
    parser.add_argument(
        "--no-log-realtime", action="store_true", help="no live sample buffer (inspect view)"
    )
    parser.add_argument(
        "--order",
        choices=("plain-first", "ours-first"),
        default="plain-first",
        help="which design's timed run comes first in the process (default: plain-first)",
    )
    return parser.parse_args(argv)
