"""Stage 2: check raw source files against the schema and the vocabulary.

Structural rules live in ``guidance_sources/schema/document.schema.json``;
rules that span fields or files (dates, ids, supersession) live here. Every
problem becomes a :class:`Diagnostic`; nothing stops at the first.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema

from build_tools.diagnostics import BuildError, Diagnostic
from build_tools.load.keys import duplicate_ids, unknown_key
from build_tools.load.yaml import KeyPath, RawFile, dotted

SCHEMA_FILE = Path("schema") / "document.schema.json"

# Which vocabulary a schema enum draws on, by the key that holds the value.
_VOCAB_FOR_KEY = {
    "status": "statuses",
    "text_kind": "text_kinds",
    "force": "forces",
    "audiences": "audiences",
    "topics": "topics",
    "tags": "topics",
}
_DEF_FOR_VOCAB = {
    "statuses": "status",
    "text_kinds": "text_kind",
    "forces": "force",
    "audiences": "audience",
    "topics": "topic",
}
_EXTENSIBLE = ("audiences", "topics")
_PATTERN_HINTS = {
    "id": "use lower-case letters, digits, '-' and '.', starting with a letter or digit",
    "subject": "use a dotted lower-case key such as 'medical-evidence.routine-request'",
    "url": "give the full address starting with https://",
    "checked_url": "give the full address of the page you checked, starting with https://",
}
# Acts and regulations are checked against the official text, and only legislation.gov.uk carries it.
_LEGISLATION_STATUSES = ("act", "regulations")
_LEGISLATION_HOST = "legislation.gov.uk"
_DATE_KEYS = ("published", "in_force", "date")  # "date": newer_edition.date


def load_schema(schema_path: Path, vocabulary: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A JSON schema with the vocabulary enums filled in for every vocabulary it defines.

    Raises BuildError when the schema file is missing or is not a valid JSON schema.
    """
    shown = "/".join(schema_path.parts[-3:])
    try:
        text = schema_path.read_text(encoding="utf-8")
        _meta_check(text)
        schema = json.loads(text)  # a fresh dict each time: the enums below are filled into it
    except (OSError, ValueError, jsonschema.SchemaError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
        raise BuildError(
            [Diagnostic(shown, f"schema cannot be used: {reason}", "restore it from version control")]
        ) from exc
    for vocab_name, def_name in _DEF_FOR_VOCAB.items():
        if def_name in schema.get("$defs", {}):
            schema["$defs"][def_name]["enum"] = sorted(vocabulary.get(vocab_name, {}))
    return schema


@functools.lru_cache(maxsize=4)
def _meta_check(text: str) -> None:
    """Raise unless ``text`` is a valid JSON schema object. Checking a schema against the meta-schema is
    slow and its text rarely changes, so a long-running ``serve`` checks each text once (a failure is
    not cached: it raises)."""
    schema = json.loads(text)
    if not isinstance(schema, dict):
        raise ValueError("the top level is not an object")
    jsonschema.Draft202012Validator.check_schema(schema)


def _last_key(path: KeyPath) -> str:
    return next((p for p in reversed(path) if isinstance(p, str)), "")


def _schema_error(raw: RawFile, error: jsonschema.ValidationError) -> list[Diagnostic]:
    path: KeyPath = tuple(error.absolute_path)
    key = _last_key(path)
    line = raw.line_of(path)
    where = dotted(path) or "(top level)"
    kind = error.validator
    if kind == "additionalProperties":
        # jsonschema types these as "maybe unset"; for additionalProperties both are mappings
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(instance) - set(allowed))
        return [unknown_key(raw, path, name, allowed) for name in extra]
    if kind == "required":
        missing = str(error.message).split("'")[1]
        return [
            Diagnostic(
                raw.path,
                f"missing required key '{missing}'",
                f"add '{missing}:' to {where} (see guidance_sources/README.md)",
                line=line,
                key=dotted(path + (missing,)),
            )
        ]
    if kind == "enum":
        vocab = _VOCAB_FOR_KEY.get(key, key)
        enum_values = error.validator_value if isinstance(error.validator_value, list) else []
        allowed_values = ", ".join(str(v) for v in enum_values)
        extend = (
            f"; or add it to guidance_sources/vocabulary.yaml under '{vocab}'"
            if vocab in _EXTENSIBLE
            else " (this list is fixed by the Code's authority model)"
        )
        return [
            Diagnostic(
                raw.path,
                f"unknown {_DEF_FOR_VOCAB.get(vocab, key).replace('_', ' ')} '{error.instance}'",
                f"use one of: {allowed_values}{extend}",
                line=line,
                key=where,
            )
        ]
    return [Diagnostic(raw.path, _describe(error, key), _fix_for(error, key), line=line, key=where)]


