"""Two editions of the mini project on one site (one build): permalinks, diffs, withdrawn sections."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from build_tools.cli import main
from build_tools.site.build import build_all

from .conftest import ROOT, edit

pytestmark = pytest.mark.site
CHAPTER = "code_of_practice/chapters/01-illness.yaml"
NEW_SECTION = """\
  - id: arranging-education
    number: "1.1A"
    title: Arranging education at home or in hospital
    summary: The local authority arranges education for children too ill to attend.
    audiences: [parents, local-authorities]
    tags: [health-needs-education]
    statements:
      - text: The council must arrange education for a child too ill to go to school.
        cites: [act-x/s2]
        force: must
"""
WITHDRAWN = """\
  - id: s19-duty
    number: "1.2"
    title: Education when a child cannot attend
    summary: Withdrawn; see s.1.1A.
    audiences: [parents, local-authorities]
    withdrawn:
      note: Merged into the new section on arranging education.
      moved_to: [arranging-education]
"""


def publish(root: Path, date: str, *extra: str) -> None:
    assert main(["--root", str(root), "publish", "--date", date, *extra]) == 0


def text_of(site: Path, url: str) -> str:
    """The visible text of a page, following one meta-refresh redirect the way a browser would."""
    page = (site / url / "index.html").read_text(encoding="utf-8")
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
    if refresh:
        page = (site / url / refresh.group(1) / "index.html").resolve().read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import MINI, copy_site_frame

    root = tmp_path_factory.mktemp("editions") / "mini"
    shutil.copytree(MINI, root)
    copy_site_frame(root)
    publish(root, "2026-01-01")
    chapter = root / CHAPTER
    edit(chapter, "for short illnesses.", "for short illnesses of up to five days.")
    text = chapter.read_text(encoding="utf-8")
    start = text.index("  - id: s19-duty")
    chapter.write_text(text[:start] + NEW_SECTION + WITHDRAWN, encoding="utf-8")
    for guide in (root / "guides").glob("*.yaml"):  # guides cite the live section, not the withdrawn one
        guide.write_text(guide.read_text(encoding="utf-8").replace("s19-duty", "arranging-education"))
    reasons = root / "reasons.yaml"
    reasons.write_text(
        "medical-evidence: Says how long a parent's word is enough.\n"
        "arranging-education: The duty now has its own section.\n"
        "s19-duty: Merged into s.1.1A.\n"
    )
    publish(root, "2026-03-01", "--changes", str(reasons))
    build_all(root, with_pdf=False)
    return root


def test_every_permalink_of_the_first_edition_still_gives_its_words(two_editions: Path):
    site = two_editions / "site"
    first = json.loads((two_editions / "code_of_practice/editions/2026-01-01.json").read_text())
    for section in first["sections"]:
        page = text_of(site, f"editions/2026-01-01/s/{section['number']}")
        assert "Past edition: 2026-01-01" in page
        for statement in section["statements"]:
            assert (
                statement["text"].replace("[[s19-duty]]", "s.1.2 Education when a child cannot attend")
                in page
            )
    assert "for short illnesses." in text_of(site, "editions/2026-01-01/s/1.1")
    assert "five days" not in text_of(site, "editions/2026-01-01/s/1.1")
    assert "five days" in text_of(site, "editions/2026-03-01/s/1.1")
    # The cite box of the current section page gives the edition permalink, and it resolves.
    current = text_of(site, "code/medical-evidence")
    assert "s.1.1, edition 2026-03-01, https://example.org/editions/2026-03-01/s/1.1/" in current
    assert "Last changed in edition 2026-03-01" in current and "Compare with edition 2026-01-01" in current
    href = re.search(
        r'<a href="([^"]+)">Compare with edition 2026-01-01',
        (site / "code/medical-evidence/index.html").read_text(),
    ).group(1)
    page, _, anchor = href.partition("#")
    target = (site / "code/medical-evidence" / page / "index.html").resolve()
    assert (
        target == (site / "editions/2026-03-01/changes/index.html").resolve() and anchor == "medical-evidence"
    )


def test_the_second_editions_changes_page_shows_exactly_the_three_changes(two_editions: Path):
    page = (two_editions / "site/editions/2026-03-01/changes/index.html").read_text(encoding="utf-8")
    items = re.findall(
        r'<li><a href="#([^"]+)"><span class="num">s\.([^<]+)</span>.*?<strong class="kind">([^<]+)<', page
    )
    assert items == [
        ("medical-evidence", "1.1", "Changed"),
        ("arranging-education", "1.1A", "New section"),
        ("s19-duty", "1.2", "Withdrawn"),
    ]
    assert re.findall(r'<section class="diff-section" id="([^"]+)"', page) == [i for i, _, _ in items]
    assert "Why: Says how long a parent&#39;s word is enough." in page
    diff = page[page.index('id="medical-evidence"') : page.index('id="arranging-education"')]
    assert re.search(
        r"short illnesses <ins><span class=\"visually-hidden\">\[added: </span>of up to five days<", diff
    )
    statements = diff[diff.index('<ul class="diff-statements">') :]
    assert "<del>" not in statements  # words were only added
    assert diff.count('class="diff-changed"') == 1 and "2 other statements unchanged" in diff
    withdrawn = page[page.index('id="s19-duty"') :]
    assert "Withdrawn." in withdrawn and "s.1.1A Arranging education at home or in hospital" in withdrawn


def test_the_withdrawn_section_points_to_its_successor_in_both_editions(two_editions: Path):
    site = two_editions / "site"
    for date in ("2026-01-01", "2026-03-01"):
        page = (site / f"editions/{date}/code/s19-duty/index.html").read_text()
        assert "withdrawn" in page and "s.1.1A Arranging education at home or in hospital" in page, date
    assert "s.1.1A Arranging education" in text_of(site, "code/s19-duty")


def test_open_data_of_each_edition_validates_and_the_site_has_no_broken_links(two_editions: Path):
    site = two_editions / "site"
    schema = json.loads((ROOT / "code_of_practice/schema/edition-snapshot.schema.json").read_text())
    for date in ("2026-01-01", "2026-03-01"):
        data = json.loads((site / f"editions/{date}/data/attendance-code-{date}.json").read_text())
        jsonschema.Draft202012Validator(schema).validate(data)
        published = json.loads((site / f"editions/{date}/data/edition-snapshot.schema.json").read_text())
        assert published == schema
        csv = (site / f"editions/{date}/data/citations-{date}.csv").read_text().splitlines()
        assert csv[0].startswith("section_number,section_id,statement,label,force,provision")
        assert len(csv) - 1 == sum(len(st["citations"]) for s in data["sections"] for st in s["statements"])
        edition_page = (site / f"editions/{date}/index.html").read_text()
        for name in (f"attendance-code-{date}.json", "edition-snapshot.schema.json", "LICENCE.txt"):
            assert f'href="data/{name}"' in edition_page
    assert_archive_links_resolve(site)


def assert_archive_links_resolve(site: Path) -> None:
    """Every relative link on every archive page leads to a file of the built site."""
    pages = list((site / "editions").rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        if 'http-equiv="refresh"' not in page.read_text(encoding="utf-8"):
            assert 'http-equiv="Content-Security-Policy"' in page.read_text(encoding="utf-8"), page
        for href in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
            if "://" in href:
                continue
            target = (page.parent / href).resolve()
            assert (target / "index.html").exists() or target.is_file(), f"{page}: {href}"
        for href, anchor in re.findall(r'href="([^"#]*)#([^"]+)"', page.read_text(encoding="utf-8")):
            target = (page.parent / href / "index.html").resolve() if href else page
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), f"{page}: {href}#{anchor}"
