"""The contradictions register (``code_of_practice/conflicts.yaml``): its entries, read and validated.

Finding the candidates it reviews is :mod:`build_tools.conflicts.review`.

The register is the reviewed record of every contradiction: each detected
candidate above the threshold is confirmed (with a resolution) or dismissed
(with a reason). Quoted provision text is never stored here; renderers pull it
from the corpus, so a corrected source corrects the register page too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from build_tools.conflicts.candidates import Kind
from build_tools.diagnostics import Diagnostic
from build_tools.load.keys import check_keys, check_types, unknown_keys
from build_tools.load.yaml import RawFile, dotted, read_yaml
from build_tools.model import Corpus

REGISTER_FILE = Path("code_of_practice") / "conflicts.yaml"
CHAPTERS_DIR = Path("code_of_practice") / "chapters"

_ENTRY_KEYS = (
    "id",
    "title",
    "kind",
    "status",
    "provisions",
    "candidates",
    "practice",
    "research",
    "reason",
    "resolution",
    "sections",
    "audiences",
    "for_parents",
    "note",
)
_REQUIRED = ("id", "title", "kind", "status")
# An entry id is the anchor of its heading on the register page.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_RESOLUTION_KEYS = ("prevails", "rule", "explanation")
_FOR_PARENTS_KEYS = ("heading", "text")
PARENTS = "parents"  # the audience id (guidance_sources/vocabulary.yaml) whose entries get the parents' page
_EMPTY: tuple[object, ...] = (None, "", [])  # a required key of the register must say something


class ReviewStatus(StrEnum):
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class Rule(StrEnum):
    """Why one statement prevails: the Code's authority order (PRODUCT.md)."""

    ACT_OVER_REGULATIONS = "act-over-regulations"
    STATUTE_OVER_GUIDANCE = "statute-over-guidance"
    STATUTORY_OVER_NON_STATUTORY = "statutory-over-non-statutory"
    GUIDANCE_OVER_PRACTICE = "guidance-over-practice"
    GUIDANCE_OVER_ADVOCACY = "guidance-over-advocacy"
    LATER_EDITION = "later-edition"
    SPECIFIC_OVER_GENERAL = "specific-over-general"
    NOT_RESOLVABLE = "not-resolvable"

    @property
    def label(self) -> str:
        return {
            "act-over-regulations": "an Act prevails over regulations made under it",
            "statute-over-guidance": "law (an Act or regulations) prevails over guidance",
            "statutory-over-non-statutory": "statutory guidance prevails over non-statutory guidance",
            "guidance-over-practice": "statutory guidance prevails over local policy and practice",
            "guidance-over-advocacy": (
                "current law and guidance prevail; the advocacy ask is a recommendation"
            ),
            "later-edition": "a later edition of a document prevails over an earlier one",
            "specific-over-general": "a specific rule prevails over a general one",
            "not-resolvable": "not resolvable by the authority order; the Code states both positions",
        }[self.value]


@dataclass(frozen=True)
class Resolution:
    prevails: str
    rule: Rule
    explanation: str


@dataclass(frozen=True)
class ForParents:
    """The plain-English answer a parent reads first: a question they would ask, and what to rely on."""

    heading: str
    text: str


@dataclass(frozen=True)
class RegisterEntry:
    """One reviewed contradiction (or a candidate dismissed as not one)."""

    id: str
    title: str
    kind: Kind
    status: ReviewStatus
    provisions: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    practice: str | None = None
    research: str | None = None
    reason: str | None = None
    resolution: Resolution | None = None
    sections: tuple[str, ...] = ()
    # Who the contradiction affects (vocabulary audiences); "parents" puts it on the parents' page.
    audiences: tuple[str, ...] = ()
    for_parents: ForParents | None = None
    note: str | None = None
    line: int = 0

    @property
    def affects_parents(self) -> bool:
        return PARENTS in self.audiences

    @property
    def covers(self) -> tuple[str, ...]:
        """Every candidate id this entry reviews."""
        return tuple(dict.fromkeys((self.id, *self.candidates)))


