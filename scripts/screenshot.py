"""Screenshots of built pages at phone and desktop widths, for a person to look at.

usage: python scripts/screenshot.py SITE_DIR OUT_DIR PAGE [PAGE ...]
PAGE is a path under the site, e.g. code/medical-evidence/ . Serves SITE_DIR on 127.0.0.1 only.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(site: str, out: str, pages: list[str]) -> None:
    server, base = serve(Path(site))
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height, name in ((390, 844, "phone"), (1280, 900, "desktop")):
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in pages:
                page.goto(base + path)
                slug = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=f"{out}/{slug}-{name}.png", full_page=True)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
