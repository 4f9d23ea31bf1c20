"""Render letter templates (filled in by ``assets/javascripts/letters.js``) and the trainers' pack.

A placeholder becomes an empty ``<span data-field>`` that the script fills with
``textContent``; the letter's citations are printed in full inside the letter,
so copying or printing it carries them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from build_tools.guides.letters import PLACEHOLDER, Block, Field, Letter
from build_tools.guides.training import Scenario, TrainingPack
from build_tools.model import Code
from build_tools.render.citations import official_citation, short_refs
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


def block_refs(code: Code, block: Block) -> str:
    """What a paragraph cites in the letter's body: the official source and paragraph first, the Code
    section as a pointer ("Department for Education, ... (August 2024), paragraph 365; see ..., s.6.2")."""
    official = official_citation(code, block.cites)
    pointer = f"see {short_refs(code, block.sections)}"
    return f"{official}; {pointer}" if official else pointer


def _block(code: Code, block: Block, fields: dict[str, Field]) -> dict[str, Any]:
    return {"text": _filled(block.text, fields), "refs": block_refs(code, block), "when": block.when}


def letter_references(code: Code, letter: Letter) -> list[dict[str, Any]]:
    """Only what the letter relies on: each official document its body cites, with the paragraphs
    and the address of the official text. A document cited only by optional paragraphs carries
    those options (``when_any``), so the list shows it only while one of them is ticked."""
    cited: dict[str, list[str]] = {}
    conditions: dict[str, set[str | None]] = {}
    for block in letter.paragraphs + letter.requests:
        for provision_id in block.cites:
            provision = code.corpus.provision(provision_id)
            if provision is None:
                continue
            ids = cited.setdefault(provision.doc_id, [])
            if provision_id not in ids:
                ids.append(provision_id)
            conditions.setdefault(provision.doc_id, set()).add(block.when)
    result = []
    for doc_id, provision_ids in cited.items():
        doc = code.corpus.document(doc_id)
        if doc is None:
            continue
        when = conditions[doc_id]
        result.append(
            {
                "text": official_citation(code, provision_ids),
                "url": doc.url,
                "when_any": "" if None in when else " ".join(sorted(w for w in when if w)),
            }
        )
    return result


def _letter_context(code: Code, letter: Letter, titles: Mapping[str, str]) -> dict[str, Any]:
    fields = {f.id: f for f in letter.fields}
    w = Writer(code, letter_url(letter.id), letters=titles)
    claims = [_block(code, b, fields) for b in letter.paragraphs]
    requests = [_block(code, b, fields) for b in letter.requests]
    return {
        "letter": letter,
        "fields": letter.fields,
        "header": [_filled(line, fields) for line in letter.header],
        "subject": _filled(letter.subject, fields),
        "opening": _filled(letter.opening, fields),
        "claims": claims,
        "requests": requests,
        "closing": [_filled(line, fields) for line in letter.closing],
        "options": letter.options,
        "references": letter_references(code, letter),
        "sections": [w.link(s) for s in letter.cited],
        "next_steps": w.items(letter.next_steps),
        "no_reply": w.items(letter.no_reply),
        "code_title": code.edition.title,
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
            **_letter_context(code, letter, {x.id: x.title for x in letters}),
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
