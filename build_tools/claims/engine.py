"""Claims extracted from statements and judged against the Code, on the compiled rules alone.

This module is the reference implementation; ``checker-engine.js`` on the site is its line-for-line port.
Both take the compiled rules (``compile.compile_rules``) and a list of statements and return the same
JSON-ready findings, which a shared set of fixture documents proves in pytest and in Chromium.

For each statement: the subjects its words name (a term, plus any words the subject also needs), then for
each subject a typed claim (force, figures with units converted to one base per family, qualifiers,
scope, and the spans they came from), then the subject's rules, in order, until one holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from build_tools.claims.text import GAP, MAX_GAP, Token, tokens

_NEGATE = {
    "must": "must-not",
    "should": "should-not",
    "may": "must-not",
    "will": "will-not",
    "expects": "need-not",
}
# Names with Latin-1 letters too (José Núñez, Zoë Brontë)
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LOW = "a-z\u00df-\u00f6\u00f8-\u00ff"
_ANY = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff'-"
_NAME = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? [{_UP}][{_ANY}]+|\b[{_UP}][{_LOW}]+ [{_UP}][{_ANY}]{{2,}}\b"
)
# A clock time: 8.45am, 9 am, 3:15 p.m., 08:40, 15.20
_TIME = re.compile(
    r"\b(?:[01]?[0-9]|2[0-3])(?:[:.][0-5][0-9])?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9]\b",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|\b0[0-9]{2,4}[ -]?[0-9]{3,4}[ -]?[0-9]{3,4}\b"
)
_SCOPE = {
    "parents": ("parent", "carer", "family", "families"),
    "schools": ("school", "academy", "head", "headteacher", "teacher", "staff"),
    "local-authorities": ("council", "authority", "la"),
    "governors": ("governor", "trust", "trustee"),
}
TOO_FOREIGN = 0.06


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
class Quantity:
    value: float
    unit: str
    family: str
    canonical: float
    ordinal: bool
    start: int
    end: int


def _figure(words: list[str], i: int, rules: dict[str, Any]) -> tuple[float, int, bool] | None:
    """A figure starting at word ``i``: (value, next index, ordinal); number words combine."""
    word = words[i]
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", word):
        # a figure of more than 15 characters is not a threshold (and would overflow to infinity)
        return (float(word), i + 1, False) if len(word) <= 15 else None
    if word in rules["ordinals"]:
        return float(rules["ordinals"][word]), i + 1, True
    numbers = rules["numbers"]
    if word not in numbers:
        return None
    total, current, j = 0.0, 0.0, i
    while j < len(words) and (
        words[j] in numbers
        or words[j] == "and"
        and j > i
        and words[j - 1] == "hundred"
        and j + 1 < len(words)
        and words[j + 1] in numbers
    ):
        w = words[j]
        if w == "and":
            j += 1
            continue
        n = float(numbers[w])
        if n == 100:
            current = (current or 1) * 100
        else:
            current += n
        j += 1
    total += current
    return total, j, False


def _fraction(words: list[str], i: int, rules: dict[str, Any]) -> float | None:
    """A fraction as a percentage: "a third of sessions" (33.3), "nine tenths of" (90), "half or more"."""
    share = rules["fractions"].get(words[i])
    if share is None or i + 1 >= len(words) or words[i + 1] not in ("of", "or"):
        return None
    before = words[i - 1] if i else ""
    multiplier = float(before) if re.fullmatch(r"[0-9]+", before) else float(rules["numbers"].get(before, 1))
    if words[i] == "half" and before not in rules["numbers"] and words[i + 1] == "or":
        return 50.0
    return round(multiplier * share, 6)


_JOINERS = frozenset(("and", "or", "of", "plus", "more", "less", "fewer"))


def quantities(words: list[str], hits: dict[str, list[Hit]], rules: dict[str, Any]) -> list[Quantity]:
    units = {u["id"]: u for u in rules["units"]}
    unit_at = {h.start: h for h in hits.get("unit", [])}
    fillers = set(rules["fillers"])
    found: list[Quantity] = []
    # A decimal that opens a statement is its paragraph number ("11.3 Penalty notices are ..."), unless a
    # percentage ("92.5% attendance ...").
    i = 1 if words and "." in words[0] and words[1:2] != ["%"] else 0
    while i < len(words):
        if words[i] == "£" and i + 1 < len(words):
            figure = _figure(words, i + 1, rules)
            if figure:
                value, nxt, _ = figure
                u = units["pounds"]
                found.append(Quantity(value, "pounds", u["family"], value * u["size"], False, i, nxt))
                i = nxt
                continue
        fraction = _fraction(words, i, rules)
        if fraction is not None:
            u = units["percent"]
            found.append(Quantity(fraction, "percent", u["family"], fraction, False, max(0, i - 1), i + 1))
            i += 1
            continue
        figure = _figure(words, i, rules)
        if not figure:
            i += 1
            continue
        value, nxt, ordinal = figure
        j = nxt
        # An ordinal meets its unit directly ("third fine"), not across "and" ("support first, and fines").
        skip = fillers - _JOINERS if ordinal else fillers
        while j < len(words) and j - nxt < 3 and j not in unit_at and words[j] in skip:
            j += 1
        hit = unit_at.get(j)
        if hit is None and nxt in unit_at:
            hit = unit_at[nxt]
        if hit is not None:
            u = units[hit.name]
            # "one session in ten": a share, not a count
            if hit.name == "sessions" and hit.end + 1 < len(words) and words[hit.end] == "in":
                whole = _figure(words, hit.end + 1, rules)
                if whole and whole[0]:
                    share = round(value / whole[0] * 100, 6)
                    p = units["percent"]
                    found.append(Quantity(share, "percent", p["family"], share, False, i, whole[1]))
                    i = whole[1]
                    continue
            found.append(Quantity(value, hit.name, u["family"], value * u["size"], ordinal, i, hit.end))
            i = hit.end
            continue
        i = nxt
    for h in hits.get("unit", []):
        # "day six": a time unit followed by a figure
        if units[h.name]["family"] == "time" and h.end < len(words):
            figure = _figure(words, h.end, rules)
            if figure and not any(q.start <= h.start < q.end for q in found):
                value, nxt, ordinal = figure
                u = units[h.name]
                found.append(Quantity(value, h.name, u["family"], value * u["size"], ordinal, h.start, nxt))
    return found


# A school year is 190 days of two sessions: "misses 19 days a year" is 10% absence.
SCHOOL_YEAR_SESSIONS = 380


def yearly_shares(found: list[Quantity], words: list[str]) -> list[Quantity]:
    """Days or sessions counted over a school year, also as a share of it, so that "15 days or more in the
    school year is persistent absence" meets the Code's 10%."""
    if "year" not in words:
        return []
    shares = []
    for q in found:
        if q.family == "time" and q.unit in ("days", "sessions") and not q.ordinal:
            share = round(q.canonical / SCHOOL_YEAR_SESSIONS * 100, 6)
            shares.append(Quantity(share, "percent", "share", share, False, q.start, q.end))
    return shares


