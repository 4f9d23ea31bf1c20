"""Conflict detection: rules on small provisions, the real corpus, the CLI and --strict."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from build_tools import cli, project
from build_tools.conflicts.candidates import DEFAULT_THRESHOLD, Kind, TermPair, candidate_id, find_candidates
from build_tools.conflicts.register import load_register
from build_tools.conflicts.report import evaluate
from build_tools.conflicts.review import detect, review_diagnostics, unreviewed
from build_tools.conflicts.terms import load_terms
from build_tools.load.sources import load_corpus
from build_tools.model import Claim, Corpus, Document, Force, Provision, Status, Vocabulary

from .conftest import ROOT

TERMS = (TermPair("parenting contract", "attendance contract"),)


def _prov(
    doc: str,
    local: str,
    text: str,
    force: Force = Force.SHOULD,
    claims: tuple[Claim, ...] = (),
    topics: tuple[str, ...] = ("illness",),
) -> Provision:
    return Provision(
        doc, local, f"para {local}", True, text, ("schools", "parents"), topics, force, claims=claims
    )


def _corpus(
    *provisions: Provision,
    statuses: dict[str, Status] | None = None,
    supersedes: dict[str, str] | None = None,
) -> Corpus:
    docs = []
    for doc_id in sorted({p.doc_id for p in provisions}):
        status = (statuses or {}).get(doc_id, Status.STATUTORY_GUIDANCE)
        old = (supersedes or {}).get(doc_id)
        docs.append(
            Document(
                doc_id,
                doc_id,
                doc_id,
                "DfE",
                "2024",
                "2024",
                status,
                "https://x",
                "OGL",
                "digest",
                f"{doc_id}.yaml",
                provisions=tuple(p for p in provisions if p.doc_id == doc_id),
                supersedes=(old,) if old else (),
            )
        )
    return Corpus(tuple(docs), Vocabulary({}, {}, {}, {}, {}))


RULE_CASES = [
    pytest.param(
        _prov("a", "p1", "Schools must request medical evidence for every illness absence.", Force.MUST),
        _prov(
            "b", "p1", "Schools must not request medical evidence for every illness absence.", Force.MUST_NOT
        ),
        Kind.CONFLICTING_FORCE,
        ("must",),
        id="force",
    ),
    pytest.param(
        _prov("a", "p1", "Parents should book medical appointments outside the school day."),
        _prov("b", "p1", "Parents should book medical appointments outside the school day where possible."),
        Kind.HEDGED_ABSOLUTE,
        ("where possible",),
        id="hedge",
    ),
    pytest.param(
        _prov(
            "a",
            "p1",
            "A penalty notice may be issued after 10 sessions of unauthorised absence in 10 school weeks.",
        ),
        _prov(
            "b",
            "p1",
            "A penalty notice may be issued after 9 sessions of unauthorised absence in 10 school weeks.",
        ),
        Kind.DIFFERENT_VALUE,
        ("10 sessions", "9 sessions"),
        id="numbers",
    ),
    pytest.param(
        _prov(
            "a",
            "p1",
            "Schools should offer a parenting contract to the family of a persistently absent pupil.",
        ),
        _prov(
            "b",
            "p1",
            "Schools should offer an attendance contract to the family of a persistently absent pupil.",
        ),
        Kind.TERMINOLOGY_DRIFT,
        ("parenting contract", "attendance contract"),
        id="terms",
    ),
    pytest.param(
        _prov(
            "a",
            "p1",
            "Illness absence is recorded.",
            claims=(Claim("medical-evidence.routine", Force.SHOULD_NOT, "routinely"),),
        ),
        _prov(
            "b",
            "p1",
            "Evidence is asked for.",
            claims=(Claim("medical-evidence.routine", Force.SHOULD, "routinely"),),
        ),
        Kind.CONFLICTING_FORCE,
        ("should not",),
        id="claims",
    ),
]


@pytest.mark.parametrize(("left", "right", "kind", "words"), RULE_CASES)
def test_each_rule_flags_its_kind_and_quotes_the_clash(left, right, kind, words):
    found = find_candidates(_corpus(left, right), TERMS)
    assert found, "no candidate"
    top = found[0]
    assert top.kind is kind
    assert top.score >= DEFAULT_THRESHOLD
    assert all(any(w in r for r in top.reasons) for w in words), top.reasons


def test_superseded_edition_that_disagrees_is_its_own_kind():
    old = _prov(
        "wt-old",
        "p1",
        "Book appointments.",
        claims=(Claim("appointments.timing", Force.SHOULD, "outside the school day"),),
    )
    new = _prov(
        "wt-new",
        "p1",
        "Book appointments.",
        claims=(Claim("appointments.timing", Force.SHOULD, "around school hours where possible"),),
    )
    found = find_candidates(_corpus(old, new, supersedes={"wt-new": "wt-old"}))
    assert found[0].kind is Kind.SUPERSEDED_DISAGREEMENT


def test_advocacy_proposal_is_a_gap_not_a_conflict():
    adv = _prov(
        "adv",
        "p1",
        "We propose a dedicated mental health absence code.",
        claims=(Claim("absence-code.mental-health", Force.SHOULD, "dedicated mental health code"),),
    )
    law = _prov(
        "regs",
        "p1",
        "Code I: illness.",
        Force.FACT,
        claims=(Claim("absence-code.mental-health", Force.FACT, "none; code I applies"),),
    )
    found = find_candidates(_corpus(adv, law, statuses={"adv": Status.ADVOCACY, "regs": Status.REGULATIONS}))
    assert found[0].kind is Kind.ADVOCACY_GAP


def test_agreeing_provisions_are_not_flagged():
    a = _prov("a", "p1", "Schools should not routinely ask for medical evidence.")
    b = _prov("b", "p1", "Schools should not routinely ask for medical evidence of illness.")
    assert find_candidates(_corpus(a, b)) == []


def test_ids_are_stable_and_order_free():
    assert candidate_id("x/1", "y/2") == candidate_id("y/2", "x/1")
    corpus = _corpus(*(p for case in RULE_CASES for p in case.values[:2]))
    assert find_candidates(corpus, TERMS) == find_candidates(corpus, TERMS)


def test_terms_file_loads():
    assert any(p.old == "parenting contract" for p in load_terms())


# ---------------------------------------------------------------- the real corpus


@pytest.fixture(scope="module")
def real():
    corpus = load_corpus(ROOT / "guidance_sources")
    return corpus, detect(corpus)


def test_precision_and_recall_on_the_labelled_real_pairs(real):
    corpus, candidates = real
    pairs = yaml.safe_load((ROOT / "tests" / "conflicts_labelled.yaml").read_text())["pairs"]
    known = [
        (p["a"], p["b"], p["conflict"])
        for p in pairs
        if corpus.provision(p["a"]) and corpus.provision(p["b"])
    ]
    assert sum(t for *_, t in known) >= 20 and sum(not t for *_, t in known) >= 20
    result = evaluate(candidates, known, DEFAULT_THRESHOLD)
    assert result["recall"] >= 0.9, result
    assert result["precision"] >= 0.6, result


def test_every_candidate_above_threshold_is_reviewed(real):
    corpus, candidates = real
    register, problems = load_register(ROOT, corpus)
    assert problems == []
    assert [c.id for c in unreviewed(candidates, register, DEFAULT_THRESHOLD)] == []


# ---------------------------------------------------------------- CLI and --strict

PLANTED = """\
document:
  id: {id}
  title: A test document
  short_title: Test {id}
  publisher: Department for Education
  published: "2024-02-29"
  in_force: "2024-08-19"
  status: statutory-guidance
  url: https://www.gov.uk/example
  licence: Open Government Licence v3.0
  text_kind: digest
