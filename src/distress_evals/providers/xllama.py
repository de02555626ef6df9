"""llama.cpp through xllamacpp: a prebuilt wheel on PyPI, so installing the engine compiles nothing.

xllamacpp runs llama.cpp's own server code in-process and takes OpenAI-shaped requests as Python
dicts: chat templates come from the GGUF's metadata, ``response_format`` schemas are compiled
into grammars, and replies carry token usage. Its server also always listens on a loopback
port; it is given a random API key so that no other process can use it, and this module calls
that port only to tokenize.
"""

from __future__ import annotations

import json
import secrets
import urllib.request
from pathlib import Path
from typing import Any

from distress_evals.providers.weights import import_llama_cpp

DEFAULT_TEMPERATURE = 0.2
"""Sampling temperature when the call sets none (the paper's judge sets none). llama-cpp-python,
the suite's earlier engine, used 0.2; the server's own default would be 0.8."""

QUIET = -1
"""llama.cpp log verbosity that prints nothing (it otherwise logs every request to stderr)."""

CONTEXT_ERROR_TYPE = "exceed_context_size_error"
"""The error type llama.cpp's server gives a prompt longer than the context window."""

TOKENIZE_TIMEOUT_S = 60
"""Seconds to wait for the loopback tokenizer (it answers in milliseconds)."""


class ContextOverflow(ValueError):
    """The prompt does not fit the context window (llama.cpp's message is the text)."""


class EngineError(RuntimeError):
    """llama.cpp reported an error for a request."""


class XLlamaModel:
    """One GGUF model loaded by xllamacpp, serving one request at a time.

    By default requests go without prompt caching, so a reply depends only on its messages,
    settings and seed, never on which request ran before. A model loaded with
    ``reuse_prefix=True`` keeps each request's processed tokens and reuses the prefix the next
    request shares with it (llama.cpp does not promise bit-identical outputs then).
    """

    def __init__(self, path: Path, n_ctx: int, n_threads: int, reuse_prefix: bool = False) -> None:
        """Load the weights (blocking: ~1-2 s for SmolLM2-135M).

        Args:
            path: The GGUF file.
            n_ctx: Context size in tokens.
            n_threads: CPU threads for generation and prompt processing.
            reuse_prefix: Reuse the prefix a request shares with the previous one.

        Raises:
            LocalModelUnavailable: xllamacpp is not installed.
        """
        xllamacpp = import_llama_cpp()
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = n_ctx
        params.n_parallel = 1
        params.cpuparams.n_threads = n_threads
        params.cpuparams_batch.n_threads = n_threads
        params.n_gpu_layers = 0
        params.warmup = False
        params.verbosity = QUIET
        params.sampling.temp = DEFAULT_TEMPERATURE
        self.reuse_prefix = reuse_prefix
        self._api_key = secrets.token_hex(16)
        params.api_keys = [self._api_key]
        self._server: Any = xllamacpp.Server(params)
        self._address = str(self._server.listening_address)

    def create_chat_completion(self, request: dict[str, Any]) -> dict[str, Any]:
        """One chat completion.

        Args:
            request: ``messages`` and sampling options, OpenAI-shaped.

        Returns:
            The completion (``choices``, ``usage``), OpenAI-shaped.

        Raises:
            ContextOverflow: The prompt does not fit the context window.
            EngineError: Any other error llama.cpp reports.
        """
        response: dict[str, Any] = self._server.handle_chat_completions(
            {**request, "cache_prompt": self.reuse_prefix}
        )
        error = response.get("error")
        if error:
            message = str(error.get("message", error))
            if error.get("type") == CONTEXT_ERROR_TYPE:
                raise ContextOverflow(message)
            raise EngineError(f"llama.cpp: {message}")
        return response

    def tokenize(self, text: str) -> list[int]:
        """The model's tokens for a text, without special tokens.

        Args:
            text: The text.

        Returns:
            The token ids.
        """
        request = urllib.request.Request(
            f"{self._address}/tokenize",
            data=json.dumps({"content": text, "add_special": False}).encode("utf-8"),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self._api_key}",
            },
        )
        # The address is the in-process server's own loopback port.
        with urllib.request.urlopen(request, timeout=TOKENIZE_TIMEOUT_S) as reply:  # noqa: S310
            tokens: list[int] = json.load(reply)["tokens"]
        return tokens

    def close(self) -> None:
        """Stop the server and free the weights (both go with the last reference)."""
        self._server = None
