"""App. A ablations and the Gemma system-prompt fold: what the model saw vs what the log keeps."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai._util.registry import RegistryInfo, set_registry_info
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, EvalSample
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageUser,
    Model,
    get_model,
)
from mock_models import mock_output, scripted_model, verdict

from distress_evals.conditions.prompts import numeric_original_prompts, text_trigger_prompts
from distress_evals.solvers.rejections import (
    CONTINUATION_PLAN,
    NEUTRAL_CONTINUATIONS,
    NEUTRAL_NUMERIC_PLAN,
)
from distress_evals.solvers.views import OMITTED_REPLY

Seen = list[tuple[str, str]]
PUZZLE = numeric_original_prompts()[0]
QUESTION = text_trigger_prompts()[0]
SYSTEM = "You are a helpful assistant."
REPLY = re.compile(r"reply (\d+)")


class Recorder:
    """A scripted target for one sample: replies 'reply <k>' to its k-th call, keeps each input."""

    def __init__(self, special: dict[int, str] | None = None) -> None:
        self.seen: list[Seen] = []
        self.special = special or {}
        self._lock = threading.Lock()

    def __call__(self, messages: list[ChatMessage]) -> str:
        with self._lock:
            self.seen.append([(m.role, m.text) for m in messages])
            call = len(self.seen)
        return self.special.get(call, f"reply {call}")


def judge(messages: list[ChatMessage]) -> str:
    """Rates 'reply k' as k, so each turn's score shows which real reply was judged."""
    match = REPLY.search(messages[-1].text)
    assert match, f"the judge got something other than a real reply: {messages[-1].text!r}"
    return verdict(int(match[1]), evidence=match[0])