def _distance(h: Hit, q: Quantity) -> int:
    """Words between a phrase and a figure (0 when they touch), as ``distance`` in checker-engine.js."""
    return min(abs(h.start - q.end), abs(q.start - h.end))


def _share_side(q: Quantity, hits: dict[str, list[Hit]]) -> str:
    """Whether a percentage is of attendance or of absence: the nearer word decides (absence on a tie).

    A share word inside a subject's own name ("persistent absence") does not count; with no word left, a
    figure over 50 is read as attendance ("Persistent absence; 90% or below").
    """
    terms = hits.get("term", [])
    shares = [
        h
        for h in hits.get("share", [])
        if not any(t.start <= h.start < t.end for t in terms) and _distance(h, q) <= _SHARE_REACH
    ]
    if not shares:
        return "attendance" if q.value > 50 else "absence"
    best, side = 10_000, "absence"
    for h in shares:
        distance = _distance(h, q)
        if distance < best or distance == best and h.name == "absence":
            best, side = distance, h.name
    return side


def _canonical(q: Quantity, hits: dict[str, list[Hit]]) -> float:
    if q.family == "share" and _share_side(q, hits) == "attendance":
        return round(100 - q.canonical, 6)
    return round(q.canonical, 6)


_BEFORE = ("no", "never", "neither", "nor", "under")
_NOT_NEGATING = ("prefer", "rather", "or")
# A share word further than this from a percentage belongs to another figure ("90% or below; persistently
# absent (missing 10% or more)": "missing" is the 10%'s).
_SHARE_REACH = 3
_DENIED = ("no", "never", "not", "nor", "nobody")


