"""Plain, immutable data passed between the build stages.

A provision's permanent id (``doc-id/local-id``) is kept apart from any display
number so that renumbering never breaks a citation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """Legal status of a source document, strongest authority first."""

    ACT = "act"
    REGULATIONS = "regulations"
    STATUTORY_GUIDANCE = "statutory-guidance"
    NON_STATUTORY_GUIDANCE = "non-statutory-guidance"
    ADVOCACY = "advocacy"
    COMMENTARY = "commentary"

    @property
    def rank(self) -> int:
        """1 is the strongest authority (an Act); larger numbers are weaker."""
        return list(Status).index(self) + 1

    @property
    def is_official(self) -> bool:
        return self not in (Status.ADVOCACY, Status.COMMENTARY)


class Force(StrEnum):
    """Normative force of one provision."""

    MUST = "must"
    MUST_NOT = "must-not"
    SHOULD = "should"
    SHOULD_NOT = "should-not"
    MAY = "may"
    EXPECTS = "expects"
    FACT = "fact"

    @property
    def strength(self) -> int:
        """must > should / expects > may > fact; "-not" carries the same strength as its positive."""
        return {"must": 3, "must-not": 3, "should": 2, "should-not": 2, "expects": 2, "may": 1}.get(self, 0)


@dataclass(frozen=True)
class Claim:
    """A structured assertion a provision makes, comparable across documents."""

    subject: str
    force: Force | None = None
    value: str | None = None
    qualifier: str | None = None


@dataclass(frozen=True)
class Provision:
    """One substantive statement of one source document."""

    doc_id: str
    local_id: str
    ref: str
    verified: bool
    text: str
    audiences: tuple[str, ...]
    topics: tuple[str, ...]
    force: Force
    verification_note: str | None = None
    # Editors' data (where ref and text were checked); never rendered on public pages.
    checked_url: str | None = None
    checked_version: str | None = None
    heading: str | None = None
    applies_to: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    note: str | None = None
    withdrawn: str | None = None
    line: int = 0

    @property
    def id(self) -> str:
        """Permanent global id, e.g. ``wt-2024/p365``."""
        return f"{self.doc_id}/{self.local_id}"


@dataclass(frozen=True)
class CaseRecord:
    """A real-world case example, usable as a training scenario."""

    doc_id: str
    local_id: str
    ref: str
    verified: bool
    title: str
    text: str
    audiences: tuple[str, ...]
    topics: tuple[str, ...]
    issues: tuple[str, ...] = ()
    verification_note: str | None = None

    @property
    def id(self) -> str:
        return f"{self.doc_id}/{self.local_id}"


@dataclass(frozen=True)
class NewerEdition:
    """A later edition of a document that this Code has not yet been checked against."""

    title: str
    date: str
    status: str
    """"confirmed" (seen on the publisher's site) or "reported" (named only by secondary sources)."""
    url: str | None = None


@dataclass(frozen=True)
class Document:
    """Metadata of one source document and its provisions, in source order."""

    id: str
    title: str
    short_title: str
    publisher: str
    published: str
    in_force: str
    status: Status
    url: str
    licence: str
    text_kind: str
    path: str
    provisions: tuple[Provision, ...] = ()
    cases: tuple[CaseRecord, ...] = ()
    edition: str | None = None
    supersedes: tuple[str, ...] = ()
    superseded_by: str | None = None
    attribution: str | None = None
    scope: str | None = None
    notes: str | None = None
    newer_edition: NewerEdition | None = None

    @property
    def is_verbatim(self) -> bool:
        return self.text_kind == "verbatim"


@dataclass(frozen=True)
class Vocabulary:
    """Controlled vocabularies, from ``guidance_sources/vocabulary.yaml``."""

    statuses: dict[str, str]
    text_kinds: dict[str, str]
    forces: dict[str, str]
    audiences: dict[str, str]
    topics: dict[str, str]


@dataclass(frozen=True)
class Corpus:
    """Every source document, sorted by id, with the vocabulary they use."""

    documents: tuple[Document, ...]
    vocabulary: Vocabulary
    # Indexes built once (the corpus is frozen): lookups by id are dict reads, not scans.
    _provisions: tuple[Provision, ...] = field(init=False, compare=False, repr=False)
    _by_id: dict[str, Provision] = field(init=False, compare=False, repr=False)
    _documents: dict[str, Document] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        provisions = tuple(p for d in self.documents for p in d.provisions)
        object.__setattr__(self, "_provisions", provisions)
        object.__setattr__(self, "_by_id", {p.id: p for p in provisions})
        # first document wins, as the linear scan did (ids are unique once validated)
        object.__setattr__(self, "_documents", {d.id: d for d in reversed(self.documents)})

    @property
    def provisions(self) -> tuple[Provision, ...]:
        return self._provisions

    @property
    def cases(self) -> tuple[CaseRecord, ...]:
        return tuple(c for d in self.documents for c in d.cases)

    def provision(self, provision_id: str) -> Provision | None:
        return self._by_id.get(provision_id)

    def document(self, doc_id: str) -> Document | None:
        return self._documents.get(doc_id)

    @property
    def unverified(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if not p.verified)


class Authority(StrEnum):
    """What gives a statement in the Code its force, strongest first (the label readers see)."""

    LAW = "law"
    STATUTORY = "statutory-guidance"
    GUIDANCE = "guidance"
    RECOMMENDATION = "recommendation"

    @property
    def label(self) -> str:
        return {
            Authority.LAW: "Law",
            Authority.STATUTORY: "Statutory guidance",
            Authority.GUIDANCE: "Non-statutory guidance",
            Authority.RECOMMENDATION: "Recommended by this Code",
        }[self]

    @classmethod
    def for_status(cls, status: Status) -> Authority:
        if status in (Status.ACT, Status.REGULATIONS):
            return cls.LAW
        if status is Status.STATUTORY_GUIDANCE:
            return cls.STATUTORY
        if status is Status.NON_STATUTORY_GUIDANCE:
            return cls.GUIDANCE
        return cls.RECOMMENDATION


@dataclass(frozen=True)
class Statement:
    """One sentence or short paragraph of the Code, with the provisions it rests on."""

    text: str
    cites: tuple[str, ...]
    authority: Authority
    force: Force | None = None
    line: int = 0
    rests_on: str | None = None
    """The provision that makes the rule (its document gives the label); the other citations are context."""

    @property
    def context(self) -> tuple[str, ...]:
        return tuple(c for c in self.cites if c != self.rests_on)


@dataclass(frozen=True)
class Withdrawal:
    """Where a withdrawn section's content went; the number stays reserved for ever."""

    note: str
    moved_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A numbered, citable unit of the Code. ``id`` is permanent; ``number`` is its display number."""

    id: str
    number: str
    title: str
    chapter_id: str
    summary: str
    audiences: tuple[str, ...]
    tags: tuple[str, ...]
    statements: tuple[Statement, ...] = ()
    see_also: tuple[str, ...] = ()
    table: str | None = None
    """A table the build makes from the sources and shows in this section (``attendance-codes``)."""
    withdrawn: Withdrawal | None = None
    path: str = ""
    line: int = 0

    @property
    def cited(self) -> tuple[str, ...]:
        """Every provision id the section rests on, in first-cited order."""
        seen: dict[str, None] = {}
        for statement in self.statements:
            seen.update(dict.fromkeys(statement.cites))
        return tuple(seen)


@dataclass(frozen=True)
class Chapter:
    id: str
    number: str
    title: str
    part_id: str
    sections: tuple[Section, ...]
    intro: str = ""


@dataclass(frozen=True)
class Part:
    id: str
    label: str
    title: str
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True)
class GlossaryEntry:
    """A term, its abbreviation (shown on hover site-wide) and the sections that explain it."""

    id: str
    term: str
    definition: str
    abbreviation: str | None = None
    sections: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exclusion:
    """A provision deliberately not used by any section, and why."""

    provision_id: str
    reason: str


@dataclass(frozen=True)
class Edition:
    """The edition being built: its date and the sources cut-off readers see on every page."""

    date: str
    sources_cutoff: str
    site_url: str
    title: str = "Attendance Code of Practice"


@dataclass(frozen=True)
class Code:
    """The consolidated Code: structure, glossary, exclusions and the corpus it rests on."""

    edition: Edition
    parts: tuple[Part, ...]
    glossary: tuple[GlossaryEntry, ...]
    exclusions: tuple[Exclusion, ...]
    corpus: Corpus
    jumps: tuple[tuple[str, str], ...] = ()
    """Search shortcuts: normalised query ("code i", "s.19") -> section id."""
    keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Search keywords: section id or page path ("guides/parents/anxious/") -> the words readers type."""
    # Built once (the Code is frozen): every page looks sections up by id many times.
    _chapters: tuple[Chapter, ...] = field(init=False, compare=False, repr=False)
    _sections: tuple[Section, ...] = field(init=False, compare=False, repr=False)
    _by_id: dict[str, Section] = field(init=False, compare=False, repr=False)
    _used_by: dict[str, tuple[str, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        chapters = tuple(c for p in self.parts for c in p.chapters)
        sections = tuple(s for c in chapters for s in c.sections)
        object.__setattr__(self, "_chapters", chapters)
        object.__setattr__(self, "_sections", sections)
        object.__setattr__(self, "_by_id", {s.id: s for s in reversed(sections)})  # first one wins
        used_by: dict[str, list[str]] = {}
        for section in sections:
            for provision_id in section.cited:
                used_by.setdefault(provision_id, []).append(section.id)
        object.__setattr__(self, "_used_by", {k: tuple(v) for k, v in used_by.items()})

    @property
    def chapters(self) -> tuple[Chapter, ...]:
        return self._chapters

    @property
    def sections(self) -> tuple[Section, ...]:
        return self._sections

    def section(self, section_id: str) -> Section | None:
        return self._by_id.get(section_id)

    def used_by(self) -> dict[str, tuple[str, ...]]:
        """Reverse index: provision id -> ids of the sections citing it (built once; every source page
        asks)."""
        return self._used_by
