"""The outer layer of ``attendance-code publish`` and ``rebase``: everything they read and write on disk."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import yaml

from build_tools import project
from build_tools.editions import store
from build_tools.editions.paragraphs import split_paragraphs
from build_tools.editions.publish import PublishError, check_date, edition_snapshot, parse_reasons
from build_tools.editions.rebase import align, report_text
from build_tools.editions.snapshot import take_snapshot
from build_tools.editions.supersede import default_id, new_source
from build_tools.load.lock import read_lock
from build_tools.site import numbers

EDITION_FILE = Path("code_of_practice") / "edition.yaml"
_DATE_LINE = re.compile(r'^date:\s*"?[0-9-]*"?\s*$', re.M)


def write_edition(root: Path, snapshot: dict[str, Any]) -> Path:
    """Validate one snapshot, write it and record its digest in the index; returns its path."""
    text = store.validated_text(root, snapshot)
    date = snapshot["edition"]["date"]
    target = root / store.snapshot_path(date)
    index = store.indexed(root, date, text)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    (root / store.INDEX_FILE).write_text(index, encoding="utf-8")
    return target


class PublishFailed(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def publish(root: Path, date: str, reason: str, changes_file: str | None, dry_run: bool = False) -> list[str]:
    """Publish edition ``date`` of the project at ``root``; returns what was done, line by line.

    ``dry_run`` lists what would be published (each change and its reason so far) and writes nothing.
    """
    result = project.check_project(root, detect_conflicts=False)
    blocking = [d for d in result.errors if "not yet recorded as published" not in d.message]
    if result.code is None or blocking:
        raise PublishFailed(
            [str(d) for d in blocking or result.errors] + ["publish: fix the errors above first"]
        )
    published = store.published(root)
    try:
        check_date(date, published)
        reasons = (
            parse_reasons(yaml.safe_load(Path(changes_file).read_text(encoding="utf-8")))
            if changes_file
            else {}
        )
        code = dataclasses.replace(result.code, edition=dataclasses.replace(result.code.edition, date=date))
        entries = result.register.entries if result.register else ()
        default = reason or ("(reason not given yet)" if dry_run else "")
        snapshot = edition_snapshot(take_snapshot(code, entries), published, reasons, default)
    except (PublishError, OSError, yaml.YAMLError) as exc:
        raise PublishFailed([f"publish: {exc}"]) from exc
    changes = [f"  {c['kind']:<9} s.{c['number']} {c['section']}: {c['reason']}" for c in snapshot["changes"]]
    if dry_run:
        return changes + [f"publish --dry-run: edition {date} would record {len(changes)} changed section(s)"]
    try:  # the snapshot first: it is validated, and nothing else is written if it fails
        path = write_edition(root, snapshot)
    except store.InvalidSnapshot as exc:
        raise PublishFailed([f"publish: {exc}; nothing was published"]) from exc
    locked, _ = read_lock(root)
    updated = numbers.updated_lock(code, locked)
    numbers.write_lock(root, updated)
    edition_file = root / EDITION_FILE
    text = edition_file.read_text(encoding="utf-8")
    edition_file.write_text(_DATE_LINE.sub(f'date: "{date}"', text, count=1), encoding="utf-8")
    lines = [f"recorded s.{e.number} {e.id}" for e in updated[len(locked) :]]
    lines += changes
    lines.append(
        f"published edition {date}: {path.relative_to(root)} ({len(snapshot['sections'])} sections, "
        f"{len(snapshot['changes'])} changed); commit code_of_practice/ and rebuild the site"
    )
    return lines


# --- rebase ------------------------------------------------------------------------------------------


class RebaseFailed(Exception):
    pass


def read_text(file: Path) -> str:
    """The new edition's text: plain text as is, a PDF through pypdf (page by page)."""
    if not file.exists():
        raise RebaseFailed(f"{file}: no such file")
    if file.suffix.lower() == ".pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            return "\n".join(page.extract_text() or "" for page in PdfReader(file).pages)
        except (PdfReadError, OSError, ValueError) as exc:
            raise RebaseFailed(f"{file}: not a readable PDF ({exc})") from exc
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RebaseFailed(f"{file}: not UTF-8 text; give a .txt (UTF-8) or a .pdf") from exc


def _source(root: Path, source: str) -> tuple[Any, Path]:
    result = project.check_sources(root)
    if result.corpus is None:
        raise RebaseFailed("\n".join(str(d) for d in result.errors) + "\nrebase: fix the sources first")
    doc_id = Path(source).stem if source.endswith((".yaml", ".yml")) else source
    doc = result.corpus.document(doc_id)
    if doc is None:
        raise RebaseFailed(f"rebase: no source document '{doc_id}' in {project.SOURCES_DIR}/")
    return doc, root / doc.path if not Path(doc.path).is_absolute() else Path(doc.path)


def rebase(
    root: Path, source: str, text_file: Path, write: bool, meta: dict[str, str]
) -> tuple[str, dict[str, Any]]:
    """The editors' report (text and JSON); with ``write``, the new source file too."""
    doc, path = _source(root, source)
    paragraphs = split_paragraphs(read_text(text_file))
    if not paragraphs:
        raise RebaseFailed(f"{text_file}: no numbered paragraphs found (lines starting '12.' or '12 ')")
    alignment = align(doc.provisions, paragraphs)
    data = {"source": doc.id, "paragraphs": len(paragraphs), **alignment.as_json()}
    text = report_text(doc.id, alignment)
    if write:
        if not meta.get("published"):
            raise RebaseFailed("rebase --write needs --published YYYY-MM-DD (the new edition's date)")
        new_id = meta.pop("id", None) or default_id(doc.id, meta["published"])
        target = path.parent / f"{new_id}.yaml"
        if target.exists():
            raise RebaseFailed(f"{target}: already exists; a source file is never overwritten (give --id)")
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        target.write_text(new_source(raw, doc, alignment, new_id, meta), encoding="utf-8")
        data["written"] = str(target.relative_to(root))
        text += (
            f"\nwrote {data['written']} ({len(alignment.matches)} provisions, refs unverified for review); "
            f"{doc.id} is unchanged. Run 'attendance-code check': it lists every Code statement still "
            f"resting on {doc.id}."
        )
    return text, data
