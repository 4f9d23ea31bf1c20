"""Render the register page "Where the guidance contradicts itself, and what this Code says" (for
professionals), and the links to it from section pages.

Markdown for mkdocs-material. Source text is quoted from the corpus at build
time and escaped, so a stray ``*`` or ``<`` in a provision cannot break the page.
The page is grouped by kind, each kind named and explained in words; the kind ids
(``hedged-absolute``) stay the machine ids of the data and the JSON, never shown.
The parents' version is :mod:`build_tools.render.conflicts_parents`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from build_tools.conflicts.candidates import Kind
from build_tools.conflicts.register import Register, RegisterEntry
from build_tools.model import Corpus, Provision
from build_tools.render.urls import (
    REGISTER_PARENTS_URL,
    REGISTER_URL,
    index_file,
    page_file,
    page_link,
    provision_url,
    relative,
    section_url,
)

PAGE_TITLE = "Where the guidance contradicts itself, and what this Code says"
AUTHORITY_ORDER = (
    "Act of Parliament > regulations > statutory guidance > non-statutory guidance > advocacy; "
    "a later edition of a document prevails over an earlier one; a specific rule prevails over a general one."
)
REGISTER_PAGE = index_file(REGISTER_URL)
PARENTS_PAGE = page_file(REGISTER_PARENTS_URL)  # contradictions/parents.md, beside the index
PARENTS_TITLE = "Where the rules disagree: what you can rely on"

# Each kind's readable name and one sentence saying what it means, in the order the page shows them
# (what readers meet most in practice first). Every Kind needs one (tests/test_conflicts.py).
KIND_TEXT: dict[Kind, tuple[str, str]] = {
    Kind.PRACTICE_CONFLICT: (
        "Local practice that goes against the rules",
        "What some schools or councils do departs from what the law or the statutory guidance says.",
    ),
    Kind.SUPERSEDED_DISAGREEMENT: (
        "Out-of-date rules still quoted",
        "An older edition of a document, or local material based on it, says something the current rules "
        "have changed.",
    ),
    Kind.HEDGED_ABSOLUTE: (
        "A rule quoted without its exceptions",
        "One document states a rule flatly (\u201cevery day\u201d, \u201coutside the school day\u201d) "
        "where another gives the same rule with its exceptions (\u201cwhere possible\u201d).",
    ),
    Kind.DIFFERENT_VALUE: (
        "Different numbers for the same thing",
        "The documents, or local practice, give different figures for one threshold, limit or time.",
    ),
    Kind.TERMINOLOGY_DRIFT: (
        "Different words for the same thing",
        "One thing goes by two names, or a word is used as if it had a legal meaning it does not have.",
    ),
    Kind.TENSION: (
        "Two rules that pull different ways",
        "Both rules stand, but following one can make the other harder; the Code says how they fit together.",
    ),
    Kind.GAP: (
        "Something the rules do not settle",
        "The law and national guidance say nothing on the point, and local practice or assumption fills "
        "the gap.",
    ),
    Kind.SCOPE: (
        "Rules that apply to some schools only",
        "A rule binds some types of school and not others, and readers often assume it applies to all.",
    ),
    Kind.ADVOCACY_GAP: (
        "A proposal that is not the rule",
        "Campaigners or researchers ask for something that current law and guidance do not provide.",
    ),
    Kind.CONFLICTING_FORCE: (
        "Different strength of duty",
        "One document makes something a duty where another makes it optional, or forbids it.",
    ),
    Kind.NEGATION: (
        "Opposite instructions",
        "One document tells readers to do something and another tells them not to.",
    ),
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|>~])")
# An entry id becomes the heading's anchor inside Markdown's {#...} syntax; anything else could add
# attributes, so an id that is not plain is left without an anchor or a link (check reports it).
_ANCHOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def anchor(entry_id: str) -> str:
    """`` {#id}`` for a heading, or nothing when the id is not a plain anchor."""
    return f" {{#{entry_id}}}" if _ANCHOR.match(entry_id) else ""


def linkable(entry: RegisterEntry) -> bool:
    return bool(_ANCHOR.match(entry.id))


def escape(text: str) -> str:
    """Source text made inert for Markdown and HTML, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def kind_anchor(kind: Kind) -> str:
    return f"kind-{kind.value}"


def quote(corpus: Corpus, provision: Provision, page: str) -> str:
    """One provision as a Markdown quote with its source, linked from the staged ``page``."""
    doc = corpus.document(provision.doc_id)
    title = escape(doc.short_title if doc else provision.doc_id)
    link = page_link(page, provision_url(provision.id))
    status = doc.status.value.replace("-", " ") if doc else ""
    # Keep the source's line structure, so a table cell's bullet list stays a list inside the quote.
    body = "\n> ".join(escape(line) for line in provision.text.splitlines() if line.strip())
    return f"> {body}\n>\n> — [{title}, {escape(provision.ref)}]({link}) ({status})"


def quotes_block(entry: RegisterEntry, corpus: Corpus, page: str, summary: str) -> str:
    """The quoted provisions, folded (pymdownx.details) so a phone shows the answer, not the quotes."""
    quoted = [quote(corpus, p, page) for pid in entry.provisions if (p := corpus.provision(pid))]
    if not quoted:
        return ""
    body = "\n\n".join(quoted)
    indented = "\n".join(f"    {line}" if line else "" for line in body.splitlines())
    return f'??? quote "{summary} ({len(quoted)})"\n\n{indented}'


def section_links(entry: RegisterEntry, page: str, labels: Mapping[str, str]) -> str:
    return ", ".join(
        f"[{escape(labels.get(s, s))}]({page_link(page, section_url(s))})" for s in entry.sections
    )


def wrap_entry(heading: str, parts: Iterable[str]) -> str:
    """An entry's heading, then its parts in a wrapper (md_in_html) the stylesheet keeps compact on a
    phone; the heading stays outside, so the table of contents and the anchor are mkdocs' own."""
    inner = "\n\n".join(p for p in parts if p)
    return f'{heading}\n\n<div class="register-entry" markdown>\n\n{inner}\n\n</div>'


def contents_block(lines: Iterable[str]) -> str:
    """A contents list in a wrapper the stylesheet keeps compact."""
    body = "\n".join(lines)
    return f'<div class="register-contents" markdown>\n\n{body}\n\n</div>'


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


def _meta(entry: RegisterEntry, audiences: Mapping[str, str]) -> str:
    parts = []
    if entry.audiences:
        # "Schools (the school as an organisation)" -> "Schools": the short name is enough here.
        names = (audiences.get(a, a).split(" (")[0] for a in entry.audiences)
        parts.append("Affects: " + ", ".join(escape(n) for n in names))
    if entry.affects_parents and linkable(entry):
        parts.append(
            f"[In plain English for parents]({relative(REGISTER_PAGE, f'{PARENTS_PAGE}#{entry.id}')})"
        )
    return " · ".join(parts)


def render_entry(
    entry: RegisterEntry,
    corpus: Corpus,
    labels: Mapping[str, str] | None = None,
    audiences: Mapping[str, str] | None = None,
) -> str:
    """One confirmed entry: heading (anchor = entry id), who it affects, the resolution, then the practice
    and the quotes (folded) and the Code sections."""
    parts = []
    if meta := _meta(entry, audiences or {}):
        parts.append(meta)
    if entry.resolution:
        parts.append(f"{_prevails(entry, corpus)} {escape(entry.resolution.explanation)}")
    folded = quotes_block(entry, corpus, REGISTER_PAGE, "What the documents say")
    if entry.practice:
        practice = f"**The practice met:** {escape(entry.practice)}"
        head, _, rest = folded.partition("\n\n")
        folded = (
            f"{head}\n\n    {practice}\n\n{rest}".rstrip()
            if folded
            else f'??? quote "The practice met"\n\n    {escape(entry.practice)}'
        )
    if folded:
        parts.append(folded)
    if entry.sections:
        parts.append(
            f"**This Code states the position in:** {section_links(entry, REGISTER_PAGE, labels or {})}"
        )
    return wrap_entry(f"### {escape(entry.title)}{anchor(entry.id)}", parts)


def by_kind(entries: Iterable[RegisterEntry]) -> list[tuple[Kind, list[RegisterEntry]]]:
    """Entries grouped by kind, in the page's kind order, each group in register order."""
    listed = list(entries)
    groups = [(kind, [e for e in listed if e.kind is kind]) for kind in KIND_TEXT]
    return [(kind, found) for kind, found in groups if found]


def _contents(groups: list[tuple[Kind, list[RegisterEntry]]]) -> str:
    lines = []
    for kind, entries in groups:
        name, explanation = KIND_TEXT[kind]
        lines.append(f"- **[{escape(name)}](#{kind_anchor(kind)})** ({len(entries)}): {escape(explanation)}")
        lines += [f"    - [{escape(e.title)}](#{e.id})" for e in entries if linkable(e)]
    return "## Contents, by kind of disagreement { #contents }\n\n" + contents_block(lines)


def render_register_page(
    register: Register,
    corpus: Corpus,
    labels: Mapping[str, str] | None = None,
    audiences: Mapping[str, str] | None = None,
) -> str:
    """The whole page: a contents list by kind, then every confirmed entry under its kind."""
    groups = by_kind(register.confirmed)
    parents_link = relative(REGISTER_PAGE, PARENTS_PAGE)
    head = [
        f"# {PAGE_TITLE}",
        # A plain paragraph, not an admonition: admonition text is smaller than the 16 px body minimum.
        f"**For parents and carers:** [{PARENTS_TITLE}]({parents_link}), the disagreements that affect "
        "families, each starting with what it means for you, in plain English.",
        "Official documents on school attendance do not always say the same thing, and some school and "
        "local-authority practice departs from them. Each contradiction below says which statement prevails "
        "and why, quotes the statements, and links to the section of this Code that states the resolved "
        "position.",
        f"**Order of authority:** {escape(AUTHORITY_ORDER)}",
        f"{len(register.confirmed)} contradictions are recorded.",
        _contents(groups),
    ]
    body = []
    for kind, entries in groups:
        name, explanation = KIND_TEXT[kind]
        body.append(f"## {escape(name)} {{ #{kind_anchor(kind)} }}\n\n{escape(explanation)}")
        body += [render_entry(e, corpus, labels, audiences) for e in entries]
    return "\n\n".join(head + body) + "\n"


def notices_for_section(register: Register) -> dict[str, list[RegisterEntry]]:
    """Section id -> confirmed entries whose resolved position that section states (anchor = entry id)."""
    notices: dict[str, list[RegisterEntry]] = {}
    for entry in register.confirmed:
        for section in entry.sections:
            notices.setdefault(section, []).append(entry)
    return dict(sorted(notices.items()))


def section_notices(
    register: Register, parents_sections: frozenset[str] = frozenset()
) -> dict[str, list[tuple[str, str, str]]]:
    """Section id -> (entry title, URL of the entry on the register page, URL on the parents' page or "")
    for each confirmed entry; the parents' link only on sections written for parents (``parents_sections``)
    and only for entries that affect parents."""
    return {
        section: [
            (
                e.title,
                f"{REGISTER_URL}#{e.id}",
                f"{REGISTER_PARENTS_URL}#{e.id}" if e.affects_parents and section in parents_sections else "",
            )
            for e in entries
        ]
        for section, entries in notices_for_section(register).items()
    }
