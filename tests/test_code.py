"""The Code's rules: numbers never change, references resolve, every provision is accounted for."""

from __future__ import annotations

import json

from build_tools.cli import main
from build_tools.project import check_project

from .conftest import edit

CHAPTER = "code_of_practice/chapters/01-illness.yaml"


def _errors(root) -> list[str]:
    return [str(d) for d in check_project(root).errors]


def test_mini_project_is_valid_with_full_coverage(mini, capsys):
    assert main(["--root", str(mini), "check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sections"] == 2
    assert data["coverage"] == 1.0
    assert data["coverage_detail"] == {"provisions": 5, "cited": 4, "excluded": 1, "uncovered": 0}


def test_renumbered_section_fails_and_says_what_to_do(mini):
    edit(mini / CHAPTER, 'number: "1.2"', 'number: "1.3"')
    errors = _errors(mini)
    assert any(
        "section 's19-duty' was published as s.1.2 and is now numbered 1.3" in e
        and "put number 1.2 back" in e
        and "5.3A" in e
        for e in errors
    ), errors


def test_removed_section_fails_and_points_to_withdrawal(mini):
    text = (mini / CHAPTER).read_text()
    (mini / CHAPTER).write_text(text[: text.index("  - id: s19-duty")])
    (mini / "code_of_practice/exclusions/general.yaml").write_text(
        "exclusions:\n  - provisions: [guide-y/p11, act-x/s2]\n    reason: test\n"
    )
    text = (mini / CHAPTER).read_text().replace("[[s19-duty]]", "").replace("see_also: [s19-duty]", "")
    (mini / CHAPTER).write_text(text)
    errors = _errors(mini)
    assert any(
        "published section s.1.2 (s19-duty) has disappeared" in e and "withdrawn" in e for e in errors
    ), errors


def test_withdrawn_section_keeps_its_number_and_passes(mini):
    edit(
        mini / CHAPTER,
        "    statements:\n      - text: The local authority must arrange",
        "    withdrawn:\n      note: Merged into 1.1.\n      moved_to: [medical-evidence]\n"
        "    statements:\n      - text: The local authority must arrange",
    )
    # Guides that still cite the withdrawn section are told to move on; the Code itself is valid.
    assert [e for e in _errors(mini) if not e.startswith("guides/")] == []
    assert any("section 's19-duty' is withdrawn" in e for e in _errors(mini) if e.startswith("guides/"))


def test_reused_number_fails(mini):
    edit(mini / CHAPTER, "  - id: s19-duty", "  - id: s19-new")
    errors = _errors(mini)
    assert any(
        "number 1.2 belongs to published section 's19-duty' and cannot be reused by 's19-new'" in e
        for e in errors
    ), errors


def test_new_section_must_be_locked_and_lock_appends_only(mini, capsys):
    lock_file = mini / "code_of_practice/numbers.lock.json"
    before = json.loads(lock_file.read_text())["sections"]
    with (mini / CHAPTER).open("a") as f:
        f.write(
            '  - id: reporting-illness\n    number: "1.1A"\n    title: Reporting illness\n'
            "    summary: Tell the school.\n    audiences: [parents]\n    tags: [illness]\n"
            "    statements:\n      - text: Tell the school.\n        cites: [guide-y/p10]\n"
        )
    assert any(
        "section 1.1A (reporting-illness) is not yet recorded as published" in e for e in _errors(mini)
    )
    assert main(["--root", str(mini), "lock"]) == 0
    after = json.loads(lock_file.read_text())["sections"]
    assert after[: len(before)] == before
    assert after[-1] == {
        "number": "1.1A",
        "id": "reporting-illness",
        "title": "Reporting illness",
        "url": "code/reporting-illness/",
        "first_edition": "2026-01-01",
    }
    assert _errors(mini) == []


def test_broken_cross_reference_fails_with_file_and_fix(mini):
    edit(mini / CHAPTER, "(see [[s19-duty]])", "(see [[no-such-section]])")
    errors = _errors(mini)
    assert any(
        e.startswith(CHAPTER) and "refers to unknown section 'no-such-section'" in e for e in errors
    ), errors


def test_unknown_provision_citation_fails(mini):
    edit(mini / CHAPTER, "cites: [guide-y/p10]", "cites: [guide-y/p99]")
    errors = _errors(mini)
    assert any(CHAPTER in e and "cites unknown provision 'guide-y/p99'" in e for e in errors), errors


def test_advocacy_only_statement_must_be_labelled_recommendation(mini):
    edit(mini / "guidance_sources/guide-y.yaml", "status: statutory-guidance", "status: advocacy")
    edit(mini / CHAPTER, "        recommendation: true\n", "")
    errors = _errors(mini)
    assert any("rests only on advocacy or commentary" in e and "recommendation: true" in e for e in errors)


def test_uncovered_provision_fails_check(mini):
    (mini / "code_of_practice/exclusions/general.yaml").write_text("exclusions: []\n")
    errors = _errors(mini)
    assert any(
        e.startswith("guidance_sources/guide-y.yaml:")
        and "provision 'guide-y/p11' is used by no section and not excluded" in e
        for e in errors
    ), errors
    assert check_project(mini).extra["coverage"] == 0.8


# Force comes from the provision that makes the rule (rests_on), never from the strongest citation.

ACT_STATEMENT = "        cites: [act-x/s1, guide-y/p10]\n        rests_on: act-x/s1\n"


def _line_of(root, text: str) -> int:
    return (root / CHAPTER).read_text().splitlines().index(text) + 1


def test_rests_on_must_be_one_of_the_cites(mini):
    edit(mini / CHAPTER, "rests_on: act-x/s1", "rests_on: act-x/s2")
    line = _line_of(mini, "        rests_on: act-x/s2")
    errors = _errors(mini)
    assert any(
        e.startswith(f"{CHAPTER}:{line}:") and "rests_on 'act-x/s2' is not one of the statement's cites" in e
        for e in errors
    ), errors


def test_mixed_citations_without_rests_on_fail_and_name_each_force(mini):
    edit(mini / CHAPTER, ACT_STATEMENT, "        cites: [act-x/s1, guide-y/p10]\n")
    line = _line_of(mini, "      - text: Parents must secure their child's education.")
    errors = _errors(mini)
    assert any(
        e.startswith(f"{CHAPTER}:{line}:")
        and "statement cites sources of different force (Law: act-x/s1; Statutory guidance: guide-y/p10)" in e
        and "`rests_on:`" in e
        for e in errors
    ), errors


def test_rests_on_sets_the_label_and_the_rest_is_context(mini):
    code = check_project(mini).code
    statement = code.section("medical-evidence").statements[1]
    assert (statement.authority.value, statement.rests_on, statement.context) == (
        "law",
        "act-x/s1",
        ("guide-y/p10",),
    )
    edit(mini / CHAPTER, "rests_on: act-x/s1\n        authority: law\n", "rests_on: guide-y/p10\n")
    edit(
        mini / CHAPTER,
        "        force: must\n      - text: Schools should",
        "        force: should-not\n      - text: Schools should",
    )
    result = check_project(mini)
    statement = result.code.section("medical-evidence").statements[1]
    assert (statement.authority.value, statement.context) == ("statutory-guidance", ("act-x/s1",))
    assert [str(e) for e in result.errors] == []


def test_law_label_on_guidance_provision_fails(mini):
    edit(mini / CHAPTER, "rests_on: act-x/s1", "rests_on: guide-y/p10")
    line = _line_of(mini, "        authority: law")
    errors = _errors(mini)
    assert any(
        e.startswith(f"{CHAPTER}:{line}:")
        and "a Law label whose establishing provision is not in an Act or regulations" in e
        and "guide-y/p10" in e
        for e in errors
    ), errors


def test_law_statement_cannot_say_should(mini):
    edit(
        mini / CHAPTER,
        ACT_STATEMENT + "        authority: law\n        force: must",
        ACT_STATEMENT + "        force: should",
    )
    line = _line_of(mini, "        force: should")
    errors = _errors(mini)
    assert any(e.startswith(f"{CHAPTER}:{line}:") and "a Law statement says 'should'" in e for e in errors), (
        errors
    )


def test_non_statutory_guidance_cannot_say_must(mini):
    edit(
        mini / "guidance_sources/guide-y.yaml", "status: statutory-guidance", "status: non-statutory-guidance"
    )
    edit(mini / CHAPTER, "        force: should-not\n", "        force: must-not\n")
    line = _line_of(mini, "        force: must-not")
    errors = _errors(mini)
    assert any(
        e.startswith(f"{CHAPTER}:{line}:") and "non-statutory guidance does not 'must-not'" in e
        for e in errors
    ), errors


def test_statement_force_stronger_than_its_provision_fails(mini):
    edit(mini / "guidance_sources/act-x.yaml", "    force: must\n", "    force: may\n")
    line = _line_of(mini, "        force: must")
    errors = _errors(mini)
    assert any(
        e.startswith(f"{CHAPTER}:{line}:") and "force 'must' is stronger than 'may' in act-x/s1" in e
        for e in errors
    ), errors


def test_same_rule_labelled_differently_in_two_sections_fails(mini):
    claim = "    claims:\n      - subject: illness.education\n        value: arranged\n"
    edit(mini / "guidance_sources/guide-y.yaml", "    force: should-not\n", "    force: should-not\n" + claim)
    edit(
        mini / "guidance_sources/act-x.yaml",
        "    force: must\n",
        "    force: must\n",
    )
    text = (mini / "guidance_sources/act-x.yaml").read_text()
    (mini / "guidance_sources/act-x.yaml").write_text(text.rstrip("\n") + "\n" + claim)
    line = _line_of(
        mini, "      - text: The local authority must arrange education for a child too ill to attend school."
    )
    errors = _errors(mini)
    assert any(
        e.startswith(f"{CHAPTER}:{line}:")
        and "the same rule (illness.education = arranged) is labelled Law in s.1.2" in e
        and "but Statutory guidance in s.1.1" in e
        for e in errors
    ), errors


def test_statement_resting_on_a_superseded_edition_fails(mini):
    edit(
        mini / "guidance_sources/guide-y.yaml",
        "text_kind: digest\n",
        "text_kind: digest\n  superseded_by: act-x\n",
    )
    line = _line_of(
        mini,
        "      - text: Schools should not routinely ask for medical evidence (see [[s19-duty]])."
        " An EHC plan is not needed.",
    )
    errors = _errors(mini)
    assert any(
        e.startswith(f"{CHAPTER}:{line}:") and "rests on guide-y/p10, from a superseded edition" in e
        for e in errors
    ), errors
    # Statement 2 cites the old edition only as context of the Act: not an error.
    assert len([e for e in errors if "from a superseded edition" in e]) == 1, errors


# A newer edition of a source is never hidden: its pages and the check report say so.


def _add_newer_edition(root, status: str, date: str) -> None:
    edit(
        root / "guidance_sources/guide-y.yaml",
        "  text_kind: digest\n",
        f"  text_kind: digest\n  newer_edition:\n    title: Guide Y (2026)\n"
        f'    date: "{date}"\n    status: {status}\n',
    )


def test_confirmed_newer_edition_is_stated_on_source_and_edition_pages(mini, capsys):
    from build_tools.render.code import render_pages
    from build_tools.render.urls import page_file, source_url

    _add_newer_edition(mini, "confirmed", "2026-07-09")
    pages = render_pages(check_project(mini).code)
    sentence = (
        "A newer edition, Guide Y (2026), was published on 9 July 2026; "
        "this Code has not yet been checked against it."
    )
    assert sentence in pages[page_file(source_url("guide-y"))]
    assert sentence in pages[page_file("edition/")]
    assert "newer edition" not in pages[page_file(source_url("act-x"))]
    assert main(["--root", str(mini), "check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["newer_editions"] == [
        {
            "id": "guide-y",
            "title": "Example statutory guidance on illness",
            "newer_title": "Guide Y (2026)",
            "date": "2026-07-09",
            "status": "confirmed",
            "url": None,
        }
    ]


def test_reported_newer_edition_is_not_stated_as_fact(mini):
    from build_tools.render.code import render_pages
    from build_tools.render.urls import page_file, source_url

    _add_newer_edition(mini, "reported", "2026-07")
    page = render_pages(check_project(mini).code)[page_file(source_url("guide-y"))]
    assert "A newer edition, Guide Y (2026), is reported to have been published in July 2026;" in page
    assert "was published" not in page


def test_wrong_rests_on_and_authority_values_are_file_line_errors(mini):
    edit(
        mini / CHAPTER,
        "rests_on: act-x/s1\n        authority: law",
        "rests_on: [act-x/s1]\n        authority: statute",
    )
    errors = _errors(mini)
    assert any(e.startswith(f"{CHAPTER}:19:") and "'rests_on' must be string" in e for e in errors), errors
    assert any(
        e.startswith(f"{CHAPTER}:20:") and "unknown authority 'statute'" in e and "statutory-guidance" in e
        for e in errors
    ), errors
