"""The published editions of a project, read once, and what ``check`` says about them."""

from __future__ import annotations

import json
from collections.abc import Sequence
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
from build_tools.load.lock import LOCK_FILE


def load_editions(
    root: Path, code: Any, locked: Sequence[Any]
) -> tuple[store.Editions, list[Diagnostic], dict[str, Any]]:
    """The published editions, every problem with them, and the figures ``check`` prints about them."""
    stored, index_problem = store.read_stored(root)
    schema_text = store.read_schema_text(root)  # read once: checked against here, published as open data
    editions = store.Editions(
        published=tuple(
            store.Published(s.date, s.snapshot, s.text)
            for s in stored
            if s.snapshot is not None and s.text is not None and s.recorded is not None
        ),
        schema_text=schema_text,
    )
    found = stored_diagnostics(stored, index_problem)
    found += schema_diagnostics(stored, json.loads(schema_text))
    found += number_diagnostics(editions.snapshots, locked, LOCK_FILE)
    found += resting_on_superseded(code)
    extra: dict[str, Any] = {"editions": [p.date for p in editions.published]}
    if editions.published:
        # Sections whose text differs from the latest published edition: they await the next publish.
        extra["unpublished_changes"] = len(edition_changes(editions.snapshots[-1], take_snapshot(code)))
    return editions, found, extra
