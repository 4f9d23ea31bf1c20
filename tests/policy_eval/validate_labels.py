#!/usr/bin/env python3
"""Validate the labelled policy-checker evaluation documents.

For every ``*.labels.yaml`` under ``tests/policy_eval/`` (any subfolder) this
checks, against the labelling brief (issue 15):

* the labelled document exists next to the labels file;
* ``kind`` is one of the allowed document kinds;
* every quote is a string of 15 to 120 characters, lies within one sentence
  (no line break or sentence break inside it) and occurs exactly once in the
  document;
* every subject is one of the subject ids, every verdict is conflict/agrees,
  and no quote carries the same subject twice;
* for kind ``school-policy``, ``missing`` + ``present`` are exactly the 11
  required-content ids, with no overlap and no repeats;
* for other kinds, ``missing``/``present`` (if given) use only valid ids.

Prints ``file:quote: problem`` lines and exits 1 on any failure, else prints
a summary and exits 0.  Usage: ``python tests/policy_eval/validate_labels.py
[ROOT]`` (ROOT defaults to the folder holding this script).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

SUBJECTS = {
    "medical-evidence",
    "illness-authorised",
    "mental-health-code",
    "medical-appointments",
    "persistent-absence",
    "severe-absence",
    "penalty-threshold",
    "penalty-amount",
    "penalty-limit",
    "penalty-illness",
    "part-time-end-date",
    "part-time-agreement",
    "part-time-purpose",
    "part-time-code",
    "s19-trigger",
    "leave-grounds",
    "leave-advance",
    "walking-distance",
    "informal-exclusion",
    "sixth-day",
    "notice-to-improve",
    "home-education-pressure",
    "remote-education-code",
    "reasonable-adjustments",
    "old-terms",
}

CONTENT_IDS = {
    "times-and-registers",
    "reporting-absence",
    "leave-requests",
    "senior-attendance-champion",
    "contacts",
    "daily-processes",
    "incentives",
    "data-strategy",
    "persistent-severe-strategy",
    "sanctions-point",
    "send-health-support",
}

KINDS = {"school-policy", "trust-procedure", "la-protocol", "la-code-of-conduct", "school-letter"}
VERDICTS = {"conflict", "agrees"}
MIN_QUOTE, MAX_QUOTE = 15, 120
# A full stop/question/exclamation mark followed by space and a capital letter
# (or a Markdown bold/heading start) marks a sentence boundary inside a quote.
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z*#|]")


def short(text: str, width: int = 60) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 3] + "..."


def check_file(path: Path, root: Path) -> tuple[list[str], dict]:
    errors: list[str] = []
    rel = path.relative_to(root.parent) if root.parent in path.parents else path
    stats = {"conflict": 0, "agrees": 0, "missing": 0}

    def err(where: str, msg: str) -> None:
        errors.append(f"{rel}:{short(where)}: {msg}")

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        err("-", f"YAML error: {exc}")
        return errors, stats
    if not isinstance(data, dict):
        err("-", "labels file is not a mapping")
        return errors, stats

    unknown_keys = set(data) - {"document", "kind", "statements", "missing", "present"}
    if unknown_keys:
        err("-", f"unknown top-level keys {sorted(unknown_keys)}")

    doc_name = data.get("document")
    if not isinstance(doc_name, str) or not doc_name:
        err("-", "missing 'document'")
        return errors, stats
    expected = path.name[: -len(".labels.yaml")] + ".md"
    if doc_name != expected:
        err("-", f"document is {doc_name!r}, expected {expected!r} for this labels file")
    doc_path = path.parent / doc_name
    if not doc_path.is_file():
        err("-", f"document {doc_name} not found next to the labels file")
        return errors, stats
    text = doc_path.read_text(encoding="utf-8")

    kind = data.get("kind")
    if kind not in KINDS:
        err("-", f"kind {kind!r} not in {sorted(KINDS)}")

    statements = data.get("statements")
    if not isinstance(statements, list) or not statements:
        err("-", "'statements' must be a non-empty list")
        statements = []
    seen: set[tuple[str, str]] = set()
    for i, st in enumerate(statements):
        if not isinstance(st, dict):
            err(f"statement {i}", "statement is not a mapping")
            continue
        quote = st.get("quote")
        where = quote if isinstance(quote, str) else f"statement {i}"
        extra = set(st) - {"quote", "subject", "verdict", "why"}
        if extra:
            err(where, f"unknown keys {sorted(extra)}")
        if not isinstance(quote, str) or not quote:
            err(where, "quote missing or not a string")
        else:
            if not MIN_QUOTE <= len(quote) <= MAX_QUOTE:
                err(where, f"quote is {len(quote)} characters (allowed {MIN_QUOTE}-{MAX_QUOTE})")
            if "\n" in quote:
                err(where, "quote contains a line break")
            if SENTENCE_BREAK.search(quote):
                err(where, "quote spans more than one sentence")
            n = text.count(quote)
            if n != 1:
                err(where, f"quote occurs {n} times in {doc_name} (must be exactly once)")
        subject = st.get("subject")
        if subject not in SUBJECTS:
            err(where, f"subject {subject!r} is not a brief subject id")
        verdict = st.get("verdict")
        if verdict not in VERDICTS:
            err(where, f"verdict {verdict!r} not in {sorted(VERDICTS)}")
        else:
            stats[verdict] += 1
        why = st.get("why")
        if not isinstance(why, str) or not why.strip():
            err(where, "'why' missing or empty")
        key = (str(quote), str(subject))
        if key in seen:
            err(where, f"duplicate label (same quote, subject {subject})")
        seen.add(key)

    missing = data.get("missing")
    present = data.get("present")
    for name, value in (("missing", missing), ("present", present)):
        if value is None:
            continue
        if not isinstance(value, list):
            err("-", f"'{name}' must be a list")
            continue
        for cid in value:
            if cid not in CONTENT_IDS:
                err("-", f"{name}: {cid!r} is not a required-content id")
        dups = sorted({c for c in value if value.count(c) > 1})
        if dups:
            err("-", f"{name}: repeated ids {dups}")
    if kind == "school-policy":
        if not isinstance(missing, list) or not isinstance(present, list):
            err("-", "school-policy needs both 'missing' and 'present' lists")
        else:
            overlap = set(missing) & set(present)
            if overlap:
                err("-", f"ids both missing and present: {sorted(overlap)}")
            absent = CONTENT_IDS - set(missing) - set(present)
            if absent:
                err("-", f"ids neither missing nor present: {sorted(absent)}")
            stats["missing"] = len(missing)
    return errors, stats


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve() if len(argv) > 1 else Path(__file__).resolve().parent
    files = sorted(root.rglob("*.labels.yaml"))
    if not files:
        print(f"no *.labels.yaml files under {root}", file=sys.stderr)
        return 1
    all_errors: list[str] = []
    for path in files:
        errors, stats = check_file(path, root)
        all_errors.extend(errors)
        rel = path.relative_to(root)
        print(
            f"{rel}: {stats['conflict']} conflict, {stats['agrees']} agrees"
            + (f", {stats['missing']} missing" if stats["missing"] else "")
            + (" [FAIL]" if errors else "")
        )
    if all_errors:
        print("", file=sys.stderr)
        for line in all_errors:
            print(line, file=sys.stderr)
        print(f"\n{len(all_errors)} problem(s) in {len(files)} file(s)", file=sys.stderr)
        return 1
    print(f"OK: {len(files)} labels file(s) valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
