"""The outer layer of the editions stage: reads and writes ``code_of_practice/editions/``.

``index.json`` records each published snapshot's sha256, so an edit to a past edition is caught.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.editions.snapshot import Snapshot, digest, snapshot_text

EDITIONS_DIR = Path("code_of_practice") / "editions"
INDEX_FILE = EDITIONS_DIR / "index.json"
SCHEMA_FILE = Path("code_of_practice") / "schema" / "edition-snapshot.schema.json"
_INDEX_COMMENT = (
    "Published editions, oldest first, with the sha256 of each snapshot. Written by 'attendance-code "
    "publish'; a published snapshot is never edited."
)


@dataclass(frozen=True)
class Stored:
    """One snapshot file as found on disk, with the digest the index recorded for it."""

    date: str
    path: str
    text: str | None
    recorded: str | None
    snapshot: Snapshot | None
    problem: str | None = None


@dataclass(frozen=True)
class Published:
    """One published edition: its snapshot and the exact text of its file (served as open data)."""

    date: str
    snapshot: Snapshot
    text: str


@dataclass(frozen=True)
class Editions:
    """Every published edition of a project, oldest first, and the schema their data follows."""

    published: tuple[Published, ...] = ()
    schema_text: str = "{}"

    @property
    def snapshots(self) -> tuple[Snapshot, ...]:
        return tuple(p.snapshot for p in self.published)


def snapshot_path(date: str) -> Path:
    return EDITIONS_DIR / f"{date}.json"


def read_index(root: Path) -> tuple[list[dict[str, str]], str | None]:
    file = root / INDEX_FILE
    if not file.exists():
        return [], None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return [{"date": str(e["date"]), "sha256": str(e["sha256"])} for e in data["editions"]], None
    except (ValueError, KeyError, TypeError) as exc:
        return [], f"the editions index is unreadable ({exc})"


def read_stored(root: Path) -> tuple[list[Stored], str | None]:
    """Every edition the index lists, plus any snapshot file it does not list (oldest first)."""
    index, problem = read_index(root)
    recorded = {e["date"]: e["sha256"] for e in index}
    folder = root / EDITIONS_DIR
    dates = set(recorded) | {p.stem for p in folder.glob("*.json") if p.name != INDEX_FILE.name}
    stored = []
    for date in sorted(dates):
        rel = snapshot_path(date)
        file = root / rel
        text = file.read_text(encoding="utf-8") if file.exists() else None
        snapshot, error = None, None
        if text is not None:
            try:
                snapshot = json.loads(text)
            except ValueError as exc:
                error = f"is not valid JSON ({exc})"
        stored.append(Stored(date, str(rel), text, recorded.get(date), snapshot, error))
    return stored, problem


def published(root: Path) -> list[Snapshot]:
    """The readable published snapshots, oldest first."""
    stored, _ = read_stored(root)
    return [s.snapshot for s in stored if s.snapshot is not None and s.recorded is not None]


def index_text(entries: list[dict[str, str]]) -> str:
    ordered = sorted(entries, key=lambda e: e["date"])
    return json.dumps({"_comment": _INDEX_COMMENT, "editions": ordered}, indent=2, sort_keys=True) + "\n"


class InvalidSnapshot(ValueError):
    """The snapshot does not match code_of_practice/schema/edition-snapshot.schema.json."""


def validated_text(root: Path, snapshot: Snapshot) -> str:
    """The snapshot's file text, once it is known to match its schema.

    ``check`` trusts a snapshot whose digest matches the index, so publishing is where the schema is
    enforced.
    """
    schema = read_schema(root)
    if schema is not None:
        from jsonschema import Draft202012Validator

        errors = [e.message for e in Draft202012Validator(schema).iter_errors(snapshot)][:3]
        if errors:
            raise InvalidSnapshot("the snapshot does not match its schema: " + "; ".join(errors))
    return snapshot_text(snapshot)


def indexed(root: Path, date: str, text: str) -> str:
    """The index text with edition ``date`` recorded (its digest replacing any earlier record)."""
    index, _ = read_index(root)
    index = [e for e in index if e["date"] != date] + [{"date": date, "sha256": digest(text)}]
    return index_text(index)


def read_schema_text(root: Path) -> str:
    file = root / SCHEMA_FILE
    return file.read_text(encoding="utf-8") if file.exists() else "{}"


def read_schema(root: Path) -> dict[str, Any] | None:
    file = root / SCHEMA_FILE
    return json.loads(file.read_text(encoding="utf-8")) if file.exists() else None
