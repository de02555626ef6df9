"""The providers a lab uses come with the install: no missing optional dependency at run time."""

from __future__ import annotations

import pytest
from inspect_ai.model import get_model


@pytest.mark.parametrize(
    "model",
    [
        "google/gemma-3-27b-it",  # the README's own example
        "anthropic/claude-sonnet-4-20250514",  # the paper's judge
        "openai/gpt-4.1-mini",
    ],
)
def test_the_provider_package_is_installed(model: str) -> None:
    # A dummy key: creating the model checks the package (and its version) without a call.
    created = get_model(model, api_key="test-key-not-used", memoize=False)
    assert str(created) == model
