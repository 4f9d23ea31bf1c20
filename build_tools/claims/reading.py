"""A statement read once against the compiled rules: its word forms, every phrase of the rules found in
them, and where its clauses begin. ``checker-engine.js`` does the same (``scan``, ``readStatement``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from build_tools.claims.text import GAP, MAX_GAP, Token, tokens


@dataclass(frozen=True)
class Hit:
    name: str
    start: int
    end: int


@dataclass
class Index:
    """Every phrase of the rules, by its first word, so a statement is scanned once."""

    by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)

    def add(self, category: str, name: str, phrases: list[list[str]]) -> None:
        for p in phrases:
            self.by_first.setdefault(p[0], []).append((tuple(p), category, name))


def build_index(rules: dict[str, Any]) -> Index:
    index = Index()
    for unit in rules["units"]:
        index.add("unit", unit["id"], unit["phrases"])
    for force in rules["forces"]:
        index.add("force", force["force"], force["phrases"])
    index.add("negation", "not", rules["negations"])
    index.add("refers", "back", rules.get("refers_back", []))
    for name, phrases in rules["qualifiers"].items():
        index.add("qualifier", name, phrases)
    for name, phrases in rules["shares"].items():
        index.add("share", name, phrases)
    for subject in rules["subjects"]:
        index.add("term", subject["id"], subject["terms"])
    for content in rules["contents"]:
        for i, group in enumerate(content["cues"]):
            index.add("cue", f"{content['id']}#{i}", group)
    for bucket in index.by_first.values():
        bucket.sort(key=lambda entry: -len(entry[0]))
    return index


def phrase_end(words: list[str], i: int, phrase: tuple[str, ...]) -> int | None:
    """Where ``phrase`` ends when it starts at word ``i``, or None. A gap (``...`` in the lexicon, GAP
    here) stands for up to MAX_GAP words: the fewest that let the rest of the phrase match."""
    if GAP not in phrase:
        n = len(phrase)
        return i + n if tuple(words[i : i + n]) == phrase else None

    def match(j: int, k: int) -> int | None:
        if k == len(phrase):
            return j
        if phrase[k] == GAP:
            for skip in range(MAX_GAP + 1):
                end = match(j + skip, k + 1)
                if end is not None:
                    return end
            return None
        return match(j + 1, k + 1) if j < len(words) and words[j] == phrase[k] else None

    return match(i, 0)


def scan(words: list[str], index: Index) -> dict[str, list[Hit]]:
    """Every phrase occurrence, by category; within a category the longest phrase at a place wins."""
    hits: dict[str, list[Hit]] = {}
    covered: dict[str, int] = {}
    for i, word in enumerate(words):
        for phrase, category, name in index.by_first.get(word, ()):
            end = phrase_end(words, i, phrase)
            if end is None:
                continue
            if category in ("force", "unit", "negation") and covered.get(category, -1) > i:
                continue
            hits.setdefault(category, []).append(Hit(name, i, end))
            if category in ("force", "unit", "negation"):
                covered[category] = max(covered.get(category, -1), end)
    return hits


@dataclass(frozen=True)
class Reading:
    """One statement read once: its tokens, their word forms and every phrase of the rules found in them."""

    tokens: list[Token]
    words: list[str]
    hits: dict[str, list[Hit]]
    clauses: tuple[int, ...] = ()
    """The word indexes that begin a new clause (:func:`clause_starts`)."""

    @property
    def subjects(self) -> list[str]:
        """The subjects whose terms it uses (what a following "It ..." or "This ..." refers to)."""
        return list(dict.fromkeys(h.name for h in self.hits.get("term", [])))

    @property
    def cues(self) -> set[str]:
        return {h.name for h in self.hits.get("cue", [])}


def read_statement(text: str, rules: dict[str, Any], index: Index) -> Reading:
    toks = tokens(text)
    words = [rules["forms"].get(t.word, t.word) for t in toks]
    return Reading(toks, words, scan(words, index), clause_starts(text, toks, words))


_CLAUSE_WORDS = ("and", "so")


def clause_starts(text: str, toks: list[Token], words: list[str]) -> tuple[int, ...]:
    """Where a new clause begins: after a semicolon, or at "and" or "so" after a comma ("Notices will not be
    issued for illness, and the council will return such requests"; "..., so it won't affect ..."). Not at
    "but": what follows it is often the very exception a rule is about ("most holidays won't be authorised,
    but ... he can")."""
    return tuple(
        k
        for k in range(1, len(toks))
        if ";" in (between := text[toks[k - 1].end : toks[k].start])
        or ("," in between and words[k] in _CLAUSE_WORDS)
    )


def clause_of(at: int, clauses: tuple[int, ...]) -> int:
    return sum(1 for c in clauses if c <= at)
