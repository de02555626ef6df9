"""How close does a paper-shaped run get to the fastest it could possibly go?

Runs the real suite (the tasks in ``tasks/``, the rejection loop, the distress judge) with
latency-simulating models as target and ``grader``, each with its own connection pool, and
compares the wall time with a lower bound: the larger of

- the longest dependent chain: per conversation, its target latencies in sequence plus its
  slowest judge call (the judge calls of one conversation run concurrently); the maximum over
  conversations;
- for target and for judge: total call time divided by that model's connections.

The last line printed is ``efficiency <bound / wall>``.

    python benchmarks/concurrency.py --quick      # 200 conversations x 3 turns
    python benchmarks/concurrency.py              # the paper's 4,000 conversations
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_ai import Task, eval
from inspect_ai.model import GenerateConfig, get_model

from distress_evals.providers import latency_model as lm
from distress_evals.scale.gc_tuning import GcPauses, record_gc_pauses, tune_gc_for_long_run
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
WARM_UP_LATENCY = 0.01
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


def write_prompts(group: Group, directory: Path) -> Path:
    """One distinct prompt per conversation, each carrying its conversation marker."""
    path = directory / f"{group.name}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for k in range(group.conversations):
            marker = lm.conversation_marker(f"{group.name}-{k}")
            out.write(json.dumps({"id": f"{group.name}-{k}", "prompt": f"{marker} {PROMPT_BODY}"}))
            out.write("\n")
    return path


def build_tasks(groups: Sequence[Group], directory: Path) -> list[Task]:
    """The real tasks, fed the generated prompts."""
    return [
        g.task(turns=g.turns, prompts_file=str(write_prompts(g, directory)), **g.task_args)
        for g in groups
    ]


def lower_bound(groups: Sequence[Group], args: argparse.Namespace) -> dict[str, float]:
    """The chain and per-model work bounds, from the same draws the models will make."""

    def draw(role: str, conversation: str, reply: int) -> float:
        return lm.draw_latency(args.seed, role, conversation, reply, args.mean_latency, args.sigma)

    chain = target_total = judge_total = 0.0
    for g in groups:
        for k in range(g.conversations):
            conversation = f"{g.name}-{k}"
            target = [draw("target", conversation, t) for t in range(1, g.turns + 1)]
            judge = [draw("grader", conversation, t) for t in range(1, g.turns + 1)]
            chain = max(chain, sum(target) + max(judge))
            target_total += sum(target)
            judge_total += sum(judge)
    return {
        "chain": chain,
        "target_work": target_total / args.connections,
        "judge_work": judge_total / args.connections,
    }


def warm_up() -> float:
    """Run one tiny conversation untimed; returns its wall time.

    The first ``eval()`` in a process pays one-time imports (Inspect imports the Anthropic SDK
    inside the first sample, ~2.5 s here), which would otherwise be counted as concurrency loss.
    """
    models = [
        get_model(f"{api}/warm-up", memoize=False, mean_latency=WARM_UP_LATENCY, latency_sigma=0)
        for api in (lm.TARGET_API, lm.GRADER_API)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        tasks = build_tasks([Group("warm-up", 1, 1, numeric_neutral, {})], Path(tmp))
        eval(
            tasks,
            model=models[0],
            model_roles={"grader": models[1]},
            display="none",
            log_dir=str(Path(tmp) / "logs"),
            score_display=False,
        )
        return time.monotonic() - started


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
    share = math.ceil(SAMPLES_IN_FLIGHT_PER_CONNECTION * args.connections / tasks)
    return max(share, MIN_SAMPLES_PER_TASK_PER_CONNECTION * args.connections)


def run(groups: Sequence[Group], args: argparse.Namespace) -> tuple[float, Any, Any, GcPauses]:
    """Run the workload once: the wall time, both models' APIs (with their call records) and
    the garbage collector's pauses during the run."""
    model_args = {
        "mean_latency": args.mean_latency,
        "latency_sigma": args.sigma,
        "seed": args.seed,
        "reply_chars": args.reply_chars,
    }
    config = GenerateConfig(max_connections=args.connections)
    target = get_model(f"{lm.TARGET_API}/sim", config=config, memoize=False, **model_args)
    grader = get_model(f"{lm.GRADER_API}/sim", config=config, memoize=False, **model_args)
    with tempfile.TemporaryDirectory() as tmp:
        tasks = build_tasks(groups, Path(tmp))
        options: dict[str, Any] = {
            "max_connections": args.connections,
            "max_samples": samples_limit(args, len(tasks)),
            "display": "none",
            "log_dir": str(Path(tmp) / "logs"),
            "log_samples": not args.no_log_samples,
            "log_realtime": not args.no_log_realtime,
            "score_display": False,
        }
        started, cpu_started = time.monotonic(), time.process_time()
        with record_gc_pauses() as gc_pauses:
            logs = eval(
                tasks, model=target, model_roles={"grader": grader}, max_tasks=len(tasks), **options
            )
        wall = time.monotonic() - started
        args.cpu_seconds = time.process_time() - cpu_started
    failed = [log.eval.task for log in logs if log.status != "success"]
    if failed:
        raise SystemExit(f"tasks did not succeed: {failed}")
    return wall, target.api, grader.api, gc_pauses


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.conversations is not None:
        groups = [Group("custom", args.conversations, args.turns, numeric_neutral, {})]
    else:
        groups = quick_groups() if args.quick else paper_groups()
    bound = lower_bound(groups, args)
    warm = warm_up()
    if not args.default_gc:
        # As `distress-evals paper-scale` does: see src/distress_evals/scale/gc_tuning.py.
        tune_gc_for_long_run()
    wall, target, grader, gc_pauses = run(groups, args)

    expected = sum(g.conversations * g.turns for g in groups)
    for name, api in (("target", target), ("judge", grader)):
        busy = sum(c.latency for c in api.calls)
        print(
            f"{name}: {len(api.calls)} calls (expected {expected}), "
            f"{busy:.1f}s of calls, utilisation {busy / (args.connections * wall):.3f}"
        )
        if len(api.calls) != expected:
            raise SystemExit(f"{name} made {len(api.calls)} calls, expected {expected}")
    conversations = sum(g.conversations for g in groups)
    print(f"machine: {platform.processor() or platform.machine()}, python {sys.version.split()[0]}")
    print(
        f"workload: {conversations} conversations, {expected} target + {expected} judge calls, "
        f"mean latency {args.mean_latency}s (sigma {args.sigma}), {args.connections} connections "
        f"per model, max_samples {samples_limit(args, len(groups))} per task"
    )
    print(
        f"bound: {max(bound.values()):.2f}s (chain {bound['chain']:.2f}s, "
        f"target work {bound['target_work']:.2f}s, judge work {bound['judge_work']:.2f}s)"
    )
    print(f"warm-up (untimed, one-time imports): {warm:.2f}s")
    gc_setting = (
        "Python's defaults" if args.default_gc else "tuned (src/distress_evals/scale/gc_tuning.py)"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gc: {gc_setting}: {gc_pauses.summary()}; peak RSS {peak_mb:.0f} MB")
    cpu = args.cpu_seconds
    print(f"cpu: {cpu:.2f}s in-process, {1000 * cpu / (2 * expected):.2f} ms per model call")
    print(f"wall: {wall:.2f}s")
    print(f"efficiency {max(bound.values()) / wall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
