"""Review: the candidates found in the corpus, and those nobody has reviewed in the register yet."""

from __future__ import annotations

from build_tools.conflicts.candidates import DEFAULT_THRESHOLD, Candidate, find_candidates
from build_tools.conflicts.register import Register
from build_tools.conflicts.terms import load_terms
from build_tools.diagnostics import Diagnostic, Severity
from build_tools.model import Corpus


def detect(corpus: Corpus) -> list[Candidate]:
    """Candidates for the corpus, with the project's known term pairs."""
    return find_candidates(corpus, load_terms())


def unreviewed(candidates: list[Candidate], register: Register, threshold: float) -> list[Candidate]:
    """Candidates at or above the threshold that no register entry covers."""
    return [c for c in candidates if c.score >= threshold and register.for_candidate(c.id) is None]


def review_diagnostics(
    candidates: list[Candidate], register: Register, threshold: float = DEFAULT_THRESHOLD
) -> list[Diagnostic]:
    """One warning per unreviewed candidate (``check --strict`` makes them fatal)."""
    return [
        Diagnostic(
            register.path,
            f"unreviewed conflict candidate {c.id} ({c.kind.value}, score {c.score:.2f}): "
            f"{c.provision_a} vs {c.provision_b}",
            "add an entry with this id and status confirmed or dismissed; see 'attendance-code conflicts'",
            key=c.id,
            severity=Severity.WARNING,
        )
        for c in unreviewed(candidates, register, threshold)
    ]
