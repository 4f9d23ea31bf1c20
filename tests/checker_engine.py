"""Serve a built site for the checker page's browser tests, on 127.0.0.1 only (never another address)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

ENGINE = "assets/javascripts/checker-engine.js"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextlib.contextmanager
def serve_checker(site: Path) -> Iterator[str]:
    """The base URL of ``site`` on an ephemeral loopback port; the site must carry the real engine."""
    assert (site / ENGINE).is_file(), f"{site} has no {ENGINE}: build the site first"
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
