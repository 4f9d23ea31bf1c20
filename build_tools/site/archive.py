"""The outer layer of the editions archive: reads the published snapshots for the site build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_tools.editions import store
from build_tools.editions.snapshot import take_snapshot
from build_tools.render.editions import Archive, archive_pages, section_history


def site_pages(root: Path, code: Any) -> tuple[dict[str, str], dict[str, Any], list[dict[str, str]]]:
    """The archive's pages (paths under the site), each current section's history, and the editions list."""
    schema = root / store.SCHEMA_FILE
    archive = Archive(
        published=tuple(store.published(root)),
        current=take_snapshot(code),
        schema_text=schema.read_text(encoding="utf-8") if schema.exists() else "{}",
    )
    editions = [
        {"date": s["edition"]["date"], "url": f"editions/{s['edition']['date']}/"} for s in archive.published
    ]
    return archive_pages(archive), section_history(archive), editions
