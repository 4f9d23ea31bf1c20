"""What ``attendance-code conflicts`` reports, as data and as text (the CLI prints it).

The JSON keys are an interface (README, "conflicts --json"): add keys, never
rename or remove them.
"""

from __future__ import annotations

import textwrap
from typing import Any

from build_tools.conflicts.candidates import Candidate
from build_tools.conflicts.register import Register
from build_tools.model import Corpus


def _provision(corpus: Corpus, provision_id: str) -> dict[str, Any]:
    p = corpus.provision(provision_id)
    doc = corpus.document(p.doc_id) if p else None
    return {
        "id": provision_id,
        "document": p.doc_id if p else None,
        "document_status": doc.status.value if doc else None,
        "ref": p.ref if p else None,
        "text": p.text if p else None,
    }


def review_status(register: Register, candidate: Candidate) -> dict[str, Any]:
    entry = register.for_candidate(candidate.id)
    return {"status": entry.status.value if entry else "unreviewed", "entry": entry.id if entry else None}


def report_data(
    candidates: list[Candidate], corpus: Corpus, register: Register, threshold: float
) -> dict[str, Any]:
    """Every candidate, above the threshold or not, with its provisions and register status."""
    rows: list[dict[str, Any]] = [
        {
            "id": c.id,
            "kind": c.kind.value,
            "score": c.score,
            "above_threshold": c.score >= threshold,
            "reasons": list(c.reasons),
            "provisions": [_provision(corpus, c.provision_a), _provision(corpus, c.provision_b)],
            "register": review_status(register, c),
        }
        for c in candidates
    ]
    above = [r for r in rows if r["above_threshold"]]
    return {
        "threshold": threshold,
        "counts": {
            "candidates": len(rows),
            "above_threshold": len(above),
            "confirmed": sum(1 for r in above if r["register"]["status"] == "confirmed"),
            "dismissed": sum(1 for r in above if r["register"]["status"] == "dismissed"),
            "unreviewed": sum(1 for r in above if r["register"]["status"] == "unreviewed"),
            "register_entries": len(register.entries),
            "register_confirmed": len(register.confirmed),
        },
        "candidates": rows,
    }


def report_text(data: dict[str, Any]) -> str:
    """A report an editor can read in a terminal: candidates above the threshold only."""
    lines: list[str] = []
    for row in data["candidates"]:
        if not row["above_threshold"]:
            continue
        a, b = row["provisions"]
        lines.append(
            f"{row['id']}  {row['kind']}  score {row['score']:.2f}  [{row['register']['status']}"
            + (f": {row['register']['entry']}]" if row["register"]["entry"] else "]")
        )
        lines.append(f"  A {a['id']} ({a['ref']})")
        lines.append(f"  B {b['id']} ({b['ref']})")
        for reason in row["reasons"]:
            lines.extend(textwrap.wrap(reason, 100, initial_indent="  - ", subsequent_indent="    "))
        lines.append("")
    counts = data["counts"]
    lines.append(
        f"{counts['candidates']} candidates; "
        f"{counts['above_threshold']} at or above {data['threshold']:.2f}: "
        f"{counts['confirmed']} confirmed, {counts['dismissed']} dismissed, "
        f"{counts['unreviewed']} unreviewed; "
        f"register: {counts['register_entries']} entries ({counts['register_confirmed']} confirmed)"
    )
    return "\n".join(lines)


def evaluate(
    candidates: list[Candidate], labelled: list[tuple[str, str, bool]], threshold: float
) -> dict[str, float | int]:
    """Precision and recall of detection on labelled pairs (a, b, is_conflict) at a threshold."""
    flagged = {frozenset(c.provisions) for c in candidates if c.score >= threshold}
    tp = sum(1 for a, b, truth in labelled if truth and frozenset((a, b)) in flagged)
    fp = sum(1 for a, b, truth in labelled if not truth and frozenset((a, b)) in flagged)
    positives = sum(1 for _, _, truth in labelled if truth)
    return {
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": positives - tp,
        "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "recall": round(tp / positives, 3) if positives else 1.0,
    }
