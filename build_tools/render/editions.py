"""Render every published edition as static pages, from its snapshot alone (never from today's sources).

``archive_pages(archive)`` returns ``{path under site/: text}``; only :mod:`build_tools.build` writes it.
Past editions are plain HTML rather than MkDocs pages: hundreds of frozen pages per edition would
otherwise make every build slower, and a frozen page needs no theme navigation to be read or cited.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from build_tools.editions.diff import (
    KIND_LABELS,
    Piece,
    SectionChange,
    edition_changes,
    last_changed,
    word_diff,
)
from build_tools.editions.snapshot import Snapshot, section_map, snapshot_text, take_snapshot
from build_tools.project import Project
from build_tools.render import urls

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "editions"
XREF = re.compile(r"\[\[([a-z0-9-]+)\]\]")
GROUPS = (
    ("law", "What the law says"),
    ("statutory-guidance", "What statutory guidance says"),
    ("guidance", "What other official guidance says"),
    ("recommendation", "Good practice this Code recommends"),
)
FORCE = {"must-not": "must not", "should-not": "should not", "expects": "expected", "fact": ""}
SCHEMA_NAME = "edition-snapshot.schema.json"


@dataclass(frozen=True)
class Archive:
    """The published editions (oldest first) and the current Code's own snapshot."""

    published: tuple[Snapshot, ...]
    current: Snapshot
    schema_text: str = "{}"
    texts: Mapping[str, str] = field(default_factory=dict)
    """Each published snapshot's file text by date: the open-data JSON is served byte for byte."""

    @property
    def current_date(self) -> str:
        return str(self.current["edition"]["date"])

    @property
    def current_published(self) -> Snapshot | None:
        """The published snapshot of the current edition, if it has been published."""
        last = self.published[-1] if self.published else None
        return last if last is not None and last["edition"]["date"] == self.current_date else None

    def before(self, date: str) -> Snapshot | None:
        earlier = [s for s in self.published if s["edition"]["date"] < date]
        return earlier[-1] if earlier else None


@dataclass(frozen=True)
class SectionHistory:
    """What a current section page says about its history; hrefs are relative to the site root."""

    last_changed: str | None
    compare_date: str | None
    compare_href: str | None
    pending: bool
    edition_permalink: str | None
    editions_href: str = urls.ARCHIVE_URL


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["force"] = lambda f: FORCE.get(f, f) if f else ""
    return env


def _date(snapshot: Mapping[str, Any]) -> str:
    return str(snapshot["edition"]["date"])


def _text(text: str, sections: Mapping[str, Mapping[str, Any]], link: Callable[[str], str] | None) -> Markup:
    """Escaped text with [[id]] cross-references as links (or plain 's.N' when ``link`` is None)."""
    out = str(escape(text))

    def xref(match: re.Match[str]) -> str:
        target = sections.get(match.group(1))
        if target is None:
            return match.group(0)
        label = str(escape(f"s.{target['number']} {target['title']}"))
        return f'<a href="{escape(link(target["id"]))}">{label}</a>' if link else label

    return Markup(XREF.sub(xref, out))


def plain(text: str, sections: Mapping[str, Mapping[str, Any]]) -> str:
    """Text as a reader sees it, cross-references written as 's.N Title' (what a diff compares)."""
    return XREF.sub(
        lambda m: (
            f"s.{sections[m.group(1)]['number']} {sections[m.group(1)]['title']}"
            if m.group(1) in sections
            else m.group(0)
        ),
        text,
    )


def diff_markup(pieces: Sequence[Piece]) -> Markup:
    """<del>/<ins> with words a screen reader announces, so the change never rests on colour."""
    out = []
    for piece in pieces:
        text = escape(piece.text)
        if piece.kind == "same":
            out.append(str(text))
        else:  # spaces at either end stay outside the mark, so only words are struck or underlined
            word = "removed" if piece.kind == "del" else "added"
            core = piece.text.strip()
            lead = piece.text[: len(piece.text) - len(piece.text.lstrip())]
            trail = piece.text[len(piece.text.rstrip()) :]
            out.append(
                f'{lead}<{piece.kind}><span class="visually-hidden">[{word}: </span>{escape(core)}'
                f'<span class="visually-hidden">]</span></{piece.kind}>{trail}'
            )
    return Markup("".join(out))


