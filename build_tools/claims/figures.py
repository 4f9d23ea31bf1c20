"""The figures of a statement: read (numbers in words, units, shares of attendance or absence), converted
to one base unit per family, given to the subject whose term they belong to, and compared with the Code's.
``checker-engine.js`` does the same."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from build_tools.claims.reading import Hit, clause_of

# A share word further than this from a percentage belongs to another figure ("90% or below; persistently
# absent (missing 10% or more)": "missing" is the 10%'s).
_SHARE_REACH = 3


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    family: str
    canonical: float
    ordinal: bool
    start: int
    end: int


# Time units whose "one ... in ten" is a share of sessions rather than a count.
_SHARE_UNITS = ("sessions", "days")


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


# The letters of the numbered attendance codes (C1, C2, J1, Y1 ...), which the tokeniser splits: the digit
# after one is part of a code, not a figure ("C2 sessions are authorised" holds no count of two sessions).
_CODE_LETTERS = frozenset({"c", "j", "y"})


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
        if not figure or i and words[i - 1] in _CODE_LETTERS and words[i].isdigit():
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
            # "one session in ten", "one day in every ten": a share, not a count
            if hit.name in _SHARE_UNITS and hit.end + 1 < len(words) and words[hit.end] == "in":
                at = hit.end + 2 if words[hit.end + 1] == "every" else hit.end + 1
                whole = _figure(words, at, rules) if at < len(words) else None
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
        return clause_of(h.start, clauses) != clause_of(q.start, clauses), _distance(h, q)

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


def compare_values(
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
