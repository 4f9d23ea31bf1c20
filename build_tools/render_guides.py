"""Render the role guides, letter templates and trainers' pack as site pages, in memory.

``guide_pages(root, code)`` returns ``{path: text}`` for :mod:`build`;
``guide_markdown(code, guide)`` renders one whole guide as standalone Markdown
with absolute links (the PDF stage uses it). Every claim is followed by links to
the Code sections it cites; data text is escaped first (:mod:`richtext`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .diagnostics import BuildError, Severity
from .guides import Guide, Item, load_guides, read_guides, sections_for
from .letters import PLACEHOLDER, Letter, read_letters
from .model import Code, Section
from .render import citation_text, environment, front_matter
from .richtext import Abbreviations, rich
from .training import TrainingPack, read_training
from .urls import relative, section_url

Href = Callable[[str], str]  # site URL -> link from the page being rendered


@dataclass(frozen=True)
class GuideSet:
    """Everything under ``guides/``, checked."""

    guides: tuple[Guide, ...]
    letters: tuple[Letter, ...]
    training: TrainingPack | None


def load_guide_set(root: Path, code: Code) -> GuideSet:
    """Guides, letters and the trainers' pack, or :class:`BuildError` with every error."""
    guides, found = read_guides(root, code)
    letters, problems = read_letters(root, code)
    training, more = read_training(root, code)
    errors = [d for d in found + problems + more if d.severity is Severity.ERROR]
    if errors:
        raise BuildError(errors)
    return GuideSet(load_guides(root, code) if guides else (), letters, training)


def guide_url(guide_id: str) -> str:
    return f"guides/{guide_id}/"


def situation_url(guide_id: str, situation_id: str) -> str:
    return f"guides/{guide_id}/{situation_id}/"


def letter_url(letter_id: str) -> str:
    return f"letters/{letter_id}/"


def handout_url(scenario_id: str) -> str:
    return f"training/{scenario_id}/"


def _file(url: str, index: bool = False) -> str:
    return url + "index.md" if index else url.rstrip("/") + ".md"


class Writer:
    """Shared helpers for one page: links relative to ``here`` (or absolute, for standalone output)."""

    def __init__(self, code: Code, here: str, absolute: bool = False):
        self.code = code
        self.abbr = Abbreviations.from_glossary(code.glossary)
        self.href: Href = (
            (lambda url: code.edition.site_url + url) if absolute else (lambda url: relative(here, url))
        )

    def section(self, section_id: str) -> Section:
        section = self.code.section(section_id)
        assert section is not None, section_id  # the loader has checked every id
        return section

    def cites(self, sections: Sequence[str]) -> Markup:
        links = [
            f'<a class="guide-cite" href="{html.escape(self.href(section_url(s)))}" '
            f'title="{html.escape(self.section(s).title)}">s.{html.escape(self.section(s).number)}</a>'
            for s in sections
        ]
        return Markup(f' <span class="guide-cites">(Code {", ".join(links)})</span>')

    def text(self, text: str) -> Markup:
        return Markup(rich(text, self.code, lambda sid: self.href(section_url(sid)), self.abbr))

    def item(self, item: Item) -> dict[str, Any]:
        return {"text": self.text(item.text), "cites": self.cites(item.sections)}

    def items(self, items: Sequence[Item]) -> list[dict[str, Any]]:
        return [self.item(i) for i in items]

    def link(self, section_id: str) -> dict[str, str]:
        s = self.section(section_id)
        return {"href": self.href(section_url(s.id)), "number": s.number, "title": s.title}


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


def _guide_context(w: Writer, guide: Guide, full: bool) -> dict[str, Any]:
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


