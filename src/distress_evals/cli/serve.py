"""``distress-evals serve DIR``: serve a results site locally, with the Range requests it needs."""

from __future__ import annotations

import click

from distress_evals.report.site_server import DEFAULT_BIND, DEFAULT_PORT, main


@click.command("serve", short_help="serve a results site (report --site) on this machine")
@click.argument("directory", metavar="DIR")
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="port")
@click.option("--bind", default=DEFAULT_BIND, show_default=True, help="address to listen on")
def serve(directory: str, port: int, bind: str) -> int:
    """Serve DIR (a report --site folder) over HTTP with Range requests.

    The bundled Inspect viewer reads .eval logs with Range requests, which Python's
    http.server does not answer. Open the address printed; Ctrl-C ends.
    """
    return main([directory, "--port", str(port), "--bind", bind])
