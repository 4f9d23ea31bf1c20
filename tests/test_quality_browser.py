"""Quality gates in a real browser: accessibility (axe, WCAG 2.2 A/AA), privacy, CSP, keyboard use.

Runs on the mini project's site here; tests/test_real_site.py runs the same checks on the real site.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from build_tools.site.build import build_all

from .browser import browser, chromium_available
from .siteserver import serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Debian chromium"),
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def site_pages(site: Path) -> list[str]:
    """Every content page of a built site (redirect stubs and the 404 page excluded)."""
    pages = []
    for file in sorted(site.rglob("index.html")):
        rel = file.parent.relative_to(site).as_posix()
        text = file.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


def audit_page(page, base: str, path: str, scheme: str = "light") -> dict[str, list[str]]:
    """Load one page and return what went wrong: serious axe violations, outside requests, CSP errors."""
    from axe_playwright_python.sync_playwright import Axe

    outside: list[str] = []
    csp: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None
    )
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.emulate_media(color_scheme=scheme)
    page.goto(base + path, wait_until="load")
    # Let the search index and site data load, so their requests are recorded too; a page that keeps a
    # connection open is still audited.
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=5000)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    return {"axe": serious, "outside": outside, "csp": csp}


# One page of each kind; colour contrast is the only check that depends on the colour scheme, and each
# kind of page shares its template and styles, so the dark scheme is audited on the first of each kind.
PAGE_KINDS = (
    r"",
    r"code/",
    r"code/[^/]+/",
    r"sources/",
    r"sources/[^/]+/",
    r"glossary/",
    r"contradictions/",
    r"contradictions/parents/",
    r"guides/",
    r"guides/[^/]+/",
    r"guides/[^/]+/[^/]+/",
    r"letters/",
    r"letters/[^/]+/",
    r"training/",
    r"training/[^/]+/",
    r"edition/",
    r"how-to-cite/",
    r"tags/",
)


def one_of_each_kind(pages: list[str]) -> list[str]:
    chosen = []
    for kind in PAGE_KINDS:
        match = next((p for p in pages if re.fullmatch(kind, p)), None)
        if match is not None and match not in chosen:
            chosen.append(match)
    return chosen


def audit_site(site: Path, schemes: tuple[str, ...] = ("light",), sample: bool = False) -> dict[str, dict]:
    """Audit every page in each scheme (or, with ``sample``, one page of each kind that exists)."""
    problems: dict[str, dict] = {}
    pages = site_pages(site)
    if sample:
        pages = one_of_each_kind(pages)
    else:
        # A past edition's section pages come from one template and a frozen snapshot: one of them stands
        # for all, so the archive does not multiply the audit's time by the number of editions.
        archived = [p for p in pages if re.fullmatch(r"editions/[^/]+/(code|s)/[^/]+/", p)]
        pages = [p for p in pages if p not in archived[1:]]
    with serve(site) as base, browser() as b:
        for scheme in schemes:
            for path in pages:
                page = b.new_page()
                found = audit_page(page, base, path, scheme)
                page.close()
                if any(found.values()):
                    problems[f"{scheme}:{path}"] = found
    return problems


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    import shutil

    from .conftest import MINI, copy_site_frame

    root = tmp_path_factory.mktemp("quality") / "mini"
    shutil.copytree(MINI, root)
    copy_site_frame(root)
    build_all(root, with_pdf=False)
    return root / "site"


def test_every_page_passes_axe_makes_no_outside_request_and_no_csp_error(mini_site):
    problems = audit_site(mini_site, schemes=("light", "dark"))
    assert problems == {}


def test_keyboard_skip_link_focus_and_search(mini_site):
    with serve(mini_site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "code/medical-evidence/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert "Skip to content" in focused
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "the focused element must show a visible focus indicator"
        page.keyboard.press("Escape")
        page.keyboard.press("/")  # Material's search shortcut
        assert page.evaluate("document.activeElement.getAttribute('data-md-component')") == "search-query"


def test_citation_search_jumps_to_section(mini_site):
    with serve(mini_site) as base, browser() as b:
        page = b.new_page()
        page.goto(base)
        page.keyboard.press("/")
        page.keyboard.type("s.1.2")
        page.wait_for_selector(".cite-jump-link")
        assert "s.1.2 Education when a child cannot attend" in page.inner_text(".cite-jump")
        page.keyboard.press("Enter")
        page.wait_for_url("**/code/s19-duty/")
        page.goto(base)
        page.keyboard.press("/")
        page.keyboard.type("code I")
        page.wait_for_selector(".cite-jump-link")
        assert "s.1.1 Medical evidence" in page.inner_text(".cite-jump")


def test_cite_button_copies_the_citation(mini_site):
    with serve(mini_site) as base, browser() as b:
        context = b.new_context(permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(base + "code/medical-evidence/")
        page.get_by_role("button", name="Copy citation for s.1.1").click()
        page.wait_for_function("document.querySelector('.cite-status').textContent.length > 0")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == "Attendance Code of Practice, s.1.1, edition 2026-01-01, https://example.org/s/1.1/"


def test_search_index_is_fetched_only_when_the_reader_opens_search(mini_site):
    """Loading a page fetches the stub index only; opening search fetches the whole index, finds pages
    and still shows the jump hint for a section number."""
    with serve(mini_site) as base, browser() as b:
        page = b.new_page()
        fetched: list[str] = []
        page.context.on("request", lambda r: fetched.append(r.url.removeprefix(base)))
        page.goto(base + "code/medical-evidence/", wait_until="load")
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=5000)
        assert "search/search_index.full.json" not in fetched
        assert "assets/data/site.json" not in fetched
        assert not any(u.startswith("assets/javascripts/workers/search.") for u in fetched)
        page.keyboard.press("/")
        page.keyboard.type("medical evidence")
        page.wait_for_selector(".md-search-result__item", timeout=20000)
        titles = page.inner_text(".md-search-result__list")
        assert "Medical evidence" in titles
        assert "search/search_index.full.json" in fetched
        page.fill("input[data-md-component='search-query']", "")
        page.keyboard.type("1.2")
        page.wait_for_selector(".cite-jump-link")
        assert "s.1.2 Education when a child cannot attend" in page.inner_text(".cite-jump")
