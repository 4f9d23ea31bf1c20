"""Plant attack payloads in every free-text field of a project's inputs (the generated injection test).

Fields are discovered, not listed: every string value (and every free-form mapping key) of every YAML
input file is a candidate, and every string property the JSON schemas declare must have an example in the
project, so a new field is covered as soon as it exists. A payload goes into every candidate at once;
candidates whose value is constrained (ids, dates, enums, references, numbers) are found by running
``check`` and are given back their original value until ``check`` passes. What remains is free text that
reaches the pages, and every one of those fields carries the whole payload set into one build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.load.yaml import KeyPath, dotted, parse_yaml
from build_tools.project import check_project

INPUT_FOLDERS = ("guidance_sources", "code_of_practice", "guides")
# Schemas of files the build writes rather than reads from editors: an edition's snapshot is made by
# `publish` from inputs this test has already covered, and `check` fails if a published one is edited.
GENERATED_SCHEMAS = ("edition-snapshot.schema.json",)
# Loopback is the only host a page may reach; this address is reserved for documentation (RFC 5737).
REMOTE = "http://203.0.113.7"


def payload(tag: str) -> str:
    """Every attack in one string, tagged so a failure names the field it came from."""
    flag = f"(window.__pwned=window.__pwned||[]).push('{tag}')"
    return (
        f'x"><script>{flag}</script>'
        f'<img src="{REMOTE}/{tag}.png" onerror="{flag};alert(\'{tag}\')">'
        f'<b data-planted="{tag}">b</b> '
        f"' onmouseover=alert('{tag}') data-planted={tag} x=' "
        f"[link](javascript:alert('{tag}')) ![pic]({REMOTE}/{tag}-md.png) "
        f'{{: data-planted="{tag}" onclick="{flag}" }} '
        "T{{ 7*7 }}T Q{% if 1 %}A{% else %}B{% endif %}Q"
        f'\n\n<div data-planted="{tag}" onmouseover="{flag}">block</div>\n\n'
        f"<script>{flag}</script>"
    )


def short_payload(tag: str) -> str:
    """For fields with a length limit."""
    return f'x"><img src={REMOTE}/{tag} onerror=alert(1) data-planted={tag}>'


@dataclass
class Field:
    """One place in one input file that takes a payload."""

    file: str  # relative to the project root
    path: KeyPath
    is_key: bool = False
    original: Any = None
    tag: str = ""
    level: int = 0  # 0 full payload, 1 short payload, 2 original value (constrained field)

    def value(self) -> Any:
        if self.level == 0:
            return payload(self.tag)
        if self.level == 1:
            return short_payload(self.tag)
        return self.original


@dataclass
class Plan:
    root: Path
    fields: list[Field]
    data: dict[str, Any] = field(default_factory=dict)  # file -> parsed original
    rounds: int = 0

    @property
    def planted(self) -> list[Field]:
        return [f for f in self.fields if f.level < 2]

    def by_tag(self) -> dict[str, Field]:
        return {f.tag: f for f in self.planted}


def input_files(root: Path) -> list[Path]:
    return sorted(p for folder in INPUT_FOLDERS for p in (root / folder).rglob("*.yaml"))


# Keys that look like ids name things (fields, vocabulary entries); other keys are text (search aliases).
_ID_LIKE = re.compile(r"^[a-z0-9_][a-z0-9_-]*$")


def _leaves(value: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any, bool]]:
    """(path, value, is_key) for every string value and every free-text mapping key."""
    if isinstance(value, dict):
        free = all(isinstance(v, str) for v in value.values())
        for key, item in value.items():
            if free and not _ID_LIKE.match(key):
                yield path + (key,), key, True
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, path + (i,))
    elif isinstance(value, str):
        yield path, value, False


def schema_string_properties(root: Path) -> set[str]:
    """Every property name the JSON schemas declare as (or as a list of) strings."""
    names: set[str] = set()

    def walk(node: Any, defs: dict[str, Any]) -> None:
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if _is_stringy(prop, defs):
                    names.add(name)
            for value in node.values():
                walk(value, defs)
        elif isinstance(node, list):
            for value in node:
                walk(value, defs)

    for schema_file in sorted(root.glob("*/schema/*.json")):
        if schema_file.name in GENERATED_SCHEMAS:
            continue
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        walk(schema, schema.get("$defs", {}))
    return names


def _is_stringy(prop: Any, defs: dict[str, Any]) -> bool:
    if not isinstance(prop, dict):
        return False
    if "$ref" in prop:
        return _is_stringy(defs.get(prop["$ref"].rsplit("/", 1)[-1]), defs)
    if prop.get("type") == "array":
        return _is_stringy(prop.get("items"), defs)
    return prop.get("type") == "string" or "string" in (prop.get("type") or [])


def discover(root: Path) -> Plan:
    """Every candidate field of every input file of the project at ``root``."""
    fields: list[Field] = []
    data: dict[str, Any] = {}
    for file in input_files(root):
        rel = file.relative_to(root).as_posix()
        raw, problems = parse_yaml(file.read_text(encoding="utf-8"), rel)
        assert raw is not None and not problems, (rel, problems)
        data[rel] = raw.data
        for path, value, is_key in _leaves(raw.data):
            fields.append(Field(rel, path, is_key, value, tag=f"P{len(fields)}"))
    return Plan(root, fields, data)


def keys_in_project(plan: Plan) -> set[str]:
    """Every mapping key used anywhere in the project's inputs."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            found.update(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for tree in plan.data.values():
        walk(tree)
    return found


