"""Building the site: strict mkdocs, citations, search tokens, redirects, atomic replacement, links."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.diagnostics import BuildError
from build_tools.site.build import build_all

from .conftest import edit
from .siteserver import serve

pytestmark = pytest.mark.site


@pytest.fixture
def built(mini: Path) -> Path:
    build_all(mini, with_pdf=False)
    return mini


def _page(root: Path, url: str) -> str:
    return (root / "site" / url / "index.html").read_text(encoding="utf-8")


def test_cite_box_has_short_form_edition_permalink_and_sources(built):
    html = _page(built, "code/medical-evidence")
    assert "Attendance Code of Practice, s.1.1, edition 2026-01-01, https://example.org/s/1.1/" in html
    assert 'data-cite-target="cite-text-medical-evidence"' in html
    assert "Copy citation for s.1.1" in html
    # official sources behind the section, with paragraph refs and official URLs; advocacy is not "official"
    assert "The Example Act 2020 (Act of Parliament, 2020-01-01): s.1." in html
    assert 'href="https://www.gov.uk/example-guidance" rel="noopener"' in html


def test_statements_show_authority_and_link_to_source_paragraphs(built):
    html = _page(built, "code/medical-evidence")
    assert '<span class="badge badge--law">Law</span> <span class="force">must</span>' in html
    assert '<span class="badge badge--statutory-guidance">Statutory guidance</span>' in html
    assert '<span class="badge badge--recommendation">Recommended by this Code</span>' in html
    assert 'href="../../sources/guide-y/#p10">Guide Y (2024), para 10</a>' in html
    assert 'href="../s19-duty/">s.1.2 Education when a child cannot attend</a>' in html
    assert '<abbr title="Education, health and care plan: A legal document' in html


def test_unverified_reference_is_flagged_where_cited_with_one_legend(built):
    html = _page(built, "code/s19-duty")
    assert 'Example Act 2020, s.2</a><sup class="unverified-mark" title="Reference not yet verified">' in html
    assert html.count('class="unverified-legend"') == 1
    assert "not yet verified)" not in html  # no sentence repeated at every citation
    verified_only = _page(built, "code/medical-evidence")
    assert "unverified-legend" not in verified_only or "unverified-mark" in verified_only


def test_source_page_lists_provisions_with_reverse_index(built):
    html = _page(built, "sources/guide-y")
    assert 'id="p10"' in html and 'id="p11"' in html
    assert "Used in this Code:" in html and "s.1.1 Medical evidence" in html
    assert "Not used in the Code: Background only" in html


def test_search_index_keeps_section_numbers_as_tokens(built):
    index = json.loads((built / "site/search/search_index.full.json").read_text())
    separator = index["config"]["separator"]
    import re

    tokens = {t for doc in index["docs"] for t in re.split(separator, doc["title"] + " " + doc["text"]) if t}
    assert "1.1" in tokens and "1.2" in tokens


def test_short_permalink_and_old_url_redirect(built):
    short = (built / "site/s/1.1/index.html").read_text()
    assert "url=../../code/medical-evidence/" in short
    lock = built / "code_of_practice/numbers.lock.json"
    data = json.loads(lock.read_text())
    data["sections"][0]["url"] = "old/place/medical-evidence/"
    lock.write_text(json.dumps(data))
    build_all(built, with_pdf=False)
    moved = (built / "site/old/place/medical-evidence/index.html").read_text()
    assert "url=../../../code/medical-evidence/" in moved


def test_failed_build_leaves_last_good_site(built):
    before = _page(built, "code/medical-evidence")
    edit(built / "code_of_practice/chapters/01-illness.yaml", "cites: [guide-y/p10]", "cites: [guide-y/nope]")
    with pytest.raises(BuildError) as caught:
        build_all(built, with_pdf=False)
    assert any("cites unknown provision 'guide-y/nope'" in str(d) for d in caught.value.diagnostics)
    assert _page(built, "code/medical-evidence") == before
    assert not list(built.glob(".site-*")), "temporary build folders must be cleaned up"


def test_mkdocs_warning_fails_the_build_and_keeps_site(built):
    before = _page(built, "code/medical-evidence")
    (built / "docs/broken.md").write_text("# Broken\n\n[missing](no-such-page.md)\n")
    with pytest.raises(BuildError):
        build_all(built, with_pdf=False)
    assert _page(built, "code/medical-evidence") == before


@pytest.mark.skipif(shutil.which("linkchecker") is None, reason="linkchecker not installed")
def test_linkchecker_finds_no_broken_internal_links(built):
    assert_no_broken_links(built / "site")


def assert_no_broken_links(site: Path) -> None:
    """linkchecker over the served site; internal links only (tests never touch the network)."""
    with serve(site) as base:
        result = subprocess.run(
            ["linkchecker", "--no-status", "--no-warnings", "--no-robots", "--threads", "4", base],
            capture_output=True,
            text=True,
            timeout=900,
        )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_where_a_provision_was_checked_stays_off_the_public_site(mini):
    # checked_url / checked_version are editors' data: never on pages, in the search index or in site data
    edit(
        mini / "guidance_sources" / "act-x.yaml",
        "    ref: s.1\n    verified: true\n",
        "    ref: s.1\n    verified: true\n"
        '    checked_url: "https://www.legislation.gov.uk/ukpga/2020/999/section/1/checkedexample"\n'
        '    checked_version: "as made, seen by an editor-only marker"\n',
    )
    build_all(mini, with_pdf=False)
    site = mini / "site"
    assert (site / "sources" / "act-x" / "index.html").is_file()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".js", ".xml", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert "checkedexample" not in text, path
            assert "editor-only marker" not in text, path


def test_section_a_letter_relies_on_links_that_letter_as_a_button(built):
    html = _page(built, "code/medical-evidence")
    assert (
        '<a class="md-button letter-button" href="../../letters/illness-note/">Write the letter: '
        "Asking the school to accept illness absence without a doctor&#39;s note</a>" in html
    )
    assert "letter-button" not in _page(built, "code/s19-duty")  # no letter relies on s.1.2


def test_theme_fetches_a_stub_index_and_the_whole_one_sits_beside_it(built):
    """Every page load fetches search/search_index.json: it holds the settings only; the search worker
    fetches search_index.full.json when the reader searches (tests/test_quality_browser.py)."""
    stub = json.loads((built / "site/search/search_index.json").read_text())
    full = json.loads((built / "site/search/search_index.full.json").read_text())
    assert stub == {"config": full["config"], "docs": []}
    assert any(d["location"].startswith("code/medical-evidence/") for d in full["docs"])
    home = (built / "site/index.html").read_text()
    assert "/workers/search-lazy.js?engine=search." in home
    assert (built / "site/assets/javascripts/workers/search-lazy.js").is_file()


def test_letter_script_only_on_pages_with_a_letter_form(built):
    letter = _page(built, "letters/illness-note")
    assert "data-letter-form" in letter and "assets/javascripts/letters.js" in letter
    section = _page(built, "code/medical-evidence")
    assert "data-letter-form" not in section and "letters.js" not in section
