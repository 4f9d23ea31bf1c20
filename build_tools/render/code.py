"""Stage 5: render the Code and the corpus as site pages (Markdown and JSON), in memory.

``render_pages(code)`` returns ``{path: text}`` relative to the staged docs
folder; only :mod:`build_tools.site.build` writes them. Templates live in ``templates/``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from build_tools.consolidate import XREF
from build_tools.load.lock import LockedSection
from build_tools.model import Authority, Code, Document, Force, Section, Status
from build_tools.render.citations import (
    citation_text,
    cite_label,
    newer_edition_notice,
    official_sources,
    status_label,
)
from build_tools.render.env import environment, front_matter
from build_tools.render.escape import theme_text
from build_tools.render.richtext import Abbreviations, paragraphs, rich
from build_tools.render.search import document_names, jump_table
from build_tools.render.tables import attendance_codes
from build_tools.render.urls import (
    CONTENTS_URL,
    EDITION_URL,
    GLOSSARY_URL,
    SOURCES_URL,
    index_file,
    letter_url,
    page_file,
    provision_url,
    relative,
    section_url,
    short_url,
    source_url,
)

RULES_HEADING = "The rules"
RECOMMENDATIONS_HEADING = "Good practice this Code recommends"
FORCE_LABELS = {
    Force.MUST: "must",
    Force.MUST_NOT: "must not",
    Force.SHOULD: "should",
    Force.SHOULD_NOT: "should not",
    Force.MAY: "may",
    Force.EXPECTS: "expected",
    Force.FACT: "",
}


# Listing pages are folder indexes, so "code/index.md" and "code/x.md" sit side by side.
CONTENTS_PAGE = index_file(CONTENTS_URL)
SOURCES_INDEX_PAGE = index_file(SOURCES_URL)


@dataclass(frozen=True)
class Notice:
    """A contradictions-register entry to flag on a section page."""

    title: str
    url: str
    parents_url: str = ""  # the entry on the parents' page, on sections written for parents


def _plain_text(code: Code, text: str) -> str:
    """Text with [[id]] cross-references written as section numbers, for metadata."""

    def number(match: re.Match[str]) -> str:
        target = code.section(match.group(1))
        return f"s.{target.number}" if target else match.group(0)

    return XREF.sub(number, text)


def _labels(code: Code, ids: Sequence[str], vocab: Mapping[str, str]) -> list[str]:
    return [vocab.get(i, i) for i in ids]


def _statement_groups(code: Code, section: Section, here: str, abbr: Abbreviations) -> list[dict[str, Any]]:
    return statement_groups(
        code,
        section,
        abbr,
        section_href=lambda sid: relative(here, section_url(sid)),
        provision_href=lambda pid: relative(here, provision_url(pid)),
    )


def statement_groups(
    code: Code,
    section: Section,
    abbr: Abbreviations,
    section_href: Callable[[str], str],
    provision_href: Callable[[str], str],
) -> list[dict[str, Any]]:
    """A section's rules in the order the section gives them (support and rights before sanctions, as
    the statutory guidance orders them), each with its label; recommendations follow apart, never mixed
    with what is required. The callers decide where links go."""
    rules: list[dict[str, Any]] = []
    recommended: list[dict[str, Any]] = []
    for index, statement in enumerate(section.statements, start=1):
        cites: list[dict[str, Any]] = []
        context: list[dict[str, Any]] = []
        # The provision that makes the rule comes first; the rest are context, shown as such.
        establishing = (statement.rests_on,) if statement.rests_on else ()
        for provision_id in establishing + statement.context:
            provision = code.corpus.provision(provision_id)
            if provision is None:
                continue
            label = cite_label(code.corpus, provision)
            if any(c["label"] == label for c in cites + context):
                continue  # two provisions of one paragraph: the reader sees the paragraph once
            (cites if provision_id in establishing or not establishing else context).append(
                {"href": provision_href(provision_id), "label": label, "verified": provision.verified}
            )
        target = recommended if statement.authority is Authority.RECOMMENDATION else rules
        target.append(
            {
                "anchor": f"{section.id}-{index}",
                "authority": statement.authority.value,
                "label": statement.authority.label,
                "force": FORCE_LABELS[statement.force] if statement.force else "",
                "text": rich(statement.text, code, section_href, abbr),
                "cites": cites,
                "context": context,
            }
        )
    groups = []
    if rules:
        groups.append(
            {"heading": RULES_HEADING, "anchor": "rules", "authority": "rules", "statements": rules}
        )
    if recommended:
        groups.append(
            {
                "heading": RECOMMENDATIONS_HEADING,
                "anchor": Authority.RECOMMENDATION.value,
                "authority": Authority.RECOMMENDATION.value,
                "statements": recommended,
            }
        )
    return groups


def _section_link(code: Code, section_id: str, here: str) -> dict[str, str]:
    target = code.section(section_id)
    assert target is not None
    return {"href": relative(here, section_url(target.id)), "number": target.number, "title": target.title}


def _history(code: Code, section: Section, here: str, history: Any) -> dict[str, Any] | None:
    """What the page says about earlier editions (``editions.pages.SectionHistory``), links made relative."""
    if history is None:
        return None
    return {
        "last_changed": history.last_changed,
        "pending": history.pending,
        "compare_date": history.compare_date,
        "compare_href": relative(here, history.compare_href) if history.compare_href else None,
        "editions_href": relative(here, history.editions_href),
        "permalink": f"{code.edition.site_url}{history.edition_permalink}"
        if history.edition_permalink
        else None,
        "permalink_href": relative(here, history.edition_permalink) if history.edition_permalink else None,
    }


SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]][.!?])\s+(?=[A-Z])")


def first_sentence(summary: str) -> tuple[str, str]:
    """The summary's first sentence (the two-line "what this means") and the rest, if any."""
    parts = SENTENCE_END.split(summary.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def render_section(
    env: Environment,
    code: Code,
    section: Section,
    abbr: Abbreviations,
    notices: Sequence[Notice] = (),
    letters: Sequence[tuple[str, str]] = (),
    history: Any = None,
) -> str:
    """One section's page; ``letters`` are (id, title) of the letters that rely on it, shown as buttons."""
    here = section_url(section.id)
    past = _history(code, section, here, history)
    cite_text = citation_text(code, section)
    if past and past["permalink"]:  # the cite box gives the permalink of the edition's own words
        cite_text = (
            f"{code.edition.title}, s.{section.number}, edition {code.edition.date}, {past['permalink']}"
        )
    chapter = next(c for c in code.chapters if c.id == section.chapter_id)
    part = next(p for p in code.parts if chapter in p.chapters)
    vocab = code.corpus.vocabulary
    tags = _labels(code, section.tags, vocab.topics)
    groups = _statement_groups(code, section, here, abbr)
    gist, rest = first_sentence(section.summary)
    return env.get_template("section.md.j2").render(
        front_matter=front_matter(
            {
                "title": f"{section.number} {section.title}",
                "description": _plain_text(code, section.summary),
                "tags": tags,
            }
        ),
        section=section,
        chapter=chapter,
        part=part,
        gist=rich(gist, code, lambda sid: relative(here, section_url(sid)), abbr),
        summary_rest=rich(rest, code, lambda sid: relative(here, section_url(sid)), abbr) if rest else "",
        audiences=_labels(code, section.audiences, vocab.audiences),
        groups=groups,
        unverified=any(
            not c["verified"] for g in groups for st in g["statements"] for c in st["cites"] + st["context"]
        ),
        crumbs={
            "code": relative(here, CONTENTS_URL),
            "part": relative(here, CONTENTS_URL) + f"#{part.id}",
            "chapter": relative(here, CONTENTS_URL) + f"#chapter-{chapter.id}",
        },
        letters=[{"href": relative(here, letter_url(lid)), "title": title} for lid, title in letters],
        codes_table=attendance_codes(code, lambda pid: relative(here, provision_url(pid)))
        if section.table == "attendance-codes"
        else [],
        related=[_section_link(code, s, here) for s in section.see_also],
        moved=[
            _section_link(code, s, here) for s in (section.withdrawn.moved_to if section.withdrawn else ())
        ],
        notices=[
            {
                "title": n.title,
                "href": relative(here, n.url),
                "parents_href": relative(here, n.parents_url) if n.parents_url else "",
            }
            for n in notices
        ],
        cite_text=cite_text,
        history=past,
        permalink=f"{code.edition.site_url}{short_url(section.number)}",
        short_href=relative(here, short_url(section.number)),
        official=official_sources(code, section),
    )


def render_source(env: Environment, code: Code, doc: Document, abbr: Abbreviations) -> str:
    here = source_url(doc.id)
    used = code.used_by()
    excluded = {e.provision_id: e.reason for e in code.exclusions}
    vocab = code.corpus.vocabulary

    def doc_link(doc_id: str) -> dict[str, str]:
        other = code.corpus.document(doc_id)
        return {"href": relative(here, source_url(doc_id)), "title": other.title if other else doc_id}

    provisions = [
        {
            "anchor": p.local_id,
            "ref": p.ref,
            "heading": p.heading,
            "verified": p.verified,
            "withdrawn": p.withdrawn,
            "force": FORCE_LABELS[p.force] or "statement of fact",
            "text": paragraphs(abbr.apply(_escape(p.text))),
            "audiences": _labels(code, p.audiences, vocab.audiences),
            "topics": _labels(code, p.topics, vocab.topics),
            "used": [_section_link(code, s, here) for s in used.get(p.id, ())],
            "excluded": excluded.get(p.id, ""),
        }
        for p in doc.provisions
    ]
    cases = [
        {
            "anchor": c.local_id,
            "title": c.title,
            "ref": c.ref,
            "issues": c.issues,
            "text": paragraphs(_escape(c.text)),
        }
        for c in doc.cases
    ]
    return env.get_template("source.md.j2").render(
        front_matter=front_matter({"title": doc.short_title, "description": doc.title}),
        doc=doc,
        authority=Authority.for_status(doc.status).value,
        status_label=status_label(code, doc.status),
        supersedes=[doc_link(d) for d in doc.supersedes],
        superseded_by=doc_link(doc.superseded_by) if doc.superseded_by else None,
        newer=newer_edition_notice(doc),
        newer_url=doc.newer_edition.url if doc.newer_edition else None,
        unverified=sum(1 for p in doc.provisions if not p.verified),
        provisions=provisions,
        cases=cases,
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def render_contents(env: Environment, code: Code) -> str:
    here = CONTENTS_URL
    parts = [
        {
            "id": p.id,
            "label": p.label,
            "title": p.title,
            "chapters": [
                {
                    "id": c.id,
                    "number": c.number,
                    "title": c.title,
                    "sections": [
                        {
                            "href": relative(here, section_url(s.id)),
                            "number": s.number,
                            "title": s.title,
                            "withdrawn": s.withdrawn is not None,
                        }
                        for s in c.sections
                    ],
                }
                for c in p.chapters
            ],
        }
        for p in code.parts
    ]
    return env.get_template("contents.md.j2").render(parts=parts)


def documents_by_authority(code: Code) -> list[Document]:
    return sorted(code.corpus.documents, key=lambda d: (d.status.rank, d.superseded_by is not None, d.id))


def render_sources_index(env: Environment, code: Code) -> str:
    here = SOURCES_URL
    groups = []
    for status in Status:
        docs = [d for d in documents_by_authority(code) if d.status is status]
        if docs:
            groups.append(
                {
                    "id": status.value,
                    "label": status_label(code, status),
                    "documents": [
                        {
                            "href": relative(here, source_url(d.id)),
                            "title": d.title,
                            "published": d.published,
                            "in_force": d.in_force,
                            "count": len(d.provisions),
                            "superseded": bool(d.superseded_by),
                            "newer": bool(d.newer_edition),
                        }
                        for d in docs
                    ],
                }
            )
    return env.get_template("sources_index.md.j2").render(groups=groups)


def render_glossary(env: Environment, code: Code) -> str:
    here = GLOSSARY_URL
    terms = [
        {
            "id": t.id,
            "term": t.term,
            "abbreviation": t.abbreviation,
            "definition": t.definition,
            "sections": [_section_link(code, s, here) for s in t.sections],
        }
        for t in sorted(code.glossary, key=lambda t: t.term.lower())
    ]
    return env.get_template("glossary.md.j2").render(terms=terms)


def render_edition(env: Environment, code: Code, editions: Sequence[Mapping[str, str]] = ()) -> str:
    here = EDITION_URL
    docs = [
        {
            "href": relative(here, source_url(d.id)),
            "title": d.title,
            "status": status_label(code, d.status),
            "edition": d.edition or d.published,
            "in_force": d.in_force,
            "newer": newer_edition_notice(d),
        }
        for d in documents_by_authority(code)
    ]
    return env.get_template("edition.md.j2").render(
        editions=[{"date": e["date"], "href": relative(here, e["url"])} for e in reversed(editions)],
        archive_href=relative(here, "editions/"),
        edition=code.edition,
        docs=docs,
        sections=len([s for s in code.sections if not s.withdrawn]),
        provisions=len(code.corpus.provisions),
        documents=len(code.corpus.documents),
        unverified=len(code.corpus.unverified),
        newer=[d for d in docs if d["newer"]],
    )


def render_redirect(env: Environment, title: str, from_url: str, to_url: str) -> str:
    return env.get_template("redirect.html.j2").render(title=title, target=relative(from_url, to_url))


def abbreviations_snippet(code: Code) -> str:
    """Markdown abbreviation definitions, appended to every page by pymdownx.snippets.

    Each definition must stay one line of the abbr syntax: a line break or a ``]`` would end it and turn
    the rest into page Markdown (and HTML). The title becomes an attribute, which Markdown escapes itself.
    """
    abbr = Abbreviations.from_glossary(code.glossary)
    lines = []
    for key, title in sorted((_unescape(k), v) for k, v in abbr.titles.items()):
        key, title = " ".join(key.split()), " ".join(title.split())
        if key and not set(key) & set("[]\\"):
            lines.append(f"*[{key}]: {title}\n")
    return "".join(lines)


def _unescape(text: str) -> str:
    return html.unescape(text)


def site_data(code: Code) -> dict[str, Any]:
    """What the macros module and the citation-aware search read: sections by id and number."""
    jumps, jump_also = jump_table(code)
    return {
        "edition": {
            "date": code.edition.date,
            "sources_cutoff": code.edition.sources_cutoff,
            "site_url": code.edition.site_url,
            "title": code.edition.title,
        },
        "sections": {
            s.id: {
                "number": s.number,
                "title": s.title,
                "url": section_url(s.id),
                "short_url": short_url(s.number),
                "cite": citation_text(code, s),
                "withdrawn": s.withdrawn is not None,
            }
            for s in code.sections
        },
        "jumps": jumps,
        "jump_also": jump_also,
        "jump_names": document_names(code),
    }


def render_pages(
    code: Code,
    notices: Mapping[str, Sequence[Notice]] | None = None,
    locked: Sequence[LockedSection] = (),
    letters: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    history: Mapping[str, Any] | None = None,
    editions: Sequence[Mapping[str, str]] = (),
) -> dict[str, str]:
    """Every generated page and data file, keyed by path in the staged docs folder. ``letters`` maps a
    section id to the (id, title) of each letter that relies on it; ``history`` and ``editions`` come
    from the editions stage: each section's past, and the published dates."""
    env = environment()
    abbr = Abbreviations.from_glossary(code.glossary)
    notices = notices or {}
    letters = letters or {}
    pages: dict[str, str] = {
        CONTENTS_PAGE: render_contents(env, code),
        SOURCES_INDEX_PAGE: render_sources_index(env, code),
        page_file(GLOSSARY_URL): render_glossary(env, code),
        page_file(EDITION_URL): render_edition(env, code, editions),
    }
    for section in code.sections:
        pages[page_file(section_url(section.id))] = render_section(
            env,
            code,
            section,
            abbr,
            notices.get(section.id, ()),
            letters.get(section.id, ()),
            (history or {}).get(section.id),
        )
        short = short_url(section.number)
        pages[short + "index.html"] = render_redirect(
            env, f"s.{section.number}", short, section_url(section.id)
        )
    for entry in locked:
        current = code.section(entry.id)
        if current is not None and entry.url != section_url(current.id):
            # A published URL outlives any reorganisation: it redirects to where the section is now.
            pages[entry.url + "index.html"] = render_redirect(
                env, f"s.{entry.number}", entry.url, section_url(current.id)
            )
    for doc in code.corpus.documents:
        pages[page_file(source_url(doc.id))] = render_source(env, code, doc, abbr)
    pages["assets/data/site.json"] = json.dumps(site_data(code), indent=1, sort_keys=True) + "\n"
    return pages


def navigation(code: Code, extra: Sequence[Any] = ()) -> list[Any]:
    """The site's navigation: the Code by part and chapter, then sources and reference pages.

    The theme prints navigation titles as HTML, so every title is escaped here (escape.theme_text).
    """
    return escaped_nav(_navigation(code, extra))


def escaped_nav(nav: Any) -> Any:
    """A mkdocs nav with every title escaped for the theme (page paths are left alone)."""
    if isinstance(nav, list):
        return [escaped_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {theme_text(title): escaped_nav(target) for title, target in nav.items()}
    return nav


def _navigation(code: Code, extra: Sequence[Any] = ()) -> list[Any]:
    code_nav: list[Any] = [{"Contents": CONTENTS_PAGE}]
    for part in code.parts:
        chapters = [
            {
                f"{c.number}. {c.title}": [
                    {f"{s.number} {s.title}": page_file(section_url(s.id))}
                    for s in c.sections
                    if not s.withdrawn
                ]
            }
            for c in part.chapters
        ]
        code_nav.append({f"{part.label}: {part.title}": chapters})
    sources = [{"All sources": SOURCES_INDEX_PAGE}] + [
        {d.short_title: page_file(source_url(d.id))} for d in documents_by_authority(code)
    ]
    return [
        {"Home": "index.md"},
        {"The Code": code_nav},
        *extra,
        {"Sources": sources},
        {
            "Reference": [
                {"Glossary": page_file(GLOSSARY_URL)},
                {"How to cite this Code": "how-to-cite.md"},
                {"Topics": "tags.md"},
                {"This edition": page_file(EDITION_URL)},
            ]
        },
    ]
