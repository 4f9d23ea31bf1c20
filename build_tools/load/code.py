"""Read the Code's own data (``code_of_practice/``) and check its shape.

Chapters are checked against ``code_of_practice/schema/chapter.schema.json``;
the small files (edition, structure, glossary, exclusions) by key lists here.
Cross-checks against the corpus happen in :mod:`consolidate`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.diagnostics import BuildError, Diagnostic
from build_tools.load.keys import check_ids, check_keys, check_types
from build_tools.load.schema import check_schema, load_schema
from build_tools.load.yaml import RawFile, read_yaml

CODE_DIR = "code_of_practice"
CHAPTER_SCHEMA = Path("schema") / "chapter.schema.json"


@dataclass(frozen=True)
class RawCode:
    """Every file of ``code_of_practice/`` that parsed."""

    edition: RawFile | None
    structure: RawFile | None
    glossary: RawFile | None
    exclusions: tuple[RawFile, ...]
    chapters: tuple[RawFile, ...]
    aliases: RawFile | None = None


def _list_of_mappings(raw: RawFile, key: str) -> tuple[list[Any], list[Diagnostic]]:
    data = raw.data if isinstance(raw.data, dict) else {}
    items = data.get(key)
    if not isinstance(items, list):
        return [], [
            Diagnostic(
                raw.path,
                f"'{key}' must be a list",
                f"write '{key}:' followed by '- ' entries",
                line=raw.line_of((key,)),
                key=key,
            )
        ]
    return items, []


def _check_edition(raw: RawFile) -> list[Diagnostic]:
    found = check_keys(raw, (), raw.data, ("date", "sources_cutoff", "site_url"), ("title",))
    found += check_types(
        raw, (), raw.data, {"date": "text", "sources_cutoff": "text", "site_url": "text", "title": "text"}
    )
    site_url = raw.data.get("site_url") if isinstance(raw.data, dict) else None
    if isinstance(site_url, str) and not re.match(r"^https://[^\s\"'<>]+/$", site_url):
        found.append(
            Diagnostic(
                raw.path,
                f"site_url {site_url!r} is not an https:// address ending in '/'",
                'write the published address, e.g. site_url: "https://attendance-code.github.io/"',
                line=raw.line_of(("site_url",)),
                key="site_url",
            )
        )
    for key in ("date", "sources_cutoff"):
        value = raw.data.get(key) if isinstance(raw.data, dict) else None
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                found.append(
                    Diagnostic(
                        raw.path,
                        f"date {value!r} does not parse",
                        'write "YYYY-MM-DD" in quotes',
                        line=raw.line_of((key,)),
                        key=key,
                    )
                )
    return found


def _check_structure(raw: RawFile) -> list[Diagnostic]:
    parts, found = _list_of_mappings(raw, "parts")
    for i, part in enumerate(parts):
        found += check_keys(raw, ("parts", i), part, ("id", "label", "title", "chapters"))
        found += check_ids(raw, ("parts", i), part)
        found += check_types(raw, ("parts", i), part, {"label": "text", "title": "text", "chapters": "texts"})
    return found


def _check_glossary(raw: RawFile) -> list[Diagnostic]:
    terms, found = _list_of_mappings(raw, "terms")
    for i, term in enumerate(terms):
        found += check_keys(
            raw, ("terms", i), term, ("id", "term", "definition"), ("abbreviation", "sections", "aliases")
        )
        found += check_ids(raw, ("terms", i), term)
        found += check_types(
            raw,
            ("terms", i),
            term,
            {
                "term": "text",
                "definition": "text",
                "abbreviation": "text",
                "sections": "texts",
                "aliases": "texts",
            },
        )
    return found


def _check_exclusions(raw: RawFile) -> list[Diagnostic]:
    items, found = _list_of_mappings(raw, "exclusions")
    for i, item in enumerate(items):
        found += check_keys(raw, ("exclusions", i), item, ("provisions", "reason"))
        found += check_types(raw, ("exclusions", i), item, {"provisions": "texts", "reason": "text"})
    return found


def _check_aliases(raw: RawFile) -> list[Diagnostic]:
    found = check_keys(raw, (), raw.data, ("attendance_codes", "statutes"), ("keywords",))
    for key in ("attendance_codes", "statutes"):
        value = raw.data.get(key) if isinstance(raw.data, dict) else None
        if value is not None and not (
            isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        ):
            found.append(
                Diagnostic(
                    raw.path,
                    f"'{key}' must map each alias to a section id",
                    "write 'ALIAS: section-id' lines",
                    line=raw.line_of((key,)),
                    key=key,
                )
            )
    keywords = raw.data.get("keywords") if isinstance(raw.data, dict) else None
    if keywords is not None and not (
        isinstance(keywords, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in keywords.items())
    ):
        found.append(
            Diagnostic(
                raw.path,
                "'keywords' must map each section id or page path to a line of words",
                "write 'section-id: words, more words' lines",
                line=raw.line_of(("keywords",)),
                key="keywords",
            )
        )
    return found


def _read(file: Path, root: Path, checker: Any, diagnostics: list[Diagnostic]) -> RawFile | None:
    if not file.exists():
        diagnostics.append(
            Diagnostic(str(file.relative_to(root)), "file is missing", "restore it from version control")
        )
        return None
    raw, problems = read_yaml(file, root)
    diagnostics.extend(problems)
    if raw is not None and checker is not None:
        diagnostics.extend(checker(raw))
    return raw


# A long-running `serve` re-checks only the chapters whose text (or the schema) changed: the schema check
# is most of the time spent loading the Code.
_CHAPTER_CACHE: dict[tuple[str, str, str], tuple[RawFile | None, list[Diagnostic]]] = {}


def _checked_chapter(
    file: Path, root: Path, schema: dict[str, Any], schema_key: str
) -> tuple[RawFile | None, list[Diagnostic]]:
    """One chapter file parsed and checked against the schema (cached by content)."""
    key = (str(file), hashlib.sha1(file.read_bytes()).hexdigest(), schema_key)
    if key not in _CHAPTER_CACHE:
        problems: list[Diagnostic] = []
        raw = _read(file, root, lambda r: check_schema(r, schema, schema_key), problems)
        _CHAPTER_CACHE[key] = (raw, problems)
    raw, problems = _CHAPTER_CACHE[key]
    return raw, list(problems)


def read_code(root: Path, vocabulary: dict[str, dict[str, Any]]) -> tuple[RawCode, list[Diagnostic]]:
    """All of ``code_of_practice/`` as raw files, with every shape problem."""
    code_dir = root / CODE_DIR
    diagnostics: list[Diagnostic] = []
    try:
        schema = load_schema(code_dir / CHAPTER_SCHEMA, vocabulary)
    except BuildError as exc:
        return RawCode(None, None, None, (), ()), exc.diagnostics
    schema_key = json.dumps(schema, sort_keys=True)
    chapters = []
    for file in sorted((code_dir / "chapters").glob("*.yaml")):
        raw, problems = _checked_chapter(file, root, schema, schema_key)
        diagnostics.extend(problems)
        if raw is not None:
            chapters.append(raw)
    raw_code = RawCode(
        edition=_read(code_dir / "edition.yaml", root, _check_edition, diagnostics),
        structure=_read(code_dir / "structure.yaml", root, _check_structure, diagnostics),
        glossary=_read(code_dir / "glossary.yaml", root, _check_glossary, diagnostics),
        exclusions=tuple(
            raw
            for file in sorted((code_dir / "exclusions").glob("*.yaml"))
            if (raw := _read(file, root, _check_exclusions, diagnostics)) is not None
        ),
        chapters=tuple(chapters),
        aliases=_read(code_dir / "search-aliases.yaml", root, _check_aliases, diagnostics),
    )
    return raw_code, diagnostics
