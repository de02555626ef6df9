"""The results site without a browser: range server, links, errors, figures and page markup.

The page and figures are rendered from the committed sample report's CSVs
(docs/sample-report/); the browser checks are in test_site_browser.py.
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from distress_evals.cli import main as cli
from distress_evals.report.site import build_site, read_tables
from distress_evals.report.site_figures import site_figures
from distress_evals.report.site_page import page
from distress_evals.report.site_sections import SiteInputs, render_body
from distress_evals.report.site_server import serve_in_thread
from distress_evals.report.site_viewer import SiteError, relative_log, sample_link

SAMPLE_REPORT = Path(__file__).parent.parent / "docs" / "sample-report"


def fetch(url: str, range_header: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Range": range_header} if range_header else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def test_range_server(tmp_path: Path) -> None:
    data = bytes(range(256)) * 4
    (tmp_path / "log.eval").write_bytes(data)
    server, url = serve_in_thread(tmp_path)
    try:
        status, headers, body = fetch(url + "log.eval")
        assert (status, body, headers["Accept-Ranges"]) == (200, data, "bytes")
        status, headers, body = fetch(url + "log.eval", "bytes=10-19")
        assert (status, body, headers["Content-Range"]) == (206, data[10:20], "bytes 10-19/1024")
        status, headers, body = fetch(url + "log.eval", "bytes=-22")
        assert (status, body) == (206, data[-22:])
        status, headers, body = fetch(url + "log.eval", "bytes=1000-")
        assert (status, body) == (206, data[1000:])
        status, headers, _ = fetch(url + "log.eval", "bytes=5000-5001")
        assert (status, headers["Content-Range"]) == (416, "bytes */1024")
    finally:
        server.shutdown()


def test_links_follow_the_viewer_routes(tmp_path: Path) -> None:
    log = tmp_path / "run 1" / "a.eval"
    assert relative_log(log.as_uri(), tmp_path) == "run 1/a.eval"
    assert relative_log(str(log), tmp_path) == "run 1/a.eval"
    # Ids are encoded as the viewer's encodeURIComponent does; the route is relative to logs/.
    assert sample_link("run 1/a.eval", "p/1 x", 2) == (
        "viewer/#/logs/run%201/a.eval/samples/sample/p%2F1%20x/2/transcript"
    )
    with pytest.raises(SiteError, match="not under the log folder"):
        relative_log("/elsewhere/b.eval", tmp_path)
    with pytest.raises(SiteError, match="local logs only"):
        relative_log("s3://bucket/b.eval", tmp_path)


def test_bad_folders_fail_before_anything_is_written(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    (logs / "site").mkdir(parents=True)
    with pytest.raises(SiteError, match="inside the log folder"):
        build_site(logs / "site", logs)
    # The command refuses it before the report is written, too.
    assert cli(["report", str(logs), "--out", str(logs / "site"), "--site"]) == 2
    with pytest.raises(SiteError, match="build the report first"):
        build_site(tmp_path / "empty", logs)
    assert not list((logs / "site").iterdir())


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, pd.DataFrame]]:
    out = tmp_path_factory.mktemp("sample")
    for csv in SAMPLE_REPORT.glob("*.csv"):
        shutil.copy(csv, out)
    tables = read_tables(out)
    series = sorted(tables["headline"]["model"].unique())
    inputs = SiteInputs(
        tables=tables,
        figures=site_figures(tables, series, multi_judge=False),
        series=series,
        multi_judge=False,
        transcript=lambda row: f'<a class="transcript" href="#{row["sample"]}">open</a>',
        logs=[],
        downloads=["report.md"],
        serve_command="serve",
    )
    return page("t", render_body(inputs, "t", None)), tables


def test_figures_have_tooltips_and_series(
    sample_page: tuple[str, dict[str, pd.DataFrame]],
) -> None:
    html, tables = sample_page
    svgs = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    assert len(svgs) == 4
    for svg in svgs:
        root = svg[: svg.index(">")]
        assert "max-width" in root and " width=" not in root and "viewBox" in root
        assert re.search(r'class="series" data-series="[0-2]"><title>[^<]+n=\d+', svg)
    # Every headline bar carries its rate, interval and n as shown in the CSV.
    for _, row in tables["headline"].iterrows():
        tip = (
            f"{row['model']} · {row['view']}: {row['pct_high']:.1f}% "
            f"[{row['pct_ci_low']:.1f}–{row['pct_ci_high']:.1f}] (n={row['n']})"
        )
        assert f"<title>{tip}</title>" in svgs[0]


def test_page_shows_every_table_and_links_rollouts(
    sample_page: tuple[str, dict[str, pd.DataFrame]],
) -> None:
    html, tables = sample_page
    for name in ("headline", "conditions", "tones", "prompts", "max_scores", "words", "unscored"):
        assert f'id="{name if name != "max_scores" else "quotes"}-table"' in html, name
    quotes = tables["max_scores"]
    assert html.count('class="transcript"') == len(quotes)
    for evidence in quotes["evidence"]:
        assert f"“{evidence}”" in html
    assert "n=3.0" not in html and "src=" not in html  # whole counts; nothing loaded
