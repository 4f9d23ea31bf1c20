"""The source file that supersedes an old edition: its metadata, and the provisions carried over.

Pure: YAML text out. The old file is never touched; the carried provisions keep their local ids (so
coverage and the Code's citations can follow them) and get their new refs, unverified, for review.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from build_tools.editions.rebase import Alignment, Match

_HEADER = (
    "# Written by 'attendance-code rebase' from {old}: the provisions it could match in the new edition,\n"
    "# with their new paragraph numbers. Every ref is unverified until an editor has checked it (and the\n"
    "# wording, in the project's own words) against the new edition; then set verified: true.\n"
)
_DROPPED = ("checked_url", "checked_version")  # they vouch for the old edition's text, not this one


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
