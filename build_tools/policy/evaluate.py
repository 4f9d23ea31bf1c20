"""Scores of the policy checker against labelled documents (``tests/policy_eval/{dev,test}``).

A label names a quote from one statement, a subject and a verdict. A finding matches a label when its
statement contains the quote and its subject is the label's. Every conflict finding with no conflict label
counts against precision, so a set labelled loosely can only make the figures worse, never better.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from build_tools.claims.text import normalise

# The labelling brief files consultant-evidence demands under the s.19 subject; the Code (and the
# checker) keeps them in their own section, 9.3.
ALIASES = {"s19-evidence": "s19-trigger"}


# Counting illness towards a penalty notice is one clash that the brief lets labellers file under either
# subject; a finding of that kind under one matches a label under the other.
_EITHER = {"penalty-threshold", "penalty-illness"}


def _same(finding: dict[str, Any], subject: str) -> bool:
    found = ALIASES.get(finding["subject"], finding["subject"])
    if found == subject:
        return True
    return finding["kind"] == "counts-authorised-absence" and {found, subject} == _EITHER


def _plain(text: str) -> str:
    """A quote or statement as the engine sees it: normalised, no emphasis, table cells joined by ';'."""
    text = normalise(text).replace("**", "").replace("__", "").replace("`", "")
    text = re.sub(r"\s*\|\s*", "; ", text.strip().strip("|").strip())
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    agreements: int = 0
    agreements_flagged: int = 0
    missing_tp: int = 0
    missing_fp: int = 0
    missing_fn: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_kind_fp: Counter[str] = field(default_factory=Counter)
    by_subject_fn: Counter[str] = field(default_factory=Counter)
    by_subject_tp: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in (
            "tp",
            "fp",
            "fn",
            "agreements",
            "agreements_flagged",
            "missing_tp",
            "missing_fp",
            "missing_fn",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("by_kind", "by_kind_fp", "by_subject_fn", "by_subject_tp"):
            getattr(self, name).update(getattr(other, name))
        self.misses += other.misses
        self.false_alarms += other.false_alarms

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    def figures(self) -> dict[str, float]:
        return {
            "conflict_precision": self.ratio(self.tp, self.tp + self.fp),
            "conflict_recall": self.ratio(self.tp, self.tp + self.fn),
            "missing_precision": self.ratio(self.missing_tp, self.missing_tp + self.missing_fp),
            "missing_recall": self.ratio(self.missing_tp, self.missing_tp + self.missing_fn),
            "agreements_flagged": self.ratio(self.agreements_flagged, self.agreements)
            if self.agreements
            else 0.0,
        }


def score(report: dict[str, Any], labels: dict[str, Any]) -> Tally:
    """How one checker report compares with one document's labels."""
    tally = Tally()
    statements = {f["statement"]["index"]: _plain(f["statement"]["text"]) for f in report["findings"]}
    conflicts = [f for f in report["findings"] if f["type"] == "conflict"]
    matched: set[str] = set()
    ordered = sorted(labels.get("statements") or [], key=lambda label: label["verdict"] != "conflict")
    for label in ordered:
        quote, subject = _plain(str(label["quote"])), label["subject"]
        hits = [f for f in conflicts if _same(f, subject) and quote in statements[f["statement"]["index"]]]
        if label["verdict"] == "conflict":
            if hits:
                tally.tp += 1
                tally.by_subject_tp[subject] += 1
                matched.update(f["id"] for f in hits)
            else:
                tally.fn += 1
                tally.by_subject_fn[subject] += 1
                tally.misses.append(f"{labels['document']}: [{subject}] {label['quote']}")
        else:
            tally.agreements += 1
            same_statement = [f for f in conflicts if quote in statements[f["statement"]["index"]]]
            if hits or any(f["id"] not in matched for f in same_statement):
                tally.agreements_flagged += 1
    for f in conflicts:
        tally.by_kind[f["kind"]] += 1
        if f["id"] not in matched:
            tally.fp += 1
            tally.by_kind_fp[f["kind"]] += 1
            tally.false_alarms.append(
                f"{labels['document']}: [{f['subject']}] {f['statement']['text'][:110]}"
            )
    if labels.get("kind") == "school-policy":
        expected = set(labels.get("missing") or [])
        found = {m["id"] for m in report["missing"]}
        tally.missing_tp += len(expected & found)
        tally.missing_fp += len(found - expected)
        tally.missing_fn += len(expected - found)
        # the contents' errors, like the statements', are listed only for the development set
        tally.misses += [
            f"{labels['document']}: [contents] {c} is missing, not found so" for c in sorted(expected - found)
        ]
        tally.false_alarms += [
            f"{labels['document']}: [contents] {c} is there, reported missing"
            for c in sorted(found - expected)
        ]
    return tally