def _negated(force: Hit, negations: list[Hit], words: list[str]) -> str:
    if force.name == "need-not":
        return "need-not"
    if any(force.start <= n.start < force.end + 3 for n in negations):
        return _NEGATE.get(force.name, force.name)
    # "No member of staff will", "under no circumstances shall", "never ... will": these words negate a
    # modal up to four words after them; "cannot be settled, we may" does not negate "may"
    if any(force.start - 4 <= n.start < force.start and words[n.start] in _BEFORE for n in negations):
        return _NEGATE.get(force.name, force.name)
    return force.name


def forces(
    term: Hit,
    hits: dict[str, list[Hit]],
    words: list[str],
    clauses: tuple[int, ...] = (),
    terms: list[Hit] | None = None,
) -> tuple[str, list[str]]:
    """The force governing the subject's term (the nearest modal before it, else the first after it), and
    every force stated in the clauses naming the subject (``terms``; or in the whole statement, when those
    clauses state none): a rule's ``force`` condition holds if any of them is listed.
    """
    found = _in_clause(hits.get("force", []), terms or [term], clauses)
    # "you'd prefer not to face a fine", "whether or not": the "not" negates another verb, not the modal
    negations = [n for n in hits.get("negation", []) if not (n.start and words[n.start - 1] in _NOT_NEGATING)]
    if any(term.start - 3 <= n.start < term.start and words[n.start] in _DENIED for n in negations):
        # "We never send a student home": the term itself is denied; a modal after it belongs to another
        # clause ("did not request leave in advance, the school may still authorise") and still counts
        later = [_negated(f, negations, words) for f in found if f.start >= term.end]
        return "will-not", list(dict.fromkeys(["will-not", *later]))
    if not found:
        negated = any(term.start - 3 <= n.start < term.start for n in negations)
        return ("will-not", ["will-not"]) if negated else ("none", ["none"])
    before = [f for f in found if f.start < term.start]
    chosen = before[-1] if before else next(f for f in found if f.start >= term.start)
    return _negated(chosen, negations, words), list(
        dict.fromkeys(_negated(f, negations, words) for f in found)
    )


def _scope(words: list[str]) -> list[str]:
    return [name for name, cues in _SCOPE.items() if any(w in cues for w in words)]


def _holds(
    when: dict[str, Any], stated: list[str], qualifiers: set[str], values: str | None, figures: set[float]
) -> bool:
    """Whether a rule's condition holds; figures below every Code figure also count as differing."""
    if when["force"] and not set(stated) & set(when["force"]):
        return False
    if when["figures"] and not figures & set(when["figures"]):
        return False
    if not figures.issuperset(when["all_figures"]) or figures & set(when["no_figures"]):
        return False
    if when["any"] and not qualifiers & set(when["any"]):
        return False
    if qualifiers & set(when["none"]):
        return False
    if when["values"] == "differ":
        return values in ("differ", "under")
    return not when["values"] or when["values"] == values


