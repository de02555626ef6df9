"""Which providers can continue a prefill, and the raw-text rendering base models are sent.

Instruct models continue a trailing assistant message. In inspect-ai 0.3.285 only the
``vllm/`` and ``sglang/`` providers turn one into a continuation (they send
``continue_final_message``); ``hf/`` always opens a new assistant turn, and the hosted APIs
either reject a trailing assistant message or start a new reply (inspect-notes §1). Any other
provider is refused before a model is called, unless the user names it in ``extra_providers``
after checking it continues (e.g. ``openai-api`` on a vLLM server with ``extra_body`` set).

Base models are sent the conversation rendered as one raw text through a completions provider
(``vllm-completions/``, ``openai-api-completions/``), which takes a single user message as the
raw prompt.

``mockllm`` is accepted in both modes so the pipeline can be tested offline; it does not
continue anything, it returns whatever its test scripts it to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from inspect_ai.model import ChatMessage

Mode = Literal["instruct", "base"]
MODE_CHOICES: tuple[Mode, ...] = ("instruct", "base")
DEFAULT_MODE: Mode = "instruct"

CONTINUATION_PROVIDERS = ("vllm", "sglang")
"""Providers that continue a trailing assistant message (checked in inspect-ai 0.3.285)."""

COMPLETIONS_PROVIDERS = ("vllm-completions", "openai-api-completions")
"""Raw-text completion providers, for base models."""

TEST_PROVIDERS = ("mockllm",)
"""Accepted in both modes for offline tests only: mockllm never really continues a text."""


def provider_of(model: str) -> str:
    """The provider prefix of a model name (``vllm`` in ``vllm/google/gemma-3-27b-it``)."""
    return model.split("/", 1)[0]


def check_provider(model: str, mode: Mode, extra_providers: Sequence[str] = ()) -> None:
    """Refuse a model whose provider cannot do what ``mode`` needs.

    Args:
        model: The evaluated model's name.
        mode: ``instruct`` (continue a trailing assistant message) or ``base`` (raw text).
        extra_providers: Providers the user has checked and vouches for.

    Raises:
        ValueError: Naming the providers that work in this mode.
    """
    provider = provider_of(model)
    supported = CONTINUATION_PROVIDERS if mode == "instruct" else COMPLETIONS_PROVIDERS
    if provider in (*supported, *TEST_PROVIDERS, *extra_providers):
        return
    if mode == "instruct":
        raise ValueError(
            f"model {model!r}: provider {provider!r} cannot continue a prefilled assistant "
            f"message. Use {' or '.join(f'{p}/' for p in supported)} (Inspect sends "
            "continue_final_message for them), or mode=base with a completions provider "
            f"({', '.join(f'{p}/' for p in COMPLETIONS_PROVIDERS)}). If you have checked that "
            f"another provider continues the message, name it: -T extra_providers={provider}"
        )
    raise ValueError(
        f"model {model!r}: mode=base sends raw text, which needs a completions provider "
        f"({', '.join(f'{p}/' for p in supported)}); provider {provider!r} is a chat API. "
        f"For an instruct model use mode=instruct with {' or '.join(CONTINUATION_PROVIDERS)}"
    )


@dataclass(frozen=True)
class RawFormat:
    """How a conversation is written out as text for a base model.

    Attributes:
        turn: Template of one finished message, with ``{role}`` and ``{text}``.
        open_reply: What starts the reply the prefill begins (``{role}`` is the assistant's).
        roles: Each role's name in this format.
        stop: Where a continuation ends (the start of the next turn).
    """

    turn: str
    open_reply: str
    roles: dict[str, str]
    stop: tuple[str, ...]


RAW_FORMATS = {
    "plain": RawFormat(
        turn="{role}: {text}\n\n",
        open_reply="{role}: ",
        roles={"system": "System", "user": "User", "assistant": "Assistant"},
        stop=("\nUser:",),
    ),
    "gemma": RawFormat(
        turn="<start_of_turn>{role}\n{text}<end_of_turn>\n",
        open_reply="<start_of_turn>{role}\n",
        roles={"system": "user", "user": "user", "assistant": "model"},
        stop=("<end_of_turn>",),
    ),
    "chatml": RawFormat(
        turn="<|im_start|>{role}\n{text}<|im_end|>\n",
        open_reply="<|im_start|>{role}\n",
        roles={"system": "system", "user": "user", "assistant": "assistant"},
        stop=("<|im_end|>",),
    ),
}
"""Written for this suite (the paper does not give its base-model rendering): a plain
transcript, Gemma's chat markup (no system role: a system message is a user turn), ChatML
(Qwen, OLMo). Each ends mid-reply, right after the prefill text."""
RAW_FORMAT_CHOICES = tuple(RAW_FORMATS)
DEFAULT_RAW_FORMAT = "plain"


def render_raw(messages: Sequence[ChatMessage], prefill: str, raw_format: str) -> str:
    """The conversation and the started reply as one text, ending with the prefill.

    Args:
        messages: The conversation before the reply.
        prefill: The start of the reply.
        raw_format: A key of ``RAW_FORMATS``.

    Returns:
        The raw prompt.
    """
    spec = RAW_FORMATS[raw_format]
    body = "".join(spec.turn.format(role=spec.roles[m.role], text=m.text) for m in messages)
    return body + spec.open_reply.format(role=spec.roles["assistant"]) + prefill
