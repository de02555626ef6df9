"""Registers the ``llamacpp`` model API with Inspect (imported by the suite's entry point).

Importing this module must stay cheap and must not need the ``local`` extra: the provider
(and with it llama.cpp) is imported only when a ``llamacpp/...`` model is created.
"""

from __future__ import annotations

from inspect_ai.model import ModelAPI, modelapi


@modelapi(name="llamacpp")
def llamacpp() -> type[ModelAPI]:
    """The in-process llama.cpp model API (``--model llamacpp/smollm2``)."""
    from distress_evals.providers.provider import LlamaCppAPI  # noqa: PLC0415 - lazy by design

    return LlamaCppAPI
