"""Recording published section numbers: the only writer of ``code_of_practice/numbers.lock.json``.

``attendance-code lock`` appends every new section; existing entries are never changed.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from build_tools.load.lock import LOCK_FILE, LockedSection
from build_tools.model import Code
from build_tools.render.urls import section_url

_HEADER = (
    "Published section numbers. Written by 'attendance-code lock'; entries are never changed or removed."
)


def updated_lock(code: Code, locked: list[LockedSection]) -> list[LockedSection]:
    """The lock with every new section appended; existing entries untouched."""
    known = {e.id for e in locked}
    taken = {e.number for e in locked}
    added = [
        LockedSection(
            number=s.number, id=s.id, title=s.title, url=section_url(s.id), first_edition=code.edition.date
        )
        for s in code.sections
        if s.id not in known and s.number not in taken
    ]
    return locked + added


def lock_text(entries: list[LockedSection]) -> str:
    return json.dumps({"_comment": _HEADER, "sections": [asdict(e) for e in entries]}, indent=2) + "\n"


def write_lock(root: Path, entries: list[LockedSection]) -> None:
    (root / LOCK_FILE).write_text(lock_text(entries), encoding="utf-8")
