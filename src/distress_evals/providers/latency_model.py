"""A model API that only waits: seeded latencies and fixed-length replies, for load tests.

Importing this module registers two providers, ``latency-target/<name>`` and
``latency-grader/<name>``. They are separate classes (and connection keys), so Inspect gives each
its own connection pool, as a real target and a real judge from different providers would have.

A call's latency is a pure function of (seed, role, conversation, reply number), not of the
order in which calls happen, so a benchmark can compute in advance exactly how much waiting a
workload holds. The conversation is read from a ``[conversation <id>]`` marker: the target finds
it in the first user message (put it in the prompt), and writes it with the reply number into
every reply, where the judge finds it again.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import time
from dataclasses import dataclass

import anyio
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageUser,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo

TARGET_API = "latency-target"
GRADER_API = "latency-grader"
DEFAULT_MEAN_LATENCY = 0.5
"""Mean seconds per call."""
DEFAULT_LATENCY_SIGMA = 0.5
"""Log-space spread of the lognormal latency (0 gives every call exactly the mean)."""
DEFAULT_LATENCY_SEED = 0
DEFAULT_REPLY_CHARS = 2000
"""Length of every target reply (about 500 tokens at 4 characters a token)."""
CHARS_PER_TOKEN = 4
"""Usage is reported as characters / 4, so no tokenizer is ever needed (offline-safe)."""
MAX_CONNECTIONS = 10_000
"""The provider's own cap; the eval's ``max_connections`` is what actually limits calls."""

_MARKER = re.compile(r"\[conversation (?P<id>[^\]\s]+)(?: reply (?P<reply>\d+))?\]")


def conversation_marker(conversation: str, reply: int | None = None) -> str:
    """The marker naming a conversation (and a reply in it) for the latency models.

    Args:
        conversation: The conversation's id (no spaces or ``]``).
        reply: The reply number, for target replies.

    Returns:
        The marker text.
    """
    if reply is None:
        return f"[conversation {conversation}]"
    return f"[conversation {conversation} reply {reply}]"


def draw_latency(
    seed: int, role: str, conversation: str, reply: int, mean: float, sigma: float
) -> float:
    """The seconds one call waits: lognormal with the given mean, fixed by its inputs.

    Args:
        seed: The benchmark's seed.
        role: ``target`` or ``grader`` (the two draw independently).
        conversation: The conversation's id.
        reply: The reply number the call produces (target) or judges (grader), from 1.
        mean: Mean latency in seconds.
        sigma: Log-space standard deviation.

    Returns:
        The latency in seconds.
    """
    digest = hashlib.sha256(f"{seed}|{role}|{conversation}|{reply}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    if sigma == 0:
        return mean
    # mu chosen so the lognormal's mean is exactly `mean`.
    return rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)


@dataclass(frozen=True)
class CallRecord:
    """One simulated call: which conversation and reply, the drawn latency, when it ran."""

    conversation: str
    reply: int
    latency: float
    started: float
    finished: float


class LatencyModel(ModelAPI):
    """Waits a seeded latency per call, then returns a fixed reply with usage set.

    Model arguments (``-M``): ``mean_latency`` (seconds), ``latency_sigma`` (lognormal, log
    space), ``seed``, ``reply_chars`` (target reply length), and ``fail_calls``: the first that
    many calls raise, a simulated outage for testing that an interrupted run resumes.
    """

    role = "target"

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        mean_latency: float = DEFAULT_MEAN_LATENCY,
        latency_sigma: float = DEFAULT_LATENCY_SIGMA,
        seed: int = DEFAULT_LATENCY_SEED,
        reply_chars: int = DEFAULT_REPLY_CHARS,
        fail_calls: int = 0,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())
        if mean_latency <= 0 or latency_sigma < 0 or reply_chars < 1:
            raise ValueError("mean_latency must be > 0, latency_sigma >= 0, reply_chars >= 1")
        self.mean_latency = float(mean_latency)
        self.latency_sigma = float(latency_sigma)
        self.seed = int(seed)
        self.reply_chars = int(reply_chars)
        self.fail_calls = int(fail_calls)
        self.calls: list[CallRecord] = []

    def max_connections(self) -> int:
        """The provider's own cap (never the binding limit)."""
        return MAX_CONNECTIONS

    def connection_key(self) -> str:
        """One pool per role and model name."""
        return f"{self.role}:{self.model_name}"

    def locate(self, messages: list[ChatMessage]) -> tuple[str, int]:
        """The conversation id and reply number a call belongs to.

        Args:
            messages: The call's input.

        Returns:
            ``(conversation, reply)``; without a marker, a digest of the first user message.
        """
        first = next((m.text for m in messages if isinstance(m, ChatMessageUser)), "")
        found = _MARKER.search(first)
        conversation = (
            found.group("id") if found else hashlib.sha256(first.encode()).hexdigest()[:16]
        )
        return conversation, 1 + sum(isinstance(m, ChatMessageAssistant) for m in messages)

    def reply_text(self, conversation: str, reply: int) -> str:
        """The reply: the marker, padded to ``reply_chars``."""
        marker = conversation_marker(conversation, reply) + " "
        return (marker + "x" * self.reply_chars)[: max(self.reply_chars, len(marker))]

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        """Wait the call's latency, then reply."""
        conversation, reply = self.locate(input)
        if self.fail_calls > 0:
            # A simulated outage, for testing that an interrupted eval-set resumes.
            self.fail_calls -= 1
            raise RuntimeError("simulated provider outage")
        latency = draw_latency(
            self.seed, self.role, conversation, reply, self.mean_latency, self.latency_sigma
        )
        started = time.monotonic()
        await anyio.sleep(latency)
        self.calls.append(CallRecord(conversation, reply, latency, started, time.monotonic()))
        text = self.reply_text(conversation, reply)
        output = ModelOutput.from_content(self.model_name, text)
        input_chars = sum(len(m.text) for m in input)
        output.usage = ModelUsage(
            input_tokens=input_chars // CHARS_PER_TOKEN,
            output_tokens=len(text) // CHARS_PER_TOKEN,
            total_tokens=(input_chars + len(text)) // CHARS_PER_TOKEN,
        )
        return output


class LatencyGrader(LatencyModel):
    """The judge's side: finds the conversation and reply in the judged reply's marker."""

    role = "grader"

    def locate(self, messages: list[ChatMessage]) -> tuple[str, int]:
        """The conversation and reply number named in the judged reply."""
        judged = messages[-1].text if messages else ""
        found = _MARKER.search(judged)
        if found is None or found.group("reply") is None:
            return hashlib.sha256(judged.encode()).hexdigest()[:16], 1
        return found.group("id"), int(found.group("reply"))

    def reply_text(self, conversation: str, reply: int) -> str:
        """A verdict in the rubric's JSON format, rating 0."""
        return json.dumps({"evidence": "", "reasoning": "simulated judge", "rating": 0})


@modelapi(name=TARGET_API)
def latency_target() -> type[ModelAPI]:
    """Register the target-side latency model."""
    return LatencyModel


@modelapi(name=GRADER_API)
def latency_grader() -> type[ModelAPI]:
    """Register the judge-side latency model."""
    return LatencyGrader
