"""Calm-data generation (paper §4): the numeric conditions with the reassurance texts added.

Built on the suite's own factory and rejection loop, unchanged: the prefix is added to each
sample's first user turn, and the loop's ``generate`` is wrapped so that every follow-up the
loop appends carries the suffix by the time the model is called.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from inspect_ai.dataset import Sample
from inspect_ai.model import ChatMessage, ChatMessageUser, GenerateConfigArgs
from inspect_ai.solver import Generate, Solver, TaskState, solver
from typing_extensions import Unpack

from distress_evals.mitigation.reassurance import (
    PREFIX_METADATA_KEY,
    SUFFIX_METADATA_KEY,
    with_prefix,
    with_suffix,
)

CALM_DATA_METADATA_KEY = "calm_data"
"""Sample metadata flag: the conversation was generated with the reassurance texts."""


def with_calm_prefix(sample: Sample) -> Sample:
    """The sample with the calm prefix added to its first user turn.

    Args:
        sample: A condition sample whose input is a message list.

    Returns:
        A copy; its metadata gains ``calm_data: True``.

    Raises:
        ValueError: If the sample has no user message.
    """
    messages: list[ChatMessage] = (
        [ChatMessageUser(content=sample.input)]
        if isinstance(sample.input, str)
        else [m.model_copy(deep=True) for m in sample.input]
    )
    first = next((m for m in messages if isinstance(m, ChatMessageUser)), None)
    if first is None:
        raise ValueError(f"sample {sample.id!r} has no user message to add the calm prefix to")
    first.content = with_prefix(first.text)
    first.metadata = {**(first.metadata or {}), PREFIX_METADATA_KEY: True}
    return sample.model_copy(
        update={
            "input": messages,
            "metadata": {**(sample.metadata or {}), CALM_DATA_METADATA_KEY: True},
        }
    )


def _add_suffix(messages: Sequence[ChatMessage]) -> None:
    last = messages[-1] if messages else None
    if not isinstance(last, ChatMessageUser):
        return
    metadata = last.metadata or {}
    is_followup = isinstance(metadata.get("turn"), int) and metadata["turn"] >= 2
    if is_followup and not metadata.get(SUFFIX_METADATA_KEY):
        last.content = with_suffix(last.text)
        last.metadata = {**metadata, SUFFIX_METADATA_KEY: True}


@solver
def calm_followups(inner: Solver) -> Solver:
    """Run ``inner`` with the calm suffix added to every follow-up before the model sees it.

    The rejection loop appends each rejection (tagged ``turn`` >= 2) and then calls
    ``generate``; this hands it a ``generate`` that first adds the suffix to that message, so
    the log keeps exactly what the model was sent.

    Args:
        inner: The solver to wrap (the suite's rejection loop).
    """

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        async def calm_generate(
            state: TaskState,
            tool_calls: Literal["loop", "single", "none"] = "loop",
            **kwargs: Unpack[GenerateConfigArgs],
        ) -> TaskState:
            _add_suffix(state.messages)
            return await generate(state, tool_calls, **kwargs)

        return await inner(state, calm_generate)

    return solve
