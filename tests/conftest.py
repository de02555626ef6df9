"""The slow-test gate: tests marked ``slow`` run only with --runslow or RUN_SLOW_TESTS=1."""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow") or os.environ.get("RUN_SLOW_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow or RUN_SLOW_TESTS=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
