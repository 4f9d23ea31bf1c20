"""Render the register page "Where the guidance contradicts itself, and what this Code says".

Markdown for mkdocs-material. Source text is quoted from the corpus at build
time and escaped, so a stray ``*`` or ``<`` in a provision cannot break the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from build_tools.conflicts.register import Register, RegisterEntry
from build_tools.model import Corpus, Provision
from build_tools.render.urls import REGISTER_URL, index_file, page_link, provision_url, section_url

PAGE_TITLE = "Where the guidance contradicts itself, and what this Code says"
AUTHORITY_ORDER = (
    "Act of Parliament > regulations > statutory guidance > non-statutory guidance > advocacy; "
    "a later edition of a document prevails over an earlier one; a specific rule prevails over a general one."
)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|>~])")
# An entry id becomes the heading's anchor inside Markdown's {#...} syntax; anything else could add
# attributes, so an id that is not plain is left without an anchor (check reports it).
_ANCHOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def escape(text: str) -> str:
    """Source text made inert for Markdown and HTML, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _quote(corpus: Corpus, provision: Provision) -> str:
    doc = corpus.document(provision.doc_id)
    title = escape(doc.short_title if doc else provision.doc_id)
    link = page_link(REGISTER_PAGE, provision_url(provision.id))
    status = doc.status.value.replace("-", " ") if doc else ""
    # Keep the source's line structure, so a table cell's bullet list stays a list inside the quote.
    body = "\n> ".join(escape(line) for line in provision.text.splitlines() if line.strip())
    return f"> {body}\n>\n> — [{title}, {escape(provision.ref)}]({link}) ({status})"


def _prevails(entry: RegisterEntry, corpus: Corpus) -> str:
    if entry.resolution is None:
        return ""
    winner = entry.resolution.prevails
    provision = corpus.provision(winner)
    if provision is not None:
        doc = corpus.document(provision.doc_id)
        title = doc.short_title if doc else provision.doc_id
        link = page_link(REGISTER_PAGE, provision_url(provision.id))
        winner = f"[{escape(title)}, {escape(provision.ref)}]({link})"
    else:
        winner = escape(winner)
    return f"**What prevails:** {winner}, because {entry.resolution.rule.label}."


def render_entry(entry: RegisterEntry, corpus: Corpus, labels: Mapping[str, str] | None = None) -> str:
    """One confirmed entry: heading (anchor = entry id), quotes, kind, resolution, Code sections."""
    parts = [
        f"## {escape(entry.title)}" + (f" {{#{entry.id}}}" if _ANCHOR.match(entry.id) else ""),
        f"*{entry.kind.value.replace('-', ' ')}*"
        + (f" · research item {escape(entry.research)}" if entry.research else ""),
    ]
    parts += [_quote(corpus, p) for pid in entry.provisions if (p := corpus.provision(pid))]
    if entry.practice:
        parts.append(f"**Practice met by parents:** {escape(entry.practice)}")
    if entry.resolution:
        parts += [_prevails(entry, corpus), escape(entry.resolution.explanation)]
    if entry.sections:
        labels = labels or {}
        links = ", ".join(
            f"[{escape(labels.get(s, s))}]({page_link(REGISTER_PAGE, section_url(s))})"
            for s in entry.sections
        )
        parts.append(f"**This Code states the position in:** {links}")
    return "\n\n".join(parts)


def render_register_page(register: Register, corpus: Corpus, labels: Mapping[str, str] | None = None) -> str:
    """The whole page: every confirmed entry, in register order."""
    confirmed = register.confirmed
    head = [
        f"# {PAGE_TITLE}",
        "Official documents on school attendance do not always say the same thing, and some school and "
        "local-authority practice departs from them. Each contradiction below quotes the statements, says "
        "which one prevails and why, and links to the section of this Code that states the resolved "
        "position.",
        f"**Order of authority:** {escape(AUTHORITY_ORDER)}",
        f"{len(confirmed)} contradictions are recorded.",
    ]
    return "\n\n".join(head + [render_entry(e, corpus, labels) for e in confirmed]) + "\n"


def notices_for_section(register: Register) -> dict[str, list[RegisterEntry]]:
    """Section id -> confirmed entries whose resolved position that section states (anchor = entry id)."""
    notices: dict[str, list[RegisterEntry]] = {}
    for entry in register.confirmed:
        for section in entry.sections:
            notices.setdefault(section, []).append(entry)
    return dict(sorted(notices.items()))


REGISTER_PAGE = index_file(REGISTER_URL)


def register_pages(
    register: Register, corpus: Corpus, labels: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The register page by its staged path; ``labels`` maps section id -> "s.6.3 Title"."""
    return {REGISTER_PAGE: render_register_page(register, corpus, labels)}


def section_notices(register: Register) -> dict[str, list[tuple[str, str]]]:
    """Section id -> (entry title, URL of the entry on the register page) for each confirmed entry."""
    return {
        section: [(e.title, f"{REGISTER_URL}#{e.id}") for e in entries]
        for section, entries in notices_for_section(register).items()
    }
