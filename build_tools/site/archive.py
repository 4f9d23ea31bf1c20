"""The outer layer of the editions archive: reads the published snapshots for the site build."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.editions import store
from build_tools.editions.snapshot import take_snapshot
from build_tools.model import Code
from build_tools.render.editions import Archive, SectionHistory, archive_pages, section_history
from build_tools.site.harden import harden


@dataclass(frozen=True)
class SiteArchive:
    """What the build needs from the editions: their pages, and what the current pages say about them."""

    pages: Mapping[str, str] = field(default_factory=dict)
    """Finished HTML and data files, by path under ``site/`` (written after MkDocs, never through it)."""
    history: Mapping[str, SectionHistory] = field(default_factory=dict)
    editions: tuple[Mapping[str, str], ...] = ()


def site_archive(root: Path, code: Code) -> SiteArchive:
    schema = root / store.SCHEMA_FILE
    stored, _ = store.read_stored(root)
    published = [s for s in stored if s.snapshot is not None and s.recorded is not None]
    archive = Archive(
        published=tuple(s.snapshot for s in published if s.snapshot is not None),
        current=take_snapshot(code),
        schema_text=schema.read_text(encoding="utf-8") if schema.exists() else "{}",
        texts={s.date: s.text for s in published if s.text is not None},
    )
    editions = tuple(
        {"date": s["edition"]["date"], "url": f"editions/{s['edition']['date']}/"} for s in archive.published
    )
    # Hardened here, in memory: the build writes these after hardening the MkDocs pages, so each file of
    # the archive is written once (file operations, not rendering, dominate an archive's cost).
    pages = {k: harden(v) if k.endswith(".html") else v for k, v in archive_pages(archive).items()}
    return SiteArchive(pages, section_history(archive), editions)


def changed_files(site: Path, pages: Mapping[str, str]) -> dict[str, Any]:
    """The archive files that differ from what ``site/`` holds (for the incremental rebuild)."""
    return {
        rel: text
        for rel, text in pages.items()
        if not (site / rel).exists() or (site / rel).read_text(encoding="utf-8") != text
    }