def _sources(snapshot: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {d["id"]: d for d in snapshot["sources"]}


def _cite_label(citation: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]]) -> str:
    doc = sources.get(citation["document"])
    return (
        f"{doc['short_title'] if doc else citation['document']}, {citation['ref'] or citation['provision']}"
    )


def citation_text(snapshot: Mapping[str, Any], section: Mapping[str, Any]) -> str:
    edition = snapshot["edition"]
    return (
        f"{edition['title']}, s.{section['number']}, edition {edition['date']}, "
        f"{edition['site_url']}{urls.edition_short_url(edition['date'], section['number'])}"
    )


class _Renderer:
    """One archive's pages; holds the lookups every page needs."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.env = _env()
        self.current = section_map(archive.current)
        self.pages: dict[str, str] = {}

    def page(self, url: str, template: str, **values: Any) -> None:
        values.setdefault("banner", None)
        self.pages[url + "index.html"] = self.env.get_template(template).render(
            root=urls.site_root(url),
            here=url,
            rel=lambda target: urls.relative(url, target),
            current_date=self.archive.current_date,
            **values,
        )

    def banner(self, snapshot: Mapping[str, Any], current_href: str) -> dict[str, Any]:
        date = _date(snapshot)
        published = self.archive.current_published
        is_current = published is not None and _date(published) == date
        return {"date": date, "current": is_current, "current_href": current_href}

    # --- one edition -------------------------------------------------------------------------------

    def edition(self, snapshot: Mapping[str, Any]) -> None:
        date = _date(snapshot)
        sections = section_map(snapshot)
        chapters = {c["id"]: {**c, "sections": []} for c in snapshot["chapters"]}
        for s in snapshot["sections"]:
            chapters[s["chapter"]]["sections"].append(s)
        parts = [
            {**p, "chapters": [chapters[c] for c in p["chapters"] if c in chapters]}
            for p in snapshot["parts"]
        ]
        here = urls.edition_url(date)
        self.page(
            here,
            "edition.html.j2",
            title=f"Edition {date}",
            banner=self.banner(snapshot, "code/"),
            snapshot=snapshot,
            parts=parts,
            section_href=lambda sid: urls.edition_section_url(date, sid),
            changes=len(snapshot["changes"]),
            live=len([s for s in snapshot["sections"] if not s["withdrawn"]]),
            data={
                "json": urls.edition_data_url(date, f"attendance-code-{date}.json"),
                "schema": urls.edition_data_url(date, SCHEMA_NAME),
                "sections": urls.edition_data_url(date, f"sections-{date}.csv"),
                "citations": urls.edition_data_url(date, f"citations-{date}.csv"),
                "licence": urls.edition_data_url(date, "LICENCE.txt"),
            },
            register_href=urls.edition_register_url(date),
            changes_href=urls.edition_changes_url(date),
        )
        for section in snapshot["sections"]:
            self.section(snapshot, sections, section)
        self.register(snapshot, sections)
        self.changes(snapshot)
        self.open_data(snapshot)

    def section(
        self, snapshot: Mapping[str, Any], sections: Mapping[str, Any], section: Mapping[str, Any]
    ) -> None:
        date = _date(snapshot)
        here = urls.edition_section_url(date, section["id"])
        sources = _sources(snapshot)

        def link(sid: str) -> str:
            return urls.relative(here, urls.edition_section_url(date, sid))

        groups = []
        for label, heading in GROUPS:
            members = [
                {
                    "index": i,
                    "label_text": s["label_text"],
                    "label": s["label"],
                    "force": s["force"],
                    "text": _text(s["text"], sections, link),
                    "cites": [
                        {"label": _cite_label(c, sources), "verified": c["verified"]} for c in s["citations"]
                    ],
                }
                for i, s in enumerate(section["statements"], start=1)
                if s["label"] == label
            ]
            if members:
                groups.append({"heading": heading, "label": label, "statements": members})
        now = self.current.get(section["id"])
        withdrawn_later = None
        if now and now["withdrawn"] and not section["withdrawn"]:
            withdrawn_later = self._successors(now["withdrawn"]["moved_to"], None, here)
        self.page(
            here,
            "section.html.j2",
            title=f"s.{section['number']} {section['title']} (edition {date})",
            banner=self.banner(snapshot, urls.section_url(section["id"])),
            section=section,
            summary=_text(section["summary"], sections, link),
            groups=groups,
            moved=self._successors((section["withdrawn"] or {}).get("moved_to", ()), snapshot, here),
            withdrawn_later=withdrawn_later,
            related=self._successors(section["see_also"], snapshot, here),
            cite_text=citation_text(snapshot, section),
            permalink=urls.edition_short_url(date, section["number"]),
            permalink_text=snapshot["edition"]["site_url"] + urls.edition_short_url(date, section["number"]),
            edition_href=urls.edition_url(date),
            compare_href=urls.edition_compare_url(date, section["id"]) if section != now else None,
        )
        self.pages[urls.edition_short_url(date, section["number"]) + "index.html"] = self.env.get_template(
            "redirect.html.j2"
        ).render(
            title=f"s.{section['number']}, edition {date}",
            target=urls.relative(urls.edition_short_url(date, section["number"]), here),
        )

    def _successors(
        self, ids: Sequence[str], snapshot: Mapping[str, Any] | None, here: str
    ) -> list[dict[str, str]]:
        """Links to sections in the same edition when they exist there, otherwise to the current text."""
        inside = section_map(snapshot) if snapshot else {}
        found = []
        for sid in ids:
            if sid in inside:
                target = inside[sid]
                href = urls.edition_section_url(_date(snapshot), sid)  # type: ignore[arg-type]
            elif sid in self.current:
                target, href = self.current[sid], urls.section_url(sid)
            else:
                continue
            found.append(
                {"href": urls.relative(here, href), "number": target["number"], "title": target["title"]}
            )
        return found

    def register(self, snapshot: Mapping[str, Any], sections: Mapping[str, Any]) -> None:
        date = _date(snapshot)
        here = urls.edition_register_url(date)
        entries = [
            {
                **e,
                "links": [
                    {
                        "href": urls.relative(here, urls.edition_section_url(date, sid)),
                        "number": sections[sid]["number"],
                        "title": sections[sid]["title"],
                    }
                    for sid in e["sections"]
                    if sid in sections
                ],
            }
            for e in snapshot["register"]
        ]
        self.page(
            here,
            "register.html.j2",
            title=f"Contradictions register (edition {date})",
            banner=self.banner(snapshot, "contradictions/"),
            confirmed=[e for e in entries if e["status"] == "confirmed"],
            dismissed=len([e for e in entries if e["status"] != "confirmed"]),
            edition_href=urls.edition_url(date),
        )

    # --- what changed ------------------------------------------------------------------------------

    def changes(self, snapshot: Mapping[str, Any]) -> None:
        """'What changed in this edition' (each change with its reason and its diff), and the
        comparison of this edition with the current text: one page each, a section per change."""
        date = _date(snapshot)
        previous = self.archive.before(date)
        here = urls.edition_changes_url(date)
        recorded = {c["section"]: c for c in snapshot["changes"]}
        changes = edition_changes(previous, snapshot) if previous else []
        self.page(
            here,
            "changes.html.j2",
            title=f"What changed in edition {date}",
            banner=self.banner(snapshot, "edition/"),
            previous=_date(previous) if previous else None,
            items=[
                self.diff(c, previous, snapshot, here, recorded.get(c.id, {}).get("reason", ""))
                for c in changes
                if previous is not None
            ],
            edition_href=urls.edition_url(date),
        )
        here = urls.edition_compare_url(date)
        since = [c for c in edition_changes(snapshot, self.archive.current) if c.kind != "added"]
        if not since:
            return
        self.page(
            here,
            "compare.html.j2",
            title=f"Edition {date} compared with the current text",
            banner=self.banner(snapshot, "code/"),
            items=[self.diff(c, snapshot, self.archive.current, here, "", live=True) for c in since],
            edition_href=urls.edition_url(date),
        )

    def diff(
        self,
        change: SectionChange,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        here: str,
        reason: str,
        live: bool = False,
    ) -> dict[str, Any]:
        """One section's changes, ready for the diff macro: fields, statements, citations, successors."""
        old_sections, new_sections = section_map(old), section_map(new)
        old_sources, new_sources = _sources(old), _sources(new)
        section = change.new or change.old
        assert section is not None

        def words(a: str, b: str) -> Markup:
            return diff_markup(word_diff(plain(a, old_sections), plain(b, new_sections)))

        statements = []
        for i, s in enumerate(change.statements, start=1):
            if s.kind == "same":
                continue
            entry: dict[str, Any] = {"kind": s.kind, "position": i}
            if s.kind == "changed":
                assert s.old is not None and s.new is not None
                entry["text"] = words(s.old["text"], s.new["text"])
                entry["label"] = (s.old["label_text"], s.new["label_text"]) if s.label_changed else None
                entry["force"] = (s.old["force"], s.new["force"]) if s.force_changed else None
                entry["cites_added"] = [_cite_label(c, new_sources) for c in s.citations_added]
                entry["cites_removed"] = [_cite_label(c, old_sources) for c in s.citations_removed]
                entry["cites_changed"] = [
                    {
                        "old": _cite_label(a, old_sources),
                        "new": _cite_label(b, new_sources),
                        "verified": (a["verified"], b["verified"]),
                    }
                    for a, b in s.citations_changed
                ]
            else:
                body = s.new if s.kind == "added" else s.old
                assert body is not None
                sources = new_sources if s.kind == "added" else old_sources
                sections = new_sections if s.kind == "added" else old_sections
                entry["text"] = plain(body["text"], sections)
                entry["label_text"] = body["label_text"]
                entry["force_value"] = body["force"]
                entry["cites"] = [_cite_label(c, sources) for c in body["citations"]]
            statements.append(entry)
        fields = []
        if change.old and change.new:
            for key, label in (("title", "Title"), ("summary", "Summary")):
                if change.old[key] != change.new[key]:
                    fields.append({"label": label, "text": words(change.old[key], change.new[key])})
        old_date, new_date = _date(old), _date(new)
        new_href = (
            urls.section_url(section["id"]) if live else urls.edition_section_url(new_date, section["id"])
        )
        moved_to = ((change.new or {}).get("withdrawn") or {}).get("moved_to", ())
        return {
            "id": section["id"],
            "number": section["number"],
            "title": section["title"],
            "kind": KIND_LABELS[change.kind],
            "reason": reason,
            "old_date": old_date,
            "new_label": "the current text" if live else f"edition {new_date}",
            "old_href": urls.relative(here, urls.edition_section_url(old_date, section["id"]))
            if change.old
            else None,
            "new_href": urls.relative(here, new_href) if change.new else None,
            "fields": fields,
            "statements": statements,
            "unchanged": len([s for s in change.statements if s.kind == "same"]),
            "withdrawn": (change.new or {}).get("withdrawn") if change.kind == "withdrawn" else None,
            "moved": self._successors(moved_to, None if live else new, here),
        }

    # --- open data ---------------------------------------------------------------------------------

    def open_data(self, snapshot: Mapping[str, Any]) -> None:
        date = _date(snapshot)
        text = self.archive.texts.get(date) or snapshot_text(snapshot)
        self.pages[urls.edition_data_url(date, f"attendance-code-{date}.json")] = text
        self.pages[urls.edition_data_url(date, SCHEMA_NAME)] = self.archive.schema_text
        self.pages[urls.edition_data_url(date, f"sections-{date}.csv")] = sections_csv(snapshot)
        self.pages[urls.edition_data_url(date, f"citations-{date}.csv")] = citations_csv(snapshot)
        self.pages[urls.edition_data_url(date, "LICENCE.txt")] = (
            f"{snapshot['edition']['title']}, edition {date}: open data\n\n{snapshot['licence']}\n"
        )

    def index(self) -> None:
        editions = [
            {
                "date": _date(s),
                "href": urls.relative(urls.ARCHIVE_URL, urls.edition_url(_date(s))),
                "sections": len([x for x in s["sections"] if not x["withdrawn"]]),
                "changes": len(s["changes"]),
                "current": s is self.archive.current_published,
            }
            for s in reversed(self.archive.published)
        ]
        self.page(urls.ARCHIVE_URL, "index.html.j2", title="Every edition of the Code", editions=editions)


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula is prefixed with an apostrophe (OWASP advice)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def sections_csv(snapshot: Mapping[str, Any]) -> str:
    return _csv(
        ("number", "id", "title", "chapter", "statements", "withdrawn", "moved_to", "summary"),
        [
            (
                s["number"],
                s["id"],
                s["title"],
                s["chapter"],
                len(s["statements"]),
                "yes" if s["withdrawn"] else "no",
                " ".join((s["withdrawn"] or {}).get("moved_to", ())),
                s["summary"],
            )
            for s in snapshot["sections"]
        ],
    )


