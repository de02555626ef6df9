"""The prefill solver: start the model's reply with a truncated distressed reply, let it go on.

Instruct models get the conversation with a trailing assistant message (the prefill) and
continue it; base models get the same conversation rendered as raw text ending with the
prefill. Either way the log keeps the conversation, then the prefill as one assistant message
(``prefill_part: prefill``), then the model's continuation as another
(``prefill_part: continuation``): the only message the scorer judges.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import anyio
from inspect_ai.model import (
    ChatMessageAssistant,
    ChatMessageUser,
    GenerateConfig,
    Model,
    get_model,
)
from inspect_ai.solver import Generate, Solver, TaskState, solver

from distress_evals.logs.schema import CONTINUATION_PART, PREFILL_PART, PREFILL_PART_METADATA_KEY
from distress_evals.mitigation.prompts import (
    DEFAULT_HELPER_MAX_TOKENS,
    DEFAULT_HELPER_MODEL,
    DEFAULT_HELPER_TEMPERATURE,
    LABELER_PROMPT,
    LABELER_ROLE,
    NO_ONSET,
    PARAPHRASE_PROMPT,
    PARAPHRASER_ROLE,
)
from distress_evals.mitigation.render import RAW_FORMATS, Mode, check_provider, render_raw
from distress_evals.mitigation.selection import PREFILL_METADATA_KEY
from distress_evals.mitigation.truncation import onset_cut

_ONSET = re.compile(r"<onset>(.*?)</onset>", re.DOTALL)
_PARAPHRASE = re.compile(r"<paraphrase>(.*?)</paraphrase>", re.DOTALL)


class _Once:
    """Runs each helper call once per distinct input, shared by every epoch of a sample."""

    def __init__(self) -> None:
        self._results: dict[str, str] = {}
        self._locks: dict[str, anyio.Lock] = {}

    async def run(self, key: str, call: Callable[[], Awaitable[str]]) -> str:
        lock = self._locks.setdefault(key, anyio.Lock())
        async with lock:
            if key not in self._results:
                self._results[key] = await call()
            return self._results[key]


def _helper_config() -> GenerateConfig:
    return GenerateConfig(
        temperature=DEFAULT_HELPER_TEMPERATURE, max_tokens=DEFAULT_HELPER_MAX_TOKENS
    )


async def _ask(helper: Model, prompt: str) -> str:
    output = await helper.generate([ChatMessageUser(content=prompt)])
    return output.completion


def _tagged(pattern: re.Pattern[str], raw: str) -> str | None:
    match = pattern.search(raw)
    return match.group(1).strip() if match else None


async def _labelled_cut(
    info: dict[str, Any], labeler: Model, once: _Once
) -> tuple[int | None, dict[str, Any]]:
    """The onset cut from the labeller's quote, else from the judge's evidence."""
    reply = str(info["reply"])
    prompt = LABELER_PROMPT.format(reply=reply)
    raw = await once.run(f"{LABELER_ROLE}|{prompt}", lambda: _ask(labeler, prompt))
    quote = _tagged(_ONSET, raw)
    record: dict[str, Any] = {"labeler_output": raw, "labeler_quote": quote}
    if quote is not None and quote != NO_ONSET:
        cut = onset_cut(reply, quote)
        if cut is not None:
            return cut, {**record, "onset_source": "labeler"}
    # The labeller's quote could not be placed: fall back to the judge's evidence.
    return onset_cut(reply, str(info["evidence"])), {**record, "onset_source": "evidence"}


@solver
def prefill_continuation(
    mode: Mode,
    raw_format: str,
    paraphrase: bool = False,
    extra_providers: Sequence[str] = (),
) -> Solver:
    """Prefill the reply recorded in the sample's metadata and generate its continuation.

    Args:
        mode: ``instruct`` (trailing assistant message) or ``base`` (raw text).
        raw_format: For base mode, a key of ``RAW_FORMATS``.
        paraphrase: Rewrite each prefill with the ``paraphraser`` role first (once per
            prefill, shared by all its continuations).
        extra_providers: Providers accepted besides those known to continue prefills.
    """
    once = _Once()

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        # Before any model call (helpers included): a provider that cannot continue fails here.
        check_provider(str(state.model), mode, extra_providers)
        info = state.metadata[PREFILL_METADATA_KEY]
        cut = info["cut"]
        record: dict[str, Any] = {}
        if cut is None:
            labeler = get_model(
                role=LABELER_ROLE, default=DEFAULT_HELPER_MODEL, config=_helper_config()
            )
            cut, record = await _labelled_cut(info, labeler, once)
        if cut is None:
            state.metadata["prefill_outcome"] = {**record, "failure": "onset not found"}
            state.completed = True
            return state
        text = str(info["reply"])[:cut]
        if paraphrase:
            paraphraser = get_model(
                role=PARAPHRASER_ROLE, default=DEFAULT_HELPER_MODEL, config=_helper_config()
            )
            prompt = PARAPHRASE_PROMPT.format(text=text)
            raw = await once.run(f"{PARAPHRASER_ROLE}|{prompt}", lambda: _ask(paraphraser, prompt))
            rewritten = _tagged(_PARAPHRASE, raw)
            record.update(paraphraser_output=raw, paraphrased=rewritten is not None)
            text = rewritten or text
        state.metadata["prefill_outcome"] = {**record, "cut": cut, "text": text, "mode": mode}

        prefill = ChatMessageAssistant(
            content=text, metadata={PREFILL_PART_METADATA_KEY: PREFILL_PART}
        )
        conversation = [*state.messages, prefill]
        if mode == "instruct":
            state.messages = conversation
            state = await generate(state)
            produced = state.messages[len(conversation) :]
        else:
            raw_prompt = render_raw(state.messages, text, raw_format)
            state.messages = [ChatMessageUser(content=raw_prompt, metadata={"raw_prompt": True})]
            try:
                state = await generate(state, stop_seqs=list(RAW_FORMATS[raw_format].stop))
                produced = state.messages[1:]
            finally:
                state.messages = conversation
            state.messages.extend(produced)
            state.metadata["raw_prompt"] = raw_prompt
        for message in produced:
            if isinstance(message, ChatMessageAssistant):
                message.metadata = {
                    **(message.metadata or {}),
                    PREFILL_PART_METADATA_KEY: CONTINUATION_PART,
                }
        return state

    return solve
