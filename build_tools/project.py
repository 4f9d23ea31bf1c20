"""The project loaded once: every input file read and checked by :func:`check_project`.

:func:`check_project` is the only reader of the project's input files (sources,
the Code, the lock file, the contradictions register, guides, letters and the
trainers' pack). It returns what ``attendance-code check`` reports and, when the
Code loaded, the frozen :class:`Project` every later stage takes instead of a
folder. The JSON keys of the report are a documented interface (README,
"check --json"): add keys, never rename or remove them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from build_tools.claims.lexicon import Lexicon
from build_tools.claims.load import load_lexicon
from build_tools.conflicts.register import Register, load_register
from build_tools.conflicts.review import review_diagnostics
from build_tools.consolidate import consolidate, coverage
from build_tools.decide import decided_candidates
from build_tools.diagnostics import BuildError, Diagnostic, Severity, sort_key
from build_tools.editions.checks import load_editions
from build_tools.editions.store import Editions
from build_tools.guides.guide import Guide, read_guides
from build_tools.guides.letters import Letter, letter_link_diagnostics, read_letters
from build_tools.guides.readability import readability_diagnostics
from build_tools.guides.reader import GUIDES_DIR, Item
from build_tools.guides.training import TrainingPack, read_training
from build_tools.load.code import CODE_DIR, read_code
from build_tools.load.layout import unexpected_files
from build_tools.load.lock import LockedSection, check_lock, read_lock
from build_tools.load.sources import build_document, validate_sources
from build_tools.model import Code, Corpus, Document, Status

SOURCES_DIR = "guidance_sources"


@dataclass(frozen=True)
class Project:
    """Everything one build reads, loaded and checked once. Later stages take this, never a folder."""

    code: Code
    register: Register
    guides: tuple[Guide, ...] = ()
    letters: tuple[Letter, ...] = ()
    training: TrainingPack | None = None
    lock: tuple[LockedSection, ...] = ()
    editions: Editions = field(default_factory=Editions)
    """Every published edition (``code_of_practice/editions/``), oldest first."""
    lexicon: Lexicon | None = None
    """The policy checker's lexicon (``code_of_practice/policy-checker/lexicon.yaml``), checked against the
    Code; None when a project has none."""

    @property
    def corpus(self) -> Corpus:
        return self.code.corpus

    @property
    def has_guides(self) -> bool:
        return bool(self.guides or self.letters or self.training)


@dataclass
class CheckResult:
    """Everything ``check`` found, with the corpus when it loaded and the project when the Code did."""

    corpus: Corpus | None
    diagnostics: list[Diagnostic]
    strict: bool = False
    project: Project | None = None
    register: Register | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> Code | None:
        return self.project.code if self.project else None

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
            "legislation": [_legislation_counts(d) for d in documents if d.status in _LEGISLATION],
            "newer_editions": [
                {
                    "id": d.id,
                    "title": d.title,
                    "newer_title": d.newer_edition.title,
                    "date": d.newer_edition.date,
                    "status": d.newer_edition.status,
                    "url": d.newer_edition.url,
                }
                for d in documents
                if d.newer_edition is not None
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
            for doc in data["legislation"]:
                lines.append(
                    f"  legislation {doc['id']}: {doc['provisions']} provisions, {doc['verified']} verified "
                    f"({doc['checked_with_url']} with the legislation.gov.uk page checked), "
                    f"{doc['unverified']} unverified"
                )
        for doc in data["newer_editions"]:
            lines.append(
                f"newer edition {doc['status']}: {doc['id']} -> {doc['newer_title']} ({doc['date']}); "
                "this Code has not been checked against it"
            )
        for key, value in self.extra.items():
            if isinstance(value, (int, float, str)):
                lines.append(f"{key}: {value}")
        checker = self.extra.get("policy_checker")
        if checker:
            lines.append(
                f"policy checker: {checker['subjects']} subjects, {checker['contents']} required contents; "
                f"they check {checker['covered']} of the {checker['source_claim_subjects']} claim subjects "
                "the sources make; the others have no lexicon entry yet (check --json lists them under "
                "policy_checker.not_covered)"
            )
        verdict = "OK" if self.ok else "FAILED"
        lines.append(f"{verdict}: {len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)


_LEGISLATION = (Status.ACT, Status.REGULATIONS)


def _legislation_counts(doc: Document) -> dict[str, Any]:
    """How far an Act's or regulations' citations are confirmed against legislation.gov.uk."""
    return {
        "id": doc.id,
        "provisions": len(doc.provisions),
        "verified": sum(1 for p in doc.provisions if p.verified),
        "checked_with_url": sum(1 for p in doc.provisions if p.checked_url),
        "unverified": sum(1 for p in doc.provisions if not p.verified),
    }


def check_sources(root: Path) -> CheckResult:
    """Validate ``guidance_sources/`` only."""
    raws, vocabulary, diagnostics = validate_sources(root / SOURCES_DIR)
    corpus = None
    if vocabulary is not None and not any(d.severity is Severity.ERROR for d in diagnostics):
        documents = sorted((build_document(r) for r in raws), key=lambda d: d.id)
        corpus = Corpus(documents=tuple(documents), vocabulary=vocabulary)
    return CheckResult(corpus=corpus, diagnostics=diagnostics)


def check_code(root: Path, corpus: Corpus) -> tuple[Code | None, tuple[LockedSection, ...], list[Diagnostic]]:
    """Read, consolidate and lock-check the Code against a valid corpus; also the lock file's entries."""
    vocab = {
        "audiences": corpus.vocabulary.audiences,
        "topics": corpus.vocabulary.topics,
        "forces": corpus.vocabulary.forces,
    }
    raw_code, diagnostics = read_code(root, vocab)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return None, (), diagnostics
    code, found = consolidate(raw_code, corpus)
    diagnostics += found
    if code is None:
        return None, (), diagnostics
    locked, problems = read_lock(root)
    return code, tuple(locked), diagnostics + problems + check_lock(code, locked)


