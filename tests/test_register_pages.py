"""The register's two pages: the parents' plain-English page and the professionals' page grouped by kind,
their data (``audiences``, ``for_parents``) and the links to them from section pages."""

from __future__ import annotations

import re
import textwrap

import pytest

from build_tools.conflicts.candidates import Kind
from build_tools.conflicts.register import load_register
from build_tools.load.sources import load_corpus
from build_tools.project import ready_project
from build_tools.render.conflicts import KIND_TEXT, render_register_page, section_notices
from build_tools.render.conflicts_parents import FOR_YOU, render_parents_page

from .conftest import ROOT
from .test_conflicts import PLANTED

_ENTRY = """\
  - id: x
    title: Planted
    kind: different-value
    status: confirmed
    provisions: [one/p1]
    resolution: {prevails: one/p1, rule: later-edition, explanation: The later one.}
    sections: [s]
"""

# (extra keys of one confirmed entry, line of the problem, message prefix)
BAD_INPUTS = [
    ("", 2, "a confirmed entry needs 'audiences'"),
    ("    audiences: [parents]\n", 2, "an entry that affects parents needs 'for_parents'"),
    ("    audiences: [parents, martians]\n", 9, "unknown audience 'martians'"),
    ("    audiences: parents\n", 9, "'audiences' must be a list"),
    (
        "    audiences: [schools]\n    for_parents: {heading: Q?, text: A.}\n",
        10,
        "'for_parents' is shown only when 'audiences' includes parents",
    ),
    ("    audiences: [parents]\n    for_parents: {heading: Q?}\n", 10, "missing required key 'text'"),
    ("    audiences: [parents]\n    for_parents: Just text\n", 10, "for_parents must be a mapping"),
    (
        "    audiences: [parents]\n    for_parents: {heading: [a, b], text: A.}\n",
        10,
        "'heading' must be text",
    ),
    ("    audiences: [parents]\n    for_parents: {heading: Q?, text: A., colour: red}\n", 10, "unknown key"),
]


@pytest.mark.parametrize(("extra", "line", "message"), BAD_INPUTS)
def test_register_audience_errors_name_file_and_line(project, extra, line, message):
    root = project({"one.yaml": PLANTED.format(id="one", n="10")})
    (root / "code_of_practice").mkdir(exist_ok=True)
    (root / "code_of_practice" / "conflicts.yaml").write_text("entries:\n" + _ENTRY + extra)
    corpus = load_corpus(root / "guidance_sources")
    problems = [str(d) for d in load_register(root, corpus, {"s"})[1]]
    assert any(f"conflicts.yaml:{line}:" in p and message in p for p in problems), problems


def test_dismissed_entries_take_no_audiences(project):
    root = project({"one.yaml": PLANTED.format(id="one", n="10")})
    (root / "code_of_practice").mkdir(exist_ok=True)
    (root / "code_of_practice" / "conflicts.yaml").write_text(
        textwrap.dedent("""\
        entries:
          - id: x
            title: Not one
            kind: negation
            status: dismissed
            reason: They agree.
            audiences: [parents]
        """)
    )
    problems = [str(d) for d in load_register(root, load_corpus(root / "guidance_sources"), {"s"})[1]]
    assert any("conflicts.yaml:2:" in p and "a dismissed entry is not published" in p for p in problems)


@pytest.fixture(scope="module")
def real():
    return ready_project(ROOT)


def _anchors(page: str) -> list[str]:
    return re.findall(r"^### .* \{ ?#([\w-]+) ?\}$", page, flags=re.M)


def test_real_register_gives_every_parent_entry_its_answer(real):
    parents = real.register.for_parents
    assert 10 <= len(parents) < len(real.register.confirmed)  # filtered, not everything
    for entry in parents:
        assert entry.for_parents is not None and entry.for_parents.heading and entry.for_parents.text


def test_parents_page_lists_only_parent_entries_each_opening_with_the_answer(real):
    page = render_parents_page(real.register, real.code)
    wanted = [e.id for e in real.register.for_parents]
    assert sorted(_anchors(page)) == sorted(wanted)
    contents = page.split("## Contents", 1)[1].split("\n## ", 1)[0]
    for entry_id in wanted:
        assert f"](#{entry_id})" in contents
        after = page.split(f"{{#{entry_id}}}", 1)[1]
        first = re.sub(r"<[^>]+>|\s+", " ", after.split("**", 1)[0]).split()
        assert " ".join(first[:5]) == FOR_YOU, (entry_id, first[:8])
    assert page.index("## Contents") < page.index("### ")
    for kind in Kind:  # no kind ids or their old labels
        assert kind.value not in page and kind.value.replace("-", " ") not in page.lower()


def test_professional_page_explains_every_kind_it_uses_and_keeps_anchors(real):
    page = render_register_page(real.register, real.code.corpus)
    assert set(KIND_TEXT) == set(Kind)
    used = {e.kind for e in real.register.confirmed}
    contents = page.split("## Contents", 1)[1].split("\n## ", 1)[0]
    for kind in used:
        name, explanation = KIND_TEXT[kind]
        assert f"## {name} {{ #kind-{kind.value} }}" in page
        assert f"**[{name}](#kind-{kind.value})**" in contents and explanation in contents
    for entry in real.register.confirmed:
        assert f"{{#{entry.id}}}" in page and f"](#{entry.id})" in contents
    for label in ("hedged absolute", "terminology drift", "superseded disagreement", "advocacy gap"):
        assert label not in page.lower()
    assert "](parents.md)" in page.split("## Contents", 1)[0]  # the parents' page, at the top
    assert "??? quote" in page  # quotes folded


def test_section_notices_link_the_parents_page_only_on_parents_sections(real):
    sections = {s.id: s for s in real.code.sections}
    for_parents = frozenset(s for s, sec in sections.items() if "parents" in sec.audiences)
    notices = section_notices(real.register, for_parents)
    by_id = {e.id: e for e in real.register.confirmed}
    seen_parent_link = False
    for section, entries in notices.items():
        for _, url, parents_url in entries:
            entry = by_id[url.split("#", 1)[1]]
            expect = entry.affects_parents and section in for_parents
            assert bool(parents_url) == expect, (section, entry.id)
            seen_parent_link |= expect
    assert seen_parent_link
    assert "recommendations-send-system" not in for_parents
    assert all(not p for _, _, p in notices["recommendations-send-system"])
