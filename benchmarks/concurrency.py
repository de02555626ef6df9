"""How close does a paper-shaped run get to the fastest it could go, and to a plain peer?

Runs the real suite (the tasks in ``tasks/``, the rejection loop with early judging, the distress
judge) with latency-simulating models as target and ``grader``, each with its own connection
pool, and, in the same process on the same latency draws, a plain Inspect implementation of the
same protocol (``plain_protocol.py``: a generate/reject solver and a scorer that judges every
reply after the conversation). Both are compared with a lower bound on the wall time: the larger
of

- the longest dependent chain: per conversation, its target latencies in sequence plus its
  slowest judge call; the maximum over conversations;
- for target and for judge: total call time divided by that model's connections.

The last three lines printed are, in this order, ``efficiency-plain <bound / plain wall>``,
``efficiency-zero-overhead <bound / makespan>`` (our design's schedule replayed through
``schedule_sim.py``'s ideal queues, zero overhead) and ``efficiency <bound / our wall>``.

    python benchmarks/concurrency.py --quick      # 200 conversations x 3 turns
    python benchmarks/concurrency.py              # the paper's 4,000 conversations
"""

from __future__ import annotations

import argparse
import gc
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_ai import Task, eval
from inspect_ai.model import GenerateConfig, get_model
from plain_protocol import plain_task
from schedule_sim import simulate
from workload import Group, chosen_groups, lower_bound, parse_args, samples_limit, write_prompts

from distress_evals.providers import latency_model as lm
from distress_evals.scale.gc_tuning import GcPauses, record_gc_pauses, tune_gc_for_long_run
from distress_evals.tasks.numeric_neutral import numeric_neutral

WARM_UP_LATENCY = 0.01
OURS, PLAIN = "ours", "plain"


@dataclass(frozen=True)
class Measured:
    """One design's timed run: wall and CPU seconds, both models' APIs, the collector's pauses."""

    wall: float
    cpu: float
    target: Any
    grader: Any
    gc_pauses: GcPauses
    started: float
    """``time.monotonic()`` when ``eval()`` was called, the clock the call records use."""

    def edges(self) -> tuple[float, float]:
        """Seconds from ``eval()`` to the first call, and from the last call to its return."""
        calls = [*self.target.calls, *self.grader.calls]
        first = min(c.started for c in calls) - self.started
        return first, self.started + self.wall - max(c.finished for c in calls)


def suite_tasks(groups: Sequence[Group], directory: Path) -> list[Task]:
    """The real tasks, fed the generated prompts."""
    return [
        g.task(turns=g.turns, prompts_file=str(write_prompts(g, directory)), **g.task_args)
        for g in groups
    ]


def plain_tasks(groups: Sequence[Group], directory: Path) -> list[Task]:
    """The plain peers of the real tasks: the same samples, a plain loop and judge."""
    real = suite_tasks(groups, directory)
    return [plain_task(t, g.turns, f"plain_{g.name}") for g, t in zip(groups, real, strict=True)]


BUILDERS: dict[str, Callable[[Sequence[Group], Path], list[Task]]] = {
    OURS: suite_tasks,
    PLAIN: plain_tasks,
}


def warm_up() -> float:
    """Run one tiny conversation in each design, untimed; returns the wall time.

    The first ``eval()`` in a process pays one-time imports (Inspect imports the Anthropic SDK
    inside the first sample, ~2.5 s here), which would otherwise be counted as concurrency loss.
    """
    models = [
        get_model(f"{api}/warm-up", memoize=False, mean_latency=WARM_UP_LATENCY, latency_sigma=0)
        for api in (lm.TARGET_API, lm.GRADER_API)
    ]
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        for build in BUILDERS.values():
            eval(
                build([Group("warm-up", 1, 1, numeric_neutral, {})], Path(tmp)),
                model=models[0],
                model_roles={"grader": models[1]},
                display="none",
                log_dir=str(Path(tmp) / "logs"),
                score_display=False,
            )
    return time.monotonic() - started


def run(design: str, groups: Sequence[Group], args: argparse.Namespace) -> Measured:
    """Run the workload once in one design, with fresh models (fresh pools and call records)."""
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
        tasks = BUILDERS[design](groups, Path(tmp))
        options: dict[str, Any] = {
            "max_connections": args.connections,
            "max_samples": samples_limit(args, len(tasks)),
            "display": "none",
            "log_dir": str(Path(tmp) / "logs"),
            "log_samples": not args.no_log_samples,
            "log_realtime": not args.no_log_realtime,
            "score_display": False,
        }
        # The other design's leftovers are collected before the clock starts, not during.
        gc.collect()
        started, cpu_started = time.monotonic(), time.process_time()
        with record_gc_pauses() as gc_pauses:
            logs = eval(
                tasks, model=target, model_roles={"grader": grader}, max_tasks=len(tasks), **options
            )
        wall, cpu = time.monotonic() - started, time.process_time() - cpu_started
    failed = [log.eval.task for log in logs if log.status != "success"]
    if failed:
        raise SystemExit(f"{design}: tasks did not succeed: {failed}")
    return Measured(wall, cpu, target.api, grader.api, gc_pauses, started)


