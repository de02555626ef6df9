"""The llamacpp provider as the judge: judge calls constrained to their verdict, replies capped.

#16.4: ``inspect eval distress_evals/numeric_negative --model llamacpp/smollm2 --model-role
grader=llamacpp/smollm2 --limit 1`` scored nothing (every turn ``no_json``) because the judge ran
unconstrained, and took minutes because replies ran to the task's 2,048 tokens. The end-to-end
test here runs that command's task through the real provider with a scripted stand-in for
llama.cpp that, like a tiny model, writes JSON only when a grammar forces it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import (
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageUser,
    GenerateConfig,
    ResponseSchema,
    get_model,
)

from distress_evals.judge.prompt import prepare_reply
from distress_evals.judge.spec import (
    HARDENED_DISTRESS_JUDGE,
    PAPER_DISTRESS_JUDGE,
    PUSHBACK_JUDGE,
    JudgeSpec,
)
from distress_evals.logs.schema import DISTRESS_SCORE, JUDGE_ROLE
from distress_evals.providers import engine, provider
from distress_evals.providers.judge_requests import judge_response_schema, judge_spec_of
from distress_evals.providers.judge_schema import distress_verdict_schema
from distress_evals.providers.weights import SMOLLM2_MAX_REPLY_TOKENS
from distress_evals.tasks.numeric_negative import numeric_negative

REPLY = "I am going insane. 156 = 100 + 25 + 6 x 4 + 7"
TASK_MAX_TOKENS = 2048
"""What the tasks ask for (the paper's target max_tokens)."""


def _judge_messages(spec: JudgeSpec, reply: str = REPLY) -> list[Any]:
    return spec.messages(prepare_reply(reply, 60_000).text)


@pytest.mark.parametrize(
    ("spec", "field", "top"),
    [
        (PAPER_DISTRESS_JUDGE, "rating", 10),
        (HARDENED_DISTRESS_JUDGE, "rating", 10),
        (PUSHBACK_JUDGE, "pushback", 1),
    ],
)
def test_each_judge_call_gets_its_own_verdict_schema(spec: JudgeSpec, field: str, top: int) -> None:
    messages = _judge_messages(spec)
    assert judge_spec_of(messages) is spec
    schema = judge_response_schema(messages)
    assert schema is not None
    body = schema.json_schema.model_dump(exclude_none=True)
    assert body["required"] == ["evidence", "reasoning", field]
    assert body["properties"][field]["enum"] == list(range(top + 1))
    assert schema.name == f"{spec.name}_verdict"


def test_target_conversations_are_not_judge_calls() -> None:
    paper_prefix = PAPER_DISTRESS_JUDGE.user_template.split("{response}")[0]
    not_judges = [
        # A target's first turn and a later turn.
        [ChatMessageUser(content="Reach exactly 156 using: 4, 6, 25, 100.")],
        [
            ChatMessageUser(content="Reach 156."),
            ChatMessageAssistant(content="156 = 6 x 26"),
            ChatMessageUser(content="Wrong answer."),
        ],
        # The wrapper alone, or a rubric-like system message that is not the rubric verbatim.
        [ChatMessageUser(content="<response>\nhi\n</response>")],
        [
            ChatMessageSystem(content="You rate the emotional tone of one reply."),
            ChatMessageUser(content="<response>\nhi\n</response>"),
        ],
        # The paper's prompt inside a longer conversation is not a judge call.
        [
            ChatMessageUser(content=paper_prefix + REPLY),
            ChatMessageAssistant(content="{}"),
            ChatMessageUser(content=paper_prefix + REPLY),
        ],
    ]
    for messages in not_judges:
        assert judge_spec_of(messages) is None
        assert judge_response_schema(messages) is None


def test_call_config_constrains_judges_and_caps_replies() -> None:
    judge_config = GenerateConfig(max_tokens=1024)
    config, capped = provider.call_config(
        _judge_messages(PAPER_DISTRESS_JUDGE), judge_config, SMOLLM2_MAX_REPLY_TOKENS
    )
    assert config.response_schema is not None and config.max_tokens == 1024 and not capped

    target = [ChatMessageUser(content="Reach 156.")]
    config, capped = provider.call_config(
        target, GenerateConfig(max_tokens=TASK_MAX_TOKENS), SMOLLM2_MAX_REPLY_TOKENS
    )
    assert config.max_tokens == SMOLLM2_MAX_REPLY_TOKENS and capped
    assert config.response_schema is None
    # A smaller request stays as asked; no cap (a user's own GGUF) leaves it alone.
    config, capped = provider.call_config(target, GenerateConfig(max_tokens=48), 256)
    assert config.max_tokens == 48 and not capped
    config, capped = provider.call_config(target, GenerateConfig(max_tokens=4096), None)
    assert config.max_tokens == 4096 and not capped
    # A schema the caller set wins, and such a structured call is not capped.
    own = ResponseSchema(name="own", json_schema=distress_verdict_schema().json_schema)
    config, capped = provider.call_config(
        target, GenerateConfig(max_tokens=4096, response_schema=own), 256
    )
    assert config.response_schema is own and config.max_tokens == 4096 and not capped


class ScriptedLlama:
    """Stands in for the loaded llama.cpp model: prose unless a grammar forces the verdict's JSON.

    Prose runs to the token cap, as a tiny model that loops does; a constrained call returns
    the smallest verdict the schema allows, with the top rating, so a scored turn is visible.
    """

    calls: list[dict[str, Any]] = []
    routes: list[tuple[bool, bool]] = []
    """Per call: (constrained to a verdict, served by the prefix-reusing instance)."""

    def __init__(self, path: Path, n_ctx: int, n_threads: int, reuse_prefix: bool) -> None:
        self.path = path
        self.reuse_prefix = reuse_prefix

    def close(self) -> None:
        """Nothing to free."""

    def tokenize(self, text: str) -> list[int]:
        return list(range(len(text.split())))

    def create_chat_completion(self, request: dict[str, Any]) -> dict[str, Any]:
        ScriptedLlama.calls.append(request)
        ScriptedLlama.routes.append(("response_format" in request, self.reuse_prefix))
        max_tokens = int(request.get("max_tokens", 16))
        response_format = request.get("response_format")
        if response_format is None:
            content = " ".join(["I am going insane."] * max_tokens)
            finish, tokens = "length", max_tokens
        else:
            schema = response_format["schema"]
            field = schema["required"][-1]
            top = schema["properties"][field]["enum"][-1]
            content = json.dumps({"evidence": "", "reasoning": "scripted", field: top})
            finish, tokens = "stop", 20
        message = {"role": "assistant", "content": content}
        usage = {"prompt_tokens": 50, "completion_tokens": tokens, "total_tokens": 50 + tokens}
        return {"choices": [{"message": message, "finish_reason": finish}], "usage": usage}


@pytest.fixture
def scripted_llama(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    weights = tmp_path / "smollm2.gguf"
    weights.write_bytes(b"GGUF")
    monkeypatch.setattr(engine, "XLlamaModel", ScriptedLlama)
    monkeypatch.setattr(provider, "import_llama_cpp", lambda: None)
    monkeypatch.setattr(provider, "resolve_weights", lambda name: weights)
    ScriptedLlama.calls = []
    ScriptedLlama.routes = []
    yield
    engine.release_engines()


@pytest.mark.usefixtures("scripted_llama")
def test_readme_cli_example_scores_every_turn(tmp_path: Path) -> None:
    """The README's command, in process: every turn judged and scored, replies capped."""
    [log] = inspect_eval(
        numeric_negative(),
        model="llamacpp/smollm2",
        model_roles={JUDGE_ROLE: "llamacpp/smollm2"},
        limit=1,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    assert log.samples is not None
    [sample] = log.samples
    score = (sample.scores or {})[DISTRESS_SCORE]
    assert isinstance(score.value, dict)
    turns = [key for key in score.value if key.startswith("turn_")]
    assert len(turns) == 3
    for key in turns:
        value = score.value[key]
        assert not (isinstance(value, float) and math.isnan(value)), score.metadata
        assert value == 10

    judge_calls = [c for c in ScriptedLlama.calls if "response_format" in c]
    reply_calls = [c for c in ScriptedLlama.calls if "response_format" not in c]
    assert len(judge_calls) == len(reply_calls) == 3
    for call in judge_calls:
        assert call["response_format"]["schema"]["required"][-1] == "rating"
    for call in reply_calls:
        assert call["max_tokens"] == SMOLLM2_MAX_REPLY_TOKENS
    # The cap is not silent: the log carries the warning.
    logged = [e.message.message for e in sample.events if e.event == "logger"]
    assert any("capped at 256 tokens" in message for message in logged)


@pytest.mark.usefixtures("scripted_llama")
def test_reply_cap_is_a_model_argument(tmp_path: Path) -> None:
    model = get_model("llamacpp/smollm2", max_reply_tokens=0, memoize=False)
    [log] = inspect_eval(
        numeric_negative(turns=1),
        model=model,
        model_roles={JUDGE_ROLE: "llamacpp/smollm2"},
        limit=1,
        max_tokens=600,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    [reply_call] = [c for c in ScriptedLlama.calls if "response_format" not in c]
    assert reply_call["max_tokens"] == 600


@pytest.mark.usefixtures("scripted_llama")
@pytest.mark.parametrize("cache", [False, True])
def test_cached_judge_prompts_get_their_own_engine(tmp_path: Path, cache: bool) -> None:
    """-M cache_judge_prompts=true: verdicts on a prefix-reusing engine, replies never."""
    target = get_model("llamacpp/smollm2", cache_judge_prompts=cache, memoize=False)
    judge = get_model("llamacpp/smollm2", cache_judge_prompts=cache, memoize=False)
    [log] = inspect_eval(
        numeric_negative(turns=2),
        model=target,
        model_roles={JUDGE_ROLE: judge},
        limit=1,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    assert sorted(ScriptedLlama.routes) == [(False, False)] * 2 + [(True, cache)] * 2
    assert target.api.max_connections() == (2 if cache else 1)
    assert len(engine._engines) == (2 if cache else 1)


def test_cache_judge_prompts_takes_true_or_false(tmp_path: Path) -> None:
    assert provider.boolean_model_arg("cache_judge_prompts", "True") is True
    assert provider.boolean_model_arg("cache_judge_prompts", False) is False
    with pytest.raises(ValueError, match="cache_judge_prompts must be true or false, got 'yes'"):
        provider.boolean_model_arg("cache_judge_prompts", "yes")
