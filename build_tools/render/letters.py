"""Render letter templates (filled in by ``assets/javascripts/letters.js``) and the trainers' pack.

A placeholder becomes an empty ``<span data-field>`` that the script fills with
``textContent``; the letter's citations are printed in full inside the letter,
so copying or printing it carries them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from build_tools.guides.letters import PLACEHOLDER, Field, Letter
from build_tools.guides.training import Scenario, TrainingPack
from build_tools.model import Code
from build_tools.render.citations import cite_full, official_refs, short_refs
from build_tools.render.env import environment, front_matter
from build_tools.render.richtext import Writer
from build_tools.render.urls import LETTERS_URL, TRAINING_URL, handout_url, index_file, letter_url, page_file


def placeholders(text: str) -> list[tuple[str, str]]:
    """Split template text into ("text", ...) and ("field", name) pieces."""
    pieces: list[tuple[str, str]] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(("text", text[last : match.start()]))
        pieces.append(("field", match.group(1)))
        last = match.end()
    pieces.append(("text", text[last:]))
    return [p for p in pieces if p[1]]


def _filled(text: str, fields: dict[str, Field]) -> Markup:
    """Escaped template text with each placeholder as a fillable, labelled blank."""
    out = []
    for kind, value in placeholders(text):
        if kind == "text":
            out.append(html.escape(value, quote=True))
        else:
            label = html.escape(fields[value].label, quote=True)
            out.append(
                f'<span class="letter-field" data-field="{value}" data-empty="[{label}]">[{label}]</span>'
            )
    return Markup("".join(out))


def _letter_context(code: Code, letter: Letter) -> dict[str, Any]:
    fields = {f.id: f for f in letter.fields}
    w = Writer(code, letter_url(letter.id))
    claims = [
        {"text": _filled(i.text, fields), "refs": short_refs(code, i.sections)} for i in letter.paragraphs
    ]
    requests = [
        {"text": _filled(i.text, fields), "refs": short_refs(code, i.sections)} for i in letter.requests
    ]
    return {
        "letter": letter,
        "fields": letter.fields,
        "header": [_filled(line, fields) for line in letter.header],
        "subject": _filled(letter.subject, fields),
        "opening": _filled(letter.opening, fields),
        "claims": claims,
        "requests": requests,
        "closing": [_filled(line, fields) for line in letter.closing],
        "citations": [
            {"cite": cite_full(code, s), "official": official_refs(code, s), "link": w.link(s)}
            for s in letter.cited
        ],
    }


def letter_pages(code: Code, letters: Sequence[Letter]) -> dict[str, str]:
    if not letters:
        return {}
    env = environment()
    pages = {
        index_file(LETTERS_URL): env.get_template("letters_index.md.j2").render(
            letters=[{"title": x.title, "purpose": x.purpose, "href": f"{x.id}/"} for x in letters]
        )
    }
    for letter in letters:
        pages[page_file(letter_url(letter.id))] = env.get_template("letter.md.j2").render(
            front_matter=front_matter({"title": letter.title, "description": letter.purpose[:180]}),
            **_letter_context(code, letter),
        )
    return pages


def _scenario(w: Writer, scenario: Scenario) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "title": scenario.title,
        "paragraphs": [p.strip() for p in scenario.text.split("\n\n") if p.strip()],
        "attribution": scenario.attribution,
        "is_case": scenario.case_id is not None,
        "issues": scenario.issues,
        "questions": scenario.questions,
        "sections": [w.link(s) for s in scenario.sections],
        "good_practice": w.items(scenario.good_practice),
        "handout_href": w.href(handout_url(scenario.id)),
    }


def training_pages(code: Code, pack: TrainingPack) -> dict[str, str]:
    env = environment()
    w = Writer(code, TRAINING_URL)
    pages = {
        index_file(TRAINING_URL): env.get_template("training.md.j2").render(
            front_matter=front_matter({"title": pack.title, "description": pack.intro[:180]}),
            pack=pack,
            scenarios=[_scenario(w, s) for s in pack.scenarios],
            edition=code.edition,
        )
    }
    for scenario in pack.scenarios:
        url = handout_url(scenario.id)
        pages[page_file(url)] = env.get_template("training_handout.md.j2").render(
            front_matter=front_matter({"title": scenario.title, "description": f"{pack.title}: handout"}),
            pack=pack,
            s=_scenario(Writer(code, url), scenario),
            edition=code.edition,
        )
    return pages
