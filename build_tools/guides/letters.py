"""Letter templates for parents, read from ``guides/letters/*.yaml``.

A letter's text may contain ``{field}`` placeholders, each one of the letter's
declared fields; the page fills them in the reader's browser only. Every
paragraph that states what the rules are cites the Code sections behind it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
class Option:
    """A box the parent ticks; paragraphs with ``when`` set to its id appear only when it is ticked."""

    id: str
    label: str


@dataclass(frozen=True)
class Block:
    """A paragraph or request of a letter: text, the Code sections behind it, the official
    provisions its body cites (each one cited by one of those sections), and the option it needs."""

    text: str
    sections: tuple[str, ...]
    cites: tuple[str, ...] = ()
    when: str | None = None
    line: int = 0


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
    paragraphs: tuple[Block, ...]
    requests: tuple[Block, ...]
    closing: tuple[str, ...]
    options: tuple[Option, ...] = ()
    next_steps: tuple[Item, ...] = ()
    no_reply: tuple[Item, ...] = ()
    order: int = 100
    path: str = ""

    @property
    def cited(self) -> tuple[str, ...]:
        """The Code sections the letter relies on, in first-cited order."""
        return tuple(dict.fromkeys(s for item in self.paragraphs + self.requests for s in item.sections))

    @property
    def provisions(self) -> tuple[str, ...]:
        """The official provisions the letter's body cites, in first-cited order."""
        return tuple(dict.fromkeys(p for item in self.paragraphs + self.requests for p in item.cites))


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


def _options(r: Reader, value: Any) -> tuple[Option, ...]:
    result = []
    for path, entry in r.entries(("options",), value):
        if not r.keys(path, entry, ("id", "label")):
            continue
        option_id = r.text(path + ("id",), entry.get("id"))
        if option_id and not re.fullmatch(r"[a-z][a-z0-9_]*", option_id):
            r.error(
                path + ("id",),
                f"option id '{option_id}' is not usable",
                "use lower-case letters, digits and _",
            )
        result.append(Option(option_id, r.text(path + ("label",), entry.get("label"))))
    return tuple(result)


def _block(r: Reader, path: KeyPath, value: Any, options: set[str]) -> Block | None:
    """A paragraph or request; ``cites`` must be provisions that its own sections rest on, so the
    letter's official citations can never drift from the Code."""
    if not r.keys(path, value, ("text", "sections"), ("cites", "when")):
        return None
    sections = r.section_ids(path + ("sections",), value.get("sections"))
    behind = {p for s in sections if (section := r.code.section(s)) for p in section.cited}
    cites = []
    raw_cites = value.get("cites") or []
    if not isinstance(raw_cites, list):
        r.error(path + ("cites",), "cites must be a list of provision ids", "write 'cites: [wt-2024/p365]'")
        raw_cites = []
    for n, provision_id in enumerate(raw_cites):
        provision_id = str(provision_id)
        if provision_id not in behind:
            r.error(
                path + ("cites", n),
                f"'{provision_id}' is not a provision that the sections {', '.join(sections)} rest on",
                "cite a provision those Code sections cite, or add the section that cites it",
            )
        else:
            cites.append(provision_id)
    when = value.get("when")
    if when is not None and (not isinstance(when, str) or when not in options):
        r.error(
            path + ("when",),
            f"'when: {when}' is not one of the letter's options",
            f"use one of: {', '.join(sorted(options)) or '(add options first)'}",
        )
        when = None
    text = r.text(path + ("text",), value.get("text"))
    return Block(text, sections, tuple(cites), when, r.raw.line_of(path) or 0)


def _blocks(r: Reader, key: str, value: Any, options: set[str]) -> tuple[Block, ...]:
    if not isinstance(value, list) or not value:
        r.error(
            (key,), f"{key} must be a non-empty list", "write '- text: ...' entries with 'sections: [...]'"
        )
        return ()
    return tuple(b for n, v in enumerate(value) if (b := _block(r, (key, n), v, options)) is not None)


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
    if not r.keys((), data, required, ("order", "options", "next_steps", "no_reply")):
        return None
    letter_id = r.ident(("id",), data.get("id"))
    if letter_id and letter_id != stem:
        r.error(
            ("id",),
            f"letter id '{letter_id}' does not match the file name '{stem}.yaml'",
            f"rename the file or write 'id: {stem}'",
        )
    fields = _fields(r, data.get("fields"))
    options = _options(r, data.get("options"))
    option_ids = {o.id for o in options}
    letter = Letter(
        id=letter_id,
        title=r.text(("title",), data.get("title")),
        purpose=r.text(("purpose",), data.get("purpose")),
        recipient=r.text(("to",), data.get("to")),
        fields=fields,
        header=r.texts(("header",), data.get("header")),
        subject=r.text(("subject",), data.get("subject")),
        opening=r.text(("opening",), data.get("opening")),
        paragraphs=_blocks(r, "paragraphs", data.get("paragraphs"), option_ids),
        requests=_blocks(r, "requests", data.get("requests"), option_ids),
        closing=r.texts(("closing",), data.get("closing")),
        options=options,
        next_steps=r.items(("next_steps",), data.get("next_steps"), required=False),
        no_reply=r.items(("no_reply",), data.get("no_reply"), required=False),
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


def letter_link_diagnostics(
    linked: Sequence[tuple[str, Item]], letters: Sequence[Letter]
) -> list[Diagnostic]:
    """A step that links a letter (``letter: id``) must name a letter that exists."""
    known = {letter.id for letter in letters}
    return [
        Diagnostic(
            path,
            f"unknown letter '{item.letter}'",
            f"use one of: {', '.join(sorted(known))}",
            line=item.line or None,
            key="letter",
        )
        for path, item in linked
        if item.letter and item.letter not in known
    ]
