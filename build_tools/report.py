"""What ``attendance-code check`` reports, as data (the CLI prints it).

The JSON keys are a documented interface (README, "check --json"): add keys,
never rename or remove them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import build_document, validate_sources
from .diagnostics import Diagnostic, Severity
from .model import Corpus

SOURCES_DIR = "guidance_sources"


@dataclass
class CheckResult:
    """Everything ``check`` found, with the corpus when it loaded."""

    corpus: Corpus | None
    diagnostics: list[Diagnostic]
    strict: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)

    def as_json(self) -> dict[str, Any]:
        corpus = self.corpus
        documents = corpus.documents if corpus else ()
        result: dict[str, Any] = {
            "ok": self.ok,
            "documents": len(documents),
            "provisions": sum(len(d.provisions) for d in documents),
            "cases": sum(len(d.cases) for d in documents),
            "unverified_citations": [
                {"id": p.id, "document": p.doc_id, "ref": p.ref, "reason": p.verification_note}
                for p in (corpus.unverified if corpus else ())
            ],
            "by_document": [
                {
                    "id": d.id,
                    "title": d.title,
                    "status": d.status.value,
                    "text_kind": d.text_kind,
                    "provisions": len(d.provisions),
                    "cases": len(d.cases),
                    "unverified": sum(1 for p in d.provisions if not p.verified),
                }
                for d in documents
            ],
            "errors": [d.as_json() for d in self.errors],
            "warnings": [d.as_json() for d in self.warnings],
        }
        result.update(self.extra)
        return result

    def as_text(self) -> str:
        lines = [str(d) for d in self.diagnostics]
        data = self.as_json()
        if self.corpus:
            lines.append(
                f"{data['documents']} documents, {data['provisions']} provisions, "
                f"{data['cases']} case records; "
                f"{len(data['unverified_citations'])} citations unverified"
            )
            for doc in data["by_document"]:
                lines.append(
                    f"  {doc['id']:<32} {doc['status']:<24} {doc['provisions']:>4} provisions"
                    f"  {doc['unverified']:>3} unverified"
                )
        for key, value in self.extra.items():
            if isinstance(value, (int, float, str)):
                lines.append(f"{key}: {value}")
        verdict = "OK" if self.ok else "FAILED"
        lines.append(f"{verdict}: {len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)


def check_sources(root: Path) -> CheckResult:
    """Validate ``guidance_sources/`` only."""
    raws, vocabulary, diagnostics = validate_sources(root / SOURCES_DIR)
    corpus = None
    if vocabulary is not None and not any(d.severity is Severity.ERROR for d in diagnostics):
        documents = sorted((build_document(r) for r in raws), key=lambda d: d.id)
        corpus = Corpus(documents=tuple(documents), vocabulary=vocabulary)
    return CheckResult(corpus=corpus, diagnostics=diagnostics)


def check_project(root: Path, strict: bool = False) -> CheckResult:
    """Validate everything the build reads; later stages add their findings."""
    result = check_sources(root)
    result.strict = strict
    return result
