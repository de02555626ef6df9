"""One llama.cpp instance per weights file, shared by every model that uses it, one call at a time.

The target and the judge of a demo are two Inspect models over the same file: sharing the
instance loads the weights once, and its lock serialises generations (a llama.cpp context runs
one at a time, and calls from two threads at once would corrupt it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distress_evals.providers.weights import import_llama_cpp

DEFAULT_N_CTX = 8192
"""Context tokens: the longest demo conversation (3 turns at 2,048 tokens) fits with room."""

DEFAULT_N_THREADS = 1
"""Threads per generation. llama.cpp's worker threads busy-wait at every step, so on a shared
2-core machine two threads ran about 3x slower than one (4 vs 12 tokens/s measured); pass
``-M n_threads=2`` on an idle machine for up to ~1.5x more speed."""


@dataclass
class Engine:
    """A loaded llama.cpp model and the lock every use of it must hold.

    Attributes:
        llama: The ``llama_cpp.Llama`` instance.
        lock: Held for each generation or tokenization.
    """

    llama: Any
    lock: threading.Lock = field(default_factory=threading.Lock)


_engines: dict[tuple[str, int, int], Engine] = {}
_engines_lock = threading.Lock()


def load_engine(path: Path, n_ctx: int, n_threads: int) -> Engine:
    """The shared engine for a weights file, loading it on first use (blocking: ~1 s).

    Args:
        path: The GGUF file.
        n_ctx: Context size in tokens.
        n_threads: CPU threads for generation and prompt processing.

    Returns:
        The engine.
    """
    key = (str(path.resolve()), n_ctx, n_threads)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            llama_cpp = import_llama_cpp()
            llama = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=n_threads,
                n_threads_batch=n_threads,
                n_gpu_layers=0,
                verbose=False,
            )
            engine = Engine(llama)
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
            engine.llama.close()
    return len(engines)
