"""Everything under ``guides/`` at once: the guides, letters and trainers' pack, checked together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_tools.diagnostics import BuildError, Diagnostic, Severity
from build_tools.guides.guide import Guide, load_guides, read_guides
from build_tools.guides.letters import Letter, letter_link_diagnostics, read_letters
from build_tools.guides.readability import readability_diagnostics
from build_tools.guides.reader import GUIDES_DIR, Item
from build_tools.guides.training import TrainingPack, read_training
from build_tools.model import Code


@dataclass(frozen=True)
class GuideSet:
    """Everything under ``guides/``, checked."""

    guides: tuple[Guide, ...]
    letters: tuple[Letter, ...]
    training: TrainingPack | None


def load_guide_set(root: Path, code: Code) -> GuideSet:
    """Guides, letters and the trainers' pack, or :class:`BuildError` with every error."""
    guides, found = read_guides(root, code)
    letters, problems = read_letters(root, code)
    training, more = read_training(root, code)
    more += letter_link_diagnostics(_linked(guides, letters), letters)
    errors = [d for d in found + problems + more if d.severity is Severity.ERROR]
    if errors:
        raise BuildError(errors)
    return GuideSet(load_guides(root, code) if guides else (), letters, training)


def guide_diagnostics(root: Path, code: Code) -> list[Diagnostic]:
    """Everything wrong with ``guides/`` (guides, letters, trainers' pack), for ``check``."""
    if not (root / GUIDES_DIR).is_dir():
        return []
    guides, found = read_guides(root, code)
    letters, problems = read_letters(root, code)
    found += problems + read_training(root, code)[1]
    found += letter_link_diagnostics(_linked(guides, letters), letters)
    return found + readability_diagnostics(guides)


def _linked(guides: tuple[Guide, ...], letters: tuple[Letter, ...]) -> list[tuple[str, Item]]:
    """Every step that links a letter, with the file it is in."""
    steps = [(g.path, i) for g in guides for i in g.items]
    steps += [(x.path, i) for x in letters for i in x.next_steps + x.no_reply]
    return [(path, item) for path, item in steps if item.letter]