def _guide_pages(code: Code, guide: Guide) -> dict[str, str]:
    env = environment()
    home = guide_url(guide.id)
    w = Writer(code, home)
    meta = front_matter({"title": guide.title, "description": guide.intro[:180]})
    pages = {
        _file(home, index=True): env.get_template("guide.md.j2").render(
            front_matter=meta, **_guide_context(w, guide, full=False)
        )
    }
    print_url = home + "print/"
    pages[_file(print_url)] = env.get_template("guide.md.j2").render(
        front_matter=front_matter(
            {"title": f"{guide.title}: the whole guide", "description": guide.intro[:180]}
        ),
        **_guide_context(Writer(code, print_url), guide, full=True),
    )
    for situation in guide.situations:
        url = situation_url(guide.id, situation.id)
        ws = Writer(code, url)
        cited = tuple(dict.fromkeys(s for step in situation.steps for s in step.sections))
        pages[_file(url)] = env.get_template("guide_situation.md.j2").render(
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


def _index_page(code: Code, gs: GuideSet) -> str:
    here = "guides/"
    return (
        environment()
        .get_template("guides_index.md.j2")
        .render(
            guides=[
                {"title": g.title, "href": relative(here, guide_url(g.id)), "intro": g.intro}
                for g in gs.guides
            ],
            letters_href=relative(here, "letters/") if gs.letters else "",
            training_href=relative(here, "training/") if gs.training else "",
        )
    )


def guide_pages(root: Path, code: Code) -> dict[str, str]:
    """Every guide, letter and training page, keyed by path in the staged docs folder."""
    from .render_letters import letter_pages, training_pages

    gs = load_guide_set(root, code)
    if not (gs.guides or gs.letters or gs.training):
        return {}
    pages = {"guides/index.md": _index_page(code, gs)}
    for guide in gs.guides:
        pages.update(_guide_pages(code, guide))
    pages.update(letter_pages(code, gs.letters))
    if gs.training is not None:
        pages.update(training_pages(code, gs.training))
    return pages


def guide_navigation(root: Path, code: Code) -> list[Any]:
    """Navigation entries for the guides, letters and trainers' pack (``render.navigation(extra=...)``)."""
    gs = load_guide_set(root, code)
    if not (gs.guides or gs.letters or gs.training):
        return []
    entries: list[Any] = ["guides/index.md"]
    for g in gs.guides:
        home = guide_url(g.id)
        entries.append(
            {
                g.title: [_file(home, index=True)]
                + [{s.title: _file(situation_url(g.id, s.id))} for s in g.situations]
                + [{"The whole guide, to print": _file(home + "print/")}]
            }
        )
    if gs.letters:
        entries.append(
            {
                "Letters for parents": ["letters/index.md"]
                + [{x.title: _file(letter_url(x.id))} for x in gs.letters]
            }
        )
    if gs.training is not None:
        entries.append(
            {
                "Trainers' pack": ["training/index.md"]
                + [{s.title: _file(handout_url(s.id))} for s in gs.training.scenarios]
            }
        )
    return [{"Guides": entries}]


def cite_full(code: Code, section_id: str) -> str:
    """The "cite this" text of a section (PRODUCT.md form), for letters and handouts."""
    section = code.section(section_id)
    assert section is not None
    return citation_text(code, section)


def _official(code: Code, section_id: str) -> dict[str, list[str]]:
    """Official document id -> the paragraph refs a section cites in it, strongest document first."""
    section = code.section(section_id)
    refs: dict[str, list[str]] = {}
    for provision_id in section.cited if section else ():
        provision = code.corpus.provision(provision_id)
        doc = code.corpus.document(provision_id.split("/")[0])
        if provision and doc and doc.status.is_official and provision.ref not in refs.setdefault(doc.id, []):
            refs[doc.id].append(provision.ref)
    ranked = sorted((d for i in refs if (d := code.corpus.document(i))), key=lambda d: (d.status.rank, d.id))
    return {d.id: refs[d.id] for d in ranked}


def official_refs(code: Code, section_id: str) -> list[str]:
    """The official sources behind a section in full: "Title (status, date): refs. URL"."""
    statuses = code.corpus.vocabulary.statuses
    result = []
    for doc_id, refs in _official(code, section_id).items():
        d = code.corpus.document(doc_id)
        assert d is not None
        status = statuses.get(d.status.value, d.status.value)
        result.append(f"{d.title} ({status}, {d.published}): {', '.join(refs)}. {d.url}")
    return result


def short_refs(code: Code, section_ids: Sequence[str]) -> str:
    """Inline citation in a letter: "Attendance Code of Practice, s.6.2 and s.8.2" (sources listed below)."""
    numbers = [f"s.{s.number}" for i in section_ids if (s := code.section(i))]
    joined = ", ".join(numbers[:-1]) + f" and {numbers[-1]}" if len(numbers) > 1 else "".join(numbers)
    return f"{code.edition.title}, {joined}"


def placeholders(text: str) -> list[tuple[str, str]]:
    """Split template text into ("text", ...) and ("field", name) pieces."""
    pieces: list[tuple[str, str]] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(("text", text[last : match.start()]))
        pieces.append(("field", match.group(1)))
        last = match.end()
    pieces.append(("text", text[last:]))
    return [p for p in pieces if p[1]]


def guide_summary(root: Path, code: Code) -> list[str]:
    """The build summary's readability lines: one per guide."""
    from .readability import score

    guides, _ = read_guides(root, code)
    return [score(g).line() for g in guides]
