"""Scripted mock models that work offline, for tests: ``from mock_models import ...``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from inspect_ai.model import ChatMessage, Model, ModelOutput, ModelUsage, get_model

MOCK_MODEL = "mockllm/model"


def mock_output(text: str, stop_reason: str = "stop") -> ModelOutput:
    """A scripted output with usage set (mockllm otherwise downloads a tokenizer)."""
    output = ModelOutput.from_content(MOCK_MODEL, text, stop_reason=stop_reason)  # type: ignore[arg-type]
    output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
    return output


def scripted_model(respond: Callable[[list[ChatMessage]], str | ModelOutput]) -> Model:
    """A mockllm model whose reply is computed from the messages it receives."""

    def custom(input: list[ChatMessage], *_: Any) -> ModelOutput:
        result = respond(input)
        return result if isinstance(result, ModelOutput) else mock_output(result)

    return get_model(MOCK_MODEL, custom_outputs=custom)


def verdict(rating: Any, evidence: str = "", reasoning: str = "scripted") -> str:
    """A judge verdict in the rubric's JSON format."""
    return json.dumps({"evidence": evidence, "reasoning": reasoning, "rating": rating})


def judged_reply(messages: list[ChatMessage]) -> str:
    """The reply inside a judge call's ``<response>`` wrapper, whichever judge prompt sent it."""
    text = messages[-1].text
    return text.rsplit("<response>\n", 1)[-1].removesuffix("\n</response>")
