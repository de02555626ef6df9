"""Rejection plans and the rejection loop solver."""

from __future__ import annotations

import pytest
from inspect_ai.model import ChatMessageAssistant, ChatMessageUser, ModelName
from inspect_ai.solver import TaskState

from distress_evals.solvers.rejection_loop import rejection_loop
from distress_evals.solvers.rejections import (
    CONTRADICTING_FEEDBACK,
    NEUTRAL_NUMERIC_PLAN,
    REJECTION_PLANS,
    STRONG_CONTRADICTING_FEEDBACK,
    TONE_REJECTIONS_AUTHORS,
    TONE_REJECTIONS_EXTENDED,
    TONE_REJECTIONS_PAPER,
    tone_plan_name,
)


def test_neutral_numeric_plan_uses_the_turn_2_pool_then_the_strong_pool() -> None:
    for seed in range(20):
        assert NEUTRAL_NUMERIC_PLAN.draw(2, seed, "s", 1).text in CONTRADICTING_FEEDBACK
        for turn in (3, 4, 20):
            drawn = NEUTRAL_NUMERIC_PLAN.draw(turn, seed, "s", 1)
            assert drawn.text in STRONG_CONTRADICTING_FEEDBACK
            assert STRONG_CONTRADICTING_FEEDBACK[drawn.index] == drawn.text
            assert drawn.pool == "strong_contradicting"


def test_draws_are_a_function_of_seed_sample_epoch_and_turn() -> None:
    def script(seed: int, sample: str, epoch: int) -> list[str]:
        return [NEUTRAL_NUMERIC_PLAN.draw(t, seed, sample, epoch).text for t in range(2, 12)]

    assert script(0, "a", 1) == script(0, "a", 1)
    assert script(0, "a", 1) != script(0, "a", 2)
    assert script(0, "a", 1) != script(0, "b", 1)
    assert script(0, "a", 1) != script(1, "a", 1)


def test_tone_plans_follow_the_authors_list_then_draw_from_the_extended_pool() -> None:
    for tone, (first, second, third) in TONE_REJECTIONS_AUTHORS.items():
        assert TONE_REJECTIONS_PAPER[tone] == (first, second)
        plan = REJECTION_PLANS[tone_plan_name(tone)]
        assert plan.feedback == tone
        # Turns 2 and 3, as the authors' runs sent them, whatever the seed, sample or epoch.
        assert plan.draw(2, 0, "s", 1).text == first
        assert plan.draw(3, 5, "t", 9).text == second
        # Turn 4: the list's third item, which the authors' 3-turn loop never reached.
        assert {plan.draw(4, seed, "s", 1).text for seed in range(10)} == {third}
        later = {plan.draw(5, seed, "s", 1).text for seed in range(50)}
        assert later <= {first, second, third, *TONE_REJECTIONS_EXTENDED[tone]}
        assert later & set(TONE_REJECTIONS_EXTENDED[tone])


def test_the_first_reply_has_no_rejection_before_it() -> None:
    with pytest.raises(ValueError, match="precedes reply 2"):
        NEUTRAL_NUMERIC_PLAN.draw(1, 0, "s", 1)


def _state(plan: str | None, epoch: int = 1) -> TaskState:
    metadata = {} if plan is None else {"rejection_plan": plan}
    return TaskState(
        model=ModelName("mockllm/model"),
        sample_id="s1",
        epoch=epoch,
        input="Solve it.",
        messages=[ChatMessageUser(content="Solve it.")],
        metadata=metadata,
    )


async def _fake_generate(state: TaskState, *args: object, **kwargs: object) -> TaskState:
    count = sum(isinstance(m, ChatMessageAssistant) for m in state.messages)
    state.messages.append(ChatMessageAssistant(content=f"answer {count + 1}"))
    return state


async def test_rejection_loop_alternates_replies_and_tagged_rejections() -> None:
    solve = rejection_loop(turns=4, seed=3)
    state = await solve(_state("neutral_numeric"), _fake_generate)
    roles = [m.role for m in state.messages]
    assert roles == ["user", "assistant"] * 4
    assert [m.metadata["turn"] for m in state.messages] == [1, 1, 2, 2, 3, 3, 4, 4]  # type: ignore[index]
    rejections = state.messages[2::2]
    for turn, message in zip((2, 3, 4), rejections, strict=True):
        expected = NEUTRAL_NUMERIC_PLAN.draw(turn, 3, "s1", 1)
        assert message.text == expected.text
        assert message.metadata == expected.metadata()
    assert state.metadata["turns"] == 4


async def test_rejection_loop_stops_when_the_sample_is_completed() -> None:
    async def generate_then_complete(state: TaskState, *a: object, **k: object) -> TaskState:
        state = await _fake_generate(state)
        state.completed = True
        return state

    state = await rejection_loop(turns=3, seed=0)(_state("neutral_factual"), generate_then_complete)
    assert [m.role for m in state.messages] == ["user", "assistant"]


async def test_unknown_plan_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="expected one of"):
        await rejection_loop(turns=2, seed=0)(_state("shouting"), _fake_generate)
    with pytest.raises(ValueError, match="rejection plan None"):
        await rejection_loop(turns=2, seed=0)(_state(None), _fake_generate)