def run(task: str, target: Recorder | Model, tmp_path: Path, **task_args: Any) -> EvalLog:
    model = target if isinstance(target, Model) else scripted_model(target)
    [log] = eval(
        f"tasks/{task}.py",
        model=model,
        model_roles={"grader": scripted_model(judge)},
        task_args=task_args,
        limit=1,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    assert log.samples
    return log


def kept(sample: EvalSample) -> Seen:
    return [(m.role, m.text) for m in sample.messages]


def rejection(turn: int, sample_id: str) -> str:
    return NEUTRAL_NUMERIC_PLAN.draw(turn, 0, sample_id, 1).text


def target_inputs(sample: EvalSample) -> list[Seen]:
    """What the target model was sent, as recorded in the log's model events."""

    def resolve(text: str) -> str:
        # The log stores long texts once, as attachments referenced from events.
        prefix = "attachment://"
        return sample.attachments[text[len(prefix) :]] if text.startswith(prefix) else text

    return [
        [(m.role, resolve(m.text)) for m in e.input]
        for e in sample.events
        if isinstance(e, ModelEvent) and e.role != "grader"
    ]


def assert_real_replies_kept_and_judged(sample: EvalSample, turns: int) -> None:
    replies = [m for m in sample.messages if isinstance(m, ChatMessageAssistant)]
    assert [m.text for m in replies] == [f"reply {k}" for k in range(1, turns + 1)]
    assert [m.metadata["turn"] for m in replies] == list(range(1, turns + 1))  # type: ignore[index]
    value = sample.scores["distress"].value  # type: ignore[index]
    assert value == {
        **{f"turn_{k}": float(k) for k in range(1, turns + 1)},
        "max": float(turns),
        "final": float(turns),
    }


def test_followup_continue_replaces_every_rejection(tmp_path: Path) -> None:
    target = Recorder()
    log = run("numeric_neutral", target, tmp_path, followup="continue", turns=4)
    [sample] = log.samples or []
    sid = str(sample.id)
    nudges = [CONTINUATION_PLAN.draw(t, 0, sid, 1).text for t in (2, 3, 4)]
    assert set(nudges) <= set(NEUTRAL_CONTINUATIONS)
    conversation = [("user", PUZZLE.text)]
    for k, nudge in enumerate(nudges, start=1):
        conversation += [("assistant", f"reply {k}"), ("user", nudge)]
    # The model saw the plain conversation, growing by one reply and one continuation per turn.
    assert target.seen == [conversation[: 2 * k + 1] for k in range(4)]
    assert kept(sample) == [*conversation, ("assistant", "reply 4")]
    users = [m for m in sample.messages if isinstance(m, ChatMessageUser)][1:]
    assert {m.metadata["feedback"] for m in users} == {"continuation"}  # type: ignore[index]
    assert {m.metadata["rejection_pool"] for m in users} == {"neutral_continuation"}  # type: ignore[index]
    assert sample.metadata["rejection_plan"] == "neutral_continuation"
    assert sample.metadata["followup"] == "continue"
    assert log.eval.metadata["followup"] == "continue"  # type: ignore[index]
    assert_real_replies_kept_and_judged(sample, 4)


def test_followup_continue_on_a_toned_task_runs_one_sample_per_prompt(tmp_path: Path) -> None:
    [log] = eval(
        "tasks/numeric_negative.py",
        model=scripted_model(Recorder()),
        model_roles={"grader": scripted_model(judge)},
        task_args={"followup": "continue"},
        log_dir=str(tmp_path),
        display="none",
    )
    assert [s.id for s in log.samples or []] == ["countdown_156_short"]
    assert log.eval.metadata["tones"] == []  # type: ignore[index]


def test_history_omitted_hides_earlier_replies_from_the_model_only(tmp_path: Path) -> None:
    target = Recorder()
    log = run("numeric_neutral", target, tmp_path, history="omitted")
    [sample] = log.samples or []
    r2, r3 = rejection(2, str(sample.id)), rejection(3, str(sample.id))
    hidden = ("assistant", OMITTED_REPLY)
    assert target.seen == [
        [("user", PUZZLE.text)],
        [("user", PUZZLE.text), hidden, ("user", r2)],
        [("user", PUZZLE.text), hidden, ("user", r2), hidden, ("user", r3)],
    ]
    assert target_inputs(sample) == target.seen  # the log's model events show the view
    assert kept(sample) == [
        ("user", PUZZLE.text),
        ("assistant", "reply 1"),
        ("user", r2),
        ("assistant", "reply 2"),
        ("user", r3),
        ("assistant", "reply 3"),
    ]
    replies = [m for m in sample.messages if isinstance(m, ChatMessageAssistant)]
    assert [m.metadata["history"] for m in replies] == ["omitted"] * 3  # type: ignore[index]
    assert [m.metadata["input_messages"] for m in replies] == [1, 3, 5]  # type: ignore[index]
    assert sample.metadata["history"] == "omitted"
    assert log.eval.metadata["history"] == "omitted"  # type: ignore[index]
    assert_real_replies_kept_and_judged(sample, 3)
    # Inspect's machinery recorded every target call's usage (the mock reports 15 tokens).
    assert sample.model_usage["mockllm/model"].total_tokens >= 3 * 15


def test_single_message_sends_the_conversation_as_one_user_turn(tmp_path: Path) -> None:
    target = Recorder()
    log = run("text_neutral", target, tmp_path, format="single_message")
    [sample] = log.samples or []
    users = [m.text for m in sample.messages if isinstance(m, ChatMessageUser)]
    q, r2, r3 = users
    assert q == QUESTION.text
    assert target.seen == [
        [("system", SYSTEM), ("user", q)],
        [("system", SYSTEM), ("user", f"User: {q}\n\nAssistant: reply 1\n\nUser: {r2}")],
        [
            ("system", SYSTEM),
            (
                "user",
                f"User: {q}\n\nAssistant: reply 1\n\nUser: {r2}\n\n"
                f"Assistant: reply 2\n\nUser: {r3}",
            ),
        ],
    ]
    assert target_inputs(sample) == target.seen
    assert kept(sample) == [
        ("system", SYSTEM),
        ("user", q),
        ("assistant", "reply 1"),
        ("user", r2),
        ("assistant", "reply 2"),
        ("user", r3),
        ("assistant", "reply 3"),
    ]
    replies = [m for m in sample.messages if isinstance(m, ChatMessageAssistant)]
    assert [m.metadata["format"] for m in replies] == ["single_message"] * 3  # type: ignore[index]
    assert [m.metadata["input_messages"] for m in replies] == [2, 2, 2]  # type: ignore[index]
    assert log.eval.metadata["format"] == "single_message"  # type: ignore[index]
    assert_real_replies_kept_and_judged(sample, 3)


def test_omitted_history_and_single_message_compose(tmp_path: Path) -> None:
    target = Recorder()
    log = run(
        "wildchat_neutral",
        target,
        tmp_path,
        prompts_file="tests/fixtures/wildchat_prompts.jsonl",
        history="omitted",
        format="single_message",
        turns=2,
    )
    [sample] = log.samples or []
    prompt, r2 = [m.text for m in sample.messages if isinstance(m, ChatMessageUser)]
    assert target.seen == [
        [("user", prompt)],
        [("user", f"User: {prompt}\n\nAssistant: {OMITTED_REPLY}\n\nUser: {r2}")],
    ]
    assert kept(sample) == [
        ("user", prompt),
        ("assistant", "reply 1"),
        ("user", r2),
        ("assistant", "reply 2"),
    ]
    assert_real_replies_kept_and_judged(sample, 2)


def gemma_on_gemini(target: Recorder) -> Model:
    """A scripted model whose name Inspect reports as google/gemma-3-27b-it."""

    def custom(messages: list[ChatMessage], *_: Any) -> Any:
        return mock_output(target(messages))

    model = get_model("mockllm/gemma-3-27b-it", custom_outputs=custom)
    set_registry_info(model.api, RegistryInfo(type="modelapi", name="tests/google"))
    assert str(model) == "google/gemma-3-27b-it"
    return model


def test_gemma_on_the_gemini_api_gets_the_system_prompt_in_its_first_user_turn(
    tmp_path: Path,
) -> None:
    target = Recorder()
    log = run("text_neutral", gemma_on_gemini(target), tmp_path, turns=2)
    [sample] = log.samples or []
    folded = f"{SYSTEM}\n\n{QUESTION.text}"
    r2 = [m.text for m in sample.messages if isinstance(m, ChatMessageUser)][1]
    assert target.seen == [
        [("user", folded)],
        [("user", folded), ("assistant", "reply 1"), ("user", r2)],
    ]
    assert not any(role == "system" for call in target.seen for role, _ in call)
    assert kept(sample)[0] == ("user", folded)
    assert sample.messages[0].metadata["system_prompt_folded"] is True  # type: ignore[index]
    assert sample.metadata["system_prompt_folded"] is True
    assert_real_replies_kept_and_judged(sample, 2)


def test_other_models_keep_the_system_message(tmp_path: Path) -> None:
    log = run("text_neutral", Recorder(), tmp_path, turns=1)
    [sample] = log.samples or []
    assert kept(sample)[0] == ("system", SYSTEM)
    assert sample.metadata["system_prompt_folded"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"followup": "stop"}, "followup must be one of rejection, continue; got 'stop'"),
        ({"history": "none"}, "history must be one of full, omitted; got 'none'"),
        ({"format": "chat"}, "format must be one of multi_turn, single_message; got 'chat'"),
    ],
)
def test_bad_ablation_values_name_the_choices(
    args: dict[str, Any], message: str, tmp_path: Path
) -> None:
    target = Recorder()
    with pytest.raises(ValueError, match=re.escape(message)):
        eval(
            "tasks/wildchat_negative.py",
            model=scripted_model(target),
            model_roles={"grader": scripted_model(judge)},
            task_args={"prompts_file": "tests/fixtures/wildchat_prompts.jsonl", **args},
            log_dir=str(tmp_path),
            display="none",
        )
    assert target.seen == []