def _describe(error: jsonschema.ValidationError, key: str) -> str:
    value = error.instance
    kind = error.validator
    if kind == "type":
        expected = error.validator_value
        if expected == "boolean":
            return f"'{key}' must be true or false, not {value!r}"
        if expected == "array":
            return f"'{key}' must be a list, not {value!r}"
        if expected == "object":
            return f"'{key}' must be a mapping of keys to values"
        return f"'{key}' must be {expected}, not {value!r}"
    if kind == "pattern":
        if key in _DATE_KEYS:
            return f"date {value!r} does not parse"
        return f"'{key}' has an invalid value {value!r}"
    if kind in ("minItems", "minLength"):
        return f"'{key}' must not be empty"
    if kind == "uniqueItems":
        return f"'{key}' lists the same value twice"
    return f"'{key}': {error.message}"


def _fix_for(error: jsonschema.ValidationError, key: str) -> str:
    kind = error.validator
    if kind == "pattern" and key in _DATE_KEYS:
        return 'write an ISO date in quotes: "YYYY-MM-DD" (or "YYYY-MM" / "YYYY" if only that is known)'
    if kind == "pattern":
        return _PATTERN_HINTS.get(key, "see the pattern in schema/document.schema.json")
    if kind == "type" and error.validator_value == "boolean":
        return "write true or false (unquoted)"
    if kind == "type" and error.validator_value == "array":
        return f"write a list, e.g. {key}: [a, b]"
    if kind == "type" and error.validator_value == "string":
        return "quote the value"
    if kind in ("minItems", "minLength"):
        return "give at least one value, or remove the key if it is optional"
    if kind == "uniqueItems":
        return "remove the repeated value"
    return "see guidance_sources/README.md"


_LOCAL_REF = "#/$defs/"
# Depth beyond which a schema's local references are left to the validator (a recursive definition).
_INLINE_DEPTH = 12


def _inlined(node: Any, defs: Mapping[str, Any], depth: int = 0) -> Any:
    """``node`` with every local ``$ref`` replaced by the definition it names.

    Resolving a reference is most of the validator's time (about 15,000 lookups over the corpus), and the
    project's schemas are not recursive, so they are resolved once here; instance paths, keywords and
    messages of the errors stay the same. A recursive definition keeps its ``$ref`` past a fixed depth.
    """
    if isinstance(node, list):
        return [_inlined(item, defs, depth) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_LOCAL_REF) and depth < _INLINE_DEPTH:
        target = defs.get(ref[len(_LOCAL_REF) :])
        if isinstance(target, dict):
            rest = {k: _inlined(v, defs, depth) for k, v in node.items() if k != "$ref"}
            resolved = _inlined(target, defs, depth + 1)
            return {**rest, "allOf": [*rest.get("allOf", []), resolved]} if rest else resolved
    return {k: (v if k == "$defs" else _inlined(v, defs, depth)) for k, v in node.items()}


_VALIDATORS: dict[str, jsonschema.protocols.Validator] = {}