@dataclass(frozen=True)
class Register:
    entries: tuple[RegisterEntry, ...]
    path: str = str(REGISTER_FILE)
    # candidate id -> the first entry covering it, built once (every candidate is looked up)
    _by_candidate: dict[str, RegisterEntry] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        index = {c: e for e in reversed(self.entries) for c in e.covers}
        object.__setattr__(self, "_by_candidate", index)

    def for_candidate(self, candidate_id: str) -> RegisterEntry | None:
        return self._by_candidate.get(candidate_id)

    @property
    def confirmed(self) -> tuple[RegisterEntry, ...]:
        return tuple(e for e in self.entries if e.status is ReviewStatus.CONFIRMED)

    @property
    def dismissed(self) -> tuple[RegisterEntry, ...]:
        return tuple(e for e in self.entries if e.status is ReviewStatus.DISMISSED)

    @property
    def for_parents(self) -> tuple[RegisterEntry, ...]:
        """Confirmed entries that affect parents, in register order (the parents' page)."""
        return tuple(e for e in self.confirmed if e.affects_parents)


def section_ids(root: Path) -> set[str]:
    """Ids of every Code section, read from the chapter files."""
    found: set[str] = set()
    for file in sorted((root / CHAPTERS_DIR).glob("*.yaml")):
        raw, _ = read_yaml(file, root)
        sections = raw.data.get("sections") if raw and isinstance(raw.data, dict) else None
        found.update(str(s["id"]) for s in sections or () if isinstance(s, dict) and s.get("id"))
    return found


def _problem(raw: RawFile, path: tuple[str | int, ...], message: str, fix: str) -> Diagnostic:
    return Diagnostic(raw.path, message, fix, line=raw.line_of(path), key=dotted(path))


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _enum(raw: RawFile, path: tuple[str | int, ...], value: Any, enum: type[Enum]) -> list[Diagnostic]:
    allowed = [e.value for e in enum]  # type: ignore[attr-defined]
    if value in allowed or value is None:
        return []
    return [_problem(raw, path, f"unknown value '{value}'", f"use one of: {', '.join(allowed)}")]


def _check_refs(
    raw: RawFile, path: tuple[str | int, ...], item: dict[str, Any], corpus: Corpus, sections: set[str]
) -> list[Diagnostic]:
    found = [
        _problem(
            raw,
            path + ("provisions", i),
            f"unknown provision id '{pid}'",
            "use a global id doc-id/local-id from guidance_sources/",
        )
        for i, pid in enumerate(_strings(item.get("provisions")))
        if corpus.provision(pid) is None
    ]
    found += [
        _problem(
            raw,
            path + ("sections", i),
            f"unknown Code section id '{sid}'",
            "use a section id from code_of_practice/chapters/*.yaml",
        )
        for i, sid in enumerate(_strings(item.get("sections")))
        if sections and sid not in sections
    ]
    return found


