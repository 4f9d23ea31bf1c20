"""The PDF handbooks: built with the site, opened with pypdf and checked as a reader would use them."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
from pypdf import PdfReader  # noqa: E402

from build_tools.model import Code  # noqa: E402
from build_tools.pdf.html import handbook_document  # noqa: E402
from build_tools.pdf.plan import FULL_CODE_FILE, plan_handbooks, project_handbooks  # noqa: E402
from build_tools.pdf.write import pdf_documents, render_pdf  # noqa: E402
from build_tools.project import Project, ready_project  # noqa: E402
from build_tools.site.build import build_all  # noqa: E402

from .conftest import MINI, ROOT, copy_site_frame  # noqa: E402

pytestmark = pytest.mark.pdf
LEADER = re.compile(r"(?:\s*\.){4,}\s*")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pdf") / "mini"
    shutil.copytree(MINI, root)
    copy_site_frame(root)
    build_all(root, with_pdf=True)
    return root


@pytest.fixture(scope="module")
def project(built: Path) -> Project:
    return ready_project(built)


@pytest.fixture(scope="module")
def code(project: Project) -> Code:
    return project.code


def pdfs(root: Path) -> dict[str, PdfReader]:
    return {p.name: PdfReader(p) for p in sorted((root / "site" / "pdf").glob("*.pdf"))}


def outline_pages(reader: PdfReader) -> dict[str, int]:
    """Bookmark title -> 1-based page, at every depth."""
    found: dict[str, int] = {}

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found.setdefault(entry.title, reader.get_destination_page_number(entry) + 1)

    walk(reader.outline)
    return found


def page_texts(reader: PdfReader) -> list[str]:
    """Each page's text without its running header and footer (pypdf puts them on the last two lines)."""
    texts = []
    for page in reader.pages:
        lines = page.extract_text().split("\n")
        if re.search(r"Page \d+ of \d+$", lines[-1]):
            lines = lines[:-2]
        texts.append("\n".join(lines))
    return texts


def contents_entries(texts: list[str]) -> tuple[list[tuple[str, int]], int]:
    """(label, page) of every contents entry, and the page the contents end on (1-based)."""
    first = next(i for i, t in enumerate(texts) if LEADER.search(t))
    pages = [first]
    while pages[-1] + 1 < len(texts) and LEADER.search(texts[pages[-1] + 1]):
        pages.append(pages[-1] + 1)
    joined = LEADER.sub(" @@ ", " ".join(" ".join(texts[i] for i in pages).split()))
    entries = [(label.strip(), int(page)) for label, page in re.findall(r"(.*?)@@\s*(\d+)", joined)]
    return entries, pages[-1] + 1


def heading(number: str) -> re.Pattern[str]:
    # The number is an inline-block in headings (and contents), which pypdf extracts as two spaces;
    # a cross-reference "s.5.2 Title" that wraps after "s." has one. An inserted number ("15.5A") fills
    # the inline-block, so it comes out with one space.
    spaces = "{1,}" if number[-1].isalpha() else "{2,}"
    return re.compile(rf"(?m)^{re.escape(number)} {spaces}\S")


def heading_page(texts: list[str], start: int, number: str) -> int | None:
    pattern = heading(number)
    return next((i + 1 for i in range(start, len(texts)) if pattern.search(texts[i])), None)


def check_numbers_and_contents(reader: PdfReader, numbers: list[str]) -> None:
    """Every section number in order in the body; contents, outline and text agree on each start page."""
    texts = page_texts(reader)
    entries, contents_end = contents_entries(texts)
    listed = {label.split()[0]: page for label, page in entries if re.match(r"\d+\.\d+", label)}
    assert list(listed) == numbers
    outline = {title.split()[0]: page for title, page in outline_pages(reader).items()}
    body = "\n".join(texts[contents_end:])
    position = 0
    for number in numbers:
        match = heading(number).search(body, position)
        assert match, f"s.{number} not found after position {position}"
        position = match.end()
        assert heading_page(texts, contents_end, number) == listed[number] == outline[number], number


def test_build_writes_full_code_one_handbook_per_guide_and_the_parents_essentials(
    built: Path, project: Project
) -> None:
    guides = project.guides
    names = set(pdfs(built))
    assert names == {FULL_CODE_FILE, "handbook-parents-essentials.pdf"} | {
        f"handbook-{g.id}.pdf" for g in guides
    }
    assert len(guides) >= 2


def test_every_pdf_is_sane_titled_tagged_and_navigable(built: Path) -> None:
    for name, reader in pdfs(built).items():
        assert 3 <= len(reader.pages) <= 40, name
        meta = reader.metadata
        assert meta is not None and meta.title and meta.title.startswith("Attendance Code of Practice"), name
        assert meta.author == "Attendance Code of Practice project"
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB", name
        assert root["/MarkInfo"]["/Marked"], name  # tagged PDF
        assert len(outline_pages(reader)) >= 4, name
        assert "Page 2 of" in reader.pages[1].extract_text()


def test_fonts_are_embedded(built: Path) -> None:
    reader = pdfs(built)[FULL_CODE_FILE]
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_full_code_numbers_contents_and_outline_match(built: Path, code: Code) -> None:
    reader = pdfs(built)[FULL_CODE_FILE]
    check_numbers_and_contents(reader, [s.number for s in code.sections])
    text = "\n".join(p.extract_text() for p in reader.pages)
    cover = reader.pages[0].extract_text()
    assert code.edition.date in cover and code.edition.sources_cutoff in cover
    assert "published on or before" in cover
    for section in code.sections:
        assert (
            f"Cite as: Attendance Code of Practice, s.{section.number}, edition {code.edition.date}" in text
        )
    assert "https://www.legislation.gov.uk/example" in text  # the sources behind a section, as URLs


