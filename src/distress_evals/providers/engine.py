"""One llama.cpp instance per weights file, shared by every model that uses it, one call at a time.

The target and the judge of a demo are two Inspect models over the same file: sharing the
instance loads the weights once, and its lock serialises generations (one call at a time, so a
reply never depends on what else is running). Judge calls that reuse their rubric's prefix get an
instance of their own (``reuse_prefix``), which runs beside the first on another core.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from distress_evals.providers.xllama import XLlamaModel

DEFAULT_N_CTX = 8192
"""Context tokens: the longest demo conversation (3 turns at 2,048 tokens) fits with room."""

DEFAULT_N_THREADS = 1
"""Threads per generation. llama.cpp's threads synchronise at every token, so on a shared 2-core
machine one thread generated 2.3x faster than two (65 vs 28 tokens/s measured, load ~1.5);
pass ``-M n_threads=2`` on an idle machine."""


@dataclass
class Engine:
    """A loaded llama.cpp model and the lock every use of it must hold.

    Attributes:
        model: The loaded model.
        lock: Held for each generation or tokenization.
    """

    model: XLlamaModel
    lock: threading.Lock = field(default_factory=threading.Lock)


_engines: dict[tuple[str, int, int, bool], Engine] = {}
_engines_lock = threading.Lock()


def load_engine(path: Path, n_ctx: int, n_threads: int, reuse_prefix: bool = False) -> Engine:
    """The shared engine for a weights file, loading it on first use (blocking: ~1-2 s).

    Args:
        path: The GGUF file.
        n_ctx: Context size in tokens.
        n_threads: CPU threads for generation and prompt processing.
        reuse_prefix: The engine that reuses each call's shared prefix (see ``XLlamaModel``).

    Returns:
        The engine.
    """
    key = (str(path.resolve()), n_ctx, n_threads, reuse_prefix)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = Engine(XLlamaModel(path, n_ctx, n_threads, reuse_prefix))
            _engines[key] = engine
        return engine


def release_engines() -> int:
    """Free every loaded model (they are otherwise kept until the process exits).

    Returns:
        How many were released.
    """
    with _engines_lock:
        engines = list(_engines.values())
        _engines.clear()
    for engine in engines:
        with engine.lock:
            engine.model.close()
    return len(engines)
