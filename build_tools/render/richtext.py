"""Turn data text into safe HTML: escape first, then add the Code's own markup.

Source and Code text is data, never HTML: it is escaped before anything else,
so a planted ``<script>`` or ``javascript:`` link is shown as text, never run.
Only two kinds of markup are then added: glossary abbreviations and [[section]]
cross-references, both built here from known ids.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from build_tools.consolidate import XREF
from build_tools.guides.reader import Item
from build_tools.model import Code, GlossaryEntry, Section
from build_tools.render.urls import letter_url, relative, section_url


@dataclass(frozen=True)
class Abbreviations:
    """Glossary abbreviations, matched longest first so 'EHC plan' wins over 'EHC'."""

    pattern: re.Pattern[str] | None
    titles: dict[str, str]

    @classmethod
    def from_glossary(cls, entries: tuple[GlossaryEntry, ...]) -> Abbreviations:
        titles = {e.abbreviation: _plain(e) for e in entries if e.abbreviation}
        if not titles:
            return cls(None, {})
        names = sorted(titles, key=len, reverse=True)
        escaped = "|".join(re.escape(html.escape(n)) for n in names)
        return cls(
            re.compile(rf"(?<![\w.])({escaped})(?![\w])"), {html.escape(k): v for k, v in titles.items()}
        )

    def apply(self, escaped_text: str) -> str:
        if self.pattern is None:
            return escaped_text
        return self.pattern.sub(
            lambda m: f'<abbr title="{html.escape(self.titles[m.group(1)])}">{m.group(1)}</abbr>',
            escaped_text,
        )


def _plain(entry: GlossaryEntry) -> str:
    first = entry.definition.split(". ")[0].rstrip(".")
    return entry.term if entry.abbreviation == entry.term else f"{entry.term}: {first}"


def rich(text: str, code: Code, section_href: Callable[[str], str], abbreviations: Abbreviations) -> str:
    """Escaped HTML for one piece of data text, with abbreviations and cross-reference links."""
    out = abbreviations.apply(html.escape(text.strip(), quote=True))

    def link(match: re.Match[str]) -> str:
        section = code.section(match.group(1))
        if section is None:  # consolidate already reported it; never emit a dead link
            return html.escape(match.group(0))
        label = html.escape(f"s.{section.number} {section.title}")
        return f'<a class="xref" href="{section_href(section.id)}">{label}</a>'

    return XREF.sub(link, out)


def paragraphs(escaped_html: str) -> str:
    """Blank-line separated text as <p> elements (text must already be escaped)."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", escaped_html) if p.strip()]
    return "".join(f"<p>{p}</p>" for p in parts)


Href = Callable[[str], str]  # site URL -> link from the page being rendered


class Writer:
    """Shared helpers for one page: links relative to ``here`` (or absolute, for standalone output)."""

    def __init__(
        self, code: Code, here: str, absolute: bool = False, letters: Mapping[str, str] | None = None
    ):
        self.code = code
        self.letters = letters or {}
        """Letter id -> title, for the buttons beside steps that link a letter."""
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
        return {"text": self.text(item.text), "cites": self.cites(item.sections), "letter": self.letter(item)}

    def letter(self, item: Item) -> Markup:
        """The button to the letter a step links (checked to exist when the guides were read)."""
        if not item.letter or item.letter not in self.letters:
            return Markup("")
        href = html.escape(self.href(letter_url(item.letter)), quote=True)
        title = html.escape(self.letters[item.letter])
        return Markup(f'<br><a class="md-button letter-button" href="{href}">Write the letter: {title}</a>')

    def items(self, items: Sequence[Item]) -> list[dict[str, Any]]:
        return [self.item(i) for i in items]

    def link(self, section_id: str) -> dict[str, str]:
        s = self.section(section_id)
        return {"href": self.href(section_url(s.id)), "number": s.number, "title": s.title}
