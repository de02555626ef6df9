"""The site's ``viewer/``: the logs bundled with Inspect's own static viewer, and links into it.

``inspect_ai.log.bundle_log_dir`` copies a log folder next to the viewer's assets. The site
bundles only the logs the report read (a corrupt or unfinished log in the folder stays out),
from a staging folder that keeps their paths relative to the log folder, so a sample's deep
link is ``viewer/#/logs/<path under the log folder>/samples/sample/<id>/<epoch>/transcript``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from inspect_ai.log import bundle_log_dir

VIEWER_DIR = "viewer"
STAGED_LOGS = "logs"
"""The bundle's own name for its log folder; also what the viewer page shows as its source."""
_LOG_DIR_CONTEXT = re.compile(
    r'(<script id="log_dir_context" type="application/json">)(.*?)(</script>)', re.DOTALL
)


class SiteError(ValueError):
    """The site cannot be built from these inputs (raised before anything is written)."""


def local_path(log: str | Path) -> Path:
    """A log's local path, from a path or a ``file://`` URI.

    Args:
        log: The log's path or URI as the report recorded it.

    Returns:
        The path.

    Raises:
        SiteError: For a remote log (the bundle needs local files).
    """
    text = str(log)
    if "://" not in text:
        return Path(text)
    parsed = urlparse(text)
    if parsed.scheme != "file":
        raise SiteError(f"the site bundles local logs only, not {text}")
    return Path(unquote(parsed.path))


def relative_log(log: str | Path, log_dir: Path) -> str:
    """The log's path under ``log_dir``, as the bundle lays it out (POSIX separators).

    Args:
        log: The log's path or URI.
        log_dir: The report's log folder.

    Returns:
        The relative path.

    Raises:
        SiteError: If the log is not under ``log_dir``.
    """
    path = local_path(log).resolve()
    try:
        return path.relative_to(log_dir.resolve()).as_posix()
    except ValueError:
        raise SiteError(f"log {path} is not under the log folder {log_dir}") from None


def sample_link(relative: str, sample: object, epoch: object, tab: str = "transcript") -> str:
    """A link from the site's index.html to one sample in the bundled viewer.

    Args:
        relative: The log's path under the log folder (``relative_log``).
        sample: The sample id.
        epoch: The epoch (from 1).
        tab: The sample tab to open.

    Returns:
        A relative URL (the site works under any base path).
    """
    # The viewer's own links encode ids with encodeURIComponent; quote(safe="") matches it.
    return (
        f"{VIEWER_DIR}/#/logs/{quote(relative)}/samples/sample/"
        f"{quote(str(sample), safe='')}/{int(str(epoch))}/{tab}"
    )


def log_link(relative: str) -> str:
    """A link to one log's sample list in the bundled viewer."""
    return f"{VIEWER_DIR}/#/logs/{quote(relative)}"


def _stage(logs: Iterable[str | Path], log_dir: Path, stage: Path) -> int:
    """Hard-link (or copy) each log into ``stage`` at its path under ``log_dir``."""
    count = 0
    for log in logs:
        source = local_path(log)
        target = stage / relative_log(source, log_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:  # another file system, or links not allowed: copy instead
            shutil.copy2(source, target)
        count += 1
    return count


def _neutral_source(index_html: Path) -> None:
    """Drop the absolute source folder the bundler writes into the viewer page.

    A published page should not reveal the machine's paths (here, a temporary staging folder).
    """
    text = index_html.read_text(encoding="utf-8")

    def neutral(match: re.Match[str]) -> str:
        context = json.loads(match.group(2))
        context.pop("abs_log_dir", None)
        return f"{match.group(1)}{json.dumps(context)}{match.group(3)}"

    index_html.write_text(_LOG_DIR_CONTEXT.sub(neutral, text, count=1), encoding="utf-8")


def bundle_viewer(logs: Iterable[str | Path], log_dir: Path, out: Path) -> Path:
    """Write ``out/viewer/``: Inspect's static viewer with these logs (replacing an old one).

    Args:
        logs: The logs to include (paths or ``file://`` URIs), all under ``log_dir``.
        log_dir: The report's log folder.
        out: The site folder.

    Returns:
        The viewer folder.

    Raises:
        SiteError: If there is no log, or a log is remote or outside ``log_dir``.
    """
    viewer = out / VIEWER_DIR
    with tempfile.TemporaryDirectory(prefix="distress-site-") as work:
        stage = Path(work) / STAGED_LOGS
        stage.mkdir()
        if _stage(logs, log_dir, stage) == 0:
            raise SiteError("no log to bundle")
        # The bundler reports progress on Inspect's console; the report prints its own summary.
        with contextlib.redirect_stdout(io.StringIO()):
            bundle_log_dir(str(stage), str(viewer), overwrite=True)
    _neutral_source(viewer / "index.html")
    return viewer
