"""A parent fills in a letter in headless Debian Chromium: the letter fills, copies with its citations,
and no request leaves 127.0.0.1 (nothing typed is sent anywhere, nothing is stored)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from build_tools.site.build import build_all

from .browser import browser as chromium
from .browser import chromium_available
from .siteserver import serve

pytestmark = [pytest.mark.browser, pytest.mark.site]


@pytest.fixture
def site(mini: Path) -> Path:
    build_all(mini, with_pdf=False)
    return mini / "site"


@pytest.fixture
def browser():
    if not chromium_available():
        pytest.skip("Debian chromium is not installed")
    with chromium() as b:
        yield b


def test_fill_copy_and_no_request_leaves_the_machine(site, browser):
    with serve(site) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base + "letters/illness-note/")
        page.wait_for_load_state("networkidle")
        loaded = len(requests)

        page.get_by_label("Your name").fill("Sam <b>Parent</b>")
        page.get_by_label("School name").fill("Hillside Primary")
        page.get_by_label("Your child's name").fill("Alex")
        page.get_by_label("Date").fill("2025-03-04")
        page.get_by_label("What happened").fill("Alex was off on 3 March with a fever.")
        preview = page.locator("#letter-illness-note")
        assert "Hillside Primary" in preview.inner_text()
        assert preview.locator("b").count() == 0  # typed text is text, never markup
        page.get_by_role("button", name="Copy the letter").click()
        page.get_by_text("Letter copied.").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        produced = page.evaluate("window.__lastLetterCopy")
        storage = page.evaluate(
            "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])"
        )
        context.close()

    assert copied == produced
    assert "Sam <b>Parent</b>\n\n4 March 2025\n\nTo the head teacher, Hillside Primary" in copied
    assert "I am writing about my child Alex. Alex was off on 3 March with a fever." in copied
    assert "1. Please record Alex's absence as illness. (Attendance Code of Practice, s.1.1)" in copied
    assert "Attendance Code of Practice, s.1.1, edition 2026-01-01, https://example.org/s/1.1/." in copied
    assert (
        "Example statutory guidance on illness (Statutory guidance (must have regard), 2024-08-19): para 10"
        in copied
    )
    for typed in ("Sam", "Hillside", "Alex", "fever", "2025-03-04"):
        assert typed not in storage, storage  # the theme may keep its own settings, never what was typed
    assert requests, "the page should have loaded"
    hosts = {urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, requests
    after_load = requests[loaded:]
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in after_load), after_load
    assert not [u for u in after_load if "Alex" in u or "Hillside" in u]
