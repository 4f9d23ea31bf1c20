"""The checker's rules for this project: the lexicon compiled, with what the Code says for each subject.

One function makes the rules for both checkers: ``check-policy`` runs on them, and the build exports
them to the site's checker page. Public text only: no verification notes or file names go in.
"""

from __future__ import annotations

from typing import Any

from build_tools.claims.compile import compile_rules
from build_tools.claims.lexicon import Lexicon
from build_tools.model import Authority, Code
from build_tools.project import Project

CONTENTS_SECTION = "attendance-policy-contents"

_PREVAILS = {
    Authority.LAW: (
        "{doc} is law. A school's, trust's or council's document cannot change the law, so the law prevails."
    ),
    Authority.STATUTORY: (
        "{doc} is statutory guidance: schools, trusts and councils must follow it unless they have a good "
        "reason not to, so it prevails over a local policy."
    ),
    Authority.GUIDANCE: (
        "{doc} is the Department for Education's guidance. A local policy should follow it, and say why "
        "if it does not."
    ),
    Authority.RECOMMENDATION: "This is what the Code recommends; a local policy may differ, but should say why.",  # noqa: E501
}
_RANK = {Authority.LAW: 0, Authority.STATUTORY: 1, Authority.GUIDANCE: 2, Authority.RECOMMENDATION: 3}


def _sources(code: Code, provisions: tuple[str, ...]) -> list[dict[str, Any]]:
    found = []
    for pid in provisions:
        provision = code.corpus.provision(pid)
        document = code.corpus.document(provision.doc_id) if provision else None
        if provision is None or document is None:
            continue
        authority = Authority.for_status(document.status)
        found.append(
            {
                "provision": pid,
                "document": document.title,
                "short_title": document.short_title,
                "ref": provision.ref if provision.verified else None,
                "verified": provision.verified,
                "authority": authority.value,
                "authority_label": authority.label,
            }
        )
    return found


def _position(code: Code, section_id: str, provisions: tuple[str, ...]) -> dict[str, Any]:
    section = code.section(section_id)
    sources = _sources(code, provisions)
    top = min(sources, key=lambda s: _RANK[Authority(s["authority"])]) if sources else None
    authority = Authority(top["authority"]) if top else Authority.RECOMMENDATION
    return {
        "section": {"id": section_id, "number": section.number, "title": section.title} if section else None,
        "sources": sources,
        "authority": authority.value,
        "authority_label": authority.label,
        "prevails": _PREVAILS[authority].format(doc=top["short_title"] if top else "The Code"),
    }


def checker_rules(project: Project, lexicon: Lexicon) -> dict[str, Any]:
    """The compiled rules with each subject's and each required content's place in the Code."""
    code = project.code
    letters = {letter.id: letter for letter in project.letters}
    positions: dict[str, Any] = {}
    for subject in lexicon.subjects:
        letter = letters.get(subject.letter or "")
        positions[subject.id] = {
            **_position(code, subject.section, subject.provisions),
            "letter": {"id": letter.id, "title": letter.title} if letter else None,
        }
    contents = {c.id: _position(code, CONTENTS_SECTION, c.provisions) for c in lexicon.contents}
    return compile_rules(lexicon, positions, contents)
