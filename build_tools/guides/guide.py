"""Stage: role guides, read from ``guides/*.yaml`` and checked against the Code.

A guide may say only what the Code says: every claim (``{text, sections}``)
cites the Code sections it comes from, and the rendered guide lists every
section tagged for its audiences, numbered as in the Code. Letters and the
trainers' pack live beside the guides (:mod:`letters`, :mod:`training`) and
use the same item checks (:mod:`reader`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.diagnostics import Diagnostic
from build_tools.guides.reader import GUIDES_DIR, Item, Reader, read_each, unique
from build_tools.load.yaml import KeyPath
from build_tools.model import Code, Section

NOT_GUIDES = ("training.yaml",)


@dataclass(frozen=True)
class Situation:
    """A common situation, walked through in short steps."""

    id: str
    title: str
    steps: tuple[Item, ...]
    line: int = 0


@dataclass(frozen=True)
class LadderStep:
    """One rung of the legal-intervention ladder: when it may be used, and what the framework says."""

    id: str
    title: str
    preconditions: tuple[Item, ...]
    framework: tuple[Item, ...]
    line: int = 0
    checks: tuple[Item, ...] = ()
    """The guide's shared checks (``ladder_checks``) that must hold before this step, repeated here
    because an officer reads the step they are about to take, not the whole ladder."""

    @property
    def sections(self) -> tuple[str, ...]:
        return unique(s for item in self.checks + self.preconditions + self.framework for s in item.sections)


@dataclass(frozen=True)
class Briefing:
    """A short summary of what one or more official documents say, told through the Code."""

    id: str
    title: str
    documents: tuple[str, ...]
    points: tuple[Item, ...]
    line: int = 0


@dataclass(frozen=True)
class Guide:
    """A reference guide for one audience. Field order is part of the interface (PDF stage)."""

    id: str
    title: str
    audiences: tuple[str, ...]
    intro: str
    must_do: tuple[Item, ...]
    owed: tuple[Item, ...]
    situations: tuple[Situation, ...]
    checklist: tuple[Item, ...]
    when_wrong: tuple[Item, ...]
    ladder: tuple[LadderStep, ...] = ()
    ladder_checks: tuple[Item, ...] = ()
    briefings: tuple[Briefing, ...] = ()
    owed_title: str = "What others must do for you"
    reading_age_target: float | None = None
    order: int = 100
    path: str = ""

    def walk(self) -> tuple[str | Item, ...]:
        """The one walk over the guide's fields: every heading it writes (as text) and every claim (as an
        :class:`Item`), in reading order. Claims, citations and readability all come from it."""
        found: list[str | Item] = [self.intro, *self.must_do, *self.owed]
        for situation in self.situations:
            found += [situation.title, *situation.steps]
        found += self.ladder_checks  # once, though each step repeats the ones that bite there
        for step in self.ladder:
            found += [step.title, *step.preconditions, *step.framework]
        for briefing in self.briefings:
            found += [briefing.title, *briefing.points]
        return tuple(found + [*self.checklist, *self.when_wrong])

    @property
    def items(self) -> tuple[Item, ...]:
        """Every claim in the guide, in reading order."""
        return tuple(part for part in self.walk() if isinstance(part, Item))

    @property
    def texts(self) -> tuple[str, ...]:
        """The guide's own words (headings and claims), in reading order."""
        return tuple(part if isinstance(part, str) else part.text for part in self.walk())

    @property
    def cited(self) -> tuple[str, ...]:
        """Every section id the guide cites, in first-cited order."""
        return unique(s for item in self.items for s in item.sections)


def sections_for(code: Code, audiences: tuple[str, ...]) -> tuple[Section, ...]:
    """Every Code section tagged with any of ``audiences``, in Code order (withdrawn ones included)."""
    return tuple(s for s in code.sections if set(s.audiences) & set(audiences))


GUIDE_REQUIRED = (
    "id",
    "title",
    "audiences",
    "intro",
    "must_do",
    "owed",
    "situations",
    "checklist",
    "when_wrong",
)
GUIDE_OPTIONAL = ("ladder", "ladder_checks", "briefings", "owed_title", "reading_age_target", "order")


def _situation(r: Reader, path: KeyPath, value: Any) -> Situation | None:
    if not r.keys(path, value, ("id", "title", "steps")):
        return None
    return Situation(
        r.ident(path + ("id",), value.get("id")),
        r.text(path + ("title",), value.get("title")),
        r.items(path + ("steps",), value.get("steps")),
        r.raw.line_of(path) or 0,
    )


