"""Align the provisions of a source's digest with the numbered paragraphs of its new edition.

Digests are in the project's own words, so text similarity is only part of the evidence: the figures a
provision states, the heading it sits under and how far its paragraph number moved count too.
Provisions that share a paragraph (p62, p62-b) move together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from build_tools.editions.paragraphs import Paragraph

THRESHOLD = 0.3
_WORD = re.compile(r"[a-z]+")
_FIGURE = re.compile(r"£?\d+(?:[.,]\d+)*%?")
_REF_NUMBER = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)(?P<suffix>[A-Z]?)(?P<rest>\b.*)$")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "by",
        "with",
        "be",
        "is",
        "are",
        "was",
        "were",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "at",
        "from",
        "not",
        "no",
        "any",
        "all",
        "their",
        "they",
        "them",
        "there",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "will",
        "would",
        "can",
        "could",
        "may",
        "must",
        "should",
        "shall",
        "has",
        "have",
        "had",
        "been",
        "being",
        "do",
        "does",
        "did",
        "so",
        "if",
        "than",
        "then",
        "also",
        "such",
        "other",
        "into",
        "about",
    ]
)
_MODALS = (
    ("must-not", r"\bmust not\b|\bmustn't\b"),
    ("should-not", r"\bshould not\b|\bshouldn't\b"),
    ("must", r"\bmust\b|\bis required to\b|\bhave to\b|\bhas to\b"),
    ("should", r"\bshould\b"),
    ("may", r"\bmay\b|\bcan\b"),
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def words(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def figures(text: str) -> set[str]:
    """Numbers, amounts and percentages a text states, normalised ("1,000" = "1000")."""
    return {f.replace(",", "") for f in _FIGURE.findall(text)}


def forces(text: str) -> set[str]:
    """The modal forces a paragraph uses ('must not' is not also counted as 'must')."""
    found, rest = set(), text.lower()
    for force, pattern in _MODALS:
        if re.search(pattern, rest):
            found.add(force)
            rest = re.sub(pattern, " ", rest)
    return found


def ref_number(ref: str) -> int | None:
    match = _REF_NUMBER.match(ref)
    return int(match.group("n")) if match else None


def new_ref(old_ref: str, number: str) -> str:
    """The old ref's form with the new paragraph number ("para 12" -> "para 13")."""
    match = _REF_NUMBER.match(old_ref)
    if not match:
        return f"para {number}"
    return f"{match.group('prefix')}{number}{match.group('rest')}"


@dataclass(frozen=True)
class Match:
    provision: Any
    paragraph: Paragraph
    score: float
    figures_before: tuple[str, ...] = ()
    figures_after: tuple[str, ...] = ()
    force_after: tuple[str, ...] = ()

    @property
    def moved(self) -> bool:
        return ref_number(self.provision.ref) != self.paragraph.value or (
            self.paragraph.number != str(self.paragraph.value)
        )

    @property
    def figures_changed(self) -> bool:
        return bool(set(self.figures_before) - set(self.figures_after))

    @property
    def force_changed(self) -> bool:
        force = self.provision.force.value
        return force not in ("fact", "expects") and bool(self.force_after) and force not in self.force_after

    @property
    def ref(self) -> str:
        return new_ref(self.provision.ref, self.paragraph.number)


@dataclass(frozen=True)
class Alignment:
    matches: tuple[Match, ...]
    unmatched: tuple[Any, ...]
    uncovered: tuple[Paragraph, ...]
    skipped: tuple[Any, ...] = field(default=())  # withdrawn provisions are not carried over

    def as_json(self) -> dict[str, Any]:
        def match(m: Match) -> dict[str, Any]:
            return {
                "provision": m.provision.id,
                "old_ref": m.provision.ref,
                "new_ref": m.ref,
                "paragraph": m.paragraph.number,
                "score": round(m.score, 3),
            }

        return {
            "moved": [match(m) for m in self.matches if m.moved],
            "figures_changed": [
                {**match(m), "old_figures": list(m.figures_before), "new_figures": list(m.figures_after)}
                for m in self.matches
                if m.figures_changed
            ],
            "force_changed": [
                {**match(m), "old_force": m.provision.force.value, "new_forces": list(m.force_after)}
                for m in self.matches
                if m.force_changed
            ],
            "unmatched": [{"provision": p.id, "old_ref": p.ref} for p in self.unmatched],
            "uncovered": [
                {"paragraph": p.number, "heading": p.heading, "text": p.text[:200]} for p in self.uncovered
            ],
            "matched": len(self.matches),
        }


