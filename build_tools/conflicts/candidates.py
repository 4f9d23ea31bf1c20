"""Stage: find candidate contradictions between provisions, with no hand annotation.

``find_candidates(corpus)`` indexes every provision (see :mod:`build_tools.conflicts.index`),
compares only provisions that share subjects, and applies the rules of
:mod:`build_tools.conflicts.rules`. It reads and writes nothing, so a new source file is
checked the moment the corpus that holds it is loaded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from build_tools.conflicts.index import Profile, TermPair, profiles, related_pairs
from build_tools.conflicts.rules import (
    Finding,
    Kind,
    advocacy_finding,
    advocacy_wrap,
    claim_findings,
    is_proposal,
    superseded_finding,
    term_findings,
    text_findings,
)
from build_tools.model import Corpus

__all__ = ["Candidate", "DEFAULT_THRESHOLD", "Kind", "TermPair", "candidate_id", "find_candidates"]

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Candidate:
    """Two provisions that may contradict each other, and why an editor should look."""

    id: str
    provision_a: str
    provision_b: str
    kind: Kind
    score: float
    reasons: tuple[str, ...]

    @property
    def provisions(self) -> tuple[str, str]:
        return (self.provision_a, self.provision_b)


def candidate_id(first: str, second: str) -> str:
    """Stable id of a pair: the same two provisions give the same id in any order, in any run."""
    a, b = sorted((first, second))
    return "cf-" + hashlib.sha1(f"{a}|{b}".encode()).hexdigest()[:10]


def _candidate(a: Profile, b: Profile, found: list[Finding], relatedness: float) -> Candidate:
    ranked = sorted(found, key=lambda f: (-f.strength, f.kind.value))
    top = ranked[0]
    # Pairs that share more subjects are likelier to be about the same thing.
    score = top.strength * (0.85 + 0.15 * min(relatedness, 1.5) / 1.5)
    first, second = sorted((a.id, b.id))
    reasons = tuple(dict.fromkeys(r for f in ranked for r in f.reasons))
    return Candidate(candidate_id(first, second), first, second, top.kind, round(min(score, 1.0), 3), reasons)


def _findings(a: Profile, b: Profile, terms: tuple[TermPair, ...]) -> list[Finding]:
    found = claim_findings(a, b, terms) + term_findings(a, b, terms) + text_findings(a, b)
    superseded = superseded_finding(a, b, found)
    if superseded:
        return [superseded]
    sides = _advocacy_side(a, b)
    if found and sides:
        return [advocacy_wrap(*sides, found)]
    return found


def _advocacy_side(a: Profile, b: Profile) -> tuple[Profile, Profile] | None:
    if is_proposal(a) and b.document.status.is_official:
        return a, b
    if is_proposal(b) and a.document.status.is_official:
        return b, a
    return None


def _keep_closest(
    closest: dict[str, tuple[float, str, Profile, Profile]],
    adv: Profile,
    official: Profile,
    relatedness: float,
) -> None:
    best = closest.get(adv.id)
    # Ties on relatedness go to the alphabetically first provision, whatever the iteration order.
    if best is None or (relatedness, _neg(official.id)) > (best[0], _neg(best[1])):
        closest[adv.id] = (relatedness, official.id, adv, official)


def find_candidates(corpus: Corpus, terms: tuple[TermPair, ...] = ()) -> list[Candidate]:
    """Every candidate contradiction in the corpus, strongest first, then by id."""
    items = profiles(corpus, terms)
    found: dict[str, Candidate] = {}
    # For each advocacy proposal that clashes with nothing, its closest official provision.
    closest: dict[str, tuple[float, str, Profile, Profile]] = {}
    official = [item.document.status.is_official for item in items]
    for (i, j), relatedness in sorted(related_pairs(items, terms).items()):
        if not (official[i] or official[j]):
            continue  # advocacy disagreeing with advocacy is not guidance contradicting itself
        a, b = items[i], items[j]
        findings = _findings(a, b, terms)
        if findings:
            candidate = _candidate(a, b, findings, relatedness)
            found[candidate.id] = candidate
            continue
        sides = _advocacy_side(a, b) if official[i] != official[j] else None
        if sides and relatedness >= 1.0:
            _keep_closest(closest, *sides, relatedness)
    for relatedness, _, adv, partner in closest.values():
        candidate = _candidate(adv, partner, [advocacy_finding(adv, partner, relatedness)], relatedness)
        found.setdefault(candidate.id, candidate)
    return sorted(found.values(), key=lambda c: (-c.score, c.id))


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)
