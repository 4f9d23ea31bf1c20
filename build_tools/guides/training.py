"""The trainers' pack: scenarios from ``guides/training.yaml``.

A scenario either quotes a case example from the corpus (``case:`` a case id,
used verbatim with its attribution) or is written here (``title`` and
``text``). Each names the Code sections that apply and what good practice
would have looked like, every point citing the Code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.diagnostics import Diagnostic
from build_tools.guides.reader import GUIDES_DIR, Item, Reader
from build_tools.load.yaml import KeyPath, read_yaml
from build_tools.model import Code

TRAINING_FILE = Path(GUIDES_DIR) / "training.yaml"


@dataclass(frozen=True)
class Scenario:
    """One training scenario. ``case_id`` is set when it is a case example from the corpus."""

    id: str
    title: str
    text: str
    questions: tuple[str, ...]
    sections: tuple[str, ...]
    good_practice: tuple[Item, ...]
    case_id: str | None = None
    attribution: str = ""
    issues: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class TrainingPack:
    title: str
    intro: str
    scenarios: tuple[Scenario, ...]


def _scenario(r: Reader, path: KeyPath, value: Any) -> Scenario | None:
    if not r.keys(path, value, ("id", "questions", "sections", "good_practice"), ("case", "title", "text")):
        return None
    case_id = value.get("case")
    title, text, attribution = "", "", ""
    issues: tuple[str, ...] = ()
    if case_id:
        case = next((c for c in r.code.corpus.cases if c.id == case_id), None)
        if case is None:
            r.error(
                path + ("case",),
                f"unknown case example '{case_id}'",
                "use a case id from a source's 'cases:' list (document-id/case-id)",
            )
        else:
            doc = r.code.corpus.document(case.doc_id)
            title, text, issues = case.title, case.text, case.issues
            attribution = f"{doc.title if doc else case.doc_id}, {case.ref}"
        if "title" in value or "text" in value:
            r.error(
                path,
                "a case scenario takes its title and text from the case example",
                "remove 'title' and 'text', or remove 'case' to write your own scenario",
            )
    else:
        title = r.text(path + ("title",), value.get("title"))
        text = r.text(path + ("text",), value.get("text"))
    return Scenario(
        id=r.ident(path + ("id",), value.get("id")),
        title=title,
        text=text,
        questions=r.texts(path + ("questions",), value.get("questions")),
        sections=r.section_ids(path + ("sections",), value.get("sections")),
        good_practice=r.items(path + ("good_practice",), value.get("good_practice")),
        case_id=str(case_id) if case_id else None,
        attribution=attribution,
        issues=issues,
        line=r.raw.line_of(path) or 0,
    )


def read_training(root: Path, code: Code) -> tuple[TrainingPack | None, list[Diagnostic]]:
    """The trainers' pack, or None when there is none (or it does not parse)."""
    file = root / TRAINING_FILE
    if not file.exists():
        return None, []
    raw, found = read_yaml(file, root)
    if raw is None:
        return None, found
    r = Reader(raw, code)
    if not r.keys((), raw.data, ("title", "intro", "scenarios")):
        return None, found + r.found
    scenarios = tuple(
        s
        for p, v in r.entries(("scenarios",), raw.data.get("scenarios"))
        if (s := _scenario(r, p, v)) is not None
    )
    pack = TrainingPack(
        r.text(("title",), raw.data.get("title")), r.text(("intro",), raw.data.get("intro")), scenarios
    )
    return pack, found + r.found
