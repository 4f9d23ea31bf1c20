"""Published section numbers: recorded once, never reused or renumbered.

``code_of_practice/numbers.lock.json`` is the promise made to everyone who has
cited a section. ``attendance-code lock`` only ever appends to it
(:mod:`build_tools.site.numbers` writes it; this module reads and checks it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from pathlib import Path

from build_tools.diagnostics import Diagnostic
from build_tools.model import Code

LOCK_FILE = "code_of_practice/numbers.lock.json"
EDITIONS_DIR = "code_of_practice/editions"
# A lock entry's url is where a redirect page is written: a plain relative folder path, never outside site/.
_ENTRY_PATTERNS = {
    "number": re.compile(r"^[0-9]+\.[0-9]+[A-Z]*$"),
    "id": re.compile(r"^[a-z0-9][a-z0-9-]*$"),
    "url": re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)+$"),  # relative folders, no ".." and no scheme
    "first_edition": re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
}


@dataclass(frozen=True)
class LockedSection:
    number: str
    id: str
    title: str
    url: str
    first_edition: str


def read_lock(root: Path) -> tuple[list[LockedSection], list[Diagnostic]]:
    path = root / LOCK_FILE
    if not path.exists():
        return [], []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [_entry(entry) for entry in data["sections"]]
        return entries, []
    except (ValueError, KeyError, TypeError) as exc:
        return [], [
            Diagnostic(
                LOCK_FILE,
                f"lock file is unreadable ({exc})",
                "restore it from version control; never edit it by hand",
            )
        ]


def _entry(entry: object) -> LockedSection:
    """One lock entry, every field a string of its expected form (ValueError otherwise)."""
    if not isinstance(entry, dict) or set(entry) != {f.name for f in fields(LockedSection)}:
        raise ValueError(
            f"entry {entry!r} does not have exactly the keys number, id, title, url, first_edition"
        )
    for key, value in entry.items():
        pattern = _ENTRY_PATTERNS.get(key)
        if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
            raise ValueError(f"entry {entry.get('id')!r} has an invalid {key} {value!r}")
    return LockedSection(**entry)


def check_lock(code: Code, locked: list[LockedSection]) -> list[Diagnostic]:
    """A published number must keep its section, and a section its number."""
    by_id = {s.id: s for s in code.sections}
    by_number = {s.number: s for s in code.sections}
    found = []
    for entry in locked:
        current = by_id.get(entry.id)
        if current is None:
            found.append(
                Diagnostic(
                    LOCK_FILE,
                    f"published section s.{entry.number} ({entry.id}) has disappeared",
                    "restore it; to retire it keep the section with 'withdrawn: {note, moved_to}' "
                    "so its number and URL keep working",
                    key=entry.id,
                )
            )
        elif current.number != entry.number:
            found.append(
                Diagnostic(
                    current.path,
                    f"section '{entry.id}' was published as s.{entry.number} and is now numbered "
                    f"{current.number}",
                    f"put number {entry.number} back; a published number never changes. To "
                    "add a section between two others, give it a new number such as 5.3A",
                    line=current.line,
                    key="number",
                )
            )
        holder = by_number.get(entry.number)
        if holder is not None and holder.id != entry.id:
            found.append(
                Diagnostic(
                    holder.path,
                    f"number {entry.number} belongs to published section '{entry.id}' and cannot be "
                    f"reused by '{holder.id}'",
                    f"give the new section a new number (e.g. {entry.number}A)",
                    line=holder.line,
                    key="number",
                )
            )
    known = {e.id for e in locked}
    for section in code.sections:
        if section.id not in known:
            found.append(
                Diagnostic(
                    section.path,
                    f"section {section.number} ({section.id}) is not yet recorded as published",
                    "run 'attendance-code lock' and commit code_of_practice/numbers.lock.json",
                    line=section.line,
                    key="number",
                )
            )
    return found