def assign(
    found: list[Quantity], hits: dict[str, list[Hit]], rules: dict[str, Any], clauses: tuple[int, ...] = ()
) -> dict[str, list[Quantity]]:
    """Each figure goes to the nearest term of a subject that compares its family, so that in "10% for
    persistent and half for severe absence" the 10% is persistent absence's alone; a term in the figure's
    own clause is nearer than any other ("persistently absent below 90%, and severely absent ...")."""
    comparing = {s["id"]: set(s["compare"]) for s in rules["subjects"]}
    terms = [h for h in hits.get("term", []) if comparing.get(h.name)]
    assigned: dict[str, list[Quantity]] = {}

    def far(h: Hit, q: Quantity) -> tuple[bool, int]:
        return _clause(h.start, clauses) != _clause(q.start, clauses), _distance(h, q)

    for q in found:
        candidates = [h for h in terms if q.family in comparing[h.name]]
        if not candidates:
            continue
        nearest = min(candidates, key=lambda h: (far(h, q), h.start))
        distance = far(nearest, q)
        for h in candidates:
            if far(h, q) == distance:
                bucket = assigned.setdefault(h.name, [])
                if q not in bucket:
                    bucket.append(q)
    return assigned


def _bands(compared: list[Quantity], words: list[str]) -> list[tuple[Quantity, Quantity]]:
    """Two percentages written as one band: "90% to 94.9%", "between 90% and 95%", "90%-94.9%"."""
    shares = sorted((q for q in compared if q.family == "share"), key=lambda q: q.start)
    bands: list[tuple[Quantity, Quantity]] = []
    for a, b in zip(shares, shares[1:], strict=False):
        if words[a.end : b.start] in ([], ["to"], ["and"]) and not (bands and bands[-1][1] is a):
            bands.append((a, b))
    return bands


def _compare(
    subject: dict[str, Any], found: list[Quantity], hits: dict[str, list[Hit]], words: list[str]
) -> tuple[str | None, list[Quantity], set[float]]:
    compared = [q for q in found if q.family in subject["compare"] and (subject["ordinals"] or not q.ordinal)]
    if not compared:
        return None, [], set()
    figures = {_canonical(q, hits) for q in compared}
    thresholds = [v["value"] for v in subject["code_values"] if v["family"] == "share"]
    bands = _bands(compared, words) if thresholds else []
    if bands:
        # A band named by the subject must lie wholly on the Code's side of its threshold: "90% to 94.9%"
        # attendance (5.1% to 10% absence) called persistent absence takes in pupils who are not.
        low = min(thresholds)
        straddling = [
            q for a, b in bands if min(_canonical(a, hits), _canonical(b, hits)) < low for q in (a, b)
        ]
        if straddling:
            return "band", straddling, figures
        banded = [q for pair in bands for q in pair]
        compared = [q for q in compared if q not in banded]
        if not compared:
            return "match", banded, figures
    allowed = {(v["family"], v["value"]) for v in subject["code_values"]}
    differing = [q for q in compared if (q.family, _canonical(q, hits)) not in allowed]
    lowest = {v["family"]: v["value"] for v in sorted(subject["code_values"], key=lambda v: -v["value"])}
    if all(q.family in lowest and _canonical(q, hits) < lowest[q.family] for q in compared):
        return "under", compared, figures
    return ("differ" if differing else "match"), differing or compared, figures


def _span(tokens_: list[Token], start: int, end: int) -> dict[str, int]:
    return {"start": tokens_[start].start, "end": tokens_[end - 1].end}


def _quote(text: str, tokens_: list[Token], start: int, end: int) -> str:
    return text[tokens_[start].start : tokens_[end - 1].end]


_PRONOUNS = ("it", "this", "these", "they", "such", "that")
# A question in an FAQ, written without its question mark ("Q: Someone suggested we home educate.")
_QUESTION = re.compile(r"\s*(?:q|question)\s*\d*\s*[:.)]\s", re.IGNORECASE)
# What may come before a statement's first word: its paragraph number ("10.2 It may ...") or list
# marker ("(b) They ...", "iv. This ...").
_MARKER = re.compile(r"^(?:\d+(?:\.\d+)*[a-z]?|[a-z]|[ivx]{1,4})$")


