"""Role guides, letters and the trainers' pack: no claim without a Code section, no section left out."""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path

import pytest

from build_tools.consolidate import consolidate
from build_tools.guides.guide import read_guides, sections_for
from build_tools.guides.letters import read_letters
from build_tools.guides.readability import flesch_kincaid_grade, score
from build_tools.guides.training import read_training
from build_tools.load.code import read_code
from build_tools.model import Code
from build_tools.project import Project, check_project, check_sources
from build_tools.render.guides import guide_markdown, guide_pages

from .conftest import ROOT, edit

CITE_LINK = re.compile(r'<a class="guide-cite" href="[^"]+" title="[^"]*">s\.[0-9A-Za-z.]+</a>')
CLAIM_LISTS = re.compile(
    r'<(?:ul|ol) class="(?:guide-items|guide-steps|guide-checklist)">(.*?)</(?:ul|ol)>', re.S
)


@cache
def real_code() -> Code:
    """The real Code's structure (ids, numbers, audiences), even while its sections are being written."""
    corpus = check_sources(ROOT).corpus
    assert corpus is not None
    vocab = {
        "audiences": corpus.vocabulary.audiences,
        "topics": corpus.vocabulary.topics,
        "forces": corpus.vocabulary.forces,
    }
    raw, _ = read_code(ROOT, vocab)
    code, _ = consolidate(raw, corpus)
    assert code is not None
    return code


def _mini_project(root: Path) -> Project:
    result = check_project(root)
    assert result.ok, result.as_text()
    assert result.project is not None
    return result.project


def _mini_code(root: Path) -> Code:
    return _mini_project(root).code


# ---- the real guides -------------------------------------------------------------------------------------


def test_real_guides_letters_and_training_are_valid():
    code = real_code()
    guides, found = read_guides(ROOT, code)
    letters, more = read_letters(ROOT, code)
    pack, rest = read_training(ROOT, code)
    errors = [str(d) for d in found + more + rest if d.severity == "error"]
    assert errors == []
    assert [g.id for g in guides] == [
        "parents",
        "teachers",
        "attendance-officers",
        "governors",
        "local-authorities",
    ]
    assert len(letters) >= 6
    assert pack is not None and len(pack.scenarios) >= 6
    assert {c.id for c in code.corpus.cases} <= {s.case_id for s in pack.scenarios}


def test_every_claim_in_every_real_guide_cites_an_existing_code_section():
    code = real_code()
    guides, _ = read_guides(ROOT, code)
    letters, _ = read_letters(ROOT, code)
    pack, _ = read_training(ROOT, code)
    assert pack is not None
    items = [i for g in guides for i in g.items] + [i for x in letters for i in x.paragraphs + x.requests]
    items += [i for s in pack.scenarios for i in s.good_practice]
    assert items
    for item in items:
        assert item.sections, item
        for section_id in item.sections:
            section = code.section(section_id)
            assert section is not None and section.withdrawn is None, (item, section_id)


def test_every_rendered_claim_links_to_the_code():
    code = real_code()
    guides, _ = read_guides(ROOT, code)
    for guide in guides:
        text = guide_markdown(code, guide)
        lists = CLAIM_LISTS.findall(text)
        assert lists
        for block in lists:
            for li in re.findall(r"<li>(.*?)</li>", block, re.S):
                assert CITE_LINK.search(li), (guide.id, li)
        for block in re.findall(r'<ul class="guide-items ladder-checks">(.*?)</ul>', text, re.S):
            for li in re.findall(r"<li>(.*?)</li>", block, re.S):
                assert CITE_LINK.search(li), (guide.id, li)
        claims = sum(len(re.findall(r"<li>", block)) for block in lists)
        # Shared ladder checks are repeated at each step where they bite; they count as claims once.
        assert claims + len(guide.ladder_checks) == len(guide.items), guide.id


