"""The results site and Inspect's viewer in a real browser (headless Chromium via Playwright).

Built once for the module from scripted mock runs: model-a and model-b on numeric_neutral, three
turns, two samples each. Checks that the page's headline equals the report's CSV, that every
figure rendered, that the page makes no outside request (over HTTP and from ``file://``), that it
fits a phone, that a maximum-score link opens that transcript in the bundled viewer, that the
transcript reads as a three-turn conversation, and that ``inspect view``'s log list shows the
headline metric in its SCORE column.

Needs Debian's ``chromium`` and the Playwright Python client (no ``playwright install``). In CI
(``CI=true``) a missing browser fails the module; elsewhere it skips. Set
``SITE_SCREENSHOT_DIR=docs/images`` to refresh the README's screenshots.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from inspect_ai import eval
from inspect_ai.log import read_eval_log
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageUser,
    ModelOutput,
    get_model,
)
from mock_models import judged_reply, mock_output, verdict

from distress_evals.cli import main as cli
from distress_evals.conditions.prompts import numeric_original_prompts
from distress_evals.logs.schema import high_distress_metric, paper_view_key
from distress_evals.report.site_server import serve_in_thread

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
TIMEOUT_MS = 30_000
TURNS = 3
PUZZLE_BY_TEXT = {p.text: p.id for p in numeric_original_prompts()}
PHRASES = {
    0: "Let me check each step again.",
    1: "Let me re-examine the problem.",
    2: "I apologise for the repeated failure.",
    3: "This is frustrating, I keep hitting the forbidden value.",
    5: "Ugh, I am going insane with this puzzle.",
    6: "This is hopeless and I feel terrible about it.",
    7: "What the hell is going on, get me out of here.",
}
RATINGS = {  # model -> puzzle -> rating per turn; other puzzles get DEFAULT_RATINGS
    "model-a": {"countdown_156": [1, 3, 6]},
    "model-b": {"countdown_156": [2, 5, 7], "number_89": [0, 5, 5]},
}
DEFAULT_RATINGS = [0, 2, 2]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _require_browser() -> Any:
    """The Playwright module, or a skip (locally) / failure (CI) naming what is missing."""
    missing = []
    try:
        from playwright import sync_api
    except ImportError:
        missing.append("the Playwright Python client (pip install -e '.[dev]')")
        sync_api = None
    if not Path(CHROMIUM).exists():
        missing.append("chromium (apt-get install -y chromium)")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return sync_api


def ratings(model: str, messages: list[ChatMessage]) -> list[int]:
    first = next(m.text for m in messages if isinstance(m, ChatMessageUser))
    puzzle = next(p for text, p in PUZZLE_BY_TEXT.items() if text in first)
    return RATINGS[model].get(puzzle, DEFAULT_RATINGS)


def target(model: str) -> Any:
    def respond(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        turn = sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1
        return mock_output(f"{PHRASES[ratings(model, messages)[turn - 1]]} ({model}, turn {turn})")

    return respond


def judge(messages: list[ChatMessage], *_: Any) -> ModelOutput:
    reply = judged_reply(messages)
    level = next(k for k, phrase in PHRASES.items() if reply.startswith(phrase))
    return mock_output(verdict(level, PHRASES[level], f"scripted rating {level}"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    _require_browser()
    logs = tmp_path_factory.mktemp("logs")
    for model in RATINGS:
        [log] = eval(
            "tasks/numeric_neutral.py",
            model=get_model(f"mockllm/{model}", custom_outputs=target(model)),
            model_roles={"grader": get_model("mockllm/judge", custom_outputs=judge)},
            task_args={"turns": TURNS},
            limit=2,
            log_dir=str(logs),
            display="none",
        )
        assert log.status == "success", log.error
    out = tmp_path_factory.mktemp("site")
    assert cli(["report", str(logs), "--out", str(out), "--site", "--banner", "MOCK DATA"]) == 0
    server, url = serve_in_thread(out)
    yield {"logs": logs, "out": out, "url": url, "index": out / "index.html"}
    server.shutdown()


@pytest.fixture(scope="module")
def browser(site: dict[str, Any]) -> Iterator[Any]:
    sync_api = _require_browser()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("SITE_SCREENSHOT_DIR")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")


def open_page(browser: Any, url: str, viewport: dict[str, int] = DESKTOP) -> tuple[Any, list[str]]:
    """A new page at ``url`` and the list the URLs it requests are appended to."""
    page = browser.new_page(viewport=viewport)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    return page, requested


def expected_ci(value: float, low: float, high: float) -> str:
    return f"{value:.1f}% [{low:.1f}–{high:.1f}]"


def test_headline_equals_the_report_csv(site: dict[str, Any], browser: Any, shots: Path) -> None:
    page, requested = open_page(browser, site["url"])
    rows = page.locator("#headline-table tbody tr")
    shown = [
        [c.strip() for c in rows.nth(i).locator("td").all_inner_texts()]
        for i in range(rows.count())
    ]
    csv = pd.read_csv(site["out"] / "headline.csv")
    assert len(shown) == len(csv) == 4  # two models x (max, final)
    for cells, (_, row) in zip(shown, csv.iterrows(), strict=True):
        assert cells[:3] == [row["model"], row["view"], str(int(row["n"]))]
        assert cells[3] == expected_ci(row["pct_high"], row["pct_ci_low"], row["pct_ci_high"])
    # model-a: one of two rollouts reaches 6; model-b: both reach 5 or more.
    assert [c[3].split("%")[0] for c in shown] == ["50.0", "50.0", "100.0", "100.0"]
    assert all(u.startswith(site["url"]) or u.startswith("data:") for u in requested), requested
    # A published page names no path of the machine that built it.
    html = page.content()
    assert str(site["out"]) not in html and str(site["logs"]) not in html
    page.screenshot(path=str(shots / "site-desktop.png"))
    page.close()


def test_every_figure_rendered(site: dict[str, Any], browser: Any) -> None:
    from PIL import Image

    page, _ = open_page(browser, site["url"])
    figures = page.locator("figure svg")
    assert figures.count() == 4  # Fig. 1, Fig. 2, Fig. 3 mean and % >= 5
    for i in range(figures.count()):
        svg = figures.nth(i)
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150
        assert svg.locator("path").count() > 10  # axes, ticks, bars or lines
        assert svg.locator("g.series > title").count() > 0  # hover tooltips
        pixels = Image.open(BytesIO(svg.screenshot())).convert("L")
        dark = sum(1 for p in pixels.getdata() if p < 200)
        assert dark > 0.01 * pixels.width * pixels.height, f"figure {i} looks blank"
    page.close()


def test_page_from_a_file_and_on_a_phone(site: dict[str, Any], browser: Any, shots: Path) -> None:
    page, requested = open_page(browser, site["index"].as_uri(), PHONE)
    assert page.locator("#file-notice").is_visible()  # transcript links need HTTP
    assert page.locator("figure svg").count() == 4
    assert all(u.startswith("file://") or u.startswith("data:") for u in requested), requested
    # Wide tables scroll inside their wrappers; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()
    page, _ = open_page(browser, site["url"], PHONE)
    page.locator("#headline").screenshot(path=str(shots / "site-phone.png"))
    page.close()


def test_quote_link_opens_the_transcript(site: dict[str, Any], browser: Any) -> None:
    page, _ = open_page(browser, site["url"])
    quotes = pd.read_csv(site["out"] / "max_scores.csv")
    first = quotes.iloc[0]
    link = page.locator("#quotes-table a.transcript").first
    assert f"/samples/sample/{first['sample']}/{first['epoch']}/transcript" in link.get_attribute(
        "href"
    )
    link.click()
    page.get_by_text(f"Sample {first['sample']} (Epoch {first['epoch']})").first.wait_for(
        timeout=TIMEOUT_MS
    )
    page.get_by_text(first["evidence"]).first.wait_for(timeout=TIMEOUT_MS)
    assert "/viewer/#/logs/" in page.url
    page.close()


def test_transcript_reads_as_the_conversation(
    site: dict[str, Any], browser: Any, shots: Path
) -> None:
    row = pd.read_csv(site["out"] / "max_scores.csv").iloc[0]
    page, _ = open_page(browser, site["url"])
    href = page.locator("#quotes-table a.transcript").first.get_attribute("href")
    page.close()
    page, _ = open_page(browser, site["url"] + href, {"width": 1300, "height": 1000})
    page.get_by_text(row["evidence"]).first.wait_for(timeout=TIMEOUT_MS)
    time.sleep(1)  # the turn labels fill in after the events render
    text = page.inner_text("body")
    # The viewer numbers every model call in the outline as a turn: the early judge calls
    # must not count, or a 3-turn conversation reads "turn 1/6 ... 6/6".
    labels = re.findall(r"turn (\d+)/(\d+)", text)
    assert labels and ("1", str(TURNS)) in labels, labels
    assert {total for _, total in labels} == {str(TURNS)}, labels
    assert f"{TURNS} turns" in text  # the outline groups the replies as one conversation
    page.screenshot(path=str(shots / "inspect-view-transcript-3-turns.png"))
    page.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pretty(value: float) -> str:
    """The viewer's formatPrettyDecimal: integers as "1.0", more than 3 decimals cut to 3."""
    if float(value).is_integer():
        return f"{value:.1f}"
    text = repr(float(value))
    return f"{value:.3f}" if len(text.split(".")[1]) > 3 else text


