"""Trainers' handouts, printed by headless Debian Chromium: one A4 page each, with no answers on it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from build_tools.site.build import build_all

from .browser import browser as chromium
from .browser import chromium_available
from .siteserver import serve

pytestmark = [pytest.mark.browser, pytest.mark.site]


def test_each_handout_prints_on_one_page_without_the_answers(mini: Path):
    if not chromium_available():
        pytest.skip("Debian chromium is not installed")
    build_all(mini, with_pdf=False)
    site = mini / "site"
    handouts = sorted(d.name for d in (site / "training").iterdir() if d.is_dir())
    assert handouts
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        for name in handouts:
            page.goto(f"{base}training/{name}/")
            page.wait_for_load_state("networkidle")
            text = page.locator("article").inner_text()
            assert "Discuss" in text, name
            assert "What good practice would have looked like" not in text, name
            assert "Trainer's notes" not in text, name
            pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
            assert len(pdf.pages) == 1, (name, len(pdf.pages))
            assert pdf.pages[0].extract_text().strip(), name  # no blank first page