def _ladder_checks(r: Reader, value: Any) -> dict[str, Item]:
    checks = {}
    for path, entry in r.entries(("ladder_checks",), value):
        if r.keys(path, entry, ("id", "text", "sections")) and (
            item := r.item(path, {k: v for k, v in entry.items() if k != "id"})
        ):
            checks[r.ident(path + ("id",), entry.get("id"))] = item
    return checks


def _ladder_step(r: Reader, path: KeyPath, value: Any, shared: dict[str, Item]) -> LadderStep | None:
    if not r.keys(path, value, ("id", "title", "preconditions", "framework"), ("checks",)):
        return None
    checks = []
    for n, check_id in enumerate(value.get("checks") or ()):
        if check_id in shared:
            checks.append(shared[check_id])
        else:
            r.error(
                path + ("checks", n),
                f"unknown ladder check '{check_id}'",
                f"use one of the guide's ladder_checks: {', '.join(sorted(shared)) or '(none defined)'}",
            )
    return LadderStep(
        r.ident(path + ("id",), value.get("id")),
        r.text(path + ("title",), value.get("title")),
        r.items(path + ("preconditions",), value.get("preconditions")),
        r.items(path + ("framework",), value.get("framework")),
        r.raw.line_of(path) or 0,
        tuple(checks),
    )


def _briefing(r: Reader, path: KeyPath, value: Any) -> Briefing | None:
    if not r.keys(path, value, ("id", "title", "documents", "points")):
        return None
    documents = r.texts(path + ("documents",), value.get("documents"))
    for n, doc_id in enumerate(documents):
        if doc_id and r.code.corpus.document(doc_id) is None:
            r.error(
                path + ("documents", n),
                f"unknown source document '{doc_id}'",
                "use a document id from guidance_sources/",
            )
    return Briefing(
        r.ident(path + ("id",), value.get("id")),
        r.text(path + ("title",), value.get("title")),
        documents,
        r.items(path + ("points",), value.get("points")),
        r.raw.line_of(path) or 0,
    )


def _number(r: Reader, key: str, value: Any) -> float | None:
    if value is None:
        return None
    number = None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        r.error((key,), f"'{key}' must be a number, not {value!r}", f"write e.g. '{key}: 11'")
        return None
    return number


def _guide(r: Reader, stem: str) -> Guide | None:
    data = r.raw.data
    if not r.keys((), data, GUIDE_REQUIRED, GUIDE_OPTIONAL):
        return None
    guide_id = r.ident(("id",), data.get("id"))
    if guide_id and guide_id != stem:
        r.error(
            ("id",),
            f"guide id '{guide_id}' does not match the file name '{stem}.yaml'",
            f"rename the file or write 'id: {stem}'",
        )
    audiences = r.texts(("audiences",), data.get("audiences"))
    for n, audience in enumerate(audiences):
        if audience and audience not in r.code.corpus.vocabulary.audiences:
            r.error(
                ("audiences", n),
                f"unknown audience '{audience}'",
                "use an audience id from guidance_sources/vocabulary.yaml",
            )
    order = _number(r, "order", data.get("order"))
    shared_checks = _ladder_checks(r, data.get("ladder_checks"))
    return Guide(
        id=guide_id,
        title=r.text(("title",), data.get("title")),
        audiences=audiences,
        intro=r.text(("intro",), data.get("intro")),
        must_do=r.items(("must_do",), data.get("must_do")),
        owed=r.items(("owed",), data.get("owed")),
        situations=tuple(
            s
            for p, v in r.entries(("situations",), data.get("situations"))
            if (s := _situation(r, p, v)) is not None
        ),
        checklist=r.items(("checklist",), data.get("checklist")),
        when_wrong=r.items(("when_wrong",), data.get("when_wrong")),
        ladder=tuple(
            step
            for p, v in r.entries(("ladder",), data.get("ladder"))
            if (step := _ladder_step(r, p, v, shared_checks)) is not None
        ),
        ladder_checks=tuple(shared_checks.values()),
        briefings=tuple(
            b
            for p, v in r.entries(("briefings",), data.get("briefings"))
            if (b := _briefing(r, p, v)) is not None
        ),
        owed_title=r.text(("owed_title",), data["owed_title"]) if "owed_title" in data else Guide.owed_title,
        reading_age_target=_number(r, "reading_age_target", data.get("reading_age_target")),
        order=int(order) if order is not None else 100,
        path=r.raw.path,
    )


def guide_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / GUIDES_DIR).glob("*.yaml") if p.name not in NOT_GUIDES)


def read_guides(root: Path, code: Code) -> tuple[tuple[Guide, ...], list[Diagnostic]]:
    """Every guide that parsed, in reading order, with every problem found."""
    guides, found = read_each(guide_files(root), root, code, _guide)
    return tuple(sorted(guides, key=lambda g: (g.order, g.id))), found
