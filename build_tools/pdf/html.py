"""The PDFs as HTML documents, in memory: the full Code and each audience handbook.

Same data and the same helpers as the site (:mod:`build_tools.render`), so numbers, authority
labels and citations match it exactly. Links inside a document point at the
section's anchor (printed with its page number); links to anything else are
absolute URLs, printed in full so a paper copy still says where to go.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

from build_tools.guides.guide import Guide
from build_tools.guides.letters import PLACEHOLDER, Block, Letter
from build_tools.guides.reader import Item
from build_tools.model import Authority, Code, Section
from build_tools.pdf.plan import Handbook, left_out
from build_tools.render.citations import (
    citation_text,
    newer_edition_notice,
    official_citation,
    official_sources,
    status_label,
)
from build_tools.render.code import documents_by_authority, statement_groups
from build_tools.render.env import environment
from build_tools.render.escape import safe_url
from build_tools.render.letters import block_refs, letter_references
from build_tools.render.richtext import Abbreviations, rich
from build_tools.render.urls import provision_url, short_url

AUTHOR = "Attendance Code of Practice project"
# Abbreviation hovers mean nothing on paper; the glossary is printed instead.
NO_ABBREVIATIONS = Abbreviations(None, {})


def code_document(code: Code) -> str:
    """The full Code: cover, contents, about this edition, every section, glossary."""
    included = {s.id for s in code.sections}
    return _render(
        code,
        subtitle="The full Code",
        parts=_parts(code, included),
        glossary=_glossary(code, included),
        handbook=None,
    )


def handbook_document(code: Code, handbook: Handbook) -> str:
    """One audience's handbook: its guide and letters, then its Code sections with their Code numbers."""
    included = set(handbook.section_ids)
    href = _section_href(code, included)
    return _render(
        code,
        subtitle=handbook.title,
        parts=_parts(code, included),
        glossary=[],
        handbook={
            "id": handbook.id,
            "essentials": handbook.essentials,
            "left_out": [{"chapter": c, "numbers": ", ".join(n)} for c, n in left_out(code, handbook)],
            "guide": _guide(code, handbook.guide, href) if handbook.guide else None,
            "letters": [_letter(code, letter, href) for letter in handbook.letters],
        },
    )


def _render(code: Code, subtitle: str, **context: Any) -> str:
    docs = documents_by_authority(code)
    return (
        environment()
        .get_template("pdf.html.j2")
        .render(
            edition=code.edition,
            author=AUTHOR,
            subtitle=subtitle,
            full_code_url=code.edition.site_url,
            authorities=[{"label": a.label, "value": a.value} for a in Authority],
            sources=[
                {
                    "title": d.title,
                    "short_title": d.short_title,
                    "published": d.published,
                    "authority": Authority.for_status(d.status).label,
                    "status": status_label(code, d.status),
                    "edition": d.edition or d.published,
                    "in_force": d.in_force,
                    "url": safe_url(d.url),
                    "superseded": bool(d.superseded_by),
                    "newer": newer_edition_notice(d),
                    "official": d.status.is_official,
                }
                for d in docs
            ],
            **context,
        )
    )


def _section_href(code: Code, included: set[str]) -> Callable[[str], str]:
    def href(section_id: str) -> str:
        if section_id in included:
            return f"#s-{section_id}"
        target = code.section(section_id)
        return f"{code.edition.site_url}{short_url(target.number)}" if target else code.edition.site_url

    return href


def _parts(code: Code, included: set[str]) -> list[dict[str, Any]]:
    href = _section_href(code, included)
    parts = []
    for part in code.parts:
        chapters = [
            {
                "anchor": f"c-{c.id}",
                "number": c.number,
                "title": c.title,
                "intro": rich(c.intro, code, href, NO_ABBREVIATIONS) if c.intro else "",
                "sections": [_section(code, s, href) for s in c.sections if s.id in included],
            }
            for c in part.chapters
        ]
        chapters = [c for c in chapters if c["sections"]]
        if chapters:
            parts.append(
                {"anchor": f"p-{part.id}", "label": part.label, "title": part.title, "chapters": chapters}
            )
    return parts