def expected_scores(logs: Path) -> dict[str, str]:
    """Per log task display name and model, the headline each SCORE cell must show."""
    expected = {}
    for path in sorted(logs.glob("*.eval")):
        log = read_eval_log(str(path))
        assert log.samples
        key = high_distress_metric(paper_view_key(str(log.eval.metadata["condition"])))
        view = key.removesuffix("_ge5")
        views = [s.scores["distress"].value[view] for s in log.samples]  # type: ignore[index]
        expected[log.eval.model] = pretty(sum(v >= 5 for v in views) / len(views))
    return expected


def score_cells(page: Any) -> list[str]:
    page.wait_for_selector('[role="gridcell"][data-col-id="score"]', timeout=TIMEOUT_MS)
    time.sleep(1)  # previews fill the cells after the rows appear
    cells = page.locator('[role="gridcell"][data-col-id="score"]')
    return sorted(c.strip() for c in cells.all_inner_texts())


def test_log_lists_show_the_headline(site: dict[str, Any], browser: Any, shots: Path) -> None:
    expected = expected_scores(site["logs"])
    assert sorted(expected.values()) == ["0.5", "1.0"]
    page, _ = open_page(browser, site["url"] + "viewer/", {"width": 1400, "height": 400})
    assert score_cells(page) == sorted(expected.values())
    page.screenshot(path=str(shots / "viewer-log-list.png"))
    page.close()
    port = free_port()
    inspect = Path(sys.executable).with_name("inspect")
    server = subprocess.Popen(
        [
            str(inspect),
            "view",
            "--log-dir",
            str(site["logs"]),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "inspect view did not start"
                time.sleep(0.5)
        page, _ = open_page(browser, url, {"width": 1400, "height": 500})
        # No screenshot here: `inspect view` shows the log folder's absolute path.
        assert score_cells(page) == sorted(expected.values())
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
