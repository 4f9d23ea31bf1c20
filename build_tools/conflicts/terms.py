"""The known pairs of names for one concept (``build_tools/data/conflict_terms.yaml``), which the
contradiction rules treat as the same thing said two ways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_tools.conflicts.candidates import TermPair
from build_tools.load.yaml import read_yaml

TERMS_FILE = Path(__file__).resolve().parents[1] / "data" / "conflict_terms.yaml"


def parse_terms(data: Any) -> tuple[TermPair, ...]:
    pairs = data.get("pairs") if isinstance(data, dict) else None
    return tuple(
        TermPair(str(p["old"]), str(p["new"]), str(p.get("note") or ""))
        for p in pairs or ()
        if isinstance(p, dict) and p.get("old") and p.get("new")
    )


def load_terms(file: Path = TERMS_FILE) -> tuple[TermPair, ...]:
    """The known pairs of names for one concept (``build_tools/data/conflict_terms.yaml``)."""
    raw, _ = read_yaml(file)
    return parse_terms(raw.data) if raw else ()
