"""What changed between two snapshots: per section, per statement, per word.

Plain data out; the pages module turns it into accessible markup.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from build_tools.editions.snapshot import section_map

ADDED, CHANGED, MOVED, WITHDRAWN, REMOVED = "added", "changed", "moved", "withdrawn", "removed"
KIND_LABELS = {
    ADDED: "New section",
    CHANGED: "Changed",
    MOVED: "Moved to another chapter",
    WITHDRAWN: "Withdrawn",
    REMOVED: "Removed",
}
# Words, spaces and punctuation apart, so "illness." -> "illness, if short." changes only what changed.
_TOKENS = re.compile(r"\s+|[\w'’-]+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    """A run of words: kept ('same'), added ('ins') or removed ('del')."""

    kind: str
    text: str


@dataclass(frozen=True)
class StatementChange:
    kind: str  # added | removed | changed | same
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None
    words: tuple[Piece, ...] = ()
    citations_added: tuple[Mapping[str, Any], ...] = ()
    citations_removed: tuple[Mapping[str, Any], ...] = ()
    citations_changed: tuple[tuple[Mapping[str, Any], Mapping[str, Any]], ...] = ()

    @property
    def label_changed(self) -> bool:
        return bool(self.old and self.new and self.old["label"] != self.new["label"])

    @property
    def force_changed(self) -> bool:
        return bool(self.old and self.new and self.old["force"] != self.new["force"])


@dataclass(frozen=True)
class SectionChange:
    """One section's change from one edition to the next."""

    id: str
    number: str
    kind: str
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None
    fields: tuple[str, ...] = ()
    statements: tuple[StatementChange, ...] = field(default=())


# Pure functions of two strings, and serve re-renders every past edition on every edit: memoised so a warm
# rebuild compares only the texts that changed.
@functools.lru_cache(maxsize=8192)
def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Word-level difference; whitespace is kept so the text reads naturally."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece("del", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("ins", "".join(b[j1:j2])))
    return tuple(p for p in pieces if p.text)


def _citations(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    before = {c["provision"]: c for c in old["citations"]}
    after = {c["provision"]: c for c in new["citations"]}
    return {
        "citations_added": tuple(after[p] for p in after if p not in before),
        "citations_removed": tuple(before[p] for p in before if p not in after),
        "citations_changed": tuple(
            (before[p], after[p]) for p in after if p in before and before[p] != after[p]
        ),
    }


def _pair(old: Mapping[str, Any], new: Mapping[str, Any]) -> StatementChange:
    if old == new:
        return StatementChange("same", old, new)
    return StatementChange("changed", old, new, word_diff(old["text"], new["text"]), **_citations(old, new))


@functools.lru_cache(maxsize=8192)
def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def statement_changes(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> list[StatementChange]:
    """Statements aligned by text: unchanged, changed (reworded, relabelled, recited), added, removed."""
    matcher = difflib.SequenceMatcher(
        None, [s["text"] for s in old], [s["text"] for s in new], autojunk=False
    )
    result: list[StatementChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [_pair(o, n) for o, n in zip(old[i1:i2], new[j1:j2], strict=True)]
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        while olds and news:  # a reworded statement is one change, not a removal and an addition
            if _similar(olds[0]["text"], news[0]["text"]) >= 0.4:
                result.append(_pair(olds.pop(0), news.pop(0)))
            else:
                break
        result += [StatementChange("removed", o, None) for o in olds]
        result += [StatementChange("added", None, n) for n in news]
    return result


_COMPARED = ("title", "summary", "audiences", "tags", "see_also", "withdrawn", "chapter")


def section_change(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> SectionChange | None:
    """How one section changed; None when a reader would see no difference."""
    if old == new:  # JSON-like data: equal dicts read the same
        return None
    some = new or old
    assert some is not None
    if old is None or new is None:
        kind = ADDED if old is None else REMOVED
        whole = tuple(
            StatementChange("added", None, s) if old is None else StatementChange("removed", s, None)
            for s in some["statements"]
        )
        return SectionChange(some["id"], some["number"], kind, old, new, (), whole)
    fields = tuple(f for f in _COMPARED if old.get(f) != new.get(f))
    statements = tuple(statement_changes(old["statements"], new["statements"]))
    if new["withdrawn"] and not old["withdrawn"]:
        kind = WITHDRAWN
    elif old["chapter"] != new["chapter"]:
        kind = MOVED
    else:
        kind = CHANGED
    return SectionChange(new["id"], new["number"], kind, old, new, fields, statements)


def edition_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[SectionChange]:
    """Every section that differs between two editions, in the new edition's reading order."""
    before = section_map(old) if old else {}
    after = section_map(new)
    order = list(after) + [i for i in before if i not in after]
    changes = [section_change(before.get(i), after.get(i)) for i in order]
    return [c for c in changes if c is not None]


def change_records(
    changes: Sequence[SectionChange], reasons: Mapping[str, str], default: str
) -> list[dict[str, Any]]:
    """The 'changes' list a snapshot records at publishing: section, number, kind and reason."""
    return [
        {
            "section": c.id,
            "number": c.number,
            "kind": c.kind,
            "reason": reasons.get(c.id) or reasons.get(c.number) or default,
            "moved_to": list(((c.new or {}).get("withdrawn") or {}).get("moved_to") or ()),
        }
        for c in changes
    ]


def last_changed(versions: Sequence[tuple[str, Mapping[str, Any] | None]]) -> str | None:
    """Date of the latest edition in which a section differed from the edition before.

    ``versions`` is (edition date, the section in it or None), oldest first.
    """
    latest, previous = None, None
    for date, section in versions:
        if section is not None and section != previous:
            latest = date
        previous = section
    return latest