def schema_validator(schema: dict[str, Any], key: str | None = None) -> jsonschema.protocols.Validator:
    """One validator per distinct schema (with its vocabulary enums), its references resolved once.
    ``key`` is the schema as sorted JSON, when the caller already has it."""
    key = key if key is not None else json.dumps(schema, sort_keys=True)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = jsonschema.Draft202012Validator(_inlined(schema, schema.get("$defs", {})))
    return _VALIDATORS[key]


def check_schema(raw: RawFile, schema: dict[str, Any], key: str | None = None) -> list[Diagnostic]:
    """Every schema violation in one file (``key``: as for :func:`schema_validator`)."""
    validator = schema_validator(schema, key)
    found: list[Diagnostic] = []
    for error in sorted(validator.iter_errors(raw.data), key=lambda e: list(map(str, e.absolute_path))):
        found.extend(_schema_error(raw, error))
    return found


def _parse_date(value: str) -> dt.date | None:
    parts = value.split("-")
    padded = "-".join(parts + ["01"] * (3 - len(parts)))
    try:
        return dt.date.fromisoformat(padded)
    except ValueError:
        return None


# Nothing in the corpus can be older than this (the Elementary Education Act 1870 is the oldest law on
# school attendance); an earlier year is a typing error.
EARLIEST_YEAR = 1870


def _date_parts(value: Any) -> tuple[int, ...] | None:
    if not isinstance(value, str) or _parse_date(value) is None:
        return None
    return tuple(int(p) for p in value.split("-"))


def _check_dates(raw: RawFile, document: dict[str, Any], today: dt.date | None = None) -> list[Diagnostic]:
    """Dates in order (in force on or after publication) and plausible (not in the future, not before 1870).

    Partial dates ("2024", "2024-09") are compared at the precision both have.
    """
    today = today or dt.date.today()
    found = []
    published, in_force = _date_parts(document.get("published")), _date_parts(document.get("in_force"))
    for key, parts in (("published", published), ("in_force", in_force)):
        if parts and parts[0] < EARLIEST_YEAR:
            found.append(
                Diagnostic(
                    raw.path,
                    f"{key} date {document[key]!r} is before {EARLIEST_YEAR}",
                    "check the year",
                    line=raw.line_of(("document", key)),
                    key=f"document.{key}",
                )
            )
    now = (today.year, today.month, today.day)
    if published and published > now[: len(published)]:
        found.append(
            Diagnostic(
                raw.path,
                f"published date {document['published']!r} is in the future (today is {today.isoformat()})",
                "give the date the document was actually published",
                line=raw.line_of(("document", "published")),
                key="document.published",
            )
        )
    if published and in_force:
        n = min(len(published), len(in_force))
        if in_force[:n] < published[:n]:
            found.append(
                Diagnostic(
                    raw.path,
                    f"in_force {document['in_force']!r} is before published {document['published']!r}",
                    "a document cannot be in force before it is published; check both dates",
                    line=raw.line_of(("document", "in_force")),
                    key="document.in_force",
                )
            )
    return found


def check_semantics(raw: RawFile) -> list[Diagnostic]:
    """Rules within one file that a JSON schema cannot express."""
    found: list[Diagnostic] = []
    data: dict[str, Any] = raw.data if isinstance(raw.data, dict) else {}
    document: dict[str, Any] = data["document"] if isinstance(data.get("document"), dict) else {}
    expected_id = Path(raw.path).stem
    if isinstance(document.get("id"), str) and document["id"] != expected_id:
        found.append(
            Diagnostic(
                raw.path,
                f"document id '{document['id']}' does not match the file name",
                f"rename the file to {document['id']}.yaml or set id: {expected_id}",
                line=raw.line_of(("document", "id")),
                key="document.id",
            )
        )
    newer: dict[str, Any] = (
        document["newer_edition"] if isinstance(document.get("newer_edition"), dict) else {}
    )
    dates: list[tuple[tuple[str, ...], Any]] = [
        (("document", k), document.get(k)) for k in ("published", "in_force")
    ]
    dates.append((("document", "newer_edition", "date"), newer.get("date")))
    for path, value in dates:
        if isinstance(value, str) and value and _parse_date(value) is None:
            found.append(
                Diagnostic(
                    raw.path,
                    f"date {value!r} does not parse",
                    'write a real calendar date as "YYYY-MM-DD"',
                    line=raw.line_of(path),
                    key=".".join(str(p) for p in path),
                )
            )
    found += _check_dates(raw, document)
    if document.get("text_kind") == "verbatim" and not document.get("attribution"):
        found.append(
            Diagnostic(
                raw.path,
                "verbatim text needs an attribution",
                "add 'attribution:' naming the author, the source and its licence",
                line=raw.line_of(("document",)),
                key="document.attribution",
            )
        )
    for list_key in ("provisions", "cases"):
        found.extend(_check_items(raw, data.get(list_key), list_key))
    if document.get("status") in _LEGISLATION_STATUSES:
        found.extend(_check_legislation_urls(raw, data.get("provisions")))
    return found


