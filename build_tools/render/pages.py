"""Every generated page of the site and its navigation, from the Project (pure: nothing is read or written).

The outer layer (:mod:`build_tools.site.build`) stages these pages beside the hand-written ``docs/``.
"""

from __future__ import annotations

from typing import Any

from build_tools.conflicts.register import PARENTS
from build_tools.project import Project
from build_tools.render.checker import checker_files, checker_navigation
from build_tools.render.code import Notice, navigation, render_pages
from build_tools.render.conflicts import PARENTS_PAGE, REGISTER_PAGE, render_register_page, section_notices
from build_tools.render.conflicts_parents import render_parents_page
from build_tools.render.editions import edition_links, project_archive, section_history
from build_tools.render.guides import guide_navigation, guide_pages


def all_pages(project: Project) -> dict[str, str]:
    """Every generated page (the Code, sources, register, guides, letters and the policy checker with its
    rules), keyed by staged path."""
    code = project.code
    for_parents = frozenset(s.id for s in code.sections if PARENTS in s.audiences)
    notices = {
        section: [Notice(title, url, parents_url) for title, url, parents_url in entries]
        for section, entries in section_notices(project.register, for_parents).items()
    }
    letters: dict[str, list[tuple[str, str]]] = {}
    for letter in project.letters:
        for section_id in letter.cited:
            letters.setdefault(section_id, []).append((letter.id, letter.title))
    archive = project_archive(project)  # past editions: each section's history and the editions list
    pages = dict(
        render_pages(
            code,
            notices=notices,
            locked=list(project.lock),
            letters=letters,
            history=section_history(archive),
            editions=edition_links(archive),
        )
    )
    labels = {s.id: f"s.{s.number} {s.title}" for s in code.sections}
    audiences = code.corpus.vocabulary.audiences
    pages[REGISTER_PAGE] = render_register_page(project.register, code.corpus, labels, audiences)
    pages[PARENTS_PAGE] = render_parents_page(project.register, code)
    pages.update(guide_pages(project))
    pages.update(checker_files(project))
    return pages


def site_navigation(project: Project) -> list[Any]:
    """The whole site's navigation: the Code and sources, then the register and the guides."""
    contradictions = [REGISTER_PAGE, {"For parents: what you can rely on": PARENTS_PAGE}]
    extra = [{"Contradictions": contradictions}, *guide_navigation(project), *checker_navigation(project)]
    return navigation(project.code, extra)
