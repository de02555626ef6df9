"""From matplotlib figures to inline SVG with hover tooltips and series attributes.

While a figure is drawn, ``Tagger.tag`` gives artists ids; ``to_svg`` then adds to each tagged
group a ``<title>`` (the browser shows it on hover) and ``class="series" data-series="N"``,
which the page's model filter toggles.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from html import escape

import matplotlib

matplotlib.use("Agg")  # files only: never open a window, work without a display

import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first
import pandas as pd  # type: ignore[import-untyped]  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

SVG_HASH_SALT = "distress-evals-site"
"""A fixed salt for the SVG's element ids, so the same data gives the same SVG."""


@dataclass
class Tagger:
    """Names artists so the SVG can be given tooltips and series classes after saving."""

    figure: str
    series: dict[str, int]
    tags: dict[str, tuple[int | None, str]] = field(default_factory=dict)

    def tag(self, artist: Artist, label: str | None, title: str = "") -> None:
        """Mark ``artist`` as part of series ``label`` (None: not filterable), with a tooltip."""
        gid = f"{self.figure}-{len(self.tags)}"
        artist.set_gid(gid)
        self.tags[gid] = (None if label is None else self.series[label], title)


def series_label(row: pd.Series, multi_judge: bool) -> str:
    """The series a table row belongs to: the model, with its judge when judges are mixed."""
    if not multi_judge:
        return str(row["model"])
    return f"{row['model']} [judge {row['judge']}, rubric {row['rubric']}]"


def interval(value: float, low: float, high: float, digits: int = 1, suffix: str = "") -> str:
    """``value [low–high]`` for a tooltip; without the interval when it is undefined."""
    if math.isnan(value):
        return "no value"
    shown = f"{value:.{digits}f}{suffix}"
    return shown if math.isnan(low) else f"{shown} [{low:.{digits}f}–{high:.{digits}f}]"


def to_svg(fig: Figure, tagger: Tagger, description: str) -> str:
    """The figure as an inline ``<svg>`` element with tooltips and series attributes.

    Args:
        fig: The figure (closed here).
        tagger: The tags given while drawing.
        description: Alternative text for screen readers.

    Returns:
        SVG markup, scaled by CSS (no fixed width or height).
    """
    buffer = io.StringIO()
    # Text as <text> elements (selectable, small), not glyph paths.
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": SVG_HASH_SALT}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # A fixed size would overflow a phone: the SVG scales down to the page (the viewBox keeps
    # its aspect ratio) but never above its drawn width, so a small figure stays small.
    text = re.sub(
        r'<svg([^>]*?) width="([^"]*)" height="[^"]*"',
        lambda m: (
            f'<svg{m.group(1)} style="max-width: {m.group(2)}" role="img" '
            f'aria-label="{escape(description)}"'
        ),
        text,
        count=1,
    )
    for gid, (series, title) in tagger.tags.items():
        attributes = "" if series is None else f' class="series" data-series="{series}"'
        tooltip = f"<title>{escape(title)}</title>" if title else ""
        text = text.replace(f'<g id="{gid}">', f'<g id="{gid}"{attributes}>{tooltip}', 1)
    return text
