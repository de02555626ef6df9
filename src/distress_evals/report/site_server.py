"""A static file server with HTTP Range requests, for viewing a results site locally.

The bundled Inspect viewer reads ``.eval`` logs (zip archives) with ranged ``fetch()`` calls;
Python's ``http.server`` ignores ``Range`` and the viewer then fails ("HTTP range support is
required") or, for large logs, downloads the whole file again and again. This handler answers a
single ``bytes=`` range with 206 and ``Content-Range`` (416 when out of bounds) and leaves
everything else to ``SimpleHTTPRequestHandler``.

    python -m distress_evals.report.site_server DIR [--port 8000] [--bind 127.0.0.1]
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import sys
import threading
from collections.abc import Sequence
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

DEFAULT_PORT = 8000
DEFAULT_BIND = "127.0.0.1"
"""Loopback only by default: a results folder is not something to expose by accident."""
COPY_CHUNK_BYTES = 64 * 1024

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


class RangeRequestHandler(SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` plus single byte ranges; quiet unless asked."""

    verbose = False
    _remaining: int | None = None

    def end_headers(self) -> None:
        """Advertise range support on every response."""
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self) -> Any:
        """Answer a ranged GET/HEAD with 206 (or 416); anything else as the base class does.

        Returns:
            The open file positioned at the range start, or None when nothing follows.
        """
        self._remaining = None
        match = _RANGE.match(self.headers.get("Range", "").strip())
        path = self.translate_path(self.path)
        if match is None or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        first, last = match.groups()
        if first == "":  # a suffix range: the last N bytes
            start, end = max(0, size - int(last or 0)), size - 1
        else:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        if start >= size or start > end:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        handle = open(path, "rb")  # closed by the base class once copied
        handle.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self._remaining = end - start + 1
        return handle

    def copyfile(self, source: Any, outputfile: Any) -> None:
        """Copy only the requested range when one was answered."""
        remaining, self._remaining = self._remaining, None
        if remaining is None:
            shutil.copyfileobj(source, outputfile)
            return
        reader: BinaryIO = source
        while remaining > 0 and (chunk := reader.read(min(COPY_CHUNK_BYTES, remaining))):
            outputfile.write(chunk)
            remaining -= len(chunk)

    def log_message(self, format: str, *args: Any) -> None:
        """Log requests only in verbose mode (the viewer makes many small ranged reads)."""
        if self.verbose:
            super().log_message(format, *args)


def make_server(
    directory: str | Path, port: int = DEFAULT_PORT, bind: str = DEFAULT_BIND, verbose: bool = False
) -> ThreadingHTTPServer:
    """A range-capable static server for ``directory`` (not started).

    Args:
        directory: The folder to serve.
        port: The port (0 picks a free one).
        bind: The address to listen on.
        verbose: Log every request to stderr.

    Returns:
        The server; call ``serve_forever()`` (or use ``serve_in_thread``).

    Raises:
        NotADirectoryError: If ``directory`` is not a folder.
    """
    root = Path(directory)
    if not root.is_dir():
        raise NotADirectoryError(f"not a folder: {root}")
    handler = type("Handler", (RangeRequestHandler,), {"verbose": verbose})
    return ThreadingHTTPServer((bind, port), functools.partial(handler, directory=str(root)))


def serve_in_thread(directory: str | Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``directory`` on loopback from a daemon thread (for tests and scripts).

    Args:
        directory: The folder to serve.
        port: The port (0 picks a free one).

    Returns:
        The running server (stop it with ``shutdown()``) and its base URL, ending in ``/``.
    """
    server = make_server(directory, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, bound = server.server_address[:2]
    return server, f"http://{host!s}:{bound}/"


def main(argv: Sequence[str] | None = None) -> int:
    """Serve a results site until interrupted.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit code.
    """
    parser = argparse.ArgumentParser(
        prog="python -m distress_evals.report.site_server",
        description="Serve a results site (index.html and the bundled viewer) with HTTP Range "
        "support, which the viewer needs to read .eval logs.",
    )
    parser.add_argument("directory", metavar="DIR", help="the site folder (report --site output)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: 8000)")
    parser.add_argument("--bind", default=DEFAULT_BIND, help="address (default: 127.0.0.1)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.directory, args.port, args.bind, args.verbose)
    except (NotADirectoryError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"Serving {args.directory} at http://{args.bind}:{server.server_address[1]}/ (Ctrl-C ends)"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
