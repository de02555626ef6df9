"""Dry-run arithmetic: how many target and judge calls a run makes, and roughly how many tokens.

Nothing here calls a model. Prompt and rejection lengths are measured from the real texts where
the dataset can be built (every conversation's own rejections, drawn exactly as the solver will);
reply and judge-output lengths are assumptions, stated and overridable. Tokens are characters / 4
(no tokenizer download), plus a few tokens per message for the chat template.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from inspect_ai.dataset import Sample

from distress_evals.judge.prompt import PAPER_JUDGE_TEMPLATE, fill_template
from distress_evals.logs.schema import PLAN_METADATA_KEY
from distress_evals.scale.paper_scale import PaperRun, build_task
from distress_evals.solvers.rejections import REJECTION_PLANS, conversation_index

CHARS_PER_TOKEN = 4
"""The usual English average; real tokenizers differ by maybe +-25%."""
MESSAGE_OVERHEAD_TOKENS = 4
"""Chat-template tokens around each message."""
DEFAULT_REPLY_TOKENS = 800
"""Assumed mean reply length. The paper's cap is 2,048; puzzle answers run long, chat short."""
DEFAULT_JUDGE_OUTPUT_TOKENS = 80
"""Assumed judge verdict length: one JSON object with a short quote and one or two sentences."""
ASSUMED_PROMPT_CHARS = 260
"""Used when a dataset cannot be built offline (WildChat prompts are filtered to 20-500 chars)."""
ASSUMED_REJECTION_CHARS = 40
"""Used when a sample names no rejection plan the estimate can draw from."""


def tokens(chars: int) -> int:
    """Tokens in ``chars`` characters of text (characters / 4, rounded up)."""
    return math.ceil(chars / CHARS_PER_TOKEN)


@dataclass(frozen=True)
class Estimate:
    """Calls and tokens of one condition (or, summed, of a whole run).

    Attributes:
        condition: The condition's name (or ``total``).
        conversations: Conversations.
        target_calls: Calls to the evaluated model (one per reply).
        judge_calls: Calls to the judge (one per reply).
        target_input_tokens: Tokens sent to the evaluated model, the growing history included.
        target_output_tokens: Tokens it writes (replies x assumed reply length).
        judge_input_tokens: Tokens sent to the judge (rubric + wrapped reply, per call).
        judge_output_tokens: Tokens the judge writes.
        measured: Whether prompt lengths came from the real prompts (False: assumed).
    """

    condition: str
    conversations: int
    target_calls: int
    judge_calls: int
    target_input_tokens: int
    target_output_tokens: int
    judge_input_tokens: int
    judge_output_tokens: int
    measured: bool = True

    def __add__(self, other: Estimate) -> Estimate:
        return Estimate(
            "total",
            self.conversations + other.conversations,
            self.target_calls + other.target_calls,
            self.judge_calls + other.judge_calls,
            self.target_input_tokens + other.target_input_tokens,
            self.target_output_tokens + other.target_output_tokens,
            self.judge_input_tokens + other.judge_input_tokens,
            self.judge_output_tokens + other.judge_output_tokens,
            self.measured and other.measured,
        )


def judge_prompt_fixed_tokens() -> int:
    """Tokens of the default judge prompt without the reply (the authors' prompt).

    Returns:
        The prompt's fixed part, the same in every call.
    """
    return tokens(len(fill_template(PAPER_JUDGE_TEMPLATE, "")))


def judge_prompt_tokens(reply_tokens: int) -> int:
    """Tokens in one judge call: the authors' prompt with the reply inside, one user message.

    Args:
        reply_tokens: The judged reply's length.

    Returns:
        The judge call's input tokens.
    """
    return judge_prompt_fixed_tokens() + reply_tokens + MESSAGE_OVERHEAD_TOKENS


def conversation_input_tokens(
    prompt_tokens: int, rejection_tokens: Sequence[int], reply_tokens: int
) -> int:
    """Input tokens over all target calls of one conversation.

    Call ``t`` resends the prompt and every earlier reply and rejection, so the history is
    paid for again on each turn.

    Args:
        prompt_tokens: The opening messages (system prompt included), template overhead included.
        rejection_tokens: Each rejection's tokens, template overhead included, in order
            (``turns - 1`` of them).
        reply_tokens: Each reply's tokens (the assumed mean).

    Returns:
        The sum of the input tokens of the ``len(rejection_tokens) + 1`` calls.
    """
    total = 0
    context = prompt_tokens
    for rejection in [*rejection_tokens, None]:
        total += context
        if rejection is not None:
            context += reply_tokens + MESSAGE_OVERHEAD_TOKENS + rejection
    return total


def _prompt_tokens(sample: Sample) -> int:
    messages = [sample.input] if isinstance(sample.input, str) else sample.input
    return sum(
        tokens(len(m if isinstance(m, str) else m.text)) + MESSAGE_OVERHEAD_TOKENS for m in messages
    )


def _rejection_tokens(sample: Sample, turns: int, seed: int, epoch: int) -> list[int]:
    plan = REJECTION_PLANS.get(str((sample.metadata or {}).get(PLAN_METADATA_KEY)))
    lengths = []
    for turn in range(2, turns + 1):
        if plan is None or sample.id is None:
            chars = ASSUMED_REJECTION_CHARS
        else:
            # Drawn exactly as the solver draws it (sequence plans need the conversation index).
            conversation = conversation_index(sample.metadata or {}, epoch)
            chars = len(plan.draw(turn, seed, sample.id, epoch, conversation).text)
        lengths.append(tokens(chars) + MESSAGE_OVERHEAD_TOKENS)
    return lengths


def estimate_run(
    run: PaperRun,
    reply_tokens: int = DEFAULT_REPLY_TOKENS,
    judge_output_tokens: int = DEFAULT_JUDGE_OUTPUT_TOKENS,
    measure: bool = True,
) -> Estimate:
    """Estimate one condition from its real prompts, or from assumed lengths if it won't build.

    Args:
        run: The condition.
        reply_tokens: Assumed mean reply length.
        judge_output_tokens: Assumed judge verdict length.
        measure: Build the dataset to measure its prompts; False assumes their lengths without
            building (e.g. WildChat while the Hub is unreachable).

    Returns:
        The estimate.
    """
    samples: list[Sample] = []
    seed = 0
    if measure:
        try:
            task = build_task(run)
            samples = list(task.dataset)
            seed = int((task.metadata or {}).get("seed", 0))
        except Exception:  # noqa: BLE001 - a dataset that will not build: fall back to sizes
            samples = []
    measured = bool(samples)
    conversations = len(samples) * run.epochs if measured else run.conversations
    target_in = 0
    if measured:
        for sample in samples:
            for epoch in range(1, run.epochs + 1):
                target_in += conversation_input_tokens(
                    _prompt_tokens(sample),
                    _rejection_tokens(sample, run.turns, seed, epoch),
                    reply_tokens,
                )
    else:
        prompt = tokens(ASSUMED_PROMPT_CHARS) + MESSAGE_OVERHEAD_TOKENS
        rejections = [tokens(ASSUMED_REJECTION_CHARS) + MESSAGE_OVERHEAD_TOKENS] * (run.turns - 1)
        target_in = conversations * conversation_input_tokens(prompt, rejections, reply_tokens)
    calls = conversations * run.turns
    return Estimate(
        run.condition,
        conversations,
        calls,
        calls,
        target_in,
        calls * reply_tokens,
        calls * judge_prompt_tokens(reply_tokens),
        calls * judge_output_tokens,
        measured,
    )