def test_body_pages_name_their_section_in_the_header_and_only_the_guide_prints_page_numbers(
    built: Path, project: Project, code: Code
) -> None:
    """With paper, a reader finds "s.4.3" by leafing: each Code page's header names the first section
    starting on it, or the one running on from the page before. Page numbers after a cross-reference
    are printed in the guide (which points into the Code), not in the Code's own text."""
    handbook = next(h for h in project_handbooks(project) if h.guide is not None and not h.essentials)
    reader = pdfs(built)[handbook.filename]
    texts = page_texts(reader)
    _, contents_end = contents_entries(texts)
    numbers = [s.number for s in code.sections if s.id in handbook.section_ids]
    starts = {n: heading_page(texts, contents_end, n) for n in numbers}
    first_page = min(p for p in starts.values() if p)
    running = ""
    for page in range(first_page, len(texts) + 1):
        here = [n for n in numbers if starts[n] == page]
        running = here[0] if here else running
        header = reader.pages[page - 1].extract_text().split("\n")[-2]
        if running and not texts[page - 1].lstrip().startswith(("Glossary", "Source documents")):
            assert f"s.{running} " in header, (page, running, header)
    guide_text = " ".join(" ".join(texts[contents_end : first_page - 1]).split())
    assert re.search(r"s\.\d+\.\d+ \(page \d+\)", guide_text), "guide references lost their page numbers"
    body = " ".join(" ".join(texts[first_page - 1 :]).split())
    assert "(page " not in body


def test_handbooks_keep_code_numbers_and_say_what_they_leave_out(
    built: Path, project: Project, code: Code
) -> None:
    for handbook in plan_handbooks(code, project.guides, project.letters):
        reader = pdfs(built)[handbook.filename]
        numbers = [s.number for s in code.sections if s.id in handbook.section_ids]
        check_numbers_and_contents(reader, numbers)
        about = "\n".join(p.extract_text() for p in reader.pages[:4])
        assert "Sections not in this handbook" in about
        for section in code.sections:
            if section.id not in handbook.section_ids:
                assert f"s.{section.number}" in about, (handbook.id, section.number)


def test_letters_print_on_their_own_page_with_the_official_sources_they_quote(
    built: Path, project: Project, code: Code
) -> None:
    reader = pdfs(built)["handbook-parents.pdf"]
    texts = [p.extract_text() for p in reader.pages]
    for letter in project.letters:
        page = next(t for t in texts if t.lstrip().startswith(letter.title))
        assert "The official guidance and law this letter quotes" in page
        # The body cites the official paragraph; an option's paragraph says when to keep it.
        assert "paragraph 10; see Attendance Code of Practice, s.1.1" in " ".join(page.split())
        assert "Only if true:" in page


def test_pages_link_their_pdf(built: Path) -> None:
    site = built / "site"
    section_page = next((site / "code").rglob("medical-evidence/index.html")).read_text(encoding="utf-8")
    assert "pdf/attendance-code-of-practice.pdf" in section_page
    guide_page = (site / "guides" / "parents" / "index.html").read_text(encoding="utf-8")
    assert "pdf/handbook-parents.pdf" in guide_page
    letter_page = next((site / "letters").glob("*/index.html")).read_text(encoding="utf-8")
    assert "pdf/handbook-parents.pdf" in letter_page


def test_no_pdf_build_links_no_pdf(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    copy_site_frame(root)
    build_all(root, with_pdf=False)
    assert not (root / "site" / "pdf").exists()
    assert "handbook-" not in (root / "site" / "guides" / "parents" / "index.html").read_text(
        encoding="utf-8"
    )


def test_pdf_output_is_deterministic(code: Code) -> None:
    html = pdf_documents(code, plan_handbooks(code))[FULL_CODE_FILE]
    assert render_pdf(html) == render_pdf(html)


@pytest.mark.site
def test_real_parents_essentials_handbook_is_one_people_would_print(tmp_path: Path) -> None:
    """The guide, the letters and the sections they cite, with their Code numbers: 24 to 40 pages."""
    project = ready_project(ROOT)
    essentials = next(h for h in project_handbooks(project) if h.essentials)
    reader = PdfReader(io.BytesIO(render_pdf(handbook_document(project.code, essentials))))
    assert 24 <= len(reader.pages) <= 40, len(reader.pages)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for letter in project.letters:
        assert letter.title in text
    cited = {s for g in project.guides if g.id == "parents" for s in g.cited}
    for section_id in cited:
        section = project.code.section(section_id)
        assert section is not None and f"{section.number} " in text


@pytest.mark.site
def test_real_full_code(tmp_path: Path) -> None:
    """The real Code: every section number in order, contents and bookmarks matching (~30 s)."""
    code = ready_project(ROOT).code
    html = pdf_documents(code, ())[FULL_CODE_FILE]
    (tmp_path / FULL_CODE_FILE).write_bytes(render_pdf(html))
    reader = PdfReader(tmp_path / FULL_CODE_FILE)
    assert 40 <= len(reader.pages) <= 600
    check_numbers_and_contents(reader, [s.number for s in code.sections])