def _is_legislation_host(url: str) -> bool:
    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:
        return False
    return host == _LEGISLATION_HOST or host.endswith("." + _LEGISLATION_HOST)


def _check_legislation_urls(raw: RawFile, items: Any) -> list[Diagnostic]:
    """A provision of an Act or regulations is checked on legislation.gov.uk, so its checked_url is there."""
    found: list[Diagnostic] = []
    for index, item in enumerate(items if isinstance(items, list) else ()):
        url = item.get("checked_url") if isinstance(item, dict) else None
        # A non-string or non-https value is already a schema error; report only the host here.
        if isinstance(url, str) and url.startswith("https://") and not _is_legislation_host(url):
            found.append(
                Diagnostic(
                    raw.path,
                    f"checked_url of '{item.get('id')}' is not a legislation.gov.uk page: {url}",
                    "check Acts and regulations against their page on https://www.legislation.gov.uk/ "
                    "and give that address, or remove checked_url and set verified: false with a reason",
                    line=raw.line_of(("provisions", index, "checked_url")),
                    key=f"provisions[{index}].checked_url",
                )
            )
    return found


def _check_items(raw: RawFile, items: Any, list_key: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if not isinstance(items, list):
        return found
    found += duplicate_ids(raw, [((list_key, i), item) for i, item in enumerate(items)])
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        item_id = item.get("id")
        if item.get("verified") is False and not item.get("verification_note"):
            found.append(
                Diagnostic(
                    raw.path,
                    f"unverified reference in '{item_id}' has no verification_note",
                    "add verification_note: what the reference rests on and what would confirm it",
                    line=raw.line_of((list_key, index, "verified")),
                    key=f"{list_key}[{index}].verification_note",
                )
            )
    return found


def check_links(raws: list[RawFile]) -> list[Diagnostic]:
    """``supersedes`` and ``superseded_by`` must name documents that exist."""
    known = {
        r.data["document"]["id"]
        for r in raws
        if isinstance(r.data, dict)
        and isinstance(r.data.get("document"), dict)
        and isinstance(r.data["document"].get("id"), str)
    }
    found: list[Diagnostic] = []
    for raw in raws:
        document = raw.data.get("document") if isinstance(raw.data, dict) else None
        if not isinstance(document, dict):
            continue
        targets: list[tuple[KeyPath, Any]] = []
        if isinstance(document.get("supersedes"), list):
            targets += [(("document", "supersedes", i), t) for i, t in enumerate(document["supersedes"])]
        if isinstance(document.get("superseded_by"), str):
            targets.append((("document", "superseded_by"), document["superseded_by"]))
        for path, target in targets:
            if isinstance(target, str) and target not in known:
                found.append(
                    Diagnostic(
                        raw.path,
                        f"'{dotted(path)}' points to '{target}', not a document in guidance_sources/",
                        f"add {target}.yaml or correct the id (known: {', '.join(sorted(known))})",
                        line=raw.line_of(path),
                        key=dotted(path),
                    )
                )
    return found
