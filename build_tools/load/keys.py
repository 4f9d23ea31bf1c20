"""The checks every input file shares, each with one wording of its fix: unknown and missing keys, and
duplicate ids. The sources' JSON Schema, the Code's files, the register and the guides all report through
these, so an editor sees the same message for the same mistake in any file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from build_tools.diagnostics import Diagnostic
from build_tools.load.yaml import KeyPath, RawFile, dotted


def unknown_key(raw: RawFile, path: KeyPath, name: str, allowed: Iterable[str]) -> Diagnostic:
    """``name`` is not a key of the mapping at ``path``."""
    return Diagnostic(
        raw.path,
        f"unknown key '{name}'",
        f"remove it or correct the spelling; allowed keys here: {', '.join(allowed)}",
        line=raw.line_of(path + (name,)),
        key=dotted(path + (name,)),
    )


def unknown_keys(
    raw: RawFile, path: KeyPath, value: dict[str, Any], allowed: Iterable[str]
) -> list[Diagnostic]:
    allowed = tuple(allowed)
    return [unknown_key(raw, path, str(name), allowed) for name in value if name not in allowed]


def missing_key(raw: RawFile, path: KeyPath, name: str) -> Diagnostic:
    where = dotted(path) or "(top level)"
    return Diagnostic(
        raw.path,
        f"missing required key '{name}'",
        f"add '{name}:' to {where}",
        line=raw.line_of(path),
        key=dotted(path + (name,)),
    )


def check_keys(
    raw: RawFile,
    path: KeyPath,
    value: Any,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    empty: tuple[Any, ...] = (None, ""),
) -> list[Diagnostic]:
    """Unknown and missing keys of one mapping (a required key whose value is in ``empty`` is missing)."""
    where = dotted(path) or "(top level)"
    if not isinstance(value, dict):
        return [
            Diagnostic(
                raw.path,
                f"{where} must be a mapping of keys to values",
                "see the README of the folder this file is in",
                line=raw.line_of(path),
                key=where,
            )
        ]
    found = [missing_key(raw, path, key) for key in required if value.get(key) in empty]
    return found + unknown_keys(raw, path, value, required + optional)


def duplicate_ids(raw: RawFile, entries: Iterable[tuple[KeyPath, Any]]) -> list[Diagnostic]:
    """Every entry (a mapping at a key path) whose ``id`` an earlier entry of the same list already has."""
    seen: dict[str, int] = {}
    found = []
    for path, entry in entries:
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(entry_id, str | int) or isinstance(entry_id, bool):
            continue
        line = raw.line_of(path + ("id",)) or 0
        if str(entry_id) in seen:
            found.append(
                Diagnostic(
                    raw.path,
                    f"duplicate id '{entry_id}' (first used at line {seen[str(entry_id)]})",
                    "give each entry its own id; never reuse a published id",
                    line=line or None,
                    key=dotted(path + ("id",)),
                )
            )
        else:
            seen[str(entry_id)] = line
    return found


ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check_ids(raw: RawFile, path: KeyPath, value: Any, keys: tuple[str, ...] = ("id",)) -> list[Diagnostic]:
    """Ids become URLs and anchors: each must be plain lower-case text."""
    if not isinstance(value, dict):
        return []
    return [
        Diagnostic(
            raw.path,
            f"'{key}' has an invalid value {value[key]!r}",
            "use lower-case letters, digits and '-', starting with a letter or digit",
            line=raw.line_of(path + (key,)),
            key=dotted(path + (key,)),
        )
        for key in keys
        if value.get(key) is not None and not (isinstance(value[key], str) and ID_PATTERN.match(value[key]))
    ]


_KIND_TEXT = {
    "text": ("text", "write the text after the colon"),
    "texts": ("a list of texts", "write a list, e.g. [a, b]"),
    "map": ("a mapping of text to text", "write 'NAME: value' lines"),
}


_KIND_TEST = {
    "text": lambda v: isinstance(v, str),
    "texts": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "map": lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
}


def check_types(raw: RawFile, path: KeyPath, value: Any, spec: dict[str, str]) -> list[Diagnostic]:
    """Each present key of one mapping has the kind of value ``spec`` names ("text", "texts" or "map")."""
    if not isinstance(value, dict):
        return []
    found = []
    for key, kind in spec.items():
        item = value.get(key)
        if item is None:
            continue
        ok = _KIND_TEST[kind](item)
        if not ok:
            what, fix = _KIND_TEXT[kind]
            found.append(
                Diagnostic(
                    raw.path,
                    f"'{key}' must be {what}, not {_shown(item)}",
                    fix,
                    line=raw.line_of(path + (key,)),
                    key=dotted(path + (key,)),
                )
            )
    return found


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