def test_every_section_tagged_for_an_audience_appears_in_its_guide():
    code = real_code()
    guides, _ = read_guides(ROOT, code)
    for guide in guides:
        wanted = sections_for(code, guide.audiences)
        assert wanted, guide.id
        all_part = guide_markdown(code, guide).split("## All Code sections for you")[1]
        listed = re.findall(r'<span class="section-number">([^<]+)</span>', all_part)
        assert listed == [s.number for s in wanted], guide.id  # Code numbers, Code order, none renumbered


def test_parents_guide_meets_its_reading_age_target():
    code = real_code()
    guides, _ = read_guides(ROOT, code)
    parents = next(g for g in guides if g.id == "parents")
    result = score(parents)
    assert parents.reading_age_target == 11
    assert result.reading_age <= 11, result.line()


def test_parents_guide_covers_the_common_situations():
    guides, _ = read_guides(ROOT, real_code())
    titles = " ".join(s.title.lower() for s in next(g for g in guides if g.id == "parents").situations)
    for words in ("often ill", "doctor", "part-time", "anxious", "fine", "transport"):
        assert words in titles


def test_officers_guide_has_a_ladder_with_preconditions_at_every_step():
    guides, _ = read_guides(ROOT, real_code())
    officers = next(g for g in guides if g.id == "attendance-officers")
    assert len(officers.ladder) >= 5
    assert all(step.preconditions and step.framework and step.sections for step in officers.ladder)


def test_flesch_kincaid_is_offline_and_plausible():
    easy, _ = flesch_kincaid_grade("Tell the school. Your child is ill.")
    hard, words = flesch_kincaid_grade(
        "The local authority's statutory responsibilities necessitate comprehensive consideration of "
        "individualised educational arrangements."
    )
    assert easy < 3 < hard and words == 12


# ---- the mini project: rendering and diagnostics ---------------------------------------------------------


def test_mini_guides_render_every_page(mini):
    pages = guide_pages(_mini_project(mini))
    assert {
        "guides/index.md",
        "guides/parents/index.md",
        "guides/parents/often-ill.md",
        "guides/parents/print.md",
        "letters/index.md",
        "letters/illness-note.md",
        "training/index.md",
        "training/note-for-every-absence.md",
    } <= set(pages)
    home = pages["guides/parents/index.md"]
    assert (
        '<a class="guide-cite" href="../../code/medical-evidence/" title="Medical evidence">s.1.1</a>' in home
    )
    assert home.count('<span class="section-number">') == 2  # s.1.1 and s.1.2, both tagged for parents
    situation = pages["guides/parents/often-ill.md"]
    assert 'Part of <a href="../">Parents and carers</a>' in situation


def test_guide_leaving_a_section_out_says_so(mini):
    edit(
        mini / "guides/parents.yaml",
        "    sections: [s19-duty]\nchecklist",
        "    sections: [medical-evidence]\nchecklist",
    )
    edit(
        mini / "guides/parents.yaml",
        "  - text: Ask the council for help.\n    sections: [s19-duty]",
        "  - text: Ask the school for help.\n    sections: [medical-evidence]",
    )
    page = guide_pages(_mini_project(mini))["guides/parents/index.md"]
    assert (
        '<span class="section-number">1.2</span> Education when a child cannot attend</a> '
        '<em class="guide-not-covered">(not covered in this guide)</em>' in page
    )


def test_letter_fields_are_blanks_and_body_cites_the_official_paragraph(mini):
    page = guide_pages(_mini_project(mini))["letters/illness-note.md"]
    assert '<span class="letter-field" data-field="child_name" data-empty="[Your child&#x27;s name]">' in page
    # The body names the official document and paragraph; the Code section is only a pointer.
    assert (
        "(Department for Education, Example statutory guidance on illness (August 2024), paragraph 10; "
        "see Attendance Code of Practice, s.1.1)" in page
    )
    # The reference list holds only what the body cites (para 12 is in the section, not the letter).
    assert "para 12" not in page and "paragraph 12" not in page
    # An option's paragraph and the source only it cites are hidden until the option is ticked.
    assert '<p data-letter-block data-when="disabled" hidden>My child is disabled' in page
    assert 'data-when-any="disabled" hidden>The Example Act 2020, section 1:' in page
    assert 'id="option-illness-note-disabled" data-option="disabled"' in page
    assert "## What to do next" in page and "## If they don't reply" in page
    assert "<form" not in page  # nothing can be submitted


