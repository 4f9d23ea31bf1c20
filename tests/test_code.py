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
