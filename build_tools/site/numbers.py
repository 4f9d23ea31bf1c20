"""Recording published section numbers: the only writer of ``code_of_practice/numbers.lock.json``.

``attendance-code lock`` appends every new section; existing entries are never changed.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict
from pathlib import Path

from build_tools.load.lock import EDITIONS_DIR, LOCK_FILE, LockedSection
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


def publication_record(root: Path) -> str | None:
    """Where the published numbers are on record when the lock file is missing, or None.

    The lock must then be restored, never rebuilt from the current numbering: published editions
    (``code_of_practice/editions/``) or the repository's history hold the numbers readers cited.
    """
    editions = root / EDITIONS_DIR
    if editions.is_dir() and any(p for p in editions.iterdir() if not p.name.startswith(".")):
        return f"published editions are recorded in {EDITIONS_DIR}/"
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--all", "-n", "1", "--format=%h", "--", LOCK_FILE],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git: nothing more to consult
    commit = result.stdout.strip() if result.returncode == 0 else ""
    if commit:
        return f"the repository history has it (commit {commit}): git checkout {commit} -- {LOCK_FILE}"
    return None
