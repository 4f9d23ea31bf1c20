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
    # The body cites the official source and paragraph; the Code is only a pointer.
    assert (
        "Schools should not routinely ask for medical evidence. (Department for Education, Example statutory "
        "guidance on illness (August 2024), paragraph 10; see Attendance Code of Practice, s.1.1)" in copied
    )
    assert "1. Please record Alex's absence as illness. (see Attendance Code of Practice, s.1.1)" in copied
    # Nothing the parent did not tick is asserted, and unticked paragraphs' sources are not listed.
    assert "I told the school on the first day." not in copied
    assert "disabled" not in copied
    assert "The Example Act 2020" not in copied
    assert (
        "Example statutory guidance on illness (August 2024), paragraph 10: https://www.gov.uk/example-guidance"
        in copied
    )
    assert "example.org" not in copied  # the printed letter carries no links to this site
    for typed in ("Sam", "Hillside", "Alex", "fever", "2025-03-04"):
        assert typed not in storage, storage  # the theme may keep its own settings, never what was typed
    assert requests, "the page should have loaded"
    hosts = {urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, requests
    after_load = requests[loaded:]
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in after_load), after_load
    assert not [u for u in after_load if "Alex" in u or "Hillside" in u]


def test_options_add_and_remove_paragraphs_and_their_sources(site, browser):
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base + "letters/illness-note/")
        page.wait_for_load_state("networkidle")
        preview = page.locator("#letter-illness-note")

        def letter_text() -> str:
            page.get_by_role("button", name="Copy the letter").click()
            return page.evaluate("window.__lastLetterCopy")

        assert "I told the school on the first day." not in preview.inner_text()
        page.get_by_label("I told the school on the first day").check()
        page.get_by_label("My child is disabled").check()
        ticked = letter_text()
        assert "I told the school on the first day." in ticked
        assert "My child is disabled, and the law protects them. (The Example Act 2020, section 1;" in ticked
        assert "1. Please record" in ticked and "2. Please tell me what changes" in ticked
        assert "The Example Act 2020, section 1: https://www.legislation.gov.uk/example" in ticked

        page.get_by_label("My child is disabled").uncheck()
        unticked = letter_text()
        assert "I told the school on the first day." in unticked
        assert "disabled" not in unticked and "Example Act" not in unticked
        assert "2. " not in unticked
        assert preview.get_by_text("My child is disabled, and the law protects them.").is_hidden()
        page.close()
    hosts = {urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, requests


def test_guide_step_links_its_letter(site, browser):
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "guides/parents/often-ill/")
        button = page.get_by_role(
            "link", name="Write the letter: Asking the school to accept illness absence"
        )
        assert button.count() >= 1
        box = button.first.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24
        button.first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/letters/illness-note/")
        page.close()
