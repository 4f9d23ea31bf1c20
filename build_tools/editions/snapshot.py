"""The snapshot of one published edition: the Code as readers saw it, as deterministic JSON.

Written from a consolidated Code by duck typing only (no imports from the other stages), so the
recreation script can feed it a Code loaded by the loader of an older commit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

FORMAT = 1
# Who may reuse the open data (every page of the site says the same).
# The project has not chosen a licence name for its own words; this note says only what it permits
# (the lead may replace it with a named licence; old snapshots keep the note they were published with).
LICENCE = (
    "You may reuse this data, including the Code's own words, if you say where it came from: "
    "'Attendance Code of Practice, edition DATE'. Each source document keeps its own licence "
    "(the 'licence' of each entry in 'sources'). This Code is not an official document."
)

Snapshot = dict[str, Any]


def _citation(code: Any, provision_id: str) -> dict[str, Any]:
    provision = code.corpus.provision(provision_id)
    document = provision_id.split("/", 1)[0]
    if provision is None:  # check reports it; the snapshot still records what the Code said
        return {"provision": provision_id, "document": document, "ref": None, "verified": False}
    return {
        "provision": provision_id,
        "document": document,
        "ref": provision.ref,
        "verified": bool(provision.verified),
    }


def _statement(code: Any, statement: Any) -> dict[str, Any]:
    authority = statement.authority
    return {
        "text": statement.text,
        "label": authority.value,
        "label_text": authority.label,
        "force": statement.force.value if statement.force else None,
        "citations": [_citation(code, pid) for pid in statement.cites],
    }


def _section(code: Any, section: Any) -> dict[str, Any]:
    withdrawn = section.withdrawn
    return {
        "id": section.id,
        "number": section.number,
        "title": section.title,
        "chapter": section.chapter_id,
        "summary": section.summary,
        "audiences": list(section.audiences),
        "tags": list(section.tags),
        "see_also": list(section.see_also),
        "withdrawn": (
            {"note": withdrawn.note, "moved_to": list(withdrawn.moved_to)} if withdrawn is not None else None
        ),
        "statements": [_statement(code, s) for s in section.statements],
    }


def _source(document: Any) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "short_title": document.short_title,
        "status": document.status.value,
        "edition": document.edition,
        "published": document.published,
        "in_force": document.in_force,
        "url": document.url,
        "licence": document.licence,
        "supersedes": list(document.supersedes),
        "superseded_by": document.superseded_by,
    }


def _register_entry(entry: Any) -> dict[str, Any]:
    resolution = entry.resolution
    return {
        "id": entry.id,
        "title": entry.title,
        "kind": entry.kind.value,
        "status": entry.status.value,
        "provisions": list(entry.provisions),
        "sections": list(entry.sections),
        "resolution": (
            {
                "prevails": resolution.prevails,
                "rule": resolution.rule.value,
                "explanation": resolution.explanation,
            }
            if resolution is not None
            else None
        ),
    }


def take_snapshot(code: Any, register_entries: Iterable[Any] = (), date: str | None = None) -> Snapshot:
    """The Code (and the contradictions register) as one plain dict, in reading order.

    Editors' working notes (verification notes, register notes) are left out: the snapshot is open data.
    """
    edition = code.edition
    date = date or edition.date
    return {
        "format": FORMAT,
        "edition": {
            "date": date,
            "title": edition.title,
            "sources_cutoff": edition.sources_cutoff,
            "site_url": edition.site_url,
        },
        "licence": LICENCE.replace("DATE", date),
        "parts": [
            {"id": p.id, "label": p.label, "title": p.title, "chapters": [c.id for c in p.chapters]}
            for p in code.parts
        ],
        "chapters": [
            {"id": c.id, "number": c.number, "title": c.title, "part": c.part_id} for c in code.chapters
        ],
        "sections": [_section(code, s) for s in code.sections],
        "sources": [_source(d) for d in code.corpus.documents],
        "register": [_register_entry(e) for e in register_entries],
        "changes": [],
    }


def with_changes(snapshot: Snapshot, changes: list[dict[str, Any]]) -> Snapshot:
    """The snapshot with the changes (and their reasons) recorded at publishing."""
    return {**snapshot, "changes": changes}


def snapshot_text(snapshot: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, lists kept in reading order, one trailing newline."""
    return json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def section_map(snapshot: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in snapshot["sections"]}


def content(section: Mapping[str, Any] | None) -> str:
    """What a reader sees of a section, as one comparable string ('' when the section is absent)."""
    return "" if section is None else json.dumps(section, sort_keys=True, ensure_ascii=False)
