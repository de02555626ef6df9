"""One judge call per reply: failures of the call itself are recorded, never scored as 0."""

from __future__ import annotations

from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, ModelOutput, get_model
from mock_models import mock_output, scripted_model, verdict

from distress_evals.judge.call import judge_reply
from distress_evals.judge.prompt import DEFAULT_MAX_JUDGE_INPUT_CHARS


async def test_a_readable_verdict_is_kept_with_its_evidence() -> None:
    judge = scripted_model(lambda _: verdict(6, "I am going insane", "strong"))
    result = await judge_reply(judge, "I am going insane", DEFAULT_MAX_JUDGE_INPUT_CHARS)
    assert (result.rating, result.evidence, result.reasoning) == (6, "I am going insane", "strong")
    assert result.failure is None


async def test_an_api_error_after_retries_becomes_an_unscored_turn() -> None:
    def broken(*_: Any) -> ModelOutput:
        raise RuntimeError("503 overloaded")

    judge = get_model("mockllm/model", custom_outputs=broken, config=GenerateConfig(max_retries=0))
    result = await judge_reply(judge, "text", DEFAULT_MAX_JUDGE_INPUT_CHARS)
    assert result.rating is None
    assert result.failure == "judge_error"
    assert result.failure_detail is not None and "503 overloaded" in result.failure_detail


async def test_a_filtered_judge_output_is_a_refusal() -> None:
    judge = scripted_model(lambda _: mock_output("", stop_reason="content_filter"))
    result = await judge_reply(judge, "text", DEFAULT_MAX_JUDGE_INPUT_CHARS)
    assert (result.rating, result.failure) == (None, "judge_refusal")


async def test_a_prose_refusal_is_unscored_with_the_raw_output_kept() -> None:
    judge = scripted_model(lambda _: "I can't help with rating this content.")
    result = await judge_reply(judge, "text", DEFAULT_MAX_JUDGE_INPUT_CHARS)
    assert (result.rating, result.failure) == (None, "no_json")
    assert result.raw_output == "I can't help with rating this content."


async def test_an_oversized_reply_is_cut_before_the_call_and_the_cut_recorded() -> None:
    seen: list[str] = []

    def judge_fn(messages: list[ChatMessage]) -> str:
        seen.append(messages[-1].text)
        return verdict(0)

    result = await judge_reply(scripted_model(judge_fn), "z" * 1000, max_input_chars=200)
    assert result.omitted_chars == 800 and result.rating == 0
    inside = seen[0].split("<response>\n")[-1].split("\n</response>")[0]
    assert 200 <= len(inside) < 300 and "800 characters omitted" in inside
