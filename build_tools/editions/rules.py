"""What ``check`` says about editions: past snapshots untouched, numbers never reused, sources superseded."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from build_tools.diagnostics import Diagnostic, Severity
from build_tools.editions.snapshot import digest
from build_tools.editions.store import INDEX_FILE, Stored

_RESTORE = (
    "restore it with 'git checkout -- {path}' (or from the published site's editions/{date}/data/); "
    "a published edition is never edited: change the Code and publish a new edition instead"
)


def stored_diagnostics(stored: Sequence[Stored], index_problem: str | None) -> list[Diagnostic]:
    """A past edition's snapshot must be exactly what was published."""
    found = []
    if index_problem:
        found.append(Diagnostic(str(INDEX_FILE), index_problem, "restore it from version control"))
    for s in stored:
        fix = _RESTORE.format(path=s.path, date=s.date)
        if s.recorded is None:
            found.append(
                Diagnostic(
                    s.path,
                    "snapshot is not recorded in the editions index",
                    "publish editions only with 'attendance-code publish --date YYYY-MM-DD'; "
                    "delete this file if it was not published",
                )
            )
        elif s.text is None:
            found.append(Diagnostic(s.path, f"published edition {s.date} is missing", fix))
        elif digest(s.text) != s.recorded:
            found.append(
                Diagnostic(
                    s.path,
                    f"the snapshot of published edition {s.date} has been edited since it was published "
                    f"(sha256 {digest(s.text)[:12]}…, recorded {s.recorded[:12]}…)",
                    fix,
                )
            )
        elif s.problem:
            found.append(Diagnostic(s.path, s.problem, fix))
    return found


def schema_diagnostics(stored: Sequence[Stored], schema: dict[str, Any] | None) -> list[Diagnostic]:
    if schema is None:
        return []
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    return [
        Diagnostic(
            s.path,
            f"snapshot does not match the edition schema at "
            f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}",
            "restore the snapshot as published; never edit it",
        )
        for s in stored
        # A snapshot byte-identical to the one published was validated by publish; only others cost time.
        if s.snapshot is not None and not (s.text is not None and digest(s.text) == s.recorded)
        for e in list(validator.iter_errors(s.snapshot))[:3]
    ]


def number_diagnostics(
    snapshots: Iterable[dict[str, Any]], locked: Iterable[Any], lock_path: str
) -> list[Diagnostic]:
    """Every number published in any edition is in the lock file, held by the same section."""
    by_number = {e.number: e.id for e in locked}
    found = []
    for snapshot in snapshots:
        date = snapshot["edition"]["date"]
        for section in snapshot["sections"]:
            holder = by_number.get(section["number"])
            if holder is None:
                found.append(
                    Diagnostic(
                        lock_path,
                        f"s.{section['number']} ({section['id']}) was published in edition {date} but is "
                        "not in the lock file",
                        "restore the lock file from version control; entries are never removed",
                        key=section["id"],
                    )
                )
            elif holder != section["id"]:
                found.append(
                    Diagnostic(
                        lock_path,
                        f"s.{section['number']} was published in edition {date} as '{section['id']}' but the "
                        f"lock file gives it to '{holder}'",
                        f"a published number is never reused: give '{holder}' a new number "
                        f"(e.g. {section['number']}A) and restore the lock entry",
                        key=section["id"],
                    )
                )
    return found


def superseded_documents(corpus: Any) -> dict[str, str]:
    """Document id -> the id of a document that supersedes it (by either side's declaration)."""
    result: dict[str, str] = {}
    for document in corpus.documents:
        if document.superseded_by:
            result[document.id] = document.superseded_by
        for old in document.supersedes:
            result.setdefault(old, document.id)
    return result


def resting_on_superseded(code: Any) -> list[Diagnostic]:
    """One warning per Code statement whose rule still rests on a superseded edition of a source. An
    old edition cited only as context (what it used to say) is history, not a rule, and is not warned."""
    superseded = superseded_documents(code.corpus)
    found = []
    for section in code.sections:
        for index, statement in enumerate(section.statements, start=1):
            establishing = (statement.rests_on,) if statement.rests_on else statement.cites
            for provision_id in establishing:
                doc_id = provision_id.split("/", 1)[0]
                if doc_id not in superseded or section.withdrawn is not None:
                    continue
                newer = superseded[doc_id]
                successor = code.corpus.provision(f"{newer}/{provision_id.split('/', 1)[1]}")
                where = f" (carried over there as {successor.ref}, to review)" if successor else ""
                found.append(
                    Diagnostic(
                        section.path,
                        f"s.{section.number} statement {index} rests on {provision_id}, whose document is "
                        f"superseded by {newer}{where}",
                        f"check the new edition's text and cite {newer}/... instead",
                        line=statement.line or section.line,
                        key="cites",
                        severity=Severity.WARNING,
                    )
                )
    return found
