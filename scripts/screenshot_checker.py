"""Screenshots of the policy checker page with a document checked, at phone and desktop widths.

usage: python scripts/screenshot_checker.py SITE_DIR OUT_DIR [DOCUMENT]
DOCUMENT defaults to tests/policy_eval/dev/primary-strict.md; it is pasted into the page. Serves SITE_DIR on
127.0.0.1 only (tests/siteserver.py); the page runs the site's checker-engine.js.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.siteserver import serve  # noqa: E402

DEFAULT = ROOT / "tests/policy_eval/dev/primary-strict.md"


def main(site: str, out: str, document: str | None = None) -> None:
    text = Path(document or DEFAULT).read_text(encoding="utf-8")
    Path(out).mkdir(parents=True, exist_ok=True)
    with serve(Path(site)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height, name in ((390, 844, "phone"), (1280, 900, "desktop")):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + "check-policy/")
            page.screenshot(path=f"{out}/check-policy-empty-{name}.png", full_page=True)
            page.fill("#checker-text", text)
            page.click("#checker-run")
            page.wait_for_selector("#checker-results:not([hidden])")
            page.screenshot(path=f"{out}/check-policy-results-{name}.png", full_page=True)
            page.emulate_media(media="print")
            page.screenshot(path=f"{out}/check-policy-print-{name}.png", full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