def _section(code: Code, section: Section, href: Callable[[str], str]) -> dict[str, Any]:
    vocab = code.corpus.vocabulary.audiences
    moved = section.withdrawn.moved_to if section.withdrawn else ()
    return {
        "anchor": f"s-{section.id}",
        "number": section.number,
        "title": section.title,
        "summary": rich(section.summary, code, href, NO_ABBREVIATIONS),
        "audiences": ", ".join(vocab.get(a, a) for a in section.audiences),
        "withdrawn": section.withdrawn.note if section.withdrawn else "",
        "moved": _links(code, moved, href),
        "groups": statement_groups(
            code,
            section,
            NO_ABBREVIATIONS,
            section_href=href,
            provision_href=lambda pid: code.edition.site_url + provision_url(pid),
        ),
        "official": official_sources(code, section),
        "official_brief": official_citation(code, section.cited, most=3),
        "cite": citation_text(code, section),
    }


def _links(code: Code, ids: Iterable[str], href: Callable[[str], str]) -> list[dict[str, str]]:
    found = (code.section(i) for i in ids)
    return [{"href": href(s.id), "number": s.number, "title": s.title} for s in found if s]


def _glossary(code: Code, included: set[str]) -> list[dict[str, Any]]:
    href = _section_href(code, included)
    return [
        {
            "term": t.term,
            "abbreviation": t.abbreviation or "",
            "definition": t.definition,
            "sections": _links(code, t.sections, href),
        }
        for t in sorted(code.glossary, key=lambda t: t.term.lower())
    ]


def _guide(code: Code, guide: Guide, href: Callable[[str], str]) -> dict[str, Any]:
    def items(values: Iterable[Item]) -> list[dict[str, Any]]:
        return [
            {"text": rich(i.text, code, href, NO_ABBREVIATIONS), "sections": _links(code, i.sections, href)}
            for i in values
        ]

    return {
        "title": guide.title,
        "intro": rich(guide.intro, code, href, NO_ABBREVIATIONS),
        "must_do": items(guide.must_do),
        "owed_title": guide.owed_title,
        "owed": items(guide.owed),
        "situations": [{"title": s.title, "steps": items(s.steps)} for s in guide.situations],
        "ladder": [
            {
                "title": step.title,
                "preconditions": items(step.preconditions),
                "checks": items(step.checks),
                "framework": items(step.framework),
            }
            for step in guide.ladder
        ],
        "briefings": [
            {
                "title": b.title,
                "documents": [d.title for i in b.documents if (d := code.corpus.document(i))],
                "points": items(b.points),
            }
            for b in guide.briefings
        ],
        "checklist": items(guide.checklist),
        "when_wrong": items(guide.when_wrong),
    }


def _letter(code: Code, letter: Letter, href: Callable[[str], str]) -> dict[str, Any]:
    fields = {f.id: f for f in letter.fields}

    def fill(text: str) -> str:
        """Escaped text with each ``{field}`` as a labelled space to write in."""

        def blank(match: re.Match[str]) -> str:
            field = fields.get(match.group(1))
            label, kind = (field.label, field.kind) if field else (match.group(1), "text")
            label_html = f'<span class="blank-label">{html.escape(label)}</span>'
            return f'<span class="blank blank--{kind}">{label_html}</span>'

        return PLACEHOLDER.sub(blank, rich(text, code, href, NO_ABBREVIATIONS))

    options = {o.id: o.label for o in letter.options}

    def blocks(values: Iterable[Block]) -> list[dict[str, Any]]:
        # On paper nothing can be ticked: an optional paragraph says when to keep it.
        return [
            {"text": fill(b.text), "refs": block_refs(code, b), "when": options.get(b.when or "", "")}
            for b in values
        ]

    return {
        "anchor": f"l-{letter.id}",
        "title": letter.title,
        "purpose": rich(letter.purpose, code, href, NO_ABBREVIATIONS),
        "recipient": letter.recipient,
        "fields": [f.label for f in letter.fields],
        "header": [fill(line) for line in letter.header],
        "subject": fill(letter.subject),
        "opening": fill(letter.opening),
        "paragraphs": blocks(letter.paragraphs),
        "requests": blocks(letter.requests),
        "closing": [fill(line) for line in letter.closing],
        "references": letter_references(code, letter),
        "code_title": code.edition.title,
    }
