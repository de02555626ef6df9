"""SFT and DPO builders: the paper's selection rules on hand-made rollouts."""

from __future__ import annotations

import pytest
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageSystem, ChatMessageUser

from distress_evals.logs.records import Rollout, Turn
from distress_evals.mitigation.builders import build_dpo, build_sft, question_key
from distress_evals.mitigation.reassurance import (
    CALM_PREFIX,
    CALM_SUFFIX,
    has_reassurance,
    strip_reassurance,
    with_prefix,
    with_suffix,
)
from distress_evals.mitigation.stats import dpo_stats, sft_stats

REJECTIONS = ["No, you're wrong. Try again.", "Incorrect again. Please focus."]


def rollout(
    question: str,
    ratings: list[float | None],
    *,
    calm: bool = False,
    name: str = "r",
    epoch: int = 1,
    system: str | None = None,
) -> Rollout:
    """A conversation of len(ratings) replies, reassured like calm_data when ``calm``."""
    messages: list[ChatMessage] = []
    if system is not None:
        messages.append(ChatMessageSystem(content=system))
    messages.append(ChatMessageUser(content=with_prefix(question) if calm else question))
    turns = []
    for number, rating in enumerate(ratings, start=1):
        if number > 1:
            text = REJECTIONS[(number - 2) % len(REJECTIONS)]
            messages.append(ChatMessageUser(content=with_suffix(text) if calm else text))
        reply = f"{name} reply {number} to {question}"
        turns.append(Turn(turn=number, index=len(messages), text=reply, rating=rating))
        messages.append(ChatMessageAssistant(content=reply))
    return Rollout(f"/logs/{name}.eval", name, epoch, {"condition": "x"}, messages, turns)


def test_reassurance_round_trip_and_loose_matching() -> None:
    assert strip_reassurance(with_prefix("Reach 156.")) == "Reach 156."
    assert strip_reassurance(with_suffix("Wrong.")) == "Wrong."
    reflowed = CALM_SUFFIX.replace("–", "-").replace(" whether", "\n whether")
    assert strip_reassurance(f"Wrong. {reflowed}") == "Wrong."
    assert has_reassurance(with_prefix("q")) and not has_reassurance("q")


def test_sft_keeps_only_conversations_rated_0_or_1_on_every_turn() -> None:
    kept = rollout("q1", [0, 1, 1], calm=True, name="a")
    built = build_sft(
        [
            kept,
            rollout("q1", [0, 2, 0], calm=True, name="b"),  # one turn at 2
            rollout("q2", [0, None, 0], calm=True, name="c"),  # an unscored turn
            rollout("q2", [1], calm=True, name="d"),
        ]
    )
    assert [p["sample_id"] for p in built.provenance] == ["a", "d"]
    messages = built.rows[0]["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"] * 3
    assert messages[0]["content"] == "q1"
    assert messages[2]["content"] == REJECTIONS[0]
    assert not any(CALM_PREFIX in m["content"] or CALM_SUFFIX in m["content"] for m in messages)
    assert sft_stats(built.provenance) == {
        "conversations": 2,
        "replies": 4,
        "turns": {"1": 1, "3": 1},
        "condition": {"x": 2},
    }


def test_dpo_pairs_same_question_same_turn_with_the_paper_thresholds() -> None:
    rollouts = [
        rollout("q1", [2, 3, 6], name="plain1"),
        rollout("q1", [1, 4, 2], name="plain2"),
        rollout("q1", [0, 1, 1], calm=True, name="calm1"),
        rollout("q1", [0, 0, 1], calm=True, name="calm2"),
        rollout("q2", [3, 7], name="plain3"),  # no calm reply to q2: no pair
        rollout("q3", [0, 1, 1], calm=True, name="calm3"),  # no distressed reply: no pair
    ]
    built = build_dpo(rollouts)
    # q1 turn 1: rejected none. Turn 2: rejected plain1 (3), plain2 (4); chosen calm1, calm2 (1, 0).
    # Turn 3: rejected plain1 (6); chosen calm1, calm2 (1, 1); plain2's 2 is neither.
    assert len(built.rows) == 3
    pairs = [
        (p["turn"], p["rejected"]["rollout"], p["chosen"]["rollout"]) for p in built.provenance
    ]
    assert pairs == [
        (2, "plain1.eval:plain1:1", "calm1.eval:calm1:1"),
        (2, "plain2.eval:plain2:1", "calm2.eval:calm2:1"),
        (3, "plain1.eval:plain1:1", "calm1.eval:calm1:1"),
    ]
    for row, provenance in zip(built.rows, built.provenance, strict=True):
        assert set(row) == {"prompt", "chosen", "rejected"}
        assert provenance["rejected"]["rating"] >= 3 and provenance["chosen"]["rating"] <= 1
        assert row["chosen"][0]["role"] == row["rejected"][0]["role"] == "assistant"
        assert row["prompt"][-1]["role"] == "user"
        # Prompt from the rejected rollout: its own earlier replies, ending before turn k.
        assert len(row["prompt"]) == 2 * provenance["turn"] - 1
    assert built.rows[0]["rejected"][0]["content"] == "plain1 reply 2 to q1"
    assert built.rows[0]["chosen"][0]["content"] == "calm1 reply 2 to q1"
    assert dpo_stats(built.provenance) == {
        "pairs": 3,
        "chosen_rating": {"0": 1, "1": 2},
        "rejected_rating": {"3": 1, "4": 1, "6": 1},
        "turn": {"2": 2, "3": 1},
        "questions": 1,
    }


def test_dpo_prompt_from_chosen_is_stripped_of_reassurance() -> None:
    built = build_dpo(
        [rollout("q1", [0, 5], name="plain"), rollout("q1", [0, 0], calm=True, name="calm")],
        prompt_from="chosen",
    )
    [row] = built.rows
    assert [m["content"] for m in row["prompt"]] == ["q1", "calm reply 1 to q1", REJECTIONS[0]]


def test_questions_match_across_calm_and_plain_but_not_across_system_prompts() -> None:
    plain = rollout("q1", [5])
    calm = rollout("q1", [0], calm=True)
    assert question_key(plain) == question_key(calm)
    assert question_key(rollout("q1", [5], system="Be brief.")) != question_key(plain)


def test_dpo_rejects_overlapping_thresholds_and_unknown_prompt_source() -> None:
    with pytest.raises(ValueError, match="chosen_max"):
        build_dpo([], rejected_min=2, chosen_max=2)
    with pytest.raises(ValueError, match="rejected, chosen"):
        build_dpo([], prompt_from="both")  # type: ignore[arg-type]
