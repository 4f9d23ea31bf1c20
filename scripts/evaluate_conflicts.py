"""Print precision and recall of conflict detection: on the corpus's labelled pairs
(tests/conflicts_labelled.yaml), and of the policy checker on the labelled development and held-out test
documents (tests/policy_eval/dev and tests/policy_eval/test; the test set is never tuned on).

Usage: python scripts/evaluate_conflicts.py [--threshold 0.5] [--set corpus|dev|test|all]
                                           [--only PREFIX] [--show]
  --only PREFIX   only the documents whose file names start with PREFIX (a batch, e.g. t2-)
  --show          lists the development set's misses and false alarms (never the test set's).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.claims.load import load_lexicon  # noqa: E402
from build_tools.conflicts.candidates import DEFAULT_THRESHOLD  # noqa: E402
from build_tools.conflicts.report import evaluate  # noqa: E402
from build_tools.decide import decided_candidates  # noqa: E402
from build_tools.diagnostics import BuildError  # noqa: E402
from build_tools.load.sources import load_corpus  # noqa: E402
from build_tools.policy.check import check_text  # noqa: E402
from build_tools.policy.evaluate import Tally, score  # noqa: E402
from build_tools.policy.rules import checker_rules  # noqa: E402
from build_tools.project import checker_project  # noqa: E402

LABELS = ROOT / "tests" / "conflicts_labelled.yaml"
DOCUMENTS = ROOT / "tests" / "policy_eval"


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


def documents(which: str, prefix: str = "") -> tuple[Tally, int]:
    """The policy checker's tally over one labelled set, and how many documents it holds."""
    loaded = checker_project(ROOT)  # what check-policy loads: the same rules, without the rest of the check
    assert loaded.lexicon is not None
    rules = checker_rules(loaded, loaded.lexicon)
    total = Tally()
    files = sorted((DOCUMENTS / which).glob(f"{prefix}*.labels.yaml"))
    for file in files:
        labels = yaml.safe_load(file.read_text(encoding="utf-8"))
        text = (file.parent / labels["document"]).read_text(encoding="utf-8")
        total.add(score(check_text(labels["document"], text, rules), labels))
    return total, len(files)


def print_documents(which: str, show: bool, prefix: str = "") -> None:
    tally, count = documents(which, prefix)
    if not count:
        print(f"{which} documents: none match {prefix}*")
        return
    batch = f" {prefix}*" if prefix else ""
    f = tally.figures()
    print(
        f"{which} documents{batch}: {count}  "
        f"conflicts labelled {tally.tp + tally.fn}, found {tally.tp + tally.fp}\n"
        f"  conflicts: precision {f['conflict_precision']:.3f}  recall {f['conflict_recall']:.3f}  "
        f"(TP {tally.tp}, FP {tally.fp}, FN {tally.fn})\n"
        f"  missing contents: precision {f['missing_precision']:.3f}  recall {f['missing_recall']:.3f}  "
        f"(TP {tally.missing_tp}, FP {tally.missing_fp}, FN {tally.missing_fn})\n"
        f"  agreements flagged as conflicts: {f['agreements_flagged']:.3f} "
        f"({tally.agreements_flagged} of {tally.agreements})"
    )
    kinds = sorted(tally.by_kind)
    print(
        "  precision per kind: "
        + ", ".join(
            f"{k} {Tally.ratio(tally.by_kind[k] - tally.by_kind_fp[k], tally.by_kind[k]):.2f} "
            f"({tally.by_kind[k]})"
            for k in kinds
        )
    )
    subjects = sorted(set(tally.by_subject_tp) | set(tally.by_subject_fn))
    print(
        "  recall per subject: "
        + ", ".join(
            f"{s} {Tally.ratio(tally.by_subject_tp[s], tally.by_subject_tp[s] + tally.by_subject_fn[s]):.2f}"
            for s in subjects
        )
    )
    if show and which == "dev":
        print("  misses:\n    " + "\n    ".join(tally.misses))
        print("  false alarms:\n    " + "\n    ".join(tally.false_alarms))


def corpus_figures(threshold: float) -> dict[str, float]:
    corpus = load_corpus(ROOT / "guidance_sources")
    pairs, _ = labelled(corpus)
    return evaluate(decided_candidates(corpus, load_lexicon(ROOT)[0]), pairs, threshold)


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args.add_argument("--set", choices=("corpus", "dev", "test", "all"), default="all")
    args.add_argument("--only", default="", metavar="PREFIX", help="only documents whose names start so")
    args.add_argument("--show", action="store_true")
    options = args.parse_args()
    threshold = options.threshold
    for which in ("dev", "test"):
        if options.set in (which, "all"):
            print_documents(which, options.show, options.only)
    if options.set not in ("corpus", "all"):
        return 0
    corpus = load_corpus(ROOT / "guidance_sources")
    pairs, missing = labelled(corpus)
    result = evaluate(decided_candidates(corpus, load_lexicon(ROOT)[0]), pairs, threshold)
    for pid in missing:
        print(f"warning: labelled provision {pid} is not in the corpus")
    print(f"labelled pairs: {len(pairs)} ({sum(t for *_, t in pairs)} conflicts)  threshold: {threshold}")
    print(
        f"precision: {result['precision']:.3f}  recall: {result['recall']:.3f}  "
        f"(TP {result['true_positives']}, FP {result['false_positives']}, FN {result['false_negatives']})"
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as exc:  # a broken lexicon or corpus: its diagnostics, not a traceback
        print("\n".join(str(d) for d in exc.diagnostics), file=sys.stderr)
        sys.exit(2)
