"""``paper-scale --dry-run`` offline: fast, no network call, one note, and dollars with dates."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from distress_evals import cli
from distress_evals.cli import scale as commands
from distress_evals.scale import offline
from distress_evals.scale.dry_run import estimate_runs
from distress_evals.scale.paper_scale import PAPER_SCALE_RUNS, PaperRun, run_labels
from distress_evals.scale.prices import dollars, load_prices

JUDGE = "anthropic/claude-sonnet-4-20250514"
RUNS = (
    PaperRun("numeric_neutral", samples=5, epochs=2, turns=3),
    PaperRun("wildchat_neutral", samples=20, epochs=2, turns=5),
)
FAST_SECONDS = 10.0
"""Far below the ~23 s that Hugging Face's five retries of an unreachable Hub sleep alone."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    """Record (and refuse) every attempt to resolve a name or open a connection."""
    attempts: list[Any] = []

    def refuse(*args: Any, **_: Any) -> Any:
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    # No cached WildChat selection: building wildchat_neutral would need the Hub.
    monkeypatch.setenv("DISTRESS_EVALS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(commands, "PAPER_SCALE_RUNS", RUNS)
    return attempts


def test_offline_dry_run_is_fast_says_so_once_and_prices_the_run(
    no_network: list[Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    started = time.monotonic()
    code = cli.main(["paper-scale", "--dry-run", "--model", "openai/gpt-4o", "--grader", JUDGE])
    elapsed = time.monotonic() - started
    out = capsys.readouterr().out
    assert code == 0 and elapsed < FAST_SECONDS
    assert no_network == []
    assert out.count("assumed (") == 1 and "offline: HF_HUB_OFFLINE is set" in out
    assert re.search(r"^wildchat_neutral .* \*$", out, re.MULTILINE)
    assert re.search(r"^numeric_neutral .*\d$", out, re.MULTILINE)  # measured: no mark

    table = load_prices()
    total = estimate_runs(RUNS, 800, 80, check_hub=lambda: offline.HubAccess(False, "x")).total
    judge = table.prices[JUDGE].cost(total.judge_input_tokens, total.judge_output_tokens)
    target = table.prices["openai/gpt-4o"].cost(
        total.target_input_tokens, total.target_output_tokens
    )
    assert f"compiled {table.compiled}" in out
    assert f"{dollars(judge)} per evaluated model" in out
    assert f"as of {table.prices[JUDGE].as_of}" in out
    assert f"target openai/gpt-4o: {dollars(target)}" in out
    assert f"total for 1 model(s): {dollars(judge + target)}" in out


def test_unknown_model_gets_no_dollar_figure_and_an_override_adds_one(
    no_network: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "true")
    argv = ["paper-scale", "--dry-run", "--model", "vllm/google/gemma-3-27b-it"]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "target vllm/google/gemma-3-27b-it: no dollar figure, not in the price table" in out
    assert "without vllm/google/gemma-3-27b-it" in out and "--prices FILE" in out

    prices = tmp_path / "prices.yaml"
    prices.write_text(
        "models:\n  vllm/google/gemma-3-27b-it:\n    input: 0.1\n    output: 0.2\n"
        '    as_of: "2026-11-30"\n    source: our GPU bill\n',
        encoding="utf-8",
    )
    assert cli.main([*argv, "--prices", str(prices)]) == 0
    out = capsys.readouterr().out
    assert "as of 2026-11-30, our GPU bill" in out and "no dollar figure" not in out
    assert no_network == []


def test_a_malformed_price_table_names_file_and_model(tmp_path: Path) -> None:
    prices = tmp_path / "bad.yaml"
    prices.write_text("models:\n  x/y:\n    input: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml: x/y lacks output, as_of, source"):
        load_prices(prices)
    with pytest.raises(ValueError, match="no such file"):
        load_prices(tmp_path / "missing.yaml")


def test_every_packaged_price_is_dated_and_sourced() -> None:
    table = load_prices()
    assert table.prices and re.fullmatch(r"\d{4}-\d{2}-\d{2}", table.compiled)
    for price in table.prices.values():
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", price.as_of), price
        assert price.source.startswith("https://") and price.input > 0 and price.output > 0


def test_probe_gives_up_quickly_when_the_name_lookup_hangs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in offline.OFFLINE_SWITCHES:
        monkeypatch.delenv(name, raising=False)

    def hang(*_: Any, **__: Any) -> Any:
        time.sleep(5)
        raise OSError("too late")

    monkeypatch.setattr(socket, "create_connection", hang)
    started = time.monotonic()
    access = offline.hub_access(timeout=0.2)
    assert not access.online and "did not answer within 0.2 s" in access.reason
    assert time.monotonic() - started < 1.0


def test_no_probe_when_no_condition_needs_the_hub(no_network: list[Any]) -> None:
    def probe() -> offline.HubAccess:
        raise AssertionError("the Hub was checked")

    numeric = (RUNS[0],)
    assert estimate_runs(numeric, 800, 80, check_hub=probe).assumed_because == ""


def test_the_paper_set_dry_runs_offline_measuring_all_but_wildchat(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("DISTRESS_EVALS_CACHE_DIR", str(tmp_path))
    assert cli.main(["paper-scale", "--dry-run"]) == 0
    rows = {
        line.split("  ")[0]: line
        for line in capsys.readouterr().out.splitlines()
        if line.split("  ")[0] in run_labels(PAPER_SCALE_RUNS)
    }
    assert sorted(rows) == sorted(run_labels(PAPER_SCALE_RUNS))
    for label, row in rows.items():
        assert row.endswith(" *") == label.startswith("wildchat"), row