def _check_review(raw: RawFile, path: tuple[str | int, ...], item: dict[str, Any]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    status, resolution = item.get("status"), item.get("resolution")
    if status == ReviewStatus.DISMISSED.value and not item.get("reason"):
        found.append(
            _problem(raw, path, "a dismissed entry needs a 'reason'", "say why it is not a conflict")
        )
    if status == ReviewStatus.CONFIRMED.value:
        if not isinstance(resolution, dict):
            return found + [
                _problem(
                    raw,
                    path,
                    "a confirmed entry needs a 'resolution'",
                    "add resolution: {prevails, rule, explanation}",
                )
            ]
        found += check_keys(raw, path + ("resolution",), resolution, _RESOLUTION_KEYS, empty=_EMPTY)
        found += _enum(raw, path + ("resolution", "rule"), resolution.get("rule"), Rule)
        if not item.get("sections"):
            found.append(
                _problem(
                    raw,
                    path,
                    "a confirmed entry needs 'sections'",
                    "name the Code section(s) that state the resolved position",
                )
            )
        if not item.get("provisions") and not item.get("practice"):
            found.append(
                _problem(
                    raw,
                    path,
                    "a confirmed entry needs 'provisions' or 'practice'",
                    "list the provision ids, or describe the practice",
                )
            )
    return found


def _check_for_parents(raw: RawFile, path: tuple[str | int, ...], note: Any) -> list[Diagnostic]:
    found = check_keys(raw, path, note, _FOR_PARENTS_KEYS, empty=_EMPTY)
    if isinstance(note, dict):
        found += [
            _problem(raw, path + (key,), f"'{key}' must be text", "write one plain-English sentence or more")
            for key in _FOR_PARENTS_KEYS
            if note.get(key) not in _EMPTY and not isinstance(note.get(key), str)
        ]
    return found


def _check_audiences(
    raw: RawFile, path: tuple[str | int, ...], item: dict[str, Any], corpus: Corpus
) -> list[Diagnostic]:
    """Who an entry affects, and the parents' answer that must come with the audience "parents"."""
    audiences, note = item.get("audiences"), item.get("for_parents")
    confirmed = item.get("status") == ReviewStatus.CONFIRMED.value
    known = corpus.vocabulary.audiences
    found: list[Diagnostic] = []
    if audiences is not None and not isinstance(audiences, list):
        found.append(
            _problem(
                raw,
                path + ("audiences",),
                "'audiences' must be a list",
                "write audiences: [parents, schools]",
            )
        )
    found += [
        _problem(
            raw,
            path + ("audiences", i),
            f"unknown audience '{value}'",
            "use an audience id from guidance_sources/vocabulary.yaml: " + ", ".join(sorted(known)),
        )
        for i, value in enumerate(audiences if isinstance(audiences, list) else ())
        if not isinstance(value, str) or value not in known
    ]
    if not confirmed:
        if audiences or note is not None:
            found.append(
                _problem(
                    raw,
                    path,
                    "a dismissed entry is not published, so it takes no 'audiences' or 'for_parents'",
                    "remove them",
                )
            )
        return found
    if not audiences:
        found.append(
            _problem(
                raw,
                path,
                "a confirmed entry needs 'audiences'",
                "list who it affects, e.g. audiences: [parents, schools]",
            )
        )
    parents = isinstance(audiences, list) and PARENTS in audiences
    if parents and note is None:
        found.append(
            _problem(
                raw,
                path,
                "an entry that affects parents needs 'for_parents'",
                "add for_parents: {heading: the question a parent would ask, text: what they can rely on, "
                "in plain English}",
            )
        )
    if note is not None and not parents:
        found.append(
            _problem(
                raw,
                path + ("for_parents",),
                "'for_parents' is shown only when 'audiences' includes parents",
                "add parents to 'audiences', or remove 'for_parents'",
            )
        )
    return found + (_check_for_parents(raw, path + ("for_parents",), note) if note is not None else [])


def validate_entry(
    raw: RawFile, index: int, item: Any, corpus: Corpus, sections: set[str]
) -> list[Diagnostic]:
    """Every problem of one register entry, each with its line."""
    path: tuple[str | int, ...] = ("entries", index)
    if not isinstance(item, dict):
        return [_problem(raw, path, "an entry must be a mapping", "start it with '- id: ...'")]
    optional = tuple(k for k in _ENTRY_KEYS if k not in _REQUIRED)
    found = check_keys(raw, path, item, _REQUIRED, optional, empty=_EMPTY)
    if item.get("id") is not None and not (isinstance(item["id"], str) and _ID.match(item["id"])):
        found.append(
            _problem(
                raw,
                path + ("id",),
                f"'id' has an invalid value {item['id']!r}",
                "use letters, digits, '-' and '.', e.g. cf-1a2b3c4d5e or practice-fines",
            )
        )
    found += check_types(
        raw,
        path,
        item,
        {
            "id": "text",
            "title": "text",
            "practice": "text",
            "research": "text",
            "reason": "text",
            "note": "text",
            "provisions": "texts",
            "candidates": "texts",
            "sections": "texts",
        },
    )
    if isinstance(item.get("resolution"), dict):
        found += check_types(
            raw, path + ("resolution",), item["resolution"], {k: "text" for k in _RESOLUTION_KEYS}
        )
    if any(d.message.startswith("'") and " must be " in d.message for d in found):
        return found  # the checks below read these values
    found += _enum(raw, path + ("kind",), item.get("kind"), Kind)
    found += _enum(raw, path + ("status",), item.get("status"), ReviewStatus)
    found += _check_refs(raw, path, item, corpus, sections) + _check_review(raw, path, item)
    return found + _check_audiences(raw, path, item, corpus)


def _entry(raw: RawFile, index: int, item: dict[str, Any]) -> RegisterEntry:
    res = item.get("resolution")
    resolution = (
        Resolution(str(res["prevails"]), Rule(res["rule"]), " ".join(str(res["explanation"]).split()))
        if isinstance(res, dict)
        else None
    )
    text = {
        k: (" ".join(str(item[k]).split()) if item.get(k) else None)
        for k in ("practice", "research", "reason", "note")
    }
    note = item.get("for_parents")
    for_parents = (
        ForParents(" ".join(str(note["heading"]).split()), " ".join(str(note["text"]).split()))
        if isinstance(note, dict)
        else None
    )
    return RegisterEntry(
        id=str(item["id"]),
        title=str(item["title"]),
        kind=Kind(item["kind"]),
        status=ReviewStatus(item["status"]),
        provisions=_strings(item.get("provisions")),
        candidates=_strings(item.get("candidates")),
        resolution=resolution,
        sections=_strings(item.get("sections")),
        audiences=_strings(item.get("audiences")),
        for_parents=for_parents,
        line=raw.line_of(("entries", index)) or 0,
        **text,
    )


def _duplicates(raw: RawFile, items: list[Any]) -> list[Diagnostic]:
    seen: dict[str, int] = {}
    found: list[Diagnostic] = []
    for i, item in enumerate(items):
        covers = [item.get("id"), *_strings(item.get("candidates"))] if isinstance(item, dict) else []
        # an id of the wrong type (a list, a mapping) is reported by the type check; it names nothing here
        for cid in (c for c in covers if isinstance(c, str) and c):
            if cid in seen:
                found.append(
                    _problem(
                        raw,
                        ("entries", i),
                        f"'{cid}' is already reviewed by entry {seen[cid] + 1}",
                        "keep one entry per contradiction",
                    )
                )
            seen.setdefault(str(cid), i)
    return found


def parse_register(raw: RawFile, corpus: Corpus, sections: set[str]) -> tuple[Register, list[Diagnostic]]:
    """The register from a parsed file, and every problem found in it."""
    items = raw.data.get("entries") if isinstance(raw.data, dict) else None
    if not isinstance(items, list):
        return Register((), raw.path), [
            _problem(
                raw,
                (),
                "the register needs an 'entries:' list",
                "see the header of code_of_practice/conflicts.yaml",
            )
        ]
    found = [d for i, item in enumerate(items) for d in validate_entry(raw, i, item, corpus, sections)]
    found += _duplicates(raw, items)
    if isinstance(raw.data, dict):
        found += unknown_keys(raw, (), raw.data, ("entries",))
    if found:
        return Register((), raw.path), found
    return Register(tuple(_entry(raw, i, item) for i, item in enumerate(items)), raw.path), []


def load_register(
    root: Path, corpus: Corpus, sections: set[str] | None = None
) -> tuple[Register, list[Diagnostic]]:
    """The register of a project; an absent file is an empty register.

    ``sections`` are the Code's section ids when the caller already has the Code; otherwise they are read
    from the chapter files.
    """
    file = root / REGISTER_FILE
    if not file.exists():
        return Register(()), []
    raw, problems = read_yaml(file, root)
    if raw is None:
        return Register(()), problems
    known = sections if sections is not None else section_ids(root)
    register, found = parse_register(raw, corpus, known)
    return register, problems + found