provisions:
  - id: p1
    ref: para 1
    verified: true
    text: >-
      A penalty notice may be issued when a pupil misses {n} sessions of unauthorised absence
      in 10 school weeks.
    audiences: [schools]
    topics: [penalty-notices]
    force: may
"""


@pytest.fixture
def planted(project) -> Path:
    return project(
        {"one.yaml": PLANTED.format(id="one", n="10"), "two.yaml": PLANTED.format(id="two", n="8")}
    )


def test_planted_conflict_is_flagged_with_the_numbers(planted, capsys):
    assert cli.main(["--root", str(planted), "conflicts", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"threshold", "counts", "candidates"}
    row = data["candidates"][0]
    assert set(row) >= {"id", "kind", "score", "reasons", "provisions", "register", "above_threshold"}
    assert row["kind"] == "different-value"
    assert any("10 sessions" in r and "8 sessions" in r for r in row["reasons"])
    assert [p["id"] for p in row["provisions"]] == ["one/p1", "two/p1"]
    assert set(row["provisions"][0]) >= {"id", "document", "ref", "text"}
    assert row["register"] == {"status": "unreviewed", "entry": None}


def test_strict_check_fails_naming_the_unreviewed_candidate(planted, capsys):
    cid = candidate_id("one/p1", "two/p1")
    result = project.check_project(planted, strict=True)
    assert not result.ok
    assert any(cid in str(d) and "unreviewed conflict candidate" in str(d) for d in result.warnings)
    (planted / "code_of_practice").mkdir(exist_ok=True)
    (planted / "code_of_practice" / "conflicts.yaml").write_text(
        textwrap.dedent(f"""\
        entries:
          - id: {cid}
            title: Planted
            kind: different-value
            status: dismissed
            reason: test fixture
        """)
    )
    # The Code's own files are absent from this fixture, so check the register stage directly.
    corpus = load_corpus(planted / "guidance_sources")
    register, problems = load_register(planted, corpus)
    assert problems == [] and review_diagnostics(detect(corpus), register) == []


def test_register_errors_have_lines(planted):
    (planted / "code_of_practice").mkdir(exist_ok=True)
    (planted / "code_of_practice" / "conflicts.yaml").write_text(
        textwrap.dedent("""\
        entries:
          - id: x
            title: Bad
            kind: nonsense
            status: dismissed
            provisions: [nowhere/p9]
            colour: red
        """)
    )
    corpus = load_corpus(planted / "guidance_sources")
    messages = [str(d) for d in load_register(planted, corpus)[1]]
    assert any("conflicts.yaml:4" in m and "unknown value 'nonsense'" in m for m in messages), messages
    assert any("conflicts.yaml:6" in m and "unknown provision id 'nowhere/p9'" in m for m in messages)
    assert any("conflicts.yaml:7" in m and "unknown key 'colour'" in m for m in messages)
    assert any("needs a 'reason'" in m for m in messages)


def test_register_page_renders_every_confirmed_entry(real):
    from build_tools.render.conflicts import notices_for_section, render_register_page

    corpus, _ = real
    register, _ = load_register(ROOT, corpus)
    page = render_register_page(register, corpus)
    assert page.startswith("# ")  # no comment naming internal files reaches the public page
    for entry in register.confirmed:
        assert f"{{#{entry.id}}}" in page
    assert "](../sources/dfe-expectations-2024.md#parent-box-3)" in page
    assert "](../code/medical-appointments.md)" in page
    notices = notices_for_section(register)
    assert "cf-fd481a574c" in [e.id for e in notices["medical-appointments"]]


def test_markdown_in_source_text_is_escaped():
    from build_tools.render.conflicts import escape

    assert escape("a *b* <i>c</i> [d]") == r"a \*b\* &lt;i&gt;c&lt;/i&gt; \[d\]"
