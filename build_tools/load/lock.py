"""Published section numbers: recorded once, never reused or renumbered.

``code_of_practice/numbers.lock.json`` is the promise made to everyone who has
cited a section. ``attendance-code lock`` only ever appends to it
(:mod:`build_tools.site.numbers` writes it; this module reads and checks it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from build_tools.diagnostics import Diagnostic
from build_tools.model import Code

LOCK_FILE = "code_of_practice/numbers.lock.json"


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
        return [LockedSection(**entry) for entry in data["sections"]], []
    except (ValueError, KeyError, TypeError) as exc:
        return [], [
            Diagnostic(
                LOCK_FILE,
                f"lock file is unreadable ({exc})",
                "restore it from version control; never edit it by hand",
            )
        ]


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