def test_ladder_step_repeats_the_shared_checks_that_bite_there(mini):
    page = guide_pages(_mini_project(mini))["guides/local-authorities/index.md"]
    step = page[page.index('<div class="ladder-step">') :]
    assert "Checks that must hold at this step" in step
    assert "Illness is coded as illness before anything is counted." in step


def test_unknown_ladder_check_is_a_file_and_line_error(mini):
    code = _mini_code(mini)
    edit(mini / "guides/local-authorities.yaml", "checks: [illness-coded]", "checks: [ilness-coded]")
    _, found = read_guides(mini, code)
    messages = [str(d) for d in found]
    assert any(
        m.startswith("guides/local-authorities.yaml:")
        and "unknown ladder check 'ilness-coded'" in m
        and "illness-coded" in m
        for m in messages
    ), messages


def test_guide_markdown_is_standalone_with_absolute_links(mini):
    code = _mini_code(mini)
    guides, _ = read_guides(mini, code)
    text = guide_markdown(code, guides[0])
    assert 'href="https://example.org/code/medical-evidence/"' in text
    assert "### My child is often ill" in text and "Tell the school on the first day." in text


BAD_INPUTS = [
    (
        "guides/parents.yaml",
        "order: 1\n",
        "order: 1\ncolour: blue\n",
        "guides/parents.yaml:4: error: [colour] unknown key 'colour'",
    ),
    (
        "guides/parents.yaml",
        "  - text: Tell the school when your child is ill.\n    sections: [medical-evidence]",
        "  - text: Tell the school when your child is ill.\n    sections: [no-such-section]",
        "guides/parents.yaml:9: error: [must_do[0].sections[0]] unknown Code section 'no-such-section'",
    ),
    (
        "guides/parents.yaml",
        "  - text: Tell the school when your child is ill.\n    sections: [medical-evidence]\n",
        "  - text: Tell the school when your child is ill.\n",
        "guides/parents.yaml:8: error: [must_do[0]] every claim must cite a Code section",
    ),
    (
        "guides/parents.yaml",
        "      - text: Tell the school on the first day.\n        sections: [medical-evidence]",
        "      - text: Tell the school on the first day.\n        sections: []",
        "guides/parents.yaml:19: error: [situations[0].steps[0].sections] "
        "every claim must cite a Code section",
    ),
    (
        "guides/parents.yaml",
        "audiences: [parents]",
        "audiences: [parent]",
        "guides/parents.yaml:4: error: [audiences[0]] unknown audience 'parent'",
    ),
    (
        "guides/letters/illness-note.yaml",
        'subject: "Absence of {child_name}"',
        'subject: "Absence of {childname}"',
        "guides/letters/illness-note.yaml:18: error: [subject] "
        "placeholder {childname} is not one of the letter's fields",
    ),
    (
        "guides/training.yaml",
        "  - id: note-for-every-absence\n",
        "  - id: note-for-every-absence\n    case: x/y\n",
        "guides/training.yaml:5: error: [scenarios[0].case] unknown case example 'x/y'",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), BAD_INPUTS)
def test_bad_guide_input_gives_file_and_line(mini, file, old, new, expected):
    edit(mini / file, old, new)
    result = check_project(mini)
    assert not result.ok
    assert expected in [str(d).split(" — ")[0] for d in result.errors], result.as_text()


def test_unreadable_parents_guide_is_a_warning(mini):
    edit(
        mini / "guides/parents.yaml",
        "intro: This guide is for you if your child is often ill.",
        "intro: "
        + textwrap.fill(
            "Notwithstanding the aforementioned considerations regarding institutional "
            "accountability, administrative documentation requirements necessitate "
            "comprehensive interdepartmental communication.",
            1000,
        ),
    )
    result = check_project(mini)
    warnings = [str(d) for d in result.warnings]
    assert any(
        w.startswith("guides/parents.yaml: warning: [reading_age_target] reading age") for w in warnings
    )
    assert not check_project(mini, strict=True).ok
