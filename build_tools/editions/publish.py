"""Publishing an edition: the snapshot with the changes since the last edition and why they were made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from build_tools.editions.diff import change_records, edition_changes
from build_tools.editions.snapshot import Snapshot, with_changes


class PublishError(ValueError):
    """The edition cannot be published as asked; the message says what to do."""


def check_date(date: str, published: Sequence[Snapshot]) -> None:
    try:
        dt.date.fromisoformat(date)
    except ValueError as exc:
        raise PublishError(f"--date {date!r} is not a date: write YYYY-MM-DD") from exc
    dates = [s["edition"]["date"] for s in published]
    if date in dates:
        raise PublishError(f"edition {date} is already published; a published edition never changes")
    if dates and date < max(dates):
        raise PublishError(f"edition {max(dates)} is already published; a new edition must be dated after it")


def parse_reasons(data: Any) -> dict[str, str]:
    """A changes file: a mapping of section id (or number) to the reason for its change."""
    if not isinstance(data, Mapping) or not all(isinstance(v, str) for v in data.values()):
        raise PublishError("the changes file must map each section id or number to a reason (text)")
    return {str(k): " ".join(v.split()) for k, v in data.items()}


def edition_snapshot(
    snapshot: Snapshot, published: Sequence[Snapshot], reasons: Mapping[str, str], default_reason: str
) -> Snapshot:
    """The snapshot to publish, with one change record per section that differs from the last edition."""
    previous = published[-1] if published else None
    if previous is None:
        return snapshot
    changes = edition_changes(previous, snapshot)
    missing = [
        c.number for c in changes if not (reasons.get(c.id) or reasons.get(c.number) or default_reason)
    ]
    if missing:
        raise PublishError(
            f"give the reason for the change to s.{', s.'.join(missing)}: --reason TEXT for all, or a "
            "--changes FILE mapping each section id to its reason"
        )
    return with_changes(snapshot, change_records(changes, reasons, default_reason))