def points_back(reading: Reading) -> bool:
    """Whether a statement is about what the one before it was about: it opens (after any paragraph
    number) with a pronoun, or it names no subject and holds a phrase pointing back."""
    words = reading.words
    first = next((w for w in words[:3] if not _MARKER.match(w)), "")
    return first in _PRONOUNS or bool(reading.hits.get("refers")) and not reading.hits.get("term")


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


_CLAUSE_WORDS = ("and",)


def clause_starts(text: str, toks: list[Token], words: list[str]) -> tuple[int, ...]:
    """Where a new clause begins: after a semicolon, or at "and" after a comma ("Notices will not be
    issued for illness, and the council will return such requests"). Not at "but": what follows it is
    often the very exception a rule is about ("most holidays won't be authorised, but ... he can")."""
    return tuple(
        k
        for k in range(1, len(toks))
        if ";" in (between := text[toks[k - 1].end : toks[k].start])
        or ("," in between and words[k] in _CLAUSE_WORDS)
    )


def _clause(at: int, clauses: tuple[int, ...]) -> int:
    return sum(1 for c in clauses if c <= at)


def _in_clause(found: list[Hit], terms: list[Hit], clauses: tuple[int, ...]) -> list[Hit]:
    """The forces in the clauses that name the subject; all of them when those clauses state none ("If a
    child is ill for more than five days, and no note is given, the absence will be unauthorised")."""
    named = {_clause(t.start, clauses) for t in terms}
    mine = [f for f in found if _clause(f.start, clauses) in named]
    return mine or found


def _cues(subject: dict[str, Any]) -> set[str]:
    """The qualifiers a subject's rules look for: a statement carrying the subject over from the one before
    must hold one ("Otherwise, please call the office" says nothing more about medical evidence)."""
    return set(subject["with"]).union(*(r["when"]["any"] for r in subject["rules"]))


def judge_statement(
    text: str, index_no: int, rules: dict[str, Any], reading: Reading, carried: list[str] | None = None
) -> list[dict[str, Any]]:
    """The findings (conflicts and agreements) of one statement. A question claims nothing.

    ``carried`` are the subjects the previous statement named: a statement that opens with a pronoun
    ("It may also be used ...") or holds a phrase pointing back ("Without one, these days will be ...")
    is about them too.
    """
    if text.rstrip().endswith("?") or _QUESTION.match(text):
        return []
    toks, words = reading.tokens, reading.words
    hits = dict(reading.hits)  # the carried terms added below belong to this judgement, not the reading
    qualifier_hits = hits.get("qualifier", [])
    present = {h.name for h in qualifier_hits}
    found_quantities = quantities(words, hits, rules)
    found_quantities += yearly_shares(found_quantities, words)
    if not hits.get("force") and not found_quantities and len(words) <= 6 and ";" not in text:
        return []  # a heading or a label ("Incidents, suspensions and going home") claims nothing
    owners = hits  # whose terms the figures go to
    # A phrase pointing back carries the subjects only into a statement that names none of its own.
    if carried and words and points_back(reading):
        # A pronoun beside a subject of its own does not take that subject's figures; a statement with no
        # subject of its own ("5.1 A request will be accepted where a pupil has 10 sessions ...") gives its
        # figures to what it carries on, and a figure the subject compares is then a cue too.
        own = bool(hits.get("term"))
        families = {q.family for q in found_quantities} if not own else set()
        named = {h.name for h in hits.get("term", [])}
        named |= {
            s["id"]
            for s in rules["subjects"]
            if not s.get("carried", True) or not (present & _cues(s) or families & set(s["compare"]))
        }
        hits["term"] = hits.get("term", []) + [Hit(name, 0, 1) for name in carried if name not in named]
        owners = reading.hits if own else hits
    assigned = assign(found_quantities, owners, rules, reading.clauses)
    findings: list[dict[str, Any]] = []
    for subject in rules["subjects"]:
        terms = [h for h in hits.get("term", []) if h.name == subject["id"]]
        if not terms:
            continue
        if subject["with"] and not present & set(subject["with"]) or present & set(subject["without"]):
            continue
        force, stated = forces(terms[0], hits, words, reading.clauses, terms)
        values, shown, figures = _compare(subject, assigned.get(subject["id"], []), hits, words)
        rule = next(
            (r for r in subject["rules"] if _holds(r["when"], stated, present, values, figures)), None
        )
        if rule is None:
            continue
        used = set(rule["when"]["any"])
        claim = {
            "subject": subject["id"],
            "force": force,
            "forces": stated,
            "values": [
                {
                    "value": q.value,
                    "unit": q.unit,
                    "text": _quote(text, toks, q.start, q.end),
                    "span": _span(toks, q.start, q.end),
                }
                for q in shown
            ],
            "qualifiers": sorted(present),
            "scope": _scope(words),
            "span": _span(toks, terms[0].start, terms[0].end),
        }
        evidence = [_quote(text, toks, terms[0].start, terms[0].end)]
        evidence += [_quote(text, toks, h.start, h.end) for h in qualifier_hits if h.name in used]
        evidence += [v["text"] for v in claim["values"]]
        conflict = rule["verdict"] == "conflict"
        says = rule["says"] or next((r["says"] for r in subject["rules"] if r["says"]), None)
        findings.append(
            {
                "id": f"{subject['id']}@{index_no}",
                "type": "conflict" if conflict else "agreement",
                "kind": rule["kind"],
                "seriousness": rule["seriousness"] if conflict else None,
                "subject": subject["id"],
                "subject_label": subject["label"],
                "statement": {"index": index_no, "text": text},
                "words": list(dict.fromkeys(evidence)),
                "says": says,
                "family": subject["family"],
                "code": subject["code"],
                "claim": claim,
            }
        )
    return findings


