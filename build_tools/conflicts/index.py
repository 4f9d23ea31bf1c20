"""Which provisions speak about the same subject: an inverted index, not all pairs.

Each provision gets keys (claim subjects, topics, two-word phrases, known
terms); only provisions sharing keys are compared. Keys held by very many
provisions say little and would make the work grow with the square of the
corpus, so their posting lists are capped: the cost stays roughly linear.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from build_tools.conflicts.text import Clause, bigrams, clauses, content_stems, normalise
from build_tools.model import Corpus, Document, Provision

# How much one shared key says about two provisions being on the same subject.
WEIGHTS = {"claim": 1.0, "term": 0.3, "subject": 0.4, "phrase": 0.35, "topic": 0.12}
# Posting lists longer than this are skipped for that key kind (see the module docstring).
CAPS = {"claim": 300, "term": 300, "subject": 120, "phrase": 60, "topic": 80}
MIN_RELATEDNESS = 0.5


@dataclass(frozen=True)
class TermPair:
    """Two names for one concept, e.g. an old and a new one; from the terms data file."""

    old: str
    new: str
    note: str = ""


@dataclass(frozen=True)
class Profile:
    """A provision with its document and the features the rules compare."""

    provision: Provision
    document: Document
    clauses: tuple[Clause, ...]
    terms: frozenset[str]

    @property
    def id(self) -> str:
        return self.provision.id


@lru_cache(maxsize=1024)
def term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(normalise(term)) + r"s?\b")


def profile(provision: Provision, document: Document, terms: tuple[TermPair, ...]) -> Profile:
    low = normalise(provision.text)
    found = {t for pair in terms for t in (pair.old, pair.new) if term_pattern(t).search(low)}
    return Profile(provision, document, clauses(provision.text), frozenset(found))


def keys(p: Profile, terms: tuple[TermPair, ...]) -> set[tuple[str, str]]:
    """The index keys of one provision, as (kind, key)."""
    found: set[tuple[str, str]] = set()
    for claim in p.provision.claims:
        found.add(("claim", claim.subject))
        found.add(("subject", claim.subject.split(".")[0]))
    found.update(("topic", t) for t in p.provision.topics)
    for c in p.clauses:
        found.update(("phrase", b) for b in bigrams(content_stems(c.text)))
    for i, pair in enumerate(terms):
        if pair.old in p.terms or pair.new in p.terms:
            found.add(("term", str(i)))
    return found


def profiles(corpus: Corpus, terms: tuple[TermPair, ...]) -> list[Profile]:
    """Every live provision's profile; withdrawn provisions no longer say anything."""
    return [profile(p, d, terms) for d in corpus.documents for p in d.provisions if not p.withdrawn]


def related_pairs(items: list[Profile], terms: tuple[TermPair, ...]) -> dict[tuple[int, int], float]:
    """Pairs of profile indices (i < j) sharing enough keys, with their relatedness."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for key in keys(item, terms):
            postings[key].append(i)
    weight: dict[tuple[int, int], float] = defaultdict(float)
    for (kind, _), members in postings.items():
        if len(members) < 2 or len(members) > CAPS[kind]:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                weight[(i, j)] += WEIGHTS[kind]
    return {
        pair: w
        for pair, w in weight.items()
        if w >= MIN_RELATEDNESS and items[pair[0]].id != items[pair[1]].id
    }
