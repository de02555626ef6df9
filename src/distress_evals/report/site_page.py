"""The results page's shell: one self-contained HTML file (inline CSS, SVG and a little script).

Nothing is loaded from elsewhere, so the page opens from ``file://`` and offline. The script is
optional: it adds the model filter for the figures and, opened from ``file://``, a note that
transcript links need the folder served over HTTP.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

CSS = """
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-alt: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
a { color: var(--accent); }
nav ul { display: flex; flex-wrap: wrap; gap: .3rem 1rem; padding: 0; list-style: none; }
.banner { background: #fff4d6; border: 1px solid #e3c46b; padding: .5rem .8rem; font-weight: 600; }
.notice { background: #eaf3ff; border: 1px solid #9cc3f0; padding: .5rem .8rem; }
.note, .empty { color: var(--muted); font-size: .9rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: .5rem 0; }
table { border-collapse: collapse; font-size: .9rem; min-width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; }
td { font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fbfcfd; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .9rem; }
.ci { white-space: nowrap; }
.series:hover { opacity: .75; }
.hidden-series { display: none; }
#filter label { margin-right: 1rem; white-space: nowrap; }
blockquote { margin: 0; font-style: italic; }
details { margin: .6rem 0; }
summary { cursor: pointer; font-weight: 600; }
code { background: var(--bg-alt); padding: 0 .2rem; border-radius: 3px; overflow-wrap: anywhere; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: .6rem; }
  table { font-size: .8rem; }
  th, td { padding: .25rem .35rem; }
  /* Scaled to a phone's width the figures' text is too small to read: keep them legible and
     let each figure scroll sideways on its own (the page itself never does). */
  figure { overflow-x: auto; }
  figure svg { min-width: 34rem; }
}
"""

SCRIPT = """
(function () {
  if (location.protocol === "file:") {
    var note = document.getElementById("file-notice");
    if (note) { note.hidden = false; }
  }
  document.querySelectorAll("#filter input[data-series]").forEach(function (box) {
    box.addEventListener("change", function () {
      var selector = '.series[data-series="' + box.dataset.series + '"]';
      document.querySelectorAll(selector).forEach(function (el) {
        el.classList.toggle("hidden-series", !box.checked);
      });
    });
  });
})();
"""


def model_filter(series: Sequence[str]) -> str:
    """Checkboxes that show or hide each series in every figure (only with two or more)."""
    if len(series) < 2:
        return ""
    boxes = "".join(
        f'<label><input type="checkbox" checked data-series="{i}"> {escape(label)}</label>'
        for i, label in enumerate(series)
    )
    return f'<p id="filter"><strong>Show in figures:</strong> {boxes}</p>'


def file_notice(serve_command: str) -> str:
    """A note shown (by the script) only when the page is opened from ``file://``."""
    return (
        '<p id="file-notice" class="notice" hidden>This page works from a file, but the '
        "transcript links open Inspect's viewer, which must be served over HTTP with Range "
        f"requests: run <code>{escape(serve_command)}</code> (FOLDER: the folder holding this "
        "page) and open the address it prints, or publish the folder on a static host.</p>"
    )


def page(title: str, body: str) -> str:
    """The whole HTML document.

    Args:
        title: The page title.
        body: The content of ``<main>``.

    Returns:
        The document.
    """
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No favicon request: the page makes no request at all.
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
