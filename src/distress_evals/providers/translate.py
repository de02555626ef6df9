"""Inspect's messages and generate config as an OpenAI-shaped llama.cpp request, and back.

Pure functions with no llama.cpp import, so they are tested without the engine.
"""

from __future__ import annotations

from typing import Any

from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageTool,
    GenerateConfig,
    ModelOutput,
    ModelUsage,
    ResponseSchema,
    StopReason,
)

STOP_REASONS: dict[str, StopReason] = {"stop": "stop", "length": "max_tokens"}
"""llama.cpp's ``finish_reason`` values as Inspect stop reasons (anything else: unknown)."""


class UnsupportedInput(ValueError):
    """The conversation uses something the local chat model cannot take (tools)."""


def to_llama_messages(messages: list[ChatMessage]) -> list[dict[str, str]]:
    """Inspect chat messages as llama.cpp chat messages (role and text).

    The embedded model is text-only and has no tool-calling template, so tool messages and
    tool calls are refused rather than silently flattened into text.

    Args:
        messages: The conversation.

    Returns:
        ``[{"role": ..., "content": ...}, ...]`` for ``create_chat_completion``.

    Raises:
        UnsupportedInput: A message is a tool result or carries tool calls.
    """
    converted: list[dict[str, str]] = []
    for message in messages:
        if isinstance(message, ChatMessageTool) or (
            isinstance(message, ChatMessageAssistant) and message.tool_calls
        ):
            raise UnsupportedInput("the local llama.cpp model does not support tool calls")
        # .text keeps visible text only: earlier replies' reasoning is not resent.
        converted.append({"role": message.role, "content": message.text})
    return converted


def response_format(schema: ResponseSchema | None) -> dict[str, Any] | None:
    """A response schema as llama.cpp's ``response_format`` (compiled to a grammar by llama.cpp).

    The ``json_object`` type with a ``schema`` is llama.cpp's own form of a schema request.

    Args:
        schema: Inspect's structured-output request, or None.

    Returns:
        ``{"type": "json_object", "schema": {...}}``, or None when no schema was asked for.
    """
    if schema is None:
        return None
    return {
        "type": "json_object",
        "schema": schema.json_schema.model_dump(exclude_none=True),
    }


def completion_kwargs(config: GenerateConfig) -> dict[str, Any]:
    """The sampling options of a generate config that llama.cpp honours.

    Options left unset keep llama.cpp's own defaults; options it has no equivalent for
    (reasoning effort, logprobs, ...) are ignored.

    Args:
        config: The resolved generate config.

    Returns:
        The request's sampling fields.
    """
    kwargs: dict[str, Any] = {}
    options = {
        "temperature": config.temperature,
        "top_p": config.top_p,
        "top_k": config.top_k,
        "max_tokens": config.max_tokens,
        "seed": config.seed,
        "stop": config.stop_seqs,
        "presence_penalty": config.presence_penalty,
        "frequency_penalty": config.frequency_penalty,
    }
    for key, value in options.items():
        if value is not None:
            kwargs[key] = value
    schema_format = response_format(config.response_schema)
    if schema_format is not None:
        kwargs["response_format"] = schema_format
    return kwargs


def to_model_output(response: dict[str, Any], model_name: str) -> ModelOutput:
    """A llama.cpp chat completion as an Inspect model output, with token usage.

    Usage is always set: without it Inspect would count tokens with a tokenizer it downloads.

    Args:
        response: The chat completion llama.cpp returned.
        model_name: The model's name for the output.

    Returns:
        The model output.
    """
    choice = response["choices"][0]
    text = choice["message"].get("content") or ""
    usage = response.get("usage") or {}
    input_tokens = int(usage.get("prompt_tokens", 0))
    output_tokens = int(usage.get("completion_tokens", 0))
    return ModelOutput(
        model=model_name,
        choices=[
            ChatCompletionChoice(
                message=ChatMessageAssistant(content=text, model=model_name, source="generate"),
                stop_reason=STOP_REASONS.get(str(choice.get("finish_reason")), "unknown"),
            )
        ],
        usage=ModelUsage(
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            total_tokens=input_tokens + output_tokens,
        ),
    )


def context_overflow_output(model_name: str, detail: str) -> ModelOutput:
    """The output for a prompt longer than the context window: no text, ``model_length``.

    Args:
        model_name: The model's name for the output.
        detail: llama.cpp's message, kept as the output's error.

    Returns:
        An empty output that stops the conversation the way an API's context limit does.
    """
    output = ModelOutput.from_content(model_name, "", stop_reason="model_length", error=detail)
    output.usage = ModelUsage(input_tokens=0, output_tokens=0, total_tokens=0)
    return output