def _set(tree: Any, path: KeyPath, value: Any) -> None:
    for part in path[:-1]:
        tree = tree[part]
    tree[path[-1]] = value


def _rename(tree: Any, path: KeyPath, new_key: str) -> Any:
    """A copy of the mapping at path[:-1] with key path[-1] renamed, order kept."""
    parent = tree
    for part in path[:-1]:
        parent = parent[part]
    items = list(parent.items())
    parent.clear()
    for key, value in items:
        parent[new_key if key == path[-1] else key] = value
    return tree


def write(plan: Plan) -> dict[str, dict[KeyPath, int]]:
    """Write every file with its current plants; returns the line of every key path per file."""
    import copy

    lines: dict[str, dict[KeyPath, int]] = {}
    for rel, original in plan.data.items():
        tree = copy.deepcopy(original)
        mine = [f for f in plan.fields if f.file == rel and f.level < 2]
        # Values first (their paths use the original keys), then keys, deepest first.
        for f in mine:
            if not f.is_key:
                _set(tree, f.path, f.value())
        for f in sorted((f for f in mine if f.is_key), key=lambda f: -len(f.path)):
            _rename(tree, f.path, f.value())
        text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=100000)
        (plan.root / rel).write_text(text, encoding="utf-8")
        raw, _ = parse_yaml(text, rel)
        lines[rel] = raw.lines if raw else {}
    return lines


def written_path(plan: Plan, f: Field) -> KeyPath:
    """Where a field sits in the written file, after the planted keys above it were renamed."""
    renamed = {g.path: g.value() for g in plan.planted if g.is_key and g.file == f.file}
    return tuple(renamed.get(f.path[: i + 1], part) for i, part in enumerate(f.path))


def _owners(plan: Plan, lines: dict[str, dict[KeyPath, int]], path: str, line: int | None, key: str):
    mine = [f for f in plan.planted if f.file == path]
    if line is not None:
        on_line = [f for f in mine if lines.get(f.file, {}).get(written_path(plan, f)) == line]
        if on_line:
            return on_line
    by_key = [f for f in mine if key and dotted(written_path(plan, f)) == key]
    return by_key


def _named(plan: Plan, message: str) -> list[Field]:
    """Fields whose payload a message quotes (for diagnostics that carry no line)."""
    return [f for f in plan.planted if re.search(rf"\b{f.tag}\b", message)]


def settle(plan: Plan, max_rounds: int = 15) -> list[str]:
    """Give constrained fields back their value until ``check`` passes; returns what check still reports."""
    for round_ in range(max_rounds):
        plan.rounds = round_ + 1
        lines = write(plan)
        errors = check_project(plan.root).errors
        if not errors:
            return []
        owned = False
        for error in errors:
            owners = _owners(plan, lines, error.path, error.line, error.key or "") or _named(plan, str(error))
            for f in owners:
                # Only a length limit is worth a second try with the short payload.
                f.level = 1 if f.level == 0 and "long" in error.message else 2
                owned = True
        if not owned:
            # Errors no planted field owns (a reference into a planted key): give back the key plants.
            keys = [f for f in plan.planted if f.is_key]
            if not keys:
                return [str(e) for e in errors]
            for f in keys:
                f.level = 2
    write(plan)
    return [str(e) for e in check_project(plan.root).errors]
