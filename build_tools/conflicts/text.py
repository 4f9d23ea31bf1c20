"""Text features the conflict rules compare: clauses, stems, numbers, hedges, negation.

Provisions are often table cells holding several bullet points, so every
provision is split into clauses and two provisions are compared clause by
clause; whole-text similarity would drown one clashing bullet in five others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Words too common in this corpus to say what a clause is about.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "each",
        "either",
        "for",
        "from",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "may",
        "me",
        "might",
        "more",
        "most",
        "must",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "shall",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "school",
        "schools",
        "pupil",
        "pupils",
        "child",
        "children",
        "parent",
        "parents",
        "carer",
        "carers",
        "attendance",
        "attend",
        "attending",
        "attends",
        "local",
        "authority",
        "authorities",
        "la",
        "las",
        "ensure",
        "including",
        "include",
        "includes",
        "e",
        "g",
        "eg",
        "etc",
        "them",
        "they're",
        "it's",
        "work",
        "working",
    ]
)

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_UNITS = {
    "session": "sessions",
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
    "mile": "miles",
    "hour": "hours",
    "term": "terms",
    "half-term": "half-terms",
    "minute": "minutes",
    "notice": "notices",
    "penalty notice": "notices",
}
_UNIT_RE = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_QUANTITY = re.compile(
    _NUM + r"(?:\s*(?:-|–|to)\s*" + _NUM + r")?"
    r"(?:\s+(?:or more|or fewer|consecutive|cumulative|continuous|school|working|calendar|academic|"
    r"possible|unauthorised|authorised|full|further))*\s+(" + _UNIT_RE + r")s?\b"
)
_PERCENT = re.compile(_NUM + r"\s*(?:%|per ?cent)")
_MONEY = re.compile(r"£\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)")

# Words that turn an absolute rule into a qualified one. "only" and "exceptional"
# narrow rather than soften, but an unqualified rule restated with them still
# says something different, which is what an editor needs to see.
HEDGES = (
    "where possible",
    "where that is possible",
    "where it is possible",
    "wherever possible",
    "if possible",
    "as far as possible",
    "in most cases",
    "in some cases",
    "normally",
    "usually",
    "generally",
    "typically",
    "where necessary",
    "where appropriate",
    "if appropriate",
    "where applicable",
    "if applicable",
    "where needed",
    "where required",
    "unless",
    "except",
    "exceptional",
    "only",
    "in principle",
)
_HEDGE_RE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGES) + r")\b")
_NEGATION_RE = re.compile(r"\b(not|no|never|cannot|can't|won't|mustn't|shouldn't|neither|nor|without)\b")
_PROHIBITION_RE = re.compile(
    r"\b(must not|mustn't|shall not|may not|cannot|can't|should not|shouldn't|never|are not to|is not to)\b"
)
_MODALS = (
    ("must-not", re.compile(r"\b(must not|mustn't|shall not|may not|cannot|are not to|is not to)\b")),
    ("should-not", re.compile(r"\b(should not|shouldn't|never|avoid)\b")),
    ("must", re.compile(r"\b(must|required to|is required|are required|has to|have to|shall|duty to)\b")),
    ("should", re.compile(r"\b(should|expected to|are expected|is expected)\b")),
    ("may", re.compile(r"\b(may|discretion|optional|permitted to|allowed to)\b")),
)
_TOKEN = re.compile(r"[a-z][a-z'-]*|\d+")
_CLAUSE_SPLIT = re.compile(r"\n\s*[-•*]\s+|\n\s*\n|(?<=[.;:!?])\s+(?=[A-Z(•-])|\s+[•]\s+")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as written, e.g. ``15 days`` or ``£80``."""

    unit: str
    value: str
    text: str


@dataclass(frozen=True)
class Clause:
    """One sentence or bullet of a provision, with what the rules compare."""

    text: str
    stems: frozenset[str]
    quantities: tuple[Quantity, ...]
    hedges: tuple[str, ...]
    negations: tuple[str, ...]
    modal: str | None


def normalise(text: str) -> str:
    """Lower case with typographic quotes and dashes made plain."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return text.replace("\u2013", "-").replace("\u2014", "-").lower()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to match 'appointments' with 'appointment'."""
    word = word.strip("'-")
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + keep
    return word


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning, in order."""
    return [stem(t) for t in _TOKEN.findall(normalise(text)) if t not in STOPWORDS and len(t) > 2]


def _number(value: str) -> str:
    value = value.replace(",", "")
    return str(_NUMBER_WORDS.get(value, value))


def quantities(text: str) -> tuple[Quantity, ...]:
    """Every number with a unit: sessions, days, weeks, %, £ and the like."""
    low = normalise(text)
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(low):
        value = _number(m.group(1)) + (f"-{_number(m.group(2))}" if m.group(2) else "")
        found.append(Quantity(_UNITS.get(m.group(3), m.group(3)), value, m.group(0)))
    found += [Quantity("%", _number(m.group(1)), m.group(0)) for m in _PERCENT.finditer(low)]
    found += [Quantity("£", _number(m.group(1)), m.group(0)) for m in _MONEY.finditer(low)]
    return tuple(found)


def hedges(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(1) for m in _HEDGE_RE.finditer(normalise(text))))


def modal(text: str) -> str | None:
    """The strongest modal verb of a clause, as a force value."""
    low = normalise(text)
    return next((force for force, pattern in _MODALS if pattern.search(low)), None)


def is_prohibition(text: str) -> bool:
    return bool(_PROHIBITION_RE.search(normalise(text)))


def clause(text: str) -> Clause:
    low = normalise(text)
    return Clause(
        text=" ".join(text.split()),
        stems=frozenset(content_stems(text)),
        quantities=quantities(text),
        hedges=hedges(text),
        negations=tuple(dict.fromkeys(m.group(1) for m in _NEGATION_RE.finditer(low))),
        modal=modal(text),
    )


def clauses(text: str) -> tuple[Clause, ...]:
    """The clauses of a provision text; bullets and sentences each become one."""
    parts = [p.strip(" -•*\n") for p in _CLAUSE_SPLIT.split(text.strip())]
    return tuple(clause(p) for p in parts if len(p.split()) >= 2)


def negated_words(text: str, span: int = 3) -> set[str]:
    """Stems of the few content words after each negation: what is being negated."""
    found: set[str] = set()
    for m in _NEGATION_RE.finditer(normalise(text)):
        found.update(content_stems(normalise(text)[m.end() :])[:span])
    return found


def bigrams(stems: list[str]) -> set[str]:
    return {f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False) if a != b}


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller clause's words found in the other (0..1)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Words shared, against both clauses' length (0..1): low when one clause only contains the other."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def quote(text: str, limit: int = 140) -> str:
    """A clause shortened for a reason line, marked where it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