def score(provision: Any, paragraph: Paragraph) -> float:
    """0..1-ish: how likely the provision digests this paragraph."""
    mine, theirs = words(provision.text), words(paragraph.text)
    if not mine or not theirs:
        return 0.0
    shared = len(mine & theirs)
    text = 0.7 * shared / len(mine) + 0.3 * shared / len(mine | theirs)
    own, other = figures(provision.text), figures(paragraph.text)
    bonus = 0.1 if own and own <= other else 0.0
    if provision.heading and paragraph.heading and words(provision.heading) & words(paragraph.heading):
        bonus += 0.05
    old = ref_number(provision.ref)
    if old is not None:
        bonus += 0.05 * max(0.0, 1 - abs(paragraph.value - old) / 10)
    return min(1.0, text + bonus)


def align(
    provisions: Sequence[Any], paragraphs: Sequence[Paragraph], threshold: float = THRESHOLD
) -> Alignment:
    """Each old paragraph (its provisions together) to at most one new paragraph, best evidence first."""
    live = [p for p in provisions if not getattr(p, "withdrawn", None)]
    groups: dict[str, list[Any]] = {}
    for provision in live:
        groups.setdefault(provision.ref, []).append(provision)
    pairs = []
    for ref, members in groups.items():
        for j, paragraph in enumerate(paragraphs):
            best = max(score(p, paragraph) for p in members)
            pairs.append((best, ref, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    placed: dict[str, int] = {}
    taken: set[int] = set()
    for value, ref, j in pairs:
        if value < threshold:
            break
        if ref in placed or j in taken:
            continue
        placed[ref] = j
        taken.add(j)
    matches = []
    for ref, j in placed.items():
        paragraph = paragraphs[j]
        for provision in groups[ref]:
            matches.append(
                Match(
                    provision,
                    paragraph,
                    score(provision, paragraph),
                    tuple(sorted(figures(provision.text))),
                    tuple(sorted(figures(paragraph.text))),
                    tuple(sorted(forces(paragraph.text))),
                )
            )
    order = {p.id: i for i, p in enumerate(live)}
    matches.sort(key=lambda m: order[m.provision.id])
    return Alignment(
        matches=tuple(matches),
        unmatched=tuple(p for p in live if p.ref not in placed),
        uncovered=tuple(p for j, p in enumerate(paragraphs) if j not in taken),
        skipped=tuple(p for p in provisions if getattr(p, "withdrawn", None)),
    )


def report_text(doc_id: str, alignment: Alignment) -> str:
    data = alignment.as_json()
    lines = [f"rebase {doc_id}: {data['matched']} provisions matched to the new edition"]
    lines += [f"  moved      {m['provision']}: {m['old_ref']} -> {m['new_ref']}" for m in data["moved"]]
    lines += [
        f"  figures    {m['provision']} ({m['new_ref']}): {', '.join(m['old_figures'])} -> "
        f"{', '.join(m['new_figures']) or 'none'}"
        for m in data["figures_changed"]
    ]
    lines += [
        f"  force      {m['provision']} ({m['new_ref']}): {m['old_force']} -> {', '.join(m['new_forces'])}"
        for m in data["force_changed"]
    ]
    lines += [
        f"  no match   {m['provision']} ({m['old_ref']}): not found in the new edition"
        for m in data["unmatched"]
    ]
    lines += [
        f"  uncovered  para {p['paragraph']}{' (' + p['heading'] + ')' if p['heading'] else ''}: "
        f"{p['text'][:80]}"
        for p in data["uncovered"]
    ]
    return "\n".join(lines)
