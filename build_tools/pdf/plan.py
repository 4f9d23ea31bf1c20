"""What each PDF holds: the full Code, and one handbook per audience.

A handbook is its audience's role guide (and, for parents, the letter templates)
followed by every Code section tagged for that audience. Sections keep their Code
numbers; a handbook lists the numbers it leaves out rather than renumbering.

A project with no ``guides/`` folder gets one handbook per default audience,
built from the Code alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from build_tools.guides.guide import Guide
from build_tools.guides.letters import Letter
from build_tools.model import Code
from build_tools.project import Project

FULL_CODE_FILE = "attendance-code-of-practice.pdf"
PDF_DIR = "pdf"
# Letter templates are written for parents; they go in the handbooks of guides for this audience.
LETTER_AUDIENCE = "parents"

# Handbooks built when there are no role guides: id, title, and the Code audiences they collect.
DEFAULT_HANDBOOKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("parents", "Handbook for parents and carers", ("parents", "pupils")),
    (
        "teachers",
        "Handbook for teachers and school staff",
        (
            "teachers",
            "schools",
            "head-teachers",
            "senior-attendance-champions",
            "sencos",
            "designated-teachers",
        ),
    ),
    ("attendance-officers", "Handbook for attendance officers", ("attendance-officers", "local-authorities")),
    ("governors-trusts", "Handbook for governors and trustees", ("governors-trusts",)),
    (
        "local-authorities",
        "Handbook for local authorities",
        ("local-authorities", "attendance-officers", "virtual-school-heads"),
    ),
)


@dataclass(frozen=True)
class Handbook:
    """One audience's PDF: its guide and letters (if any), then its Code sections in Code order."""

    id: str
    title: str
    audiences: tuple[str, ...]
    section_ids: tuple[str, ...]
    guide: Guide | None = None
    letters: tuple[Letter, ...] = ()
    essentials: bool = False
    """A short handbook people would print: only the sections its guide and letters cite, each
    section compact (what it means and the rules, without the long tables)."""

    @property
    def filename(self) -> str:
        return f"handbook-{self.id}.pdf"


def project_handbooks(project: Project) -> tuple[Handbook, ...]:
    """The project's handbooks: one per role guide (default audiences when it has no guides)."""
    return plan_handbooks(project.code, project.guides, project.letters)


def plan_handbooks(
    code: Code, guides: Sequence[Guide] = (), letters: Sequence[Letter] = ()
) -> tuple[Handbook, ...]:
    """One handbook per guide, or per default audience when there are no guides."""
    if not guides:
        return tuple(
            Handbook(hid, title, audiences, _sections_for(code, audiences))
            for hid, title, audiences in DEFAULT_HANDBOOKS
        )
    handbooks = []
    for guide in guides:
        own = tuple(letters) if LETTER_AUDIENCE in guide.audiences else ()
        cited = set(guide.cited) | {s for letter in own for s in letter.cited}
        handbooks.append(
            Handbook(
                guide.id,
                guide.title,
                guide.audiences,
                _sections_for(code, guide.audiences, cited),
                guide,
                own,
            )
        )
        if own:
            handbooks.append(
                Handbook(
                    f"{guide.id}-essentials",
                    f"{guide.title}: the essentials",
                    guide.audiences,
                    _sections_for(code, (), cited),
                    guide,
                    own,
                    essentials=True,
                )
            )
    return tuple(handbooks)


def _sections_for(code: Code, audiences: Iterable[str], extra: Iterable[str] = ()) -> tuple[str, ...]:
    wanted, also = set(audiences), set(extra)
    return tuple(
        s.id
        for s in code.sections
        if s.withdrawn is None and (wanted.intersection(s.audiences) or s.id in also)
    )


def left_out(code: Code, handbook: Handbook) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Numbers of the sections a handbook leaves out (withdrawn ones included), by chapter."""
    kept = set(handbook.section_ids)
    result = []
    for chapter in code.chapters:
        numbers = tuple(s.number for s in chapter.sections if s.id not in kept)
        if numbers:
            result.append((f"{chapter.number}. {chapter.title}", numbers))
    return tuple(result)
