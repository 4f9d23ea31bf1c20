"""Letter templates for parents, read from ``guides/letters/*.yaml``.

A letter's text may contain ``{field}`` placeholders, each one of the letter's
declared fields; the page fills them in the reader's browser only. Every
paragraph that states what the rules are cites the Code sections behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.diagnostics import Diagnostic
from build_tools.guides.reader import GUIDES_DIR, Item, Reader, read_each
from build_tools.load.yaml import KeyPath
from build_tools.model import Code

LETTERS_DIR = Path(GUIDES_DIR) / "letters"
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
FIELD_KINDS = ("text", "date", "textarea")


@dataclass(frozen=True)
class Field:
    """One input the reader fills in; ``kind`` is text, date or textarea."""

    id: str
    label: str
    kind: str = "text"
    hint: str = ""


@dataclass(frozen=True)
class Letter:
    """A letter template: plain framing text around claims that cite the Code."""

    id: str
    title: str
    purpose: str
    recipient: str
    fields: tuple[Field, ...]
    header: tuple[str, ...]
    subject: str
    opening: str
    paragraphs: tuple[Item, ...]
    requests: tuple[Item, ...]
    closing: tuple[str, ...]
    order: int = 100
    path: str = ""

    @property
    def cited(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for item in self.paragraphs + self.requests for s in item.sections))


def _fields(r: Reader, value: Any) -> tuple[Field, ...]:
    result = []
    for path, entry in r.entries(("fields",), value):
        if not r.keys(path, entry, ("id", "label"), ("kind", "hint")):
            continue
        field_id = r.text(path + ("id",), entry.get("id"))
        if field_id and not re.fullmatch(r"[a-z][a-z0-9_]*", field_id):
            r.error(
                path + ("id",), f"field id '{field_id}' is not usable", "use lower-case letters, digits and _"
            )
        kind = str(entry.get("kind") or "text")
        if kind not in FIELD_KINDS:
            r.error(path + ("kind",), f"unknown field kind '{kind}'", f"use one of: {', '.join(FIELD_KINDS)}")
        hint = r.text(path + ("hint",), entry["hint"]) if "hint" in entry else ""
        result.append(Field(field_id, r.text(path + ("label",), entry.get("label")), kind, hint))
    if not result:
        r.error(("fields",), "a letter needs at least one field", "add '- id: child_name' entries")
    return tuple(result)


def _check_placeholders(r: Reader, path: KeyPath, text: str, fields: set[str]) -> None:
    for name in PLACEHOLDER.findall(text):
        if name not in fields:
            r.error(
                path,
                f"placeholder {{{name}}} is not one of the letter's fields",
                f"add a field '{name}' or correct the spelling; fields: {', '.join(sorted(fields))}",
            )


def _letter(r: Reader, stem: str) -> Letter | None:
    data = r.raw.data
    required = (
        "id",
        "title",
        "purpose",
        "to",
        "fields",
        "header",
        "subject",
        "opening",
        "paragraphs",
        "requests",
        "closing",
    )
    if not r.keys((), data, required, ("order",)):
        return None
    letter_id = r.text(("id",), data.get("id"))
    if letter_id and letter_id != stem:
        r.error(
            ("id",),
            f"letter id '{letter_id}' does not match the file name '{stem}.yaml'",
            f"rename the file or write 'id: {stem}'",
        )
    fields = _fields(r, data.get("fields"))
    letter = Letter(
        id=letter_id,
        title=r.text(("title",), data.get("title")),
        purpose=r.text(("purpose",), data.get("purpose")),
        recipient=r.text(("to",), data.get("to")),
        fields=fields,
        header=r.texts(("header",), data.get("header")),
        subject=r.text(("subject",), data.get("subject")),
        opening=r.text(("opening",), data.get("opening")),
        paragraphs=r.items(("paragraphs",), data.get("paragraphs")),
        requests=r.items(("requests",), data.get("requests")),
        closing=r.texts(("closing",), data.get("closing")),
        order=int(data["order"]) if str(data.get("order") or "").isdigit() else 100,
        path=r.raw.path,
    )
    names = {f.id for f in fields}
    for key in ("subject", "opening"):
        _check_placeholders(r, (key,), getattr(letter, key), names)
    for key in ("header", "closing"):
        for n, line in enumerate(getattr(letter, key)):
            _check_placeholders(r, (key, n), line, names)
    for key in ("paragraphs", "requests"):
        for n, item in enumerate(getattr(letter, key)):
            _check_placeholders(r, (key, n, "text"), item.text, names)
    return letter


def read_letters(root: Path, code: Code) -> tuple[tuple[Letter, ...], list[Diagnostic]]:
    """Every letter template that parsed, in order, with every problem found."""
    letters, found = read_each(sorted((root / LETTERS_DIR).glob("*.yaml")), root, code, _letter)
    return tuple(sorted(letters, key=lambda x: (x.order, x.id))), found