def _register(
    root: Path, corpus: Corpus, sections: set[str] | None, detect_conflicts: bool
) -> tuple[Register, list[Diagnostic]]:
    """The register, its errors, and (optionally) the candidates nobody has reviewed (warnings)."""
    register, problems = load_register(root, corpus, sections)
    if problems or not detect_conflicts:
        return register, problems
    return register, review_diagnostics(decided_candidates(corpus, load_lexicon(root)[0]), register)


def check_project(root: Path, strict: bool = False, detect_conflicts: bool = True) -> CheckResult:
    """Read and validate everything the build reads, once: sources, then the Code that cites them, the
    lock file, the register, and the guides, letters and trainers' pack that cite the Code.

    ``detect_conflicts=False`` skips looking for unreviewed contradiction candidates, which only ever
    produce warnings: a non-strict build does not need them.
    """
    result = check_sources(root)
    result.strict = strict
    # a folder named x.yaml is reported by its reader and by the layout check: once is enough
    result.diagnostics = sorted(dict.fromkeys(result.diagnostics + unexpected_files(root)), key=sort_key)
    corpus = result.corpus
    if corpus is None:
        return result
    if not (root / CODE_DIR).is_dir():  # a sources-only project: nothing more to check
        result.register, found = _register(root, corpus, None, detect_conflicts)
        result.diagnostics = sorted(dict.fromkeys(result.diagnostics + found), key=sort_key)
        return result
    code, locked, diagnostics = check_code(root, corpus)
    sections = {s.id for s in code.sections} if code is not None else None
    result.register, found = _register(root, corpus, sections, detect_conflicts)
    diagnostics += found
    if code is not None:
        project, found = _guides(root, Project(code, result.register, lock=locked))
        editions, problems, figures = load_editions(root, code, locked)
        lexicon, more = _lexicon(root, project)
        diagnostics += found + problems + more
        result.project = replace(project, editions=editions, lexicon=lexicon)
        if lexicon is not None:
            result.extra["policy_checker"] = _checker_figures(lexicon, code)
        result.extra.update(figures)
    result.diagnostics = sorted(dict.fromkeys(result.diagnostics + diagnostics), key=sort_key)
    if code is not None:
        cov = coverage(code)
        result.extra.update(
            {
                "sections": len([s for s in code.sections if s.withdrawn is None]),
                "withdrawn_sections": len([s for s in code.sections if s.withdrawn is not None]),
                "coverage": cov.ratio,
                "coverage_detail": {
                    "provisions": cov.total,
                    "cited": cov.cited,
                    "excluded": cov.excluded,
                    "uncovered": len(cov.uncovered),
                },
            }
        )
    return result


