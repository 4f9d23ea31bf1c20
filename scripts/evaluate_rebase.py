"""How well 'attendance-code rebase' aligns provisions with a new edition: dev and held-out figures.

usage: python scripts/evaluate_rebase.py

dev: tests/fixtures/rebase/guide-y.yaml against guide-y-2026.txt (the aligner was written against it).
held-out: real wt-2024 digests against tests/fixtures/rebase/heldout/new-edition.txt, labelled before
the aligner was first run on it and never tuned on. Prints, per set: provisions mapped to the right new
paragraph (a dropped one must map to nothing), figure changes found, and uncovered paragraphs found.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.editions.paragraphs import split_paragraphs  # noqa: E402
from build_tools.editions.rebase import align  # noqa: E402
from build_tools.load.sources import build_document  # noqa: E402
from build_tools.load.yaml import read_yaml  # noqa: E402
from build_tools.project import check_sources  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "rebase"
SETS = {
    "dev": (FIXTURES / "dev-labels.yaml", FIXTURES / "guide-y-2026.txt", FIXTURES / "guide-y.yaml"),
    "held-out": (FIXTURES / "heldout" / "labels.yaml", FIXTURES / "heldout" / "new-edition.txt", None),
}


def provisions(labels: dict[str, Any], source: Path | None) -> list[Any]:
    if source is not None:
        raw, _ = read_yaml(source)
        assert raw is not None
        document = build_document(raw)
    else:
        corpus = check_sources(ROOT).corpus
        assert corpus is not None
        document = corpus.document(labels["document"])
    wanted = labels["provisions"]
    return [p for p in document.provisions if p.local_id in wanted]


def evaluate(name: str) -> dict[str, tuple[int, int]]:
    label_file, text_file, source = SETS[name]
    labels = yaml.safe_load(label_file.read_text(encoding="utf-8"))
    alignment = align(provisions(labels, source), split_paragraphs(text_file.read_text(encoding="utf-8")))
    got = {m.provision.local_id: m.paragraph.number for m in alignment.matches}
    expected = labels["expected"]
    right = sum(1 for pid, want in expected.items() if got.get(pid) == want)
    figures = {m.provision.local_id for m in alignment.matches if m.figures_changed}
    uncovered = {p.number for p in alignment.uncovered}
    return {
        "mapped": (right, len(expected)),
        "figures": (len(figures & set(labels["figures_changed"])), len(labels["figures_changed"])),
        "figures_false": (len(figures - set(labels["figures_changed"])), len(figures)),
        "uncovered": (len(uncovered & set(labels["uncovered"])), len(labels["uncovered"])),
        "uncovered_false": (len(uncovered - set(labels["uncovered"])), len(uncovered)),
    }


def main() -> None:
    for name in SETS:
        r = evaluate(name)
        print(
            f"{name:<9} mapped right {r['mapped'][0]}/{r['mapped'][1]}; figure changes found "
            f"{r['figures'][0]}/{r['figures'][1]} ({r['figures_false'][0]} false); uncovered paragraphs "
            f"found {r['uncovered'][0]}/{r['uncovered'][1]} ({r['uncovered_false'][0]} false)"
        )


if __name__ == "__main__":
    main()