def _has_contents(statements: list[str], readings: list[Reading], content: dict[str, Any]) -> int | None:
    for i, reading in enumerate(readings):
        cue_hits = reading.cues
        if not all(f"{content['id']}#{g}" in cue_hits for g in range(len(content["cues"]))):
            continue
        nearby = " ".join(statements[i : i + 3])
        if "name" in content["needs"] and not has_name(nearby):
            continue
        if "contact" in content["needs"] and not _CONTACT.search(nearby):
            continue
        if "time" in content["needs"] and not _TIME.search(nearby):
            continue
        return i
    return None


# Capitalised words that make a role, not a person's name ("Senior Attendance Champion", "Deputy Head")
_ROLE_WORDS = frozenset(
    [
        "senior",
        "attendance",
        "champion",
        "deputy",
        "head",
        "headteacher",
        "teacher",
        "assistant",
        "principal",
        "officer",
        "lead",
        "leader",
        "school",
        "trust",
        "academy",
        "council",
        "team",
        "year",
        "local",
        "authority",
        "education",
        "welfare",
        "service",
        "support",
        "our",
        "the",
        "your",
        "contact",
        "designated",
        "safeguarding",
        "pastoral",
        "family",
        "office",
        "manager",
        "director",
        "chair",
        "governor",
        "governors",
        "board",
    ]
)


def has_name(text: str) -> bool:
    """Whether ``text`` names a person: a title and surname, or two capitalised words that are not a role."""
    for match in _NAME.finditer(text):
        words = match.group().replace(".", " ").split()
        if words[0] in ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr") or not any(
            w.lower() in _ROLE_WORDS for w in words
        ):
            return True
    return False


def english_share(statements: list[str], rules: dict[str, Any]) -> float:
    """The share of words that are common English words (a text in another language has few)."""
    forms = rules["forms"]
    words_of = [[forms.get(t.word, t.word) for t in tokens(s)] for s in statements]
    english = set(rules["english"])
    total = sum(len(w) for w in words_of)
    return sum(1 for ws in words_of for w in ws if w in english) / total if total else 0.0


