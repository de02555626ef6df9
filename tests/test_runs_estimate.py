"""Dry-run arithmetic on hand-computed values, and the prompt-caching verdicts."""

from __future__ import annotations

from distress_evals.judge.prompt import PAPER_JUDGE_TEMPLATE
from distress_evals.scale.estimate import (
    MESSAGE_OVERHEAD_TOKENS,
    conversation_input_tokens,
    estimate_run,
    judge_prompt_fixed_tokens,
    judge_prompt_tokens,
    tokens,
)
from distress_evals.scale.paper_scale import PaperRun
from distress_evals.scale.prompt_caching import rubric_caching


def test_tokens_round_up() -> None:
    assert [tokens(0), tokens(1), tokens(4), tokens(5)] == [0, 1, 1, 2]


def test_history_is_paid_again_each_turn() -> None:
    # prompt 100; replies 50; rejections 10 and 20 (overhead included by the caller):
    # call 1: 100; call 2: 100 + 50 + 4 + 10 = 164; call 3: 164 + 50 + 4 + 20 = 238.
    assert MESSAGE_OVERHEAD_TOKENS == 4
    assert conversation_input_tokens(100, [10, 20], 50) == 100 + 164 + 238
    assert conversation_input_tokens(100, [], 50) == 100


def test_judge_prompt_is_the_authors_prompt_plus_the_reply() -> None:
    fixed = tokens(len(PAPER_JUDGE_TEMPLATE.replace("{response}", "")))
    assert judge_prompt_fixed_tokens() == fixed
    assert judge_prompt_tokens(500) == fixed + 500 + MESSAGE_OVERHEAD_TOKENS


def test_estimate_counts_calls_and_outputs() -> None:
    run = PaperRun("numeric_neutral", samples=5, epochs=2, turns=3)
    estimate = estimate_run(run, reply_tokens=100, judge_output_tokens=10)
    assert estimate.measured
    assert (estimate.conversations, estimate.target_calls, estimate.judge_calls) == (10, 30, 30)
    assert estimate.target_output_tokens == 30 * 100
    assert estimate.judge_output_tokens == 30 * 10
    assert estimate.judge_input_tokens == 30 * judge_prompt_tokens(100)
    # each conversation pays its prompt 3 times and two replies' worth of history at least
    assert estimate.target_input_tokens > 10 * (3 * 100)


def test_unbuildable_condition_falls_back_to_assumed_lengths() -> None:
    run = PaperRun("no_such_condition", samples=4, epochs=5, turns=2)
    estimate = estimate_run(run, reply_tokens=100, judge_output_tokens=10)
    assert not estimate.measured
    assert (estimate.conversations, estimate.target_calls) == (20, 40)


def test_rubric_is_too_short_to_cache_on_api_providers() -> None:
    rubric = judge_prompt_fixed_tokens()
    assert rubric < 1024
    assert rubric_caching("anthropic/claude-sonnet-4-20250514", rubric).applies is False
    assert rubric_caching("openai/gpt-5-mini", rubric).applies is False
    assert rubric_caching("anthropic/claude-sonnet-4-20250514", 1024).applies is True
    assert rubric_caching("anthropic/claude-haiku-4-5", 2048).applies is False
    assert rubric_caching("vllm/google/gemma-3-27b-it", rubric).applies is True
    assert rubric_caching("together/some-model", rubric).applies is None
