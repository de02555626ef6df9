"""The xllamacpp engine adapter without the engine: settings, errors, and no prompt caching."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from distress_evals.providers import xllama
from distress_evals.providers.xllama import ContextOverflow, EngineError, XLlamaModel

OK = {
    "choices": [{"message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6},
}


class FakeServer:
    """Records what it was started with and the requests it got; answers from a script."""

    instances: list[FakeServer] = []

    def __init__(self, params: Any) -> None:
        self.params = params
        self.requests: list[dict[str, Any]] = []
        self.reply: dict[str, Any] = OK
        self.listening_address = "http://127.0.0.1:1"
        FakeServer.instances.append(self)

    def handle_chat_completions(self, request: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(request)
        return self.reply


def _params() -> Any:
    namespace = types.SimpleNamespace
    return namespace(
        model=namespace(),
        cpuparams=namespace(),
        cpuparams_batch=namespace(),
        sampling=namespace(),
    )


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("xllamacpp")
    module.CommonParams = _params  # type: ignore[attr-defined]
    module.Server = FakeServer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "xllamacpp", module)
    FakeServer.instances = []


@pytest.mark.usefixtures("fake_engine")
def test_model_loads_quiet_on_one_slot_with_a_private_key(tmp_path: Path) -> None:
    XLlamaModel(tmp_path / "m.gguf", n_ctx=4096, n_threads=2)
    [server] = FakeServer.instances
    params = server.params
    assert params.model.path == str(tmp_path / "m.gguf")
    assert params.n_ctx == 4096 and params.n_parallel == 1
    assert params.cpuparams.n_threads == params.cpuparams_batch.n_threads == 2
    assert params.n_gpu_layers == 0 and params.verbosity == xllama.QUIET
    assert params.sampling.temp == xllama.DEFAULT_TEMPERATURE
    # The loopback port answers only to this process's random key.
    [key] = params.api_keys
    assert len(key) >= 32


@pytest.mark.usefixtures("fake_engine")
def test_requests_go_without_prompt_caching(tmp_path: Path) -> None:
    model = XLlamaModel(tmp_path / "m.gguf", n_ctx=512, n_threads=1)
    request = {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 4, "seed": 1}
    assert model.create_chat_completion(request) == OK
    [sent] = FakeServer.instances[0].requests
    assert sent == {**request, "cache_prompt": False}
    assert "cache_prompt" not in request  # the caller's request is not changed


@pytest.mark.usefixtures("fake_engine")
def test_errors_are_raised_not_returned(tmp_path: Path) -> None:
    model = XLlamaModel(tmp_path / "m.gguf", n_ctx=512, n_threads=1)
    server = FakeServer.instances[0]
    server.reply = {
        "error": {
            "code": 400,
            "type": xllama.CONTEXT_ERROR_TYPE,
            "message": "request (731 tokens) exceeds the available context size (512 tokens)",
        }
    }
    with pytest.raises(ContextOverflow, match="731 tokens"):
        model.create_chat_completion({"messages": []})
    server.reply = {"error": {"code": 500, "type": "server_error", "message": "boom"}}
    with pytest.raises(EngineError, match="boom"):
        model.create_chat_completion({"messages": []})
