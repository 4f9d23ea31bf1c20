"""The shared reader of ``guides/`` files: one walk over a file's fields, collecting every problem.

Guides, letters and the trainers' pack are read through :class:`Reader`, so a
claim, a list or a duplicate id is checked and worded the same way in all three.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from build_tools.diagnostics import Diagnostic, Severity
from build_tools.load.keys import check_keys, duplicate_ids
from build_tools.load.yaml import KeyPath, RawFile, dotted, read_yaml
from build_tools.model import Code

T = TypeVar("T")

GUIDES_DIR = "guides"
CITE_MESSAGE = "every claim must cite a Code section"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ID_FIX = "use lower-case letters, digits and '-', starting with a letter or digit"
CITE_FIX = "add 'sections: [section-id]' naming the Code section(s) the claim comes from"
LETTER_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# A step that sends the reader to a letter must link it ("Use the letter on this site ...").
MENTIONS_LETTER = re.compile(r"\b(?:use|send|write)\s+(?:the|a|our)\s+letter\b|\bletter on this site\b", re.I)


@dataclass(frozen=True)
class Item:
    """One claim in a guide, letter or scenario, with the Code sections it comes from."""

    text: str
    sections: tuple[str, ...]
    line: int = 0
    letter: str | None = None
    """The letter template that carries this step out, shown beside it as a button."""


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """``values`` without repeats, in first-seen order."""
    return tuple(dict.fromkeys(values))


class Reader:
    """Checks one raw YAML file against the Code, collecting every problem with its line."""

    def __init__(self, raw: RawFile, code: Code):
        self.raw = raw
        self.code = code
        self.found: list[Diagnostic] = []

    def error(self, path: KeyPath, message: str, fix: str, severity: Severity = Severity.ERROR) -> None:
        self.found.append(
            Diagnostic(
                self.raw.path,
                message,
                fix,
                line=self.raw.line_of(path),
                key=dotted(path) or None,
                severity=severity,
            )
        )

    def keys(
        self, path: KeyPath, value: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> bool:
        problems = check_keys(self.raw, path, value, required, optional)
        self.found += problems
        return isinstance(value, dict)

    def text(self, path: KeyPath, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            self.error(path, f"{dotted(path)} must be text", "write the text after the colon")
            return ""
        return " ".join(value.split())

    def ident(self, path: KeyPath, value: Any) -> str:
        """An id: it becomes part of a URL and a Markdown anchor, so only plain characters are allowed."""
        text = self.text(path, value)
        if text and not ID_PATTERN.match(text):
            self.error(path, f"id {text!r} is not usable", ID_FIX)
            return ""
        return text

    def texts(self, path: KeyPath, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.error(path, f"{dotted(path)} must be a list", "write '- ' entries")
            return ()
        return tuple(self.text(path + (i,), v) for i, v in enumerate(value))

    def section_ids(self, path: KeyPath, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.error(path, CITE_MESSAGE, CITE_FIX)
            return ()
        ids = []
        for i, section_id in enumerate(value):
            section = self.code.section(str(section_id))
            if section is None:
                self.error(
                    path + (i,),
                    f"unknown Code section '{section_id}'",
                    "use a section id from code_of_practice/chapters/*.yaml",
                )
            elif section.withdrawn is not None:
                moved = ", ".join(section.withdrawn.moved_to) or "its replacement"
                self.error(path + (i,), f"section '{section_id}' is withdrawn", f"cite {moved} instead")
            else:
                ids.append(section.id)
        return tuple(ids)

    def item(self, path: KeyPath, value: Any) -> Item | None:
        if not self.keys(path, value, ("text",), ("sections", "letter")):
            return None
        if "sections" not in value:
            self.error(path, CITE_MESSAGE, CITE_FIX)
        sections = (
            self.section_ids(path + ("sections",), value.get("sections")) if "sections" in value else ()
        )
        text = self.text(path + ("text",), value.get("text"))
        letter = value.get("letter")
        if letter is not None and not (isinstance(letter, str) and LETTER_ID.fullmatch(letter)):
            self.error(
                path + ("letter",), "letter must be a letter id", "write 'letter: illness-without-note'"
            )
            letter = None
        if letter is None and MENTIONS_LETTER.search(text):
            self.error(
                path,
                "this step tells the reader to use a letter but does not link it",
                "add 'letter: <id>' naming the template in guides/letters/",
            )
        return Item(text, sections, self.raw.line_of(path) or 0, letter)

    def items(self, path: KeyPath, value: Any, required: bool = True) -> tuple[Item, ...]:
        if value is None and not required:
            return ()
        if not isinstance(value, list) or not value:
            self.error(
                path,
                f"{dotted(path)} must be a non-empty list of {{text, sections}} items",
                "write '- text: ...' entries with 'sections: [...]'",
            )
            return ()
        return tuple(i for n, v in enumerate(value) if (i := self.item(path + (n,), v)) is not None)

    def entries(self, path: KeyPath, value: Any) -> list[tuple[KeyPath, dict[str, Any]]]:
        """The mappings of a list, with their key paths; duplicate ids are reported."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, f"{dotted(path)} must be a list", "write '- id: ...' entries")
            return []
        result = [(path + (n,), entry) for n, entry in enumerate(value)]
        self.found += duplicate_ids(self.raw, result)
        return result


def read_each(
    files: Iterable[Path], root: Path, code: Code, parse: Callable[[Reader, str], T | None]
) -> tuple[list[T], list[Diagnostic]]:
    """Parse every file with ``parse`` (guides, letters): what parsed, and every problem found."""
    parsed: list[T] = []
    found: list[Diagnostic] = []
    for file in files:
        raw, problems = read_yaml(file, root)
        found += problems
        if raw is None:
            continue
        reader = Reader(raw, code)
        item = parse(reader, file.stem)
        found += reader.found
        if item is not None:
            parsed.append(item)
    return parsed, found
