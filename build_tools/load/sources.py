"""Load and validate ``guidance_sources/`` into a :class:`Corpus`.

This is the only place that turns raw YAML values into model objects, and it
does so only after validation has passed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from build_tools.diagnostics import BuildError, Diagnostic, sort_key
from build_tools.load.schema import SCHEMA_FILE, check_links, check_schema, check_semantics, load_schema
from build_tools.load.yaml import RawFile, read_yaml, source_files
from build_tools.model import (
    CaseRecord,
    Claim,
    Corpus,
    Document,
    Force,
    NewerEdition,
    Provision,
    Status,
    Vocabulary,
)

VOCABULARY_FILE = "vocabulary.yaml"
_VOCAB_SECTIONS = ("statuses", "text_kinds", "forces", "audiences", "topics")


def _vocab_entry_problem(entry: Any) -> tuple[str, str] | None:
    """(field, what is wrong) for one vocabulary entry of the wrong type, if any ("" = the entry)."""
    if isinstance(entry, str):
        return None
    if not isinstance(entry, dict):
        return "", "must be a label, or a mapping with 'label'"
    for key in ("label", "description"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            return key, f"'{key}' must be text"
    rank = entry.get("rank")
    if rank is not None and not (isinstance(rank, str) and rank.lstrip("-").isdecimal()):
        return "rank", "'rank' must be a whole number"
    return None


def _label(entry: Any) -> str:
    if isinstance(entry, dict):
        return str(entry.get("label", ""))
    return str(entry or "")


def load_vocabulary(sources_dir: Path) -> tuple[dict[str, dict[str, Any]], list[Diagnostic]]:
    """The raw vocabulary mappings, checked for shape and fixed sections."""
    raw, diagnostics = read_yaml(sources_dir / VOCABULARY_FILE, sources_dir.parent)
    if raw is None:
        return {}, diagnostics
    data = raw.data if isinstance(raw.data, dict) else {}
    vocab: dict[str, dict[str, Any]] = {}
    for section in _VOCAB_SECTIONS:
        value = data.get(section)
        if not isinstance(value, dict) or not value:
            diagnostics.append(
                Diagnostic(
                    raw.path,
                    f"vocabulary section '{section}' is missing or empty",
                    f"add '{section}:' with one entry per allowed value",
                    line=raw.line_of((section,)),
                    key=section,
                )
            )
            continue
        vocab[section] = value
        for name, entry in value.items():
            problem = _vocab_entry_problem(entry)
            if problem:
                field, what = problem
                path = (section, name, field) if field else (section, name)
                diagnostics.append(
                    Diagnostic(
                        raw.path,
                        f"vocabulary entry '{name}' {what}",
                        'write "name: Label" or "name: {label: Label, rank: 1}"',
                        line=raw.line_of(path),
                        key=".".join(path),
                    )
                )
                continue
            extra = sorted(set(entry) - {"label", "rank", "description"}) if isinstance(entry, dict) else []
            if extra or (isinstance(entry, dict) and not entry.get("label")):
                # e.g. an unquoted comma in a flow mapping splits the label into a stray key
                diagnostics.append(
                    Diagnostic(
                        raw.path,
                        f"vocabulary entry '{name}' has no single label (stray keys: {', '.join(extra)})",
                        'quote the label: {label: "A, B and C"}',
                        line=raw.line_of((section, name)),
                        key=f"{section}.{name}",
                    )
                )
    for extra in sorted(set(data) - set(_VOCAB_SECTIONS)):
        diagnostics.append(
            Diagnostic(
                raw.path,
                f"unknown vocabulary section '{extra}'",
                f"use one of: {', '.join(_VOCAB_SECTIONS)}",
                line=raw.line_of((extra,)),
                key=extra,
            )
        )
    missing_statuses = {s.value for s in Status} - set(vocab.get("statuses", {}))
    missing_forces = {f.value for f in Force} - set(vocab.get("forces", {}))
    for name, missing in (("statuses", missing_statuses), ("forces", missing_forces)):
        if missing:
            diagnostics.append(
                Diagnostic(
                    raw.path,
                    f"'{name}' lacks {', '.join(sorted(missing))}",
                    "these values are fixed by the Code's authority model; restore them",
                    key=name,
                )
            )
    return vocab, diagnostics


def _opt(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _claims(items: list[dict[str, Any]] | None) -> tuple[Claim, ...]:
    return tuple(
        Claim(
            subject=c["subject"],
            force=Force(c["force"]) if c.get("force") else None,
            value=_opt(c.get("value")),
            qualifier=_opt(c.get("qualifier")),
        )
        for c in items or ()
    )


def _provision(doc_id: str, item: dict[str, Any], line: int) -> Provision:
    return Provision(
        doc_id=doc_id,
        local_id=item["id"],
        ref=item["ref"],
        verified=item["verified"],
        text=item["text"].strip(),
        audiences=tuple(item["audiences"]),
        topics=tuple(item["topics"]),
        force=Force(item["force"]),
        verification_note=_opt(item.get("verification_note")),
        checked_url=_opt(item.get("checked_url")),
        checked_version=_opt(item.get("checked_version")),
        heading=_opt(item.get("heading")),
        applies_to=tuple(item.get("applies_to") or ()),
        claims=_claims(item.get("claims")),
        note=_opt(item.get("note")),
        withdrawn=_opt(item.get("withdrawn")),
        line=line,
    )


def _case(doc_id: str, item: dict[str, Any]) -> CaseRecord:
    return CaseRecord(
        doc_id=doc_id,
        local_id=item["id"],
        ref=item["ref"],
        verified=item["verified"],
        title=item["title"],
        text=item["text"].strip(),
        audiences=tuple(item["audiences"]),
        topics=tuple(item["topics"]),
        issues=tuple(item.get("issues") or ()),
        verification_note=_opt(item.get("verification_note")),
    )


def build_document(raw: RawFile) -> Document:
    """A validated raw file as a :class:`Document`."""
    meta = raw.data["document"]
    doc_id = meta["id"]
    provisions = tuple(
        _provision(doc_id, item, raw.line_of(("provisions", i)) or 0)
        for i, item in enumerate(raw.data["provisions"])
    )
    return Document(
        id=doc_id,
        title=meta["title"],
        short_title=meta["short_title"],
        publisher=meta["publisher"],
        published=meta["published"],
        in_force=meta["in_force"],
        status=Status(meta["status"]),
        url=meta["url"],
        licence=meta["licence"],
        text_kind=meta["text_kind"],
        path=raw.path,
        provisions=provisions,
        cases=tuple(_case(doc_id, c) for c in raw.data.get("cases") or ()),
        edition=_opt(meta.get("edition")),
        supersedes=tuple(meta.get("supersedes") or ()),
        superseded_by=_opt(meta.get("superseded_by")),
        attribution=_opt(meta.get("attribution")),
        scope=_opt(meta.get("scope")),
        notes=_opt(meta.get("notes")),
        newer_edition=_newer_edition(meta.get("newer_edition")),
    )


def _newer_edition(item: dict[str, Any] | None) -> NewerEdition | None:
    if not item:
        return None
    url = _opt(item.get("url"))
    return NewerEdition(title=item["title"], date=item["date"], status=item["status"], url=url)


# A long-running `serve` re-checks only the files whose text (or the schema) changed.
_FILE_CACHE: dict[tuple[str, str, str], tuple[RawFile | None, list[Diagnostic]]] = {}


def _checked_file(
    file: Path, root: Path, schema: dict[str, Any] | None, schema_key: str
) -> tuple[RawFile | None, list[Diagnostic]]:
    """One source file parsed and checked on its own (cached by content)."""
    if not file.is_file():
        return read_yaml(file, root)  # reports what it is instead
    key = (str(file), hashlib.sha1(file.read_bytes()).hexdigest(), schema_key)
    if key not in _FILE_CACHE:
        raw, problems = read_yaml(file, root)
        if raw is not None:
            if schema is not None:
                problems = problems + check_schema(raw, schema, schema_key)
            problems = problems + check_semantics(raw)
        _FILE_CACHE[key] = (raw, problems)
    raw, problems = _FILE_CACHE[key]
    return raw, list(problems)


def validate_sources(sources_dir: Path) -> tuple[list[RawFile], Vocabulary | None, list[Diagnostic]]:
    """Every raw file that parsed, the vocabulary, and every problem found."""
    root = sources_dir.parent
    vocab_raw, diagnostics = load_vocabulary(sources_dir)
    schema = None
    if vocab_raw:
        try:
            schema = load_schema(sources_dir / SCHEMA_FILE, vocab_raw)
        except BuildError as exc:
            return [], None, exc.diagnostics + diagnostics
    raws: list[RawFile] = []
    schema_key = json.dumps(schema, sort_keys=True) if schema is not None else ""
    for file in source_files(sources_dir):
        raw, problems = _checked_file(file, root, schema, schema_key)
        diagnostics.extend(problems)
        if raw is not None:
            raws.append(raw)
    diagnostics.extend(check_links(raws))
    if not raws and not diagnostics:
        diagnostics.append(
            Diagnostic(str(sources_dir), "no source documents found", "add one <id>.yaml per document")
        )
    vocabulary = None
    if vocab_raw and len(vocab_raw) == len(_VOCAB_SECTIONS):
        vocabulary = Vocabulary(**{k: {n: _label(e) for n, e in v.items()} for k, v in vocab_raw.items()})
    return raws, vocabulary, sorted(diagnostics, key=sort_key)


def load_corpus(sources_dir: Path) -> Corpus:
    """The validated corpus, or :class:`BuildError` listing every problem."""
    raws, vocabulary, diagnostics = validate_sources(sources_dir)
    if diagnostics or vocabulary is None:
        raise BuildError(diagnostics)
    documents = sorted((build_document(r) for r in raws), key=lambda d: d.id)
    return Corpus(documents=tuple(documents), vocabulary=vocabulary)
