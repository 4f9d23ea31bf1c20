"""What ``check`` reports about a project's editions (reads ``code_of_practice/editions/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_tools.diagnostics import Diagnostic
from build_tools.editions import store
from build_tools.editions.diff import edition_changes
from build_tools.editions.rules import (
    number_diagnostics,
    resting_on_superseded,
    schema_diagnostics,
    stored_diagnostics,
)
from build_tools.editions.snapshot import take_snapshot
from build_tools.load.lock import LOCK_FILE, read_lock


def edition_diagnostics(root: Path, code: Any) -> tuple[list[Diagnostic], dict[str, Any]]:
    """Problems with the published editions, and the figures ``check`` prints about them."""
    stored, index_problem = store.read_stored(root)
    published = [s.snapshot for s in stored if s.snapshot is not None and s.recorded is not None]
    locked, _ = read_lock(root)
    found = stored_diagnostics(stored, index_problem)
    found += schema_diagnostics(stored, store.read_schema(root))
    found += number_diagnostics(published, locked, LOCK_FILE)
    found += resting_on_superseded(code)
    extra: dict[str, Any] = {"editions": [s["edition"]["date"] for s in published]}
    if published:
        # Sections whose text differs from the latest published edition: they await the next publish.
        extra["unpublished_changes"] = len(edition_changes(published[-1], take_snapshot(code)))
    return found, extra
