"""Source and Code text is data, never HTML: planted markup is escaped in every page, never run."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.project import check_project
from build_tools.site.build import build_all

from .browser import browser, chromium_available
from .conftest import edit
from .siteserver import serve

PLANT = '<script>alert(1)</script><img src=x onerror="alert(2)"> [click](javascript:alert(3)) {{ 7*7 }}'


def _plant(mini: Path) -> None:
    edit(
        mini / "guidance_sources/guide-y.yaml",
        "text: A note about something the Code does not use.",
        f"text: '{PLANT}'",
    )
    edit(
        mini / "code_of_practice/chapters/01-illness.yaml",
        "text: Parents must secure their child's education.",
        f"text: '{PLANT}'",
    )
    edit(
        mini / "code_of_practice/glossary.yaml",
        "definition: A legal",
        f"definition: >-\n      {PLANT} A legal",
    )


@pytest.fixture
def planted(mini: Path) -> Path:
    _plant(mini)
    build_all(mini, with_pdf=False)
    return mini / "site"


def test_planted_markup_is_escaped_in_every_built_page(planted):
    pages = {p: p.read_text(encoding="utf-8") for p in planted.rglob("*.html")}
    hits = [p for p, html in pages.items() if "&lt;script&gt;alert(1)&lt;/script&gt;" in html]
    assert len(hits) >= 3, (
        "the planted text should appear (escaped) on the source, section and glossary pages"
    )
    for path, html in pages.items():
        assert "<script>alert(1)" not in html, path
        assert 'onerror="alert(2)"' not in html and "onerror=alert" not in html, path
        assert 'href="javascript:' not in html.lower(), path
    # Jinja/macros syntax in data is shown, never evaluated
    assert any("{{ 7*7 }}" in html for html in pages.values())
    assert not any(">49<" in html for html in pages.values())


def test_javascript_url_in_document_metadata_is_rejected(mini):
    edit(
        mini / "guidance_sources/guide-y.yaml",
        "url: https://www.gov.uk/example-guidance",
        "url: javascript:alert(1)",
    )
    errors = [str(d) for d in check_project(mini).errors]
    assert any("guide-y.yaml" in e and "[document.url]" in e and "https://" in e for e in errors), errors


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian chromium")
def test_planted_markup_never_runs_in_the_browser(planted):
    dialogs: list[str] = []
    with serve(planted) as base, browser() as b:
        page = b.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("code/medical-evidence/", "sources/guide-y/", "glossary/"):
            page.goto(base + path, wait_until="load")
            assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
