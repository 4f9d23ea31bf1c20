"""Render the role guides, letter templates and trainers' pack as site pages, in memory.

``guide_pages(project)`` returns ``{path: text}`` for :mod:`build_tools.site.build`;
``guide_markdown(code, guide)`` renders one whole guide as standalone Markdown
with absolute links (the PDF stage uses it). Every claim is followed by links to
the Code sections it cites; data text is escaped first (:mod:`build_tools.render.richtext`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from build_tools.conflicts.register import PARENTS
from build_tools.guides.guide import Guide, sections_for
from build_tools.guides.readability import score
from build_tools.model import Code
from build_tools.project import Project
from build_tools.render.env import environment, front_matter
from build_tools.render.letters import letter_pages, training_pages
from build_tools.render.richtext import Writer
from build_tools.render.urls import (
    CHECKER_URL,
    GUIDES_URL,
    LETTERS_URL,
    REGISTER_PARENTS_URL,
    TRAINING_URL,
    guide_print_url,
    guide_url,
    handout_url,
    index_file,
    letter_url,
    page_file,
    relative,
    situation_url,
)

CHECKER_READERS = {PARENTS, "governors-trusts"}


def _all_sections(w: Writer, guide: Guide) -> list[dict[str, Any]]:
    """The guide's audience sections grouped by chapter, numbered exactly as in the Code."""
    wanted = {s.id for s in sections_for(w.code, guide.audiences)}
    cited = set(guide.cited)
    chapters = []
    for chapter in w.code.chapters:
        rows = [
            {
                **w.link(s.id),
                "withdrawn": s.withdrawn is not None,
                "covered": s.id in cited,
            }
            for s in chapter.sections
            if s.id in wanted
        ]
        if rows:
            chapters.append({"number": chapter.number, "title": chapter.title, "sections": rows})
    return chapters


def _guide_context(w: Writer, guide: Guide, full: bool, checker: bool = False) -> dict[str, Any]:
    vocab = w.code.corpus.vocabulary.audiences
    return {
        "guide": guide,
        "intro": w.text(guide.intro),
        "must_do": w.items(guide.must_do),
        "owed": w.items(guide.owed),
        "situations": [
            {
                "id": s.id,
                "title": s.title,
                "href": w.href(situation_url(guide.id, s.id)),
                "steps": w.items(s.steps) if full else [],
            }
            for s in guide.situations
        ],
        "ladder": [
            {
                "id": step.id,
                "title": step.title,
                "preconditions": w.items(step.preconditions),
                "checks": w.items(step.checks),
                "framework": w.items(step.framework),
                "sections": [w.link(s) for s in step.sections],
            }
            for step in guide.ladder
        ],
        "briefings": [
            {
                "id": b.id,
                "title": b.title,
                "documents": [d.title for i in b.documents if (d := w.code.corpus.document(i))],
                "points": w.items(b.points),
            }
            for b in guide.briefings
        ],
        "checklist": w.items(guide.checklist),
        "when_wrong": w.items(guide.when_wrong),
        # The guide's site page (not its print or PDF form) links the register in plain English.
        "register_href": w.href(REGISTER_PARENTS_URL) if PARENTS in guide.audiences and not full else "",
        # Parents and governors are the checker's readers: their guides' site pages point to it.
        "checker_href": w.href(CHECKER_URL) if checker and CHECKER_READERS & set(guide.audiences) else "",
        "chapters": (chapters := _all_sections(w, guide)),
        "uncovered": any(not s["covered"] for c in chapters for s in c["sections"]),
        "audiences": [vocab.get(a, a) for a in guide.audiences],
        "full": full,
        "edition": w.code.edition,
        "example": w.section(guide.cited[0]).number if guide.cited else "",
    }


def guide_markdown(code: Code, guide: Guide, here: str | None = None) -> str:
    """One whole guide as Markdown with HTML blocks; absolute links unless ``here`` is given."""
    w = Writer(code, here or "", absolute=here is None)
    context = _guide_context(w, guide, full=True)
    return environment().get_template("guide.md.j2").render(front_matter="", **context)


def _guide_pages(code: Code, guide: Guide, letters: Mapping[str, str], checker: bool) -> dict[str, str]:
    env = environment()
    home = guide_url(guide.id)
    w = Writer(code, home, letters=letters)
    meta = front_matter({"title": guide.title, "description": guide.intro[:180]})
    pages = {
        index_file(home): env.get_template("guide.md.j2").render(
            front_matter=meta, **_guide_context(w, guide, full=False, checker=checker)
        )
    }
    print_url = guide_print_url(guide.id)
    pages[page_file(print_url)] = env.get_template("guide.md.j2").render(
        front_matter=front_matter(
            {"title": f"{guide.title}: the whole guide", "description": guide.intro[:180]}
        ),
        **_guide_context(Writer(code, print_url, letters=letters), guide, full=True),
    )
    for situation in guide.situations:
        url = situation_url(guide.id, situation.id)
        ws = Writer(code, url, letters=letters)
        cited = tuple(dict.fromkeys(s for step in situation.steps for s in step.sections))
        pages[page_file(url)] = env.get_template("guide_situation.md.j2").render(
            front_matter=front_matter(
                {"title": situation.title, "description": f"{guide.title}: {situation.title}"}
            ),
            guide=guide,
            guide_href=ws.href(home),
            situation=situation,
            steps=ws.items(situation.steps),
            sections=[ws.link(s) for s in cited],
        )
    return pages


def _index_page(project: Project) -> str:
    here = GUIDES_URL
    return (
        environment()
        .get_template("guides_index.md.j2")
        .render(
            guides=[
                {"title": g.title, "href": relative(here, guide_url(g.id)), "intro": g.intro}
                for g in project.guides
            ],
            letters_href=relative(here, LETTERS_URL) if project.letters else "",
            training_href=relative(here, TRAINING_URL) if project.training else "",
        )
    )


def guide_pages(project: Project) -> dict[str, str]:
    """Every guide, letter and training page, keyed by path in the staged docs folder."""
    code = project.code
    if not project.has_guides:
        return {}
    pages = {index_file(GUIDES_URL): _index_page(project)}
    letters = {x.id: x.title for x in project.letters}
    for guide in project.guides:
        pages.update(_guide_pages(code, guide, letters, checker=project.lexicon is not None))
    pages.update(letter_pages(code, project.letters))
    if project.training is not None:
        pages.update(training_pages(code, project.training))
    return pages


def guide_navigation(project: Project) -> list[Any]:
    """Navigation entries for the guides, letters and trainers' pack (``render.navigation(extra=...)``)."""
    if not project.has_guides:
        return []
    entries: list[Any] = [index_file(GUIDES_URL)]
    for g in project.guides:
        home = guide_url(g.id)
        entries.append(
            {
                g.title: [index_file(home)]
                + [{s.title: page_file(situation_url(g.id, s.id))} for s in g.situations]
                + [{"The whole guide, to print": page_file(guide_print_url(g.id))}]
            }
        )
    if project.letters:
        entries.append(
            {
                "Letters for parents": [index_file(LETTERS_URL)]
                + [{x.title: page_file(letter_url(x.id))} for x in project.letters]
            }
        )
    if project.training is not None:
        entries.append(
            {
                "Trainers' pack": [index_file(TRAINING_URL)]
                + [{s.title: page_file(handout_url(s.id))} for s in project.training.scenarios]
            }
        )
    return [{"Guides": entries}]


def guide_summary(project: Project) -> list[str]:
    """The build summary's readability lines: one per guide."""
    return [score(g).line() for g in project.guides]
