"""What a school attendance policy must contain, read from its statements: each content's cue words,
and the name, contact details or clock time it needs nearby. ``checker-engine.js`` does the same
(``hasContents``)."""

from __future__ import annotations

import re
from typing import Any

from build_tools.claims.reading import Reading

# The words that deny what follows them ("does not operate attendance rewards", "We never send ...")
DENIED = ("no", "never", "not", "nor", "nobody")
# Names with Latin-1 letters too (José Núñez, Zoë Brontë)
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LOW = "a-z\u00df-\u00f6\u00f8-\u00ff"
_ANY = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff'-"
_NAME = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? (?:[{_UP}]\. )?[{_UP}][{_ANY}]+"
    rf"|\b[{_UP}][{_LOW}]+ [{_UP}][{_ANY}]{{2,}}\b"
)
# A clock time: 8.45am, 9 am, 3:15 p.m., 08:40, 15.20
_TIME = re.compile(
    r"\b(?:[01]?[0-9]|2[0-3])(?:[:.][0-5][0-9])?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9]\b",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|\b0[0-9]{2,4}[ -]?[0-9]{3,4}[ -]?[0-9]{3,4}\b"
)


def has_contents(
    statements: list[str], readings: list[Reading], headings: list[bool], content: dict[str, Any]
) -> int | None:
    """The statement that shows a content, or None. Its first cue group must be met in that statement, and
    not denied there ("The Academy does not operate attendance rewards"); the other groups in it, in the
    heading (or FAQ question) it is under, or, where the content allows `after` statements, in those that
    follow up to the next heading ("How we use attendance data" and the sentences under it)."""
    cid, groups = content["id"], range(1, len(content["cues"]))
    above = None  # the heading the statement is under: "My child's poorly - what do I do?" over "Please ring"
    for i, reading in enumerate(readings):
        if headings[i] or _QUESTION_TOPIC.match(statements[i]):
            above = i
        if not _affirmed(reading, f"{cid}#0") or _ruled_out(reading, content):
            continue
        window = [
            j
            for j in _window(statements, readings, headings, i, cid, content["after"])
            if not _ruled_out(readings[j], content)
        ]
        if above is not None and above != i:
            window.append(above)
        first = _cue_places(readings, [i], f"{cid}#0")
        if not all(_apart(first, _cue_places(readings, window, f"{cid}#{g}")) for g in groups):
            continue
        if _needs_met(statements, i, content["needs"]):
            return i
    return None


def _ruled_out(reading: Reading, content: dict[str, Any]) -> bool:
    """Whether the statement holds a qualifier that stops it showing the content (a cross-reference)."""
    unless = content.get("unless", [])
    return any(h.name in unless for h in reading.hits.get("qualifier", []))


def _apart(first: set[tuple[int, int]], other: set[tuple[int, int]]) -> bool:
    """Whether a later group's cue is met by another word than the first group's: one word is not both
    ("Rewards" as a heading names an incentive, not what it rewards)."""
    return bool(other) and len(first | other) > 1


def _cue_places(readings: list[Reading], window: list[int], cue: str) -> set[tuple[int, int]]:
    return {(j, h.start) for j in window for h in readings[j].hits.get("cue", []) if h.name == cue}


# A short question that heads what follows, as in a parents' FAQ ("My child's poorly - what do I do?")
_QUESTION_TOPIC = re.compile(r"^(?:\S+\s+){0,11}\S+\?\s*$")


def _needs_met(statements: list[str], i: int, needs: list[str]) -> bool:
    """Whether what a content needs is near statement ``i``: in it and the two after it; where it needs a
    person, their name in it, and their contact details before another person is named ("Our champion is
    Mrs Ransome. Our Attendance Officer, Ms Hembrow, is the first point of contact. Telephone 01632
    960741" gives no way to reach the champion)."""
    nearby = " ".join(statements[i : i + 3])
    if "name" in needs:
        person = names_in(statements[i])
        if not person:
            return False
        parts = [statements[i]]
        for following in statements[i + 1 : i + 3]:
            others = names_in(following)
            if others and not others & person:
                break
            parts.append(following)
        nearby = " ".join(parts)
    if "contact" in needs and not _CONTACT.search(nearby):
        return False
    return "time" not in needs or bool(_TIME.search(nearby))


# A new entry of a glossary or a table ("Severe absence: attendance at or below 50%", "Session; Half a
# day"): what it says is about its own label, not about the statement before it.
_ENTRY = re.compile(r"^\W*(?:[^\s:;.]+\s+){0,3}[^\s:;.]+\s*[:;]")


_BACK = frozenset(("either", "both", "these", "those", "such", "them", "they"))


def _window(
    statements: list[str], readings: list[Reading], headings: list[bool], first: int, cid: str, after: int
) -> list[int]:
    """The statement at ``first`` and those of the ``after`` statements after the last of a run that names
    the content that point back to it ("A pupil who misses 10% is persistently absent. One who misses half
    is severely absent. For either, we will meet you"), stopping at a heading or a new entry of a glossary
    or table."""
    window, budget = [first], after
    linked = False  # whether the statement before pointed back to what the run named
    for j in range(first + 1, len(readings)):
        if budget == 0 or headings[j] or _ENTRY.match(statements[j]):
            break
        named = f"{cid}#0" in readings[j].cues
        # a sentence after the run shows the content only if it, or the one before it, is about what the
        # run named ("For either group ...", "Those labels tell part of the story. Where attendance is low,
        # we will meet the family"), not any help the policy offers
        pointing = not named and bool(_BACK & set(readings[j].words))
        if named or pointing or linked:
            window.append(j)
        linked = pointing
        budget = after if named else budget - 1
    return window


def _affirmed(reading: Reading, cue: str) -> bool:
    """Whether the statement holds the cue with no denying word in the six words before it ("does not
    operate attendance rewards or prize draws")."""
    denials = [n.start for n in reading.hits.get("negation", []) if reading.words[n.start] in DENIED]
    found = [h for h in reading.hits.get("cue", []) if h.name == cue]
    return any(not any(h.start - 6 <= n < h.start for n in denials) for h in found)


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


_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")
_MORE_NAME = re.compile(rf"(?: [{_UP}][{_ANY}]+)+")


def names_in(text: str) -> set[str]:
    """The words of the people ``text`` names (a title and surname, or two capitalised words that are not
    a role), without their titles: "Mrs Priya Ransome" gives {"Priya", "Ransome"}."""
    found: set[str] = set()
    for match in _NAME.finditer(text):
        words = match.group().replace(".", " ").split()
        if words[0] in _TITLES or not any(w.lower() in _ROLE_WORDS for w in words):
            rest = _MORE_NAME.match(text, match.end())  # "Mr Olu" goes on to "Bankole"
            found.update(w for w in words + (rest.group().split() if rest else []) if w not in _TITLES)
    return found
