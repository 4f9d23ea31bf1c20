"""The local preview server of ``attendance-code serve``: serves site/ on 127.0.0.1 only.

While the inputs have errors, every HTML page it serves carries a banner listing them, so a bad edit is
seen in the browser as well as in the terminal; the files on disk are never changed by this.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

_BODY = re.compile(rb"<body[^>]*>", re.I)
BANNER_ID = "serve-errors"


@dataclass
class State:
    """What the watcher knows: the errors of the latest rebuild (empty when it succeeded)."""

    errors: list[str] = field(default_factory=list)


def banner(errors: list[str]) -> bytes:
    items = "".join(f"<li>{html.escape(e)}</li>" for e in errors[:50])
    more = f"<p>and {len(errors) - 50} more</p>" if len(errors) > 50 else ""
    return (
        f'<div id="{BANNER_ID}" role="alert" style="background:#b00020;color:#fff;padding:1em;'
        f'font:14px/1.4 monospace;white-space:pre-wrap"><p><strong>Not rebuilt: the inputs have '
        f"{len(errors)} error(s). This is the last good site.</strong></p><ul>{items}</ul>{more}</div>"
    ).encode()


def with_banner(page: bytes, errors: list[str]) -> bytes:
    match = _BODY.search(page)
    at = match.end() if match else 0
    return page[:at] + banner(errors) + page[at:]


class Handler(http.server.SimpleHTTPRequestHandler):
    state: State

    def __init__(self, *args: object, state: State, **kwargs: object) -> None:
        self.state = state
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        errors = list(self.state.errors)
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if not errors or target.suffix != ".html" or not target.is_file():
            super().do_GET()
            return
        body = with_banner(target.read_bytes(), errors)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def server(sock: socket.socket, site: Path, state: State) -> http.server.ThreadingHTTPServer:
    """A threading HTTP server on an already bound loopback socket."""
    handler = functools.partial(Handler, directory=str(site), state=state)
    httpd = http.server.ThreadingHTTPServer(sock.getsockname(), handler, bind_and_activate=False)
    httpd.socket.close()
    httpd.socket = sock
    httpd.server_address = sock.getsockname()
    httpd.server_activate()
    httpd.daemon_threads = True
    return httpd
