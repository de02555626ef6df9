"""What ``paper-scale --dry-run`` prints: calls, tokens, dollars, and the judge's caching.

Offline, the conditions that would need the Hugging Face Hub are not built (their prompt lengths
are assumed), and the report says so once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from distress_evals.scale.estimate import (
    ASSUMED_PROMPT_CHARS,
    Estimate,
    estimate_run,
    judge_prompt_fixed_tokens,
    judge_prompt_tokens,
)
from distress_evals.scale.offline import HubAccess, hub_access, needs_hub
from distress_evals.scale.paper_scale import PaperRun, run_labels
from distress_evals.scale.prices import PriceTable, dollars, price_note
from distress_evals.scale.prompt_caching import rubric_caching

ASSUMED_MARK = "*"
"""Marks a row whose prompt lengths are assumed rather than measured."""


@dataclass(frozen=True)
class DryRun:
    """The estimates of a run, and why some prompt lengths are assumed.

    Attributes:
        estimates: One per condition.
        assumed_because: Why prompt lengths are assumed where they are ("" if all measured).
    """

    estimates: list[Estimate]
    assumed_because: str

    @property
    def total(self) -> Estimate:
        """The conditions summed."""
        total = self.estimates[0]
        for extra in self.estimates[1:]:
            total = total + extra
        return total


def estimate_runs(
    runs: Sequence[PaperRun],
    reply_tokens: int,
    judge_output_tokens: int,
    check_hub: Callable[[], HubAccess] = hub_access,
) -> DryRun:
    """Estimate every condition, checking the Hub once (and only if a condition needs it).

    Args:
        runs: The conditions.
        reply_tokens: Assumed mean reply length.
        judge_output_tokens: Assumed judge verdict length.
        check_hub: How to check the Hub (tests pass a stand-in).

    Returns:
        The estimates.
    """
    online = [r for r in runs if needs_hub(r)]
    access = check_hub() if online else HubAccess(True)
    estimates = [
        replace(
            estimate_run(r, reply_tokens, judge_output_tokens, access.online or r not in online),
            condition=label,
        )
        for r, label in zip(runs, run_labels(runs), strict=True)
    ]
    assumed = [e.condition for e in estimates if not e.measured]
    if not assumed:
        return DryRun(estimates, "")
    reason = f"offline: {access.reason}" if not access.online else "the dataset did not build here"
    return DryRun(
        estimates,
        f"prompt lengths of {', '.join(assumed)} assumed ({ASSUMED_PROMPT_CHARS} characters "
        f"per prompt; {reason}); pass --wildchat-prompts FILE to measure them",
    )


def estimate_lines(
    dry_run: DryRun, judge_name: str, reply_tokens: int, judge_output_tokens: int
) -> list[str]:
    """The table of calls and tokens per condition, the assumptions and the caching verdict.

    Args:
        dry_run: The estimates.
        judge_name: The judge's model name.
        reply_tokens: Assumed mean reply length.
        judge_output_tokens: Assumed judge verdict length.

    Returns:
        Lines to print.
    """
    width = max(len(e.condition) for e in dry_run.estimates) + 2
    header = f"{'condition':<{width}}{'conv':>7}{'target calls':>14}{'judge calls':>13}"
    lines = [header + f"{'target in':>14}{'target out':>13}{'judge in':>13}{'judge out':>11}"]
    for e in [*dry_run.estimates, dry_run.total]:
        mark = "" if e.measured else f" {ASSUMED_MARK}"
        lines.append(
            f"{e.condition:<{width}}{e.conversations:>7,}{e.target_calls:>14,}{e.judge_calls:>13,}"
            f"{e.target_input_tokens:>14,}{e.target_output_tokens:>13,}"
            f"{e.judge_input_tokens:>13,}{e.judge_output_tokens:>11,}{mark}"
        )
    if dry_run.assumed_because:
        lines.append(f"{ASSUMED_MARK} {dry_run.assumed_because}.")
    rubric = judge_prompt_fixed_tokens()
    verdict = rubric_caching(judge_name, rubric)
    state = {True: "applies", False: "does not apply", None: "unknown"}[verdict.applies]
    return [
        *lines,
        "",
        f"Assumed: {reply_tokens} tokens per reply (--reply-tokens; the paper's cap is 2048), "
        f"{judge_output_tokens} per verdict (--judge-output-tokens); tokens = chars / 4.",
        f"Judge prompt: the authors' prompt ~{rubric} tokens + the reply, one user message, "
        f"~{judge_prompt_tokens(reply_tokens)} tokens per call.",
        f"Prompt caching of the rubric on {judge_name}: {state} ({verdict.reason}).",
    ]


def cost_lines(
    total: Estimate, models: Sequence[str], judge_name: str, table: PriceTable, batch: bool
) -> list[str]:
    """Dollars per evaluated model (its target calls and its share of judge calls) and in all.

    Args:
        total: The summed estimate of one model's run.
        models: The evaluated models (none: the judge's share alone).
        judge_name: The judge's model name.
        table: The price table.
        batch: Whether the judge runs through a batch API (list prices are still shown).

    Returns:
        Lines to print.
    """
    lines = [
        f"Cost at list prices in US dollars (price table compiled {table.compiled}; "
        f"{' + '.join(table.sources)}):"
    ]
    judge = table.get(judge_name)
    known = 0.0
    unpriced: list[str] = []
    if judge is None:
        lines.append(f"  judge {judge_name}: no dollar figure, not in the price table")
        unpriced.append(f"judge {judge_name}")
    else:
        judge_cost = judge.cost(total.judge_input_tokens, total.judge_output_tokens)
        known += judge_cost * max(len(models), 1)
        discount = "; batch: true, typically ~50% below list" if batch else ""
        lines.append(
            f"  judge {judge_name}: {dollars(judge_cost)} per evaluated model "
            f"({price_note(judge)}{discount})"
        )
    for model in models:
        price = table.get(model)
        if price is None:
            lines.append(
                f"  target {model}: no dollar figure, not in the price table (a self-hosted "
                "model costs GPU time, not tokens)"
            )
            unpriced.append(model)
            continue
        cost = price.cost(total.target_input_tokens, total.target_output_tokens)
        known += cost
        lines.append(f"  target {model}: {dollars(cost)} ({price_note(price)})")
    if not models:
        lines.append("  target: pass --model to price the evaluated model")
        return lines
    missing = f", without {', '.join(unpriced)}" if unpriced else ""
    lines.append(f"  total for {len(models)} model(s): {dollars(known)}{missing}")
    if unpriced:
        lines.append("  Add prices with --prices FILE (the packaged table's format).")
    return lines
