"""Serve a built site for the checker page's browser tests, on 127.0.0.1 only.

The page calls one API, ``window.AttendanceChecker`` (checker-engine.js, the JavaScript twin of
build_tools/claims/engine.py). When the site carries that file, it is what the page runs. Until it has
landed, this server answers ``assets/javascripts/checker-engine.js`` with a stand-in that forwards each
call (synchronously, to this same 127.0.0.1 server) to the Python engine, so the page's reading of files,
its messages and its display are tested against the real engine's findings. The stand-in exists only in
memory here: it is never written into a site. ``CHECKER_ENGINE_JS=path`` serves that file as the
engine instead (to try the page with an engine that has not reached this branch yet).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from build_tools.claims.engine import TOO_FOREIGN, check_document, english_share
from build_tools.claims.text import statements

ENGINE_PATH = "/assets/javascripts/checker-engine.js"
BRIDGE_PATH = "/__python-engine"
STAND_IN = """(function () {
  var bridge = document.querySelector("[data-policy-checker]").getAttribute("data-root") + "__python-engine";
  function call(op, args) {
    var request = new XMLHttpRequest();
    request.open("POST", bridge, false);
    request.setRequestHeader("Content-Type", "application/json");
    request.send(JSON.stringify({op: op, args: args}));
    return JSON.parse(request.responseText);
  }
  window.AttendanceChecker = {
    statements: function (text) { return call("statements", [text]); },
    checkDocument: function (found, rules, kind) { return call("checkDocument", [found, kind]); },
    englishShare: function (found, rules) { return call("englishShare", [found]); },
    TOO_FOREIGN: TOO_FOREIGN_VALUE
  };
})();
""".replace("TOO_FOREIGN_VALUE", repr(TOO_FOREIGN))


def uses_stand_in(site: Path) -> bool:
    return not (site / ENGINE_PATH.lstrip("/")).is_file()


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: dict[str, Any] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:
        if self.path.split("?")[0] == ENGINE_PATH and uses_stand_in(Path(self.directory)):
            other = os.environ.get("CHECKER_ENGINE_JS")
            engine = Path(other).read_bytes() if other else STAND_IN.encode()
            self._send(engine, "text/javascript")
            return
        super().do_GET()

    def do_POST(self) -> None:
        if self.path != BRIDGE_PATH:
            self.send_error(404)
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        op, args = body["op"], body["args"]
        if op == "statements":
            result: Any = statements(args[0])
        elif op == "englishShare":
            result = english_share(args[0], self.rules)
        else:
            result = check_document(args[0], self.rules, args[1])
        self._send(json.dumps(result).encode(), "application/json")

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextlib.contextmanager
def serve_checker(site: Path) -> Iterator[str]:
    """The base URL of ``site`` on an ephemeral loopback port, with the engine stand-in when needed."""
    rules = json.loads((site / "assets/policy/rules.json").read_text(encoding="utf-8"))
    handler = type("Handler", (_Handler,), {"rules": rules})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
