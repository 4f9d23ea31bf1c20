"""Print precision and recall of conflict detection on tests/conflicts_labelled.yaml.

Usage: python scripts/evaluate_conflicts.py [--threshold 0.5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.conflicts.candidates import DEFAULT_THRESHOLD  # noqa: E402
from build_tools.conflicts.report import evaluate  # noqa: E402
from build_tools.conflicts.review import detect  # noqa: E402
from build_tools.load.sources import load_corpus  # noqa: E402

LABELS = ROOT / "tests" / "conflicts_labelled.yaml"


def labelled(corpus) -> tuple[list[tuple[str, str, bool]], list[str]]:
    """The labelled pairs whose provisions exist, and the ids that do not."""
    pairs = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["pairs"]
    missing = sorted({p[k] for p in pairs for k in ("a", "b") if corpus.provision(p[k]) is None})
    known = [
        (p["a"], p["b"], bool(p["conflict"]))
        for p in pairs
        if corpus.provision(p["a"]) and corpus.provision(p["b"])
    ]
    return known, missing


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    threshold = args.parse_args().threshold
    corpus = load_corpus(ROOT / "guidance_sources")
    pairs, missing = labelled(corpus)
    result = evaluate(detect(corpus), pairs, threshold)
    for pid in missing:
        print(f"warning: labelled provision {pid} is not in the corpus")
    print(f"labelled pairs: {len(pairs)} ({sum(t for *_, t in pairs)} conflicts)  threshold: {threshold}")
    print(
        f"precision: {result['precision']:.3f}  recall: {result['recall']:.3f}  "
        f"(TP {result['true_positives']}, FP {result['false_positives']}, FN {result['false_negatives']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
