"""Text into statements and tokens, the same way in Python and in the site's checker (checker-engine.js).

Every step here has a line-for-line twin in JavaScript, so the rules are kept to what both languages do
identically: ASCII character classes, NFKC, no locale-dependent case rules beyond ASCII lowercasing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 2_000_000
MAX_STATEMENTS = 20_000
MAX_STATEMENT_CHARS = 2_000

_REPLACE = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\t": " ",
    "\r": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u00ad": "",
    "\u2060": "",
}
_BULLET = re.compile(
    r"^(?:[-*+\u2022\u00b7\u25aa\u25cf>]+|\(?[0-9]{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])\s+"
)
_HEADING = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"\*\*|__|`")
_SPACES = re.compile(r" {2,}")
_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "etc.",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "st.",
    "no.",
    "approx.",
    "para.",
    "cf.",
)
_DOTS = re.compile(r"[.!?]{4,}")
# A gap in a lexicon phrase ("only ... unauthorised"): compiled to GAP, it matches up to MAX_GAP words.
# No token is ever "*", so a compiled phrase cannot mistake a word for the gap (checker-engine.js: the same).
GAP = "*"
GAP_TEXT = "..."
MAX_GAP = 4
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]* +")
_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+|(?:https?://|www\.)[^ ]+")
# won't = will not, can't = can not, shan't = shall not
_CONTRACTED = {"wo": "will", "ca": "can", "sha": "shall"}
_TOKEN = re.compile(r"£|%|[0-9]+(?:st|nd|rd|th)(?![a-z])|[0-9]+(?:[.,][0-9]+)*|[a-z]+(?:'[a-z]+)?")
# Only A-Z are lowered, so that offsets into the text stay right ("İ".lower() is two characters).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def normalise(text: str) -> str:
    """NFKC, straight quotes and hyphens, no invisible characters, Unix line ends."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(_REPLACE.get(ch, ch) for ch in text)


def _units(text: str) -> list[str]:
    """Paragraphs, bullets, headings and table cells, with wrapped lines joined."""
    units: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            units.append(" ".join(current))
            current.clear()

    for line in text.split("\n"):
        line = line.strip()
        if not line or re.fullmatch(r"[|:\- ]+", line):
            close()
            continue
        if line.startswith("|"):
            # a table row is one statement: its cells belong together ("Second notice | £80")
            close()
            cells = [cell.strip() for cell in line.strip("|").split("|") if cell.strip()]
            if cells:
                units.append("; ".join(cells))
            continue
        is_heading = bool(_HEADING.match(line))
        starts_new = bool(_BULLET.match(line)) or is_heading
        if starts_new:
            close()
            line = _HEADING.sub("", _BULLET.sub("", line))
        current.append(line)
        if line.endswith(":") or is_heading:
            close()
    close()
    return units


# A title and an initial ("Mr D. Hollins"): the initial's full stop does not end the sentence
_INITIAL = re.compile(r"(?:^|[^a-z])(?:mr|mrs|ms|miss|mx|dr)\.? [a-z]\.$")


def _abbreviated(before: str) -> bool:
    """Whether the text before a full stop ends in an abbreviation: a whole word ("St." but not
    "first.", "Dr." but not "in order."), or a title's initial."""
    return bool(_INITIAL.search(before)) or any(
        before.endswith(a) and (len(before) == len(a) or not before[-len(a) - 1].isalpha())
        for a in _ABBREVIATIONS
    )


def _sentences(unit: str) -> list[str]:
    # a long run of dots ("........") would make the sentence-end search quadratic
    unit = _SPACES.sub(" ", _EMPHASIS.sub("", _DOTS.sub("...", unit))).strip()
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(unit):
        end = match.end()
        before = unit[start : match.start() + 1].lower()
        following = unit[end : end + 1]
        if _abbreviated(before) or not re.match(r"[A-Z0-9\"'(£]", following):
            continue
        found.append(unit[start:end].strip())
        start = end
    found.append(unit[start:].strip())
    return [s for s in found if re.search(r"[A-Za-z]", s)]


def statements(text: str) -> list[str]:
    """The document's statements (sentences, bullets, cells), in order, each at most 2,000 characters."""
    found: list[str] = []
    for unit in _units(normalise(text)):
        for sentence in _sentences(unit):
            found.extend(
                sentence[i : i + MAX_STATEMENT_CHARS] for i in range(0, len(sentence), MAX_STATEMENT_CHARS)
            )
    return found


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Lower-case word, figure and symbol tokens with their character spans in ``text``.

    Possessives are dropped (doctor's = doctor), n't becomes 'not', 'll 'will' and 'd 'would', so that
    "won't" and "will not" read alike, and "we'd never" is a negated modal.
    """
    found: list[Token] = []
    # An email or web address names no subject ("attendance.penalties@..." is not about penalties).
    masked = _ADDRESS.sub(lambda m: " " * len(m.group()), text.translate(_ASCII_LOWER))
    for match in _TOKEN.finditer(masked):
        word, start, end = match.group(), match.start(), match.end()
        if "'" in word:
            head, tail = word.split("'", 1)
            if tail == "t" and head.endswith("n"):
                base = head[:-1] or head
                found.append(Token(_CONTRACTED.get(base, base), start, end))
                found.append(Token("not", start, end))
                continue
            if tail in ("ll", "d"):  # we'll = we will; we'd = we would (in a policy, rarely "we had")
                found.append(Token(head, start, end))
                found.append(Token("will" if tail == "ll" else "would", start, end))
                continue
            word = head if tail in ("s", "re", "ve", "m") else head + tail
        elif word[0].isdigit():
            word = word.replace(",", "")
        found.append(Token(word, start, end))
    return found
