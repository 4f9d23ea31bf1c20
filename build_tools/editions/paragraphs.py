"""Split the text of a source document's new edition into its numbered paragraphs, with headings.

Text extracted from a PDF is noisy: page numbers, running headers and numbered lists inside a
paragraph all look like paragraph numbers. A number is taken as a new paragraph only when it comes
after the previous one (gaps allowed, for paragraphs inside tables or boxes), so a list item "1." in
paragraph 57 stays part of 57.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,4})(?P<suffix>[A-Z]?)[.)]?\s+(?P<text>\S.*)$")
_FURNITURE = re.compile(r"^(page\s+)?\d+(\s+of\s+\d+)?$", re.I)  # page numbers on their own line
_MAX_GAP = 40  # a jump larger than this is a page number or a figure at the start of a line
_SENTENCE_END = (".", ":", ";", "?", "!", ")", "”", '"')


@dataclass(frozen=True)
class Paragraph:
    number: str
    text: str
    heading: str | None = None

    @property
    def value(self) -> int:
        return int(re.match(r"\d+", self.number).group())  # type: ignore[union-attr]


def _is_heading(line: str, previous_text: str) -> bool:
    return (
        0 < len(line) <= 90
        and line[0].isupper()
        and not line.endswith(_SENTENCE_END)
        and (not previous_text or previous_text.rstrip().endswith(_SENTENCE_END))
    )


def split_paragraphs(text: str) -> list[Paragraph]:
    """Numbered paragraphs in order; unnumbered text before the first is ignored (title pages)."""
    found: list[dict[str, str]] = []
    heading: str | None = None
    pending_heading: str | None = None
    last = 0
    for raw in text.replace("\r", "").split("\n"):
        line = " ".join(raw.split())
        if not line or _FURNITURE.match(line):
            continue
        match = _NUMBERED.match(line)
        if match:
            n = int(match.group("n"))
            if (
                (not found and n <= _MAX_GAP * 5)
                or last < n <= last + _MAX_GAP
                or (n == last and match.group("suffix"))
            ):
                if pending_heading:
                    heading, pending_heading = pending_heading, None
                found.append(
                    {
                        "number": f"{n}{match.group('suffix')}",
                        "text": match.group("text"),
                        "heading": heading or "",
                    }
                )
                last = n
                continue
        if not found:
            pending_heading = line if _is_heading(line, "") else pending_heading
            continue
        if _is_heading(line, found[-1]["text"]):
            # two heading lines in a row are one heading that wrapped
            pending_heading = f"{pending_heading} {line}" if pending_heading else line
            continue
        if pending_heading:  # it was a wrapped line after all
            found[-1]["text"] += f" {pending_heading}"
            pending_heading = None
        found[-1]["text"] += f" {line}"
    return [Paragraph(p["number"], p["text"], p["heading"] or None) for p in found]
