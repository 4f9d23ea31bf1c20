"""Plain, immutable data passed between the build stages.

A provision's permanent id (``doc-id/local-id``) is kept apart from any display
number so that renumbering never breaks a citation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
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


class Force(str, Enum):
    """Normative force of one provision."""

    MUST = "must"
    MUST_NOT = "must-not"
    SHOULD = "should"
    SHOULD_NOT = "should-not"
    MAY = "may"
    EXPECTS = "expects"
    FACT = "fact"


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
    _by_id: dict[str, Provision] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index = {p.id: p for d in self.documents for p in d.provisions}
        object.__setattr__(self, "_by_id", index)

    @property
    def provisions(self) -> tuple[Provision, ...]:
        return tuple(p for d in self.documents for p in d.provisions)

    @property
    def cases(self) -> tuple[CaseRecord, ...]:
        return tuple(c for d in self.documents for c in d.cases)

    def provision(self, provision_id: str) -> Provision | None:
        return self._by_id.get(provision_id)

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)

    @property
    def unverified(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if not p.verified)