def draws(api: Any) -> list[tuple[str, int, float]]:
    """Every call a model served: (conversation, reply, latency), sorted."""
    return sorted((c.conversation, c.reply, c.latency) for c in api.calls)


def check_calls(measured: dict[str, Measured], expected: int, args: argparse.Namespace) -> None:
    """Both designs made the expected calls, the same logical calls with the same latencies."""
    for design, m in measured.items():
        for name, api in (("target", m.target), ("judge", m.grader)):
            if len(api.calls) != expected:
                raise SystemExit(
                    f"{design} {name} made {len(api.calls)} calls, expected {expected}"
                )
            if design == OURS:
                busy = sum(c.latency for c in api.calls)
                print(
                    f"{name}: {len(api.calls)} calls (expected {expected}), "
                    f"{busy:.1f}s of calls, utilisation {busy / (args.connections * m.wall):.3f}"
                )
    ours, plain = measured[OURS], measured[PLAIN]
    for name, a, b in (("target", ours.target, plain.target), ("judge", ours.grader, plain.grader)):
        if draws(a) != draws(b):
            raise SystemExit(f"the two designs' {name} calls differ (conversation, reply, latency)")
    print(f"same calls: both designs made these {expected} + {expected} calls, same latencies")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv, __doc__.split("\n\n")[0])
    groups = chosen_groups(args)
    bounds = lower_bound(groups, args)
    bound = max(bounds.values())
    warm = warm_up()
    if not args.default_gc:
        # As `distress-evals paper-scale` does: see src/distress_evals/scale/gc_tuning.py.
        tune_gc_for_long_run()
    order = [PLAIN, OURS] if args.order == "plain-first" else [OURS, PLAIN]
    measured = {design: run(design, groups, args) for design in order}
    expected = sum(g.conversations * g.turns for g in groups)
    check_calls(measured, expected, args)
    streaming = simulate(groups, args, streaming=True)
    after = simulate(groups, args, streaming=False)

    conversations = sum(g.conversations for g in groups)
    print(f"machine: {platform.processor() or platform.machine()}, python {sys.version.split()[0]}")
    print(
        f"workload: {conversations} conversations, {expected} target + {expected} judge calls, "
        f"mean latency {args.mean_latency}s (sigma {args.sigma}), {args.connections} connections "
        f"per model, max_samples {samples_limit(args, len(groups))} per task"
    )
    print(
        f"bound: {bound:.2f}s (chain {bounds['chain']:.2f}s, "
        f"target work {bounds['target_work']:.2f}s, judge work {bounds['judge_work']:.2f}s)"
    )
    print(
        f"zero-overhead makespan: {streaming:.2f}s judging each reply as written (ours), "
        f"{after:.2f}s judging after the conversation (plain; ceiling {bound / after:.3f})"
    )
    print(f"warm-up (untimed, one-time imports, both designs): {warm:.2f}s")
    gc_setting = (
        "Python's defaults" if args.default_gc else "tuned (src/distress_evals/scale/gc_tuning.py)"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"timed runs, in this order: {', '.join(order)}; collector for both: {gc_setting}")
    for design in (PLAIN, OURS):
        m = measured[design]
        label = "" if design == OURS else f" ({design})"
        setting = f" {gc_setting}:" if design == OURS else ""
        rss = f"; peak RSS {peak_mb:.0f} MB (process)" if design == OURS else ""
        print(f"gc{label}:{setting} {m.gc_pauses.summary()}{rss}")
        per_call = 1000 * m.cpu / (2 * expected)
        print(f"cpu{label}: {m.cpu:.2f}s in-process, {per_call:.2f} ms per model call")
        first, last = m.edges()
        print(
            f"wall{label}: {m.wall:.2f}s (first call {first:.2f}s after eval() began, "
            f"eval() returned {last:.2f}s after the last call)"
        )
    print(f"efficiency-plain {bound / measured[PLAIN].wall:.3f}")
    print(f"efficiency-zero-overhead {bound / streaming:.3f}")
    print(f"efficiency {bound / measured[OURS].wall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
