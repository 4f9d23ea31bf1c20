"""Acts and regulations are checked on legislation.gov.uk: checked_url, checked_version and the report."""

from __future__ import annotations

import json

import pytest

from build_tools.project import check_project, check_sources

from .conftest import VALID_DOC, edit

ACT = """\
document:
  id: act-a
  title: An Example Act
  short_title: Example Act
  publisher: UK Parliament (legislation.gov.uk)
  published: "1996"
  in_force: "1996"
  status: {status}
  url: https://www.legislation.gov.uk/ukpga/1996/56
  licence: Open Government Licence v3.0
  text_kind: digest
provisions:
  - id: s1
    ref: s.1
    verified: true
    checked_url: {url}
    checked_version: "revised, latest available, seen 2026-12-01"
    text: Parents must secure their child's education.
    audiences: [parents]
    topics: [legal-framework]
    force: must
  - id: s2
    ref: s.2
    verified: true
    text: The authority must keep a list.
    audiences: [local-authorities]
    topics: [legal-framework]
    force: must
  - id: s3
    ref: s.3
    verified: false
    verification_note: The page for s.3 is not in the corpus.
    text: The authority may act.
    audiences: [local-authorities]
    topics: [legal-framework]
    force: may
"""
GOOD_URL = "https://www.legislation.gov.uk/ukpga/1996/56/section/7"


def _act(url: str = GOOD_URL, status: str = "act") -> str:
    return ACT.format(url=url, status=status)


def test_a_legislation_gov_uk_page_is_accepted_and_kept_on_the_provision(project):
    result = check_sources(project({"act-a.yaml": _act()}))
    assert [str(d) for d in result.errors] == []
    assert result.corpus is not None
    provision = result.corpus.provision("act-a/s1")
    assert provision is not None
    assert provision.checked_url == GOOD_URL
    assert provision.checked_version == "revised, latest available, seen 2026-12-01"
    assert result.corpus.provision("act-a/s2").checked_url is None  # type: ignore[union-attr]


@pytest.mark.parametrize("status", ["act", "regulations"])
@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.uk/government/publications/example",
        "https://legislation.gov.uk.example.com/ukpga/1996/56/section/7",  # look-alike hosts
        "https://notlegislation.gov.uk/ukpga/1996/56/section/7",
        "https://www.bailii.org/ew/cases/EWHC/Admin/2013/579.html",
    ],
)
def test_an_act_or_regulations_checked_elsewhere_is_an_error_at_its_line(project, status, url):
    result = check_sources(project({"act-a.yaml": _act(url, status)}))
    errors = [str(d) for d in result.errors]
    assert result.corpus is None
    assert any(
        e.startswith("guidance_sources/act-a.yaml:16: error: [provisions[0].checked_url]")
        and "not a legislation.gov.uk page" in e
        for e in errors
    ), "\n".join(errors)


def test_a_plain_http_address_is_rejected_with_file_line_and_key(project):
    result = check_sources(
        project({"act-a.yaml": _act("http://www.legislation.gov.uk/ukpga/1996/56/section/7")})
    )
    errors = [str(d) for d in result.errors]
    assert result.corpus is None
    assert any(
        e.startswith("guidance_sources/act-a.yaml:16: error: [provisions[0].checked_url]") and "https://" in e
        for e in errors
    ), "\n".join(errors)


def test_a_checked_url_that_is_not_text_is_a_diagnostic_not_a_traceback(project):
    result = check_sources(project({"act-a.yaml": _act("[1, 2]")}))
    errors = [str(d) for d in result.errors]
    assert any("act-a.yaml:16:" in e and "[provisions[0].checked_url]" in e for e in errors), "\n".join(
        errors
    )


def test_guidance_may_be_checked_on_its_own_publisher_site(project):
    text = VALID_DOC.format(id="doc-a").replace(
        "    verified: true\n",
        "    verified: true\n    checked_url: https://www.gov.uk/government/publications/example\n",
    )
    result = check_sources(project({"doc-a.yaml": text}))
    assert [str(d) for d in result.errors] == []


def test_check_json_lists_each_act_and_regulations_with_its_verification_counts(project, capsys):
    from build_tools.cli import main

    regs = _act().replace("id: act-a", "id: regs-b").replace("status: act", "status: regulations")
    regs = regs.replace(
        "  - id: s2\n    ref: s.2\n    verified: true",
        "  - id: s2\n    ref: s.2\n    verified: false\n    verification_note: not seen",
    )
    root = project({"act-a.yaml": _act(), "regs-b.yaml": regs, "doc-c.yaml": VALID_DOC.format(id="doc-c")})
    assert main(["--root", str(root), "check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"unverified_citations", "by_document", "errors"} <= set(data)  # existing keys are kept
    assert data["legislation"] == [  # guidance (doc-c) is not legislation
        {"id": "act-a", "provisions": 3, "verified": 2, "checked_with_url": 1, "unverified": 1},
        {"id": "regs-b", "provisions": 3, "verified": 1, "checked_with_url": 1, "unverified": 2},
    ]
    assert main(["--root", str(root), "check"]) == 0
    out = capsys.readouterr().out
    assert (
        "legislation act-a: 3 provisions, 2 verified "
        "(1 with the legislation.gov.uk page checked), 1 unverified" in out
    )
    assert "legislation doc-c" not in out


def test_checked_url_and_version_stay_off_the_public_pages(mini):
    from build_tools.render.code import render_pages

    edit(
        mini / "guidance_sources" / "act-x.yaml",
        "    ref: s.1\n    verified: true\n",
        "    ref: s.1\n    verified: true\n    checked_url: https://www.legislation.gov.uk/ukpga/2020/99/section/1\n"
        "    checked_version: editors-only-version-label\n",
    )
    result = check_project(mini)
    assert result.ok, [str(d) for d in result.errors]
    assert result.code is not None
    assert result.code.corpus.provision("act-x/s1").checked_url  # type: ignore[union-attr]
    pages = render_pages(result.code)
    leaked = [
        path
        for path, text in pages.items()
        if "ukpga/2020/99" in text or "editors-only-version-label" in text
    ]
    assert leaked == []
