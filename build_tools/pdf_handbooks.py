"""What each PDF holds: the full Code, and one handbook per audience.

A handbook is its audience's role guide (when the guides stage exists) followed
by every Code section tagged for that audience. Sections keep their Code numbers;
a handbook lists the numbers it leaves out rather than renumbering.

The role guides are read through a small adapter (:func:`guide_view`), so this
module works with and without ``build_tools.guides``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Code

FULL_CODE_FILE = "attendance-code-of-practice.pdf"
PDF_DIR = "pdf"

# Handbooks built when no role guides exist: id, title, and the Code audiences they collect.
DEFAULT_HANDBOOKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("parents", "Handbook for parents and carers", ("parents", "pupils")),
    (
        "teachers",
        "Handbook for teachers and school staff",
        (
            "teachers",
            "schools",
            "head-teachers",
            "senior-attendance-champions",
            "sencos",
            "designated-teachers",
        ),
    ),
    ("attendance-officers", "Handbook for attendance officers", ("attendance-officers", "local-authorities")),
    ("governors-trusts", "Handbook for governors and trustees", ("governors-trusts",)),
    (
        "local-authorities",
        "Handbook for local authorities",
        ("local-authorities", "attendance-officers", "virtual-school-heads"),
    ),
)

# Guide fields shown as lists, in reading order, with the heading readers see.
GUIDE_LISTS = (
    ("must_do", "What you must do", "list"),
    ("owed", "What you are owed", "list"),
    ("checklist", "Checklist", "checklist"),
    ("when_wrong", "When things go wrong", "list"),
)


@dataclass(frozen=True)
class GuideItem:
    """One point of a guide, with the Code sections (by permanent id) it rests on."""

    text: str
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuideBlock:
    """A headed list of a guide: ``kind`` is list, steps (numbered) or checklist (tick boxes)."""

    heading: str
    kind: str
    items: tuple[GuideItem, ...]
    level: int = 2


@dataclass(frozen=True)
class Letter:
    """A printable letter template; ``[label]`` marks a blank to fill in."""

    id: str
    title: str
    intro: str
    paragraphs: tuple[str, ...]
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuideView:
    """A role guide as the PDF prints it."""

    title: str
    intro: str
    blocks: tuple[GuideBlock, ...]
    letters: tuple[Letter, ...] = ()


@dataclass(frozen=True)
class Handbook:
    """One audience's PDF: its guide (if any) and the Code sections it holds, in Code order."""

    id: str
    title: str
    audiences: tuple[str, ...]
    section_ids: tuple[str, ...]
    guide: GuideView | None = None

    @property
    def filename(self) -> str:
        return f"handbook-{self.id}.pdf"


def load_guides(root: Path, code: Code) -> tuple[Any, ...]:
    """The role guides when the guides stage exists, else nothing."""
    try:
        from .guides import load_guides as _load_guides
    except ImportError:
        return ()
    return tuple(_load_guides(root, code))


def plan_handbooks(code: Code, guides: Iterable[Any] = ()) -> tuple[Handbook, ...]:
    """One handbook per guide, or per default audience when there are no guides."""
    views = [(str(g.id), guide_view(g), tuple(getattr(g, "audiences", ()))) for g in guides]
    if not views:
        return tuple(
            Handbook(hid, title, audiences, _sections_for(code, audiences))
            for hid, title, audiences in DEFAULT_HANDBOOKS
        )
    return tuple(
        Handbook(gid, view.title, audiences, _sections_for(code, audiences, _referenced(view)), view)
        for gid, view, audiences in views
    )


def _sections_for(code: Code, audiences: Iterable[str], extra: Iterable[str] = ()) -> tuple[str, ...]:
    wanted, also = set(audiences), set(extra)
    return tuple(
        s.id
        for s in code.sections
        if s.withdrawn is None and (wanted.intersection(s.audiences) or s.id in also)
    )


def _referenced(view: GuideView) -> set[str]:
    ids = {sid for block in view.blocks for item in block.items for sid in item.sections}
    return ids | {sid for letter in view.letters for sid in letter.sections}


def left_out(code: Code, handbook: Handbook) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Numbers of the sections a handbook leaves out, by chapter title (withdrawn ones included)."""
    kept = set(handbook.section_ids)
    result = []
    for chapter in code.chapters:
        numbers = tuple(s.number for s in chapter.sections if s.id not in kept)
        if numbers:
            result.append((f"{chapter.number}. {chapter.title}", numbers))
    return tuple(result)


def guide_view(guide: Any) -> GuideView:
    """Adapter from the guides stage's Guide to what the PDF prints (tolerates missing fields)."""
    blocks = [
        GuideBlock(heading, kind, _items(getattr(guide, field, ())))
        for field, heading, kind in GUIDE_LISTS[:2]
    ]
    situations = tuple(getattr(guide, "situations", ()))
    if situations:
        blocks.append(GuideBlock("Situations", "heading", ()))
        blocks += [
            GuideBlock(str(getattr(s, "title", "")), "steps", _items(getattr(s, "steps", ())), level=3)
            for s in situations
        ]
    blocks += [
        GuideBlock(heading, kind, _items(getattr(guide, field, ()))) for field, heading, kind in GUIDE_LISTS[2:]
    ]
    return GuideView(
        title=str(getattr(guide, "title", "")),
        intro=_text(getattr(guide, "intro", "")),
        blocks=tuple(b for b in blocks if b.items or b.kind == "heading"),
        letters=tuple(_letter(letter) for letter in getattr(guide, "letters", ()) or ()),
    )


def _items(values: Iterable[Any]) -> tuple[GuideItem, ...]:
    return tuple(GuideItem(_text(v), _section_ids(v)) for v in values or ())


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return str(getattr(value, "text", "") or "")


def _section_ids(value: Any) -> tuple[str, ...]:
    for name in ("sections", "section_ids", "cites"):
        ids = getattr(value, name, None)
        if ids:
            return tuple(ids)
    return ()


def _letter(letter: Any) -> Letter:
    body = getattr(letter, "paragraphs", None) or getattr(letter, "body", "")
    paragraphs = tuple(p.strip() for p in body.split("\n\n")) if isinstance(body, str) else tuple(body)
    return Letter(
        id=str(getattr(letter, "id", "")),
        title=str(getattr(letter, "title", "")),
        intro=_text(getattr(letter, "intro", "") or getattr(letter, "purpose", "")),
        paragraphs=tuple(_text(p) for p in paragraphs if _text(p)),
        sections=_section_ids(letter),
    )
