"""The search's data: jumps derived from the corpus, readers' keywords, and the tuned search index."""

from __future__ import annotations

import json

import pytest

from build_tools.model import (
    Authority,
    Chapter,
    Code,
    Corpus,
    Document,
    Edition,
    Force,
    GlossaryEntry,
    Part,
    Provision,
    Section,
    Statement,
    Status,
    Vocabulary,
)
from build_tools.project import check_project
from build_tools.render.search import derived_jumps, document_name, jump_table, page_keywords, tune_index
from build_tools.site.build import build_all, refresh

from .conftest import edit


def _doc(doc_id: str, title: str, status: Status, refs: list[str]) -> Document:
    provisions = tuple(
        Provision(doc_id, f"p{i}", ref, True, "text", ("schools",), ("t",), Force.SHOULD)
        for i, ref in enumerate(refs)
    )
    return Document(
        doc_id, title, title, "DfE", "2024", "2024", status, "u", "OGL", "digest", "p", provisions
    )


def _code(cites: dict[str, list[str]], jumps=(), keywords=(), glossary=(), title="{}") -> Code:
    docs = (
        _doc("wt-2024", "Working together (2024)", Status.STATUTORY_GUIDANCE, ["para 365", "paras 360-370"]),
        _doc("education-act-1996", "Education Act 1996", Status.ACT, ["s.444(1)", "s.444A"]),
        _doc(
            "children-act-1989", "Children Act 1989 (education supervision orders)", Status.ACT, ["s.36(1)"]
        ),
    )
    sections = tuple(
        Section(
            sid,
            f"1.{n + 1}",
            title.format(sid),
            "c",
            "summary",
            ("schools",),
            (),
            (Statement("t", tuple(ids), Authority.LAW),),
        )
        for n, (sid, ids) in enumerate(cites.items())
    )
    chapter = Chapter("c", "1", "Chapter", "p", sections)
    vocabulary = Vocabulary({}, {}, {}, {}, {})
    return Code(
        Edition("2026-01-01", "2025-12-01", "https://example.org/"),
        (Part("p", "Part 1", "Part", (chapter,)),),
        glossary,
        (),
        Corpus(docs, vocabulary),
        jumps=jumps,
        keywords=keywords,
    )


def test_the_exact_paragraph_outranks_a_range_and_passing_mentions_are_left_out():
    code = _code(
        {
            "wide": ["wt-2024/p1"],  # cites paras 360-370 only
            "exact": ["wt-2024/p0"],  # cites para 365 itself
            "prosecution": ["education-act-1996/p0"],
            "eso": ["children-act-1989/p0"],
        }
    )
    jumps = derived_jumps(code)
    assert jumps["para 365"] == ["exact"]  # the range's 1/11 weight is less than half the exact one
    assert jumps["para 361"] == ["wide"]
    assert jumps["s.444"] == ["prosecution"] and "s.444a" not in jumps  # s.444A is cited by no section
    assert jumps["s.36@children act"] == ["eso"] and "s.36" not in jumps  # s.36 alone means the 1996 Act


def test_hand_written_aliases_come_first_and_targets_are_urls():
    code = _code({"a": ["education-act-1996/p0"], "b": ["education-act-1996/p0"]}, jumps=(("s.444", "b"),))
    first, also = jump_table(code)
    assert first["s.444"] == "code/b/" and also["s.444"] == ["code/a/"]


def test_document_names_are_what_readers_type_after_a_number():
    code = _code({})
    names = [document_name(d) for d in code.corpus.documents]
    assert names == ["working together", "education act", "children act"]


def test_keywords_come_from_the_aliases_file_and_the_glossary():
    glossary = (
        GlossaryEntry("ebsa", "Emotionally based school avoidance", "d", "EBSA", ("b",), ("anxiety",)),
    )
    code = _code(
        {"a": [], "b": []},
        keywords=(("a", ("fine", "fined")), ("guides/parents/anxious/", ("school refusal",))),
        glossary=glossary,
    )
    assert page_keywords(code) == {
        "code/a/": ["fine", "fined"],
        "guides/parents/anxious/": ["school refusal"],
        "code/b/": ["Emotionally based school avoidance", "EBSA", "anxiety"],
    }


def test_tuned_index_drops_repeats_strips_citation_lists_and_adds_keywords():
    index = {
        "config": {"fields": {}},
        "docs": [
            {"location": "code/a/", "title": "1.1 A", "text": ""},
            {
                "location": "code/a/#law",
                "title": "What the law says",
                "text": "<p>Law must</p><p>Schools must help.</p><p>Rests on: Education Act 1996, s.444</p>",
            },
            {"location": "code/a/#cite", "title": "Cite this section", "text": "Attendance Code, s.1.1"},
            {"location": "code/a/#related", "title": "Related sections", "text": "s.1.2 B"},
            {"location": "guides/parents/print/", "title": "The whole guide", "text": "everything"},
            {"location": "sources/wt-2024/", "title": "Working together", "text": "all of it"},
        ],
    }
    tuned, missing = tune_index(index, {"code/a/": ["fine"], "letters/nowhere/": ["x"]})
    assert [d["location"] for d in tuned["docs"]] == ["code/a/", "code/a/#law", "sources/wt-2024/"]
    assert tuned["docs"][0]["keywords"] == ["fine"]
    assert tuned["docs"][1]["text"] == "<p>Schools must help.</p>"
    assert tuned["docs"][2]["boost"] < 1 and "boost" not in tuned["docs"][0]
    assert missing == ["letters/nowhere/"]
    assert index["docs"][1]["text"].startswith("<p>Law must</p>")  # the input is not changed


def test_keywords_for_an_unknown_section_or_of_the_wrong_shape_are_errors(mini):
    aliases = mini / "code_of_practice" / "search-aliases.yaml"
    edit(aliases, "statutes:", "keywords:\n  no-such-section: words\nstatutes:")
    errors = [str(d) for d in check_project(mini).errors]
    assert any("search keywords for unknown section 'no-such-section'" in e for e in errors), errors
    edit(aliases, "no-such-section: words", "medical-evidence: [a, list]")
    errors = [str(d) for d in check_project(mini).errors]
    assert any("'keywords' must map each section id or page path" in e for e in errors), errors


@pytest.mark.site
def test_a_rebuild_while_serving_keeps_every_page_in_the_search_index(mini):
    build_all(mini, with_pdf=False)
    index_file = mini / "site" / "search" / "search_index.full.json"  # the theme's own file is a stub
    before = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    source = mini / "guidance_sources" / "act-x.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("    text: ", "    text: (Edited.) ", 1))
    assert refresh(mini) == ["sources/act-x.md"]
    after = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    assert sorted(d["location"] for d in after) == sorted(d["location"] for d in before)
    assert any("(Edited.)" in d["text"] for d in after if d["location"].startswith("sources/act-x/"))
    assert any("keywords" in d for d in after)


def test_words_on_a_third_of_all_sections_are_dropped_from_keywords():
    sections = {f"s{n}": [] for n in range(12)}
    code = _code(sections, keywords=(("s0", ("school refusal", "school")),), title="School {}")
    assert page_keywords(code) == {"code/s0/": ["refusal"]}  # "school" is in every title
