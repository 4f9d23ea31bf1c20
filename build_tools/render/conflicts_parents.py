"""Render "Where the rules disagree: what you can rely on": the register in plain English, for parents.

Only the confirmed entries whose ``audiences`` include parents, grouped by the Code chapter of their
first section written for parents (so a parent finds "part-time timetables" together), with a contents
list first. Each entry opens with its ``for_parents`` answer, then the sources in brief (the exact words
folded), which one to rely on and why in words, and the Code sections to read. Kind names never appear.
"""

from __future__ import annotations

import html

from build_tools.conflicts.register import PARENTS, Register, RegisterEntry, Rule
from build_tools.model import Code, Section
from build_tools.render.conflicts import (
    PARENTS_PAGE,
    PARENTS_TITLE,
    REGISTER_PAGE,
    anchor,
    contents_block,
    escape,
    linkable,
    quotes_block,
    section_links,
    wrap_entry,
)
from build_tools.render.urls import page_link, provision_url, relative

FOR_YOU = "What this means for you"

# Why one source is the one to rely on, in words a parent uses (the register's Rule, restated).
RULE_FOR_PARENTS: dict[Rule, str] = {
    Rule.ACT_OVER_REGULATIONS: "an Act of Parliament comes before the regulations made under it",
    Rule.STATUTE_OVER_GUIDANCE: "the law (an Act or regulations) comes before guidance",
    Rule.STATUTORY_OVER_NON_STATUTORY: "statutory guidance comes before advice that is not statutory",
    Rule.GUIDANCE_OVER_PRACTICE: "the official rules come before a school's or council's own policy or habit",
    Rule.GUIDANCE_OVER_ADVOCACY: "the rules in force today apply; a proposal is not a rule",
    Rule.LATER_EDITION: "the newest edition of a document replaces older ones",
    Rule.SPECIFIC_OVER_GENERAL: "the detailed rule comes before a short summary of it",
    Rule.NOT_RESOLVABLE: "neither one simply wins: both apply, and this Code explains how they fit together",
}


def _first_parents_section(entry: RegisterEntry, code: Code) -> Section | None:
    sections = [s for sid in entry.sections if (s := code.section(sid)) is not None]
    return next((s for s in sections if PARENTS in s.audiences), sections[0] if sections else None)


def parent_groups(register: Register, code: Code) -> list[tuple[str, str, list[RegisterEntry]]]:
    """(anchor, heading, entries) per Code chapter, in chapter order; entries in register order."""
    order = {c.id: i for i, c in enumerate(code.chapters)}
    titles = {c.id: c.title for c in code.chapters}
    grouped: dict[str, list[RegisterEntry]] = {}
    for entry in register.for_parents:
        section = _first_parents_section(entry, code)
        grouped.setdefault(section.chapter_id if section else "", []).append(entry)
    return [
        (f"topic-{chapter or 'other'}", titles.get(chapter, "Other"), entries)
        for chapter, entries in sorted(grouped.items(), key=lambda item: order.get(item[0], len(order)))
    ]


def _sources(entry: RegisterEntry, code: Code) -> str:
    """Where the sources disagree in one line (the entry's title says both sides), then, folded, the
    practice met and the exact words of each source with what kind of document it is."""
    brief = f"**Where the sources disagree:** {escape(entry.title)}"
    practice = f"What some schools or councils do: {escape(entry.practice)}" if entry.practice else ""
    folded = quotes_block(entry, code.corpus, PARENTS_PAGE, "The sources, word for word")
    if folded and practice:
        head, _, rest = folded.partition("\n\n")
        folded = f"{head}\n\n    {practice}\n\n{rest}"
    elif practice:
        folded = f'??? quote "What some schools or councils do"\n\n    {escape(entry.practice or "")}'
    return f"{brief}\n\n{folded}" if folded else brief


def _rely_on(entry: RegisterEntry, code: Code) -> str:
    if entry.resolution is None:
        return ""
    why = RULE_FOR_PARENTS[entry.resolution.rule]
    provision = code.corpus.provision(entry.resolution.prevails)
    doc = code.corpus.document(provision.doc_id) if provision else None
    if provision is None or doc is None:
        return f"**Which to rely on:** {escape(why[0].upper() + why[1:])}."
    link = page_link(PARENTS_PAGE, provision_url(provision.id))
    source = f"[{escape(doc.short_title)}, {escape(provision.ref)}]({link})"
    return f"**Which to rely on:** {source}, because {escape(why)}."


def render_parent_entry(entry: RegisterEntry, code: Code) -> str:
    """One entry: the parent's question as heading (anchor = entry id), "What this means for you" first."""
    note = entry.for_parents
    assert note is not None  # the register requires it for every entry that affects parents
    labels = {s.id: f"s.{s.number} {s.title}" for s in code.sections}
    full = relative(PARENTS_PAGE, f"{REGISTER_PAGE}#{entry.id}")
    parts = [
        f"### {escape(note.heading)}{anchor(entry.id)}",
        # Raw HTML, so the text is HTML-escaped only (Markdown is not parsed inside the block).
        f'<div class="what-it-means for-you"><p class="what-it-means-title">{FOR_YOU}</p>'
        f"<p>{html.escape(note.text, quote=False)}</p></div>",
        _sources(entry, code),
        _rely_on(entry, code),
        f"**Read more in this Code:** {section_links(entry, PARENTS_PAGE, labels)}"
        + (f" · [The full record]({full})" if linkable(entry) else ""),
    ]
    return wrap_entry(parts[0], parts[1:])


def _contents(groups: list[tuple[str, str, list[RegisterEntry]]]) -> str:
    lines = []
    for group, heading, entries in groups:
        lines.append(f"- **[{escape(heading)}](#{group})**")
        listed = [e for e in entries if e.for_parents and linkable(e)]
        lines += [f"    - [{escape(e.for_parents.heading)}](#{e.id})" for e in listed if e.for_parents]
    return "## Contents { #contents }\n\n" + contents_block(lines)


def render_parents_page(register: Register, code: Code) -> str:
    """The whole page: what it is, the contents, then each group of entries."""
    groups = parent_groups(register, code)
    head = [
        f"# {PARENTS_TITLE}",
        "Official papers about school attendance do not always say the same thing. And some schools and "
        "councils do things the rules do not allow. This page lists the ones that matter to families. Each "
        "one starts with what it means for you. Then it says what the sources say, which one to rely on, "
        "and where to read more in this Code.",
        "This is not legal advice. When you write to the school, quote the official paragraph, not this "
        "page. "
        f"Teachers, councils and advisers can read [the full list]({relative(PARENTS_PAGE, REGISTER_PAGE)}), "
        "with the exact words of every source.",
        "**Which sources count most:** the law (Acts of Parliament and regulations) comes first. Next comes "
        "statutory guidance: schools and councils must have regard to it, and may depart from it only with "
        "good reason. Other government advice comes after that. Campaigns and research papers are not rules.",
        _contents(groups),
    ]
    body = []
    for group, heading, entries in groups:
        body.append(f"## {escape(heading)} {{ #{group} }}")
        body += [render_parent_entry(e, code) for e in entries]
    return "\n\n".join(head + body) + "\n"