def checker_project(root: Path) -> Project:
    """What ``check-policy`` needs, and only that: the sources, the Code, its letters and the lexicon.

    A document check should not wait for the register, the editions and the guides' readability to be
    checked (about half the time of a full check); ``check`` and ``build`` still check them all.
    """
    result = check_sources(root)
    if result.corpus is None:
        raise BuildError(result.errors or result.diagnostics)
    code, locked, diagnostics = check_code(root, result.corpus)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if code is None or errors:
        raise BuildError(errors or diagnostics)
    letters, problems = read_letters(root, code) if (root / GUIDES_DIR).is_dir() else ((), [])
    project = Project(code, Register(()), letters=letters, lock=locked)
    lexicon, more = _lexicon(root, project)
    if lexicon is None or any(d.severity is Severity.ERROR for d in problems + more):
        raise BuildError([d for d in problems + more if d.severity is Severity.ERROR])
    return replace(project, lexicon=lexicon)


def _claim_subjects(code: Code) -> set[str]:
    """Every ``claims.subject`` the sources use."""
    return {c.subject for p in code.corpus.provisions for c in p.claims}


def _checker_figures(lexicon: Lexicon, code: Code) -> dict[str, Any]:
    """How much of what the sources claim the policy checker can check in a document."""
    known = sorted(_claim_subjects(code))
    covered = {s for subject in lexicon.subjects for s in subject.claims}
    return {
        "subjects": len(lexicon.subjects),
        "contents": len(lexicon.contents),
        "source_claim_subjects": len(known),
        "covered": sum(1 for k in known if k in covered),
        "not_covered": [k for k in known if k not in covered],
    }


def _lexicon(root: Path, project: Project) -> tuple[Lexicon | None, list[Diagnostic]]:
    """The policy checker's lexicon, with every section, provision and letter it names checked."""
    lexicon, problems = load_lexicon(root)
    if lexicon is None:
        return None, problems
    code, letters = project.code, {letter.id for letter in project.letters}
    known = _claim_subjects(code)
    where = lexicon.path
    for entry in lexicon.subjects + lexicon.contents:
        line = entry.line or None
        section = getattr(entry, "section", None)
        if section is not None and code.section(section) is None:
            problems.append(
                Diagnostic(
                    where,
                    f"{entry.id}: unknown Code section '{section}'",
                    "use a section id from code_of_practice/chapters/",
                    line=line,
                )
            )
        for pid in entry.provisions:
            if code.corpus.provision(pid) is None:
                problems.append(
                    Diagnostic(
                        where,
                        f"{entry.id}: unknown provision '{pid}'",
                        "use a provision id from guidance_sources/",
                        line=line,
                    )
                )
        for subject in getattr(entry, "claims", ()):
            if subject not in known:
                problems.append(
                    Diagnostic(
                        where,
                        f"{entry.id}: no source makes a claim on '{subject}'",
                        "use a claims.subject key from guidance_sources/",
                        line=line,
                    )
                )
        letter = getattr(entry, "letter", None)
        if letter and project.letters and letter not in letters:
            problems.append(
                Diagnostic(
                    where,
                    f"{entry.id}: unknown letter '{letter}'",
                    "use a letter id from guides/letters/",
                    line=line,
                )
            )
    return (None if problems else lexicon), problems


def _guides(root: Path, project: Project) -> tuple[Project, list[Diagnostic]]:
    """The project with its role guides, letters and trainers' pack (each read and checked once)."""
    if not (root / GUIDES_DIR).is_dir():
        return project, []
    guides, found = read_guides(root, project.code)
    letters, problems = read_letters(root, project.code)
    training, more = read_training(root, project.code)
    more += letter_link_diagnostics(_linked(guides, letters), letters)
    with_guides = replace(project, guides=guides, letters=letters, training=training)
    return with_guides, found + problems + more + readability_diagnostics(guides)


def _linked(guides: tuple[Guide, ...], letters: tuple[Letter, ...]) -> list[tuple[str, Item]]:
    """Every step that links a letter, with the file it is in."""
    steps = [(g.path, i) for g in guides for i in g.items]
    steps += [(x.path, i) for x in letters for i in x.next_steps + x.no_reply]
    return [(path, item) for path, item in steps if item.letter]


def load_project(root: Path, strict: bool = False) -> tuple[Project | None, list[Diagnostic]]:
    """The project at ``root`` and every problem found (None when the sources or the Code do not load).

    Looks for unreviewed contradiction candidates only when ``strict`` (they are warnings).
    """
    result = check_project(root, strict=strict, detect_conflicts=strict)
    return result.project, result.diagnostics


def ready_project(root: Path, strict: bool = False) -> Project:
    """The project ready to render, or :class:`BuildError` with every error (and, if strict, warning)."""
    result = check_project(root, strict=strict, detect_conflicts=strict)
    if not result.ok or result.project is None:
        raise BuildError(result.errors or result.diagnostics)
    return result.project
