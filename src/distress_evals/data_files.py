"""Where the suite's data files are: ``datasets/`` beside the code, installed or editable.

An installed wheel carries them as the package data ``distress_evals/datasets/``; an editable
install (the repository) keeps them in the repository's root ``datasets/`` folder, which
setuptools' editable finder does not expose as an importable resource. Both resolve here.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _datasets_dir() -> Path:
    installed = _PACKAGE_DIR / "datasets"
    if installed.is_dir():
        return installed
    # src/distress_evals/ -> the repository root, which holds datasets/.
    return _PACKAGE_DIR.parent.parent / "datasets"


DATASETS_DIR = _datasets_dir()
"""The folder holding the shipped JSONL data files and their PROVENANCE.md."""
