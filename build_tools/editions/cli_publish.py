"""The outer layer of ``attendance-code publish``: check, lock, snapshot, index, edition.yaml."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from build_tools import project
from build_tools.conflicts.register import load_register
from build_tools.editions import store
from build_tools.editions.publish import PublishError, check_date, edition_snapshot, parse_reasons
from build_tools.editions.snapshot import take_snapshot
from build_tools.load import lock as lockfile

EDITION_FILE = Path("code_of_practice") / "edition.yaml"
_DATE_LINE = re.compile(r'^date:\s*"?[0-9-]*"?\s*$', re.M)


class PublishFailed(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def publish(root: Path, date: str, reason: str, changes_file: str | None) -> list[str]:
    """Publish edition ``date`` of the project at ``root``; returns what was done, line by line."""
    result = project.check_project(root, detect_conflicts=False)
    blocking = [d for d in result.errors if "not yet recorded as published" not in d.message]
    if result.code is None or blocking:
        raise PublishFailed(
            [str(d) for d in blocking or result.errors] + ["publish: fix the errors above first"]
        )
    published = store.published(root)
    try:
        check_date(date, published)
        reasons = (
            parse_reasons(yaml.safe_load(Path(changes_file).read_text(encoding="utf-8")))
            if changes_file
            else {}
        )
        code = dataclasses.replace(result.code, edition=dataclasses.replace(result.code.edition, date=date))
        register, _ = load_register(root, code.corpus, {s.id for s in code.sections})
        snapshot = edition_snapshot(take_snapshot(code, register.entries), published, reasons, reason)
    except (PublishError, OSError, yaml.YAMLError) as exc:
        raise PublishFailed([f"publish: {exc}"]) from exc
    locked, _ = lockfile.read_lock(root)
    updated = lockfile.updated_lock(code, locked)
    (root / lockfile.LOCK_FILE).write_text(lockfile.lock_text(updated), encoding="utf-8")
    edition_file = root / EDITION_FILE
    text = edition_file.read_text(encoding="utf-8")
    edition_file.write_text(_DATE_LINE.sub(f'date: "{date}"', text, count=1), encoding="utf-8")
    path = store.write_edition(root, snapshot)
    lines = [f"recorded s.{e.number} {e.id}" for e in updated[len(locked) :]]
    lines += [f"  {c['kind']:<9} s.{c['number']} {c['section']}: {c['reason']}" for c in snapshot["changes"]]
    lines.append(
        f"published edition {date}: {path.relative_to(root)} ({len(snapshot['sections'])} sections, "
        f"{len(snapshot['changes'])} changed); commit code_of_practice/ and rebuild the site"
    )
    return lines
