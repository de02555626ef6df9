"""The efficiency ceiling with zero per-call overhead: a discrete-event model of the run.

Simulates the same workload and latency draws as ``concurrency.py`` (from ``workload.py``) with
two FIFO connection pools and, as in Inspect, up to ``max_samples`` conversations in flight per
task (every task runs at once, as in the benchmark), for two judging designs:

- ``after``: judge every reply once the conversation ends (``-T early_judging=false``);
- ``streaming``: judge each reply as soon as it is written, while the conversation goes on
  (the tasks' default).

    python benchmarks/schedule_sim.py --quick --max-samples 60
"""

from __future__ import annotations

import argparse
import heapq
import sys
from collections import deque
from collections.abc import Sequence

from workload import Group, chosen_groups, draw, lower_bound, parse_args, samples_limit


def simulate(groups: Sequence[Group], args: argparse.Namespace, streaming: bool) -> float:
    """Makespan of the workload under FIFO pools and a sample limit (no overhead at all)."""
    # Inspect's max_samples limits each task separately: a finished conversation frees a slot
    # for the next conversation of its own task.
    pending = {
        g.name: deque((f"{g.name}-{k}", g.turns) for k in range(g.conversations)) for g in groups
    }
    task_of = {conv: name for name, queue in pending.items() for conv, _ in queue}
    queues: dict[str, deque[tuple[str, int, int]]] = {"target": deque(), "grader": deque()}
    free = {"target": args.connections, "grader": args.connections}
    judges_left: dict[str, int] = {}
    events: list[tuple[float, int, str, str, int, int]] = []
    counter = 0
    now = 0.0

    def submit(role: str, conv: str, reply: int, turns: int) -> None:
        queues[role].append((conv, reply, turns))

    def start(conv: str, turns: int) -> None:
        judges_left[conv] = turns
        submit("target", conv, 1, turns)

    def dispatch() -> None:
        nonlocal counter
        for role in ("target", "grader"):
            while free[role] and queues[role]:
                conv, reply, turns = queues[role].popleft()
                free[role] -= 1
                counter += 1
                done = now + draw(args, role, conv, reply)
                heapq.heappush(events, (done, counter, role, conv, reply, turns))

    limit = samples_limit(args, len(groups))
    for queue in pending.values():
        for _ in range(min(limit, len(queue))):
            start(*queue.popleft())
    dispatch()
    while events:
        now, _, role, conv, reply, turns = heapq.heappop(events)
        free[role] += 1
        if role == "target":
            if streaming:
                submit("grader", conv, reply, turns)
            if reply < turns:
                submit("target", conv, reply + 1, turns)
            elif not streaming:
                for r in range(1, turns + 1):
                    submit("grader", conv, r, turns)
        else:
            judges_left[conv] -= 1
            queue = pending[task_of[conv]]
            if judges_left[conv] == 0 and queue:
                start(*queue.popleft())
        dispatch()
    return now


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv, __doc__.split("\n\n")[0])
    groups = chosen_groups(args)
    bound = max(lower_bound(groups, args).values())
    for design in ("after", "streaming"):
        makespan = simulate(groups, args, streaming=design == "streaming")
        print(f"{design:>9}: makespan {makespan:.2f}s, ceiling efficiency {bound / makespan:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
