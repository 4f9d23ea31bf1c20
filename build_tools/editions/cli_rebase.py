"""The outer layer of ``attendance-code rebase``: read a new edition's text, report, write the new source."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from build_tools import project
from build_tools.editions.paragraphs import split_paragraphs
from build_tools.editions.rebase import Alignment, Match, align, report_text

_HEADER = (
    "# Written by 'attendance-code rebase' from {old}: the provisions it could match in the new edition,\n"
    "# with their new paragraph numbers. Every ref is unverified until an editor has checked it (and the\n"
    "# wording, in the project's own words) against the new edition; then set verified: true.\n"
)
_DROPPED = ("checked_url", "checked_version")  # they vouch for the old edition's text, not this one


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


def default_id(old_id: str, published: str) -> str:
    """wt-2024 published 2026-07-01 -> wt-2026; an id without a year gets one."""
    year = published[:4]
    stem = re.sub(r"-(19|20)\d\d(-\d\d)?$", "", old_id)
    new = f"{stem}-{year}"
    return new if new != old_id else f"{stem}-{published[:7]}"


def _carried(raw: dict[str, Any], match: Match, old_label: str) -> dict[str, Any]:
    item = {k: v for k, v in raw.items() if k not in _DROPPED}
    notes = [
        f"Carried over from {old_label} {match.provision.ref} by an automatic comparison with the new "
        f"edition (matched paragraph {match.paragraph.number}, score {match.score:.2f}); check the number "
        "and the wording against the new edition."
    ]
    if match.figures_changed:
        notes.append(
            f"The figures differ: {', '.join(match.figures_before)} before, "
            f"{', '.join(match.figures_after) or 'none'} now; rewrite the text."
        )
    if match.force_changed:
        notes.append(f"The force may have changed: the new text says {', '.join(match.force_after)}.")
    item.update(ref=match.ref, verified=False, verification_note=" ".join(notes))
    if match.paragraph.heading:
        item["heading"] = match.paragraph.heading
    return item


def new_source(raw: dict[str, Any], doc: Any, alignment: Alignment, new_id: str, meta: dict[str, str]) -> str:
    """YAML of the superseding source: the old document's metadata updated, the matched provisions carried."""
    document = {k: v for k, v in raw["document"].items() if k not in ("superseded_by", "edition", "notes")}
    document.update(id=new_id, supersedes=[doc.id], **{k: v for k, v in meta.items() if v})
    document["in_force"] = meta.get("in_force") or meta["published"]
    old_year, new_year = str(raw["document"].get("published", ""))[:4], meta["published"][:4]
    if old_year and f"({old_year})" in str(document.get("short_title", "")):  # "Working together (2024)"
        document["short_title"] = str(document["short_title"]).replace(f"({old_year})", f"({new_year})")
    by_id = {str(p.get("id")): p for p in raw.get("provisions") or () if isinstance(p, dict)}
    old_label = f"{doc.short_title}"
    provisions = [_carried(by_id[m.provision.local_id], m, old_label) for m in alignment.matches]
    body = yaml.safe_dump(
        {"document": document, "provisions": provisions}, sort_keys=False, allow_unicode=True, width=110
    )
    return _HEADER.format(old=doc.id) + body


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