_KINDS = (
    ("la-code-of-conduct", ("code of conduct",)),
    ("la-protocol", ("protocol", "council", "local authority", "county", "borough")),
    ("trust-procedure", ("trust",)),
)


# Words that name what a document is ("Attendance Policy", "Penalty Notice Protocol").
_DOCUMENT_WORDS = ("policy", "procedure", "protocol", "code of conduct", "framework")
_SCHOOL_WORDS = ("school", "academy", "college", "primary", "infant", "junior", "nursery")


def detect_kind(statements: list[str]) -> str:
    """What sort of document this is, from its title and first lines."""
    # "Dear ..." after addresses and a date is a letter; after a title naming a policy it is the policy's
    # foreword ("Attendance Policy 2025-26 / A word from Mrs Penhallow / Dear families, ...").
    dear = next((i for i, s in enumerate(statements[:8]) if s.lower().startswith("dear ")), None)
    titled = dear is not None and any(
        any(word in s.lower() for word in _DOCUMENT_WORDS) for s in statements[: min(dear, 4)]
    )
    if dear is not None and not titled:
        return "school-letter"
    # The line that names the document decides first: "St Mary's High School / Attendance Policy / part of
    # the St Luke's Trust / Approved by: Local Academy Council" is a school's policy, whoever approved it.
    for line in (s.lower() for s in statements[:4]):
        if any(word in line for word in _DOCUMENT_WORDS):
            owner = next((kind for kind, cues in _KINDS if any(c in line for c in cues)), None)
            if owner or "policy" in line:
                return owner or "school-policy"
    # Else a title that names a school and no council or trust ("Oakfield Primary School") is the school's.
    title = statements[0].lower() if statements else ""
    if any(w in title for w in _SCHOOL_WORDS) and not any(c in title for _, cues in _KINDS for c in cues):
        return "school-policy"
    head = " ".join(statements[:3]).lower()
    return next((kind for kind, cues in _KINDS if any(c in head for c in cues)), "school-policy")


KINDS = ("school-policy", "trust-procedure", "la-protocol", "la-code-of-conduct", "school-letter")


def check_document(statements: list[str], rules: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    """The checker's report on one document (without its file name), as both checkers print it.

    What a policy must contain is checked only for a school's attendance policy: the Code's list is for
    schools, not for councils' protocols or letters.
    """
    index = build_index(rules)
    readings = [read_statement(s, rules, index) for s in statements]
    kind_found = kind or detect_kind(statements)
    findings: list[dict[str, Any]] = []
    previous: list[dict[str, Any]] = []
    about: list[str] = []  # what the statement before was about: its own subjects, or those it carried on
    for i, (statement, reading) in enumerate(zip(statements, readings, strict=True)):
        # A subject the statement before already flagged is the same clash told on: not a second card.
        flagged = {f["subject"] for f in previous if f["type"] == "conflict"}
        carried = [s for s in about if s not in flagged]
        previous = judge_statement(statement, i, rules, reading, carried)
        findings += previous
        # "It will be agreed in writing ... It may also be used ...": a chain of pronouns stays on the
        # subject the chain started with.
        about = reading.subjects or (carried if points_back(reading) else [])
    missing: list[dict[str, Any]] = []
    present: list[dict[str, Any]] = []
    if kind_found == "school-policy":
        for content in rules["contents"]:
            where = _has_contents(statements, readings, content)
            entry = {"id": content["id"], "label": content["label"], "code": content["code"]}
            if where is None:
                missing.append(entry)
            else:
                present.append({**entry, "statement": where})
    conflicts = [f for f in findings if f["type"] == "conflict"]
    return {
        "kind": kind_found,
        "kind_given": kind is not None,
        "statements": len(statements),
        "summary": {
            "conflicts": len(conflicts),
            "serious": sum(1 for f in conflicts if f["seriousness"] == "serious"),
            "agreements": len(findings) - len(conflicts),
            "missing": len(missing),
        },
        "findings": findings,
        "missing": missing,
        "present": present,
    }
