"""The offline copy: the whole site as a zip that opens from disk (file://), with search working."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from build_tools.render.urls import OFFLINE_FOLDER, OFFLINE_ZIP
from build_tools.site.build import build_all

from .browser import browser as chromium
from .browser import chromium_available

pytestmark = [pytest.mark.browser, pytest.mark.site]


def test_offline_zip_opens_from_disk_and_its_search_works(mini: Path, tmp_path: Path):
    if not chromium_available():
        pytest.skip("Debian chromium is not installed")
    build_all(mini, with_pdf=False, offline=True)
    site = mini / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert OFFLINE_ZIP in home  # linked from the home page
    with zipfile.ZipFile(site / OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path)
    unpacked = tmp_path / OFFLINE_FOLDER
    assert (unpacked / "code" / "medical-evidence.html").is_file()  # .html links work from disk
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto((unpacked / "index.html").as_uri())
        page.locator("label.md-header__button[for='__search']").click()
        box = page.locator("input.md-search__input")
        result = page.locator("a.md-search-result__link").first
        for _ in range(30):  # the search worker loads its index from disk; a query typed before is dropped
            box.fill("")
            box.type("medical")
            page.wait_for_timeout(500)
            if result.count():
                break
        result.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and ".html" in page.url, page.url
        assert "Medical evidence" in page.locator("h1").inner_text()
    assert all(u.startswith(("file://", "data:", "blob:", "about:")) for u in requests), requests