def citations_csv(snapshot: Mapping[str, Any]) -> str:
    return _csv(
        (
            "section_number",
            "section_id",
            "statement",
            "label",
            "force",
            "provision",
            "document",
            "ref",
            "verified",
        ),
        [
            (
                s["number"],
                s["id"],
                i,
                st["label"],
                st["force"] or "",
                c["provision"],
                c["document"],
                c["ref"] or "",
                "yes" if c["verified"] else "no",
            )
            for s in snapshot["sections"]
            for i, st in enumerate(s["statements"], start=1)
            for c in st["citations"]
        ],
    )


def project_archive(project: Project) -> Archive:
    """The project's published editions and its current Code, as the archive renders them."""
    editions = project.editions
    return Archive(
        published=editions.snapshots,
        current=take_snapshot(project.code),
        schema_text=editions.schema_text,
        texts={p.date: p.text for p in editions.published},
    )


def edition_links(archive: Archive) -> list[dict[str, str]]:
    """Each published edition's date and address, oldest first (for the current 'This edition' page)."""
    return [{"date": _date(s), "url": urls.edition_url(_date(s))} for s in archive.published]


def archive_pages(archive: Archive) -> dict[str, str]:
    """Every page and data file of every published edition, keyed by path under the site."""
    if not archive.published:
        return {}
    renderer = _Renderer(archive)
    for snapshot in archive.published:
        renderer.edition(snapshot)
    renderer.index()
    renderer.pages[urls.ARCHIVE_URL + "assets/editions.css"] = (TEMPLATES / "editions.css").read_text(
        encoding="utf-8"
    )
    return renderer.pages


def section_history(archive: Archive) -> dict[str, SectionHistory]:
    """For each current section: when it last changed, and which comparison its page links to."""
    if not archive.published:
        return {}
    latest = archive.published[-1]
    maps = [section_map(s) for s in archive.published]
    in_latest = maps[-1]
    history: dict[str, SectionHistory] = {}
    for sid, section in section_map(archive.current).items():
        if in_latest.get(sid) != section:  # edited since the last edition: not yet published
            href = urls.edition_compare_url(_date(latest), sid) if sid in in_latest else None
            history[sid] = SectionHistory(None, _date(latest), href, True, None)
            continue
        changed = last_changed([(_date(s), m.get(sid)) for s, m in zip(archive.published, maps, strict=True)])
        base = archive.before(changed) if changed else None
        permalink = (
            urls.edition_short_url(archive.current_date, section["number"])
            if archive.current_published
            else None
        )
        history[sid] = SectionHistory(
            changed,
            _date(base) if base else None,
            urls.edition_change_url(changed, sid) if base and changed else None,
            False,
            permalink,
        )
    return history
