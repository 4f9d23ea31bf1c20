"""One document checked against the Code: its statements, claims, conflicts, agreements and gaps.

The report's JSON shape is a documented interface (README, "check-policy --json"): add keys, never
rename or remove them.
"""

from __future__ import annotations

from typing import Any

from build_tools.claims.engine import TOO_FOREIGN, check_document, english_share
from build_tools.claims.text import MAX_STATEMENTS, statements
from build_tools.policy.read import Unreadable, document_text

FORMAT = "attendance-code/check-policy"
VERSION = 1
_GROUPS = (
    ("serious", "Serious: goes against the law or statutory guidance"),
    ("check", "Worth raising: differs from the Code"),
    ("note", "Note: out-of-date wording"),
)


def check_text(name: str, text: str, rules: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    """The report on one document's text, or :class:`Unreadable` when there is nothing to check."""
    found = statements(text)
    if not found:
        raise Unreadable("has no text to check", "check that it is the policy itself, or paste its text")
    if len(found) > MAX_STATEMENTS:
        raise Unreadable(f"has more than {MAX_STATEMENTS} statements", "check the policy on its own")
    words = sum(len(s.split()) for s in found)
    if words >= 40 and english_share(found, rules) < TOO_FOREIGN:
        raise Unreadable(
            "does not look like English",
            "the checker reads English only; check an English version of the document",
        )
    return {"file": name, **check_document(found, rules, kind)}


def check_file(name: str, data: bytes, rules: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    return check_text(name, document_text(name, data), rules, kind)


def as_json(reports: list[dict[str, Any]], errors: list[dict[str, str]], edition: str) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "edition": edition, "documents": reports, "errors": errors}


def _where(finding: dict[str, Any]) -> str:
    code = finding["code"]
    section = code.get("section") or {}
    sources = code.get("sources") or []
    cited = "; ".join(
        f"{s['document']}{', ' + s['ref'] if s['ref'] else ''} ({s['authority_label'].lower()})"
        for s in sources[:2]
    )
    return f"Code s.{section.get('number', '?')} {section.get('title', '')}" + (
        f" — {cited}" if cited else ""
    )


def as_text(report: dict[str, Any]) -> str:
    """The report for a terminal: conflicts by seriousness, then missing contents and agreements."""
    s = report["summary"]
    lines = [
        f"{report['file']}: {report['kind']} ({'given' if report['kind_given'] else 'detected'}), "
        f"{report['statements']} statements: {s['conflicts']} conflict(s) ({s['serious']} serious), "
        f"{s['missing']} missing content(s), {s['agreements']} agreement(s)",
    ]
    conflicts = [f for f in report["findings"] if f["type"] == "conflict"]
    for level, heading in _GROUPS:
        group = [f for f in conflicts if f["seriousness"] == level]
        if group:
            lines.append(f"\n  {heading}")
        for f in group:
            lines += [
                f'  - [{f["kind"]}] statement {f["statement"]["index"] + 1}: "{f["statement"]["text"]}"',
                f"      clashing words: {', '.join(f['words'])}",
                f"      the Code: {f['says']}",
                f"      {_where(f)}",
                f"      prevails: {f['code'].get('prevails', '')}",
                f"      for families: {f['family']}",
            ]
            if f["code"].get("letter"):
                lines.append(f"      letter: {f['code']['letter']['title']}")
    if report["missing"]:
        lines.append("\n  Missing from the policy (Code s.4.2 says a school's policy should include):")
        lines += [f"  - {m['label']}" for m in report["missing"]]
    agreements = [f for f in report["findings"] if f["type"] == "agreement"]
    if agreements:
        lines.append("\n  Agrees with the Code:")
        lines += [f"  - statement {f['statement']['index'] + 1}: {f['subject_label']}" for f in agreements]
    return "\n".join(lines)
