"""Every probe of issue 11 ("Why"): each ends in the exact diagnostic, never a traceback or a bypass."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.project import check_project

from .conftest import ROOT, edit

BOMB = "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
    for p, c in zip(" abcdefgh", "abcdefghi", strict=True)
)


def errors(root: Path) -> list[str]:
    return [str(d) for d in check_project(root).errors]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


# ---------------------------------------------------------------- wrong types: a file:line diagnostic


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "guides/parents.yaml",
            "reading_age_target: 11",
            "reading_age_target: [11]",
            "guides/parents.yaml:5: error: [reading_age_target] 'reading_age_target' must be a number, "
            "not ['11'] — write e.g. 'reading_age_target: 11'",
        ),
        (
            "code_of_practice/glossary.yaml",
            "definition: A legal document describing a child's special educational needs.",
            "definition: [a, b]",
            "code_of_practice/glossary.yaml:5: error: [terms[0].definition] 'definition' must be text, not a "
            "list — write the text after the colon",
        ),
        (
            "code_of_practice/exclusions/general.yaml",
            "reason: Background only; says nothing a reader can act on.",
            "reason: [x]",
            "code_of_practice/exclusions/general.yaml:3: error: [exclusions[0].reason] 'reason' must be "
            "text, "
            "not a list — write the text after the colon",
        ),
        (
            "code_of_practice/search-aliases.yaml",
            "I: medical-evidence",
            "I: [medical-evidence]",
            "code_of_practice/search-aliases.yaml:1: error: [attendance_codes] 'attendance_codes' must map "
            "each alias to a section id — write 'ALIAS: section-id' lines",
        ),
        (
            "guides/parents.yaml",
            "order: 1",
            'order: "²"',
            "guides/parents.yaml:3: error: [order] 'order' must be a number, not '²' — "
            "write e.g. 'order: 11'",
        ),
        (
            "code_of_practice/edition.yaml",
            'date: "2026-01-01"',
            'date: ["<script>alert(1)</script>"]',
            "code_of_practice/edition.yaml:1: error: [date] 'date' must be text, not a list — write the text "
            "after the colon",
        ),
        (
            "code_of_practice/structure.yaml",
            "title: Health",
            "title: [Health]",
            "code_of_practice/structure.yaml:4: error: [parts[0].title] 'title' must be text, not a list — "
            "write the text after the colon",
        ),
        (
            "code_of_practice/conflicts.yaml",
            "title: Doctor's notes for every absence, or a parent's word for short illnesses?",
            "title: [a]",
            "code_of_practice/conflicts.yaml:4: error: [entries[0].title] 'title' must be text, not a list — "
            "write the text after the colon",
        ),
        (
            "code_of_practice/edition.yaml",
            'site_url: "https://example.org/"',
            'site_url: "javascript:alert(1)//"',
            "code_of_practice/edition.yaml:3: error: [site_url] site_url 'javascript:alert(1)//' is not an "
            "https:// address ending in '/' — write the published address, e.g. site_url: "
            '"https://attendance-code.github.io/"',
        ),
        (
            "guides/parents.yaml",
            "id: often-ill",
            "id: 'x onclick=alert(1)'",
            "guides/parents.yaml:15: error: [situations[0].id] id 'x onclick=alert(1)' is not usable — use "
            "lower-case letters, digits and '-', starting with a letter or digit",
        ),
        (
            "code_of_practice/conflicts.yaml",
            "id: cf-mini-notes",
            "id: 'x} onclick=alert(1) {'",
            "code_of_practice/conflicts.yaml:3: error: [entries[0].id] 'id' has an invalid value "
            "'x} onclick=alert(1) {' — use letters, digits, '-' and '.', "
            "e.g. cf-1a2b3c4d5e or practice-fines",
        ),
    ],
)
def test_wrong_type_is_a_line_diagnostic(mini, file, old, new, expected):
    edit(mini / file, old, new)
    assert expected in errors(mini)


def test_vocabulary_label_of_the_wrong_type(mini):
    edit(mini / "guidance_sources/vocabulary.yaml", "  parents:", "  parents: [x]\n  zz-parents:")
    assert any(
        e.startswith("guidance_sources/vocabulary.yaml:")
        and "[audiences.parents] vocabulary entry 'parents' must be a label, or a mapping with 'label'" in e
        for e in errors(mini)
    ), errors(mini)


# ---------------------------------------------------------------- missing and broken files


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda r: (r / "guidance_sources/schema/document.schema.json").unlink(),
            "guidance_sources/schema/document.schema.json: error: schema cannot be used: No such file or "
            "directory — restore it from version control",
        ),
        (
            lambda r: (r / "guidance_sources/schema/document.schema.json").write_text('{"type": "obj'),
            "guidance_sources/schema/document.schema.json: error: schema cannot be used: Unterminated string "
            "starting at: line 1 column 10 (char 9) — restore it from version control",
        ),
        (
            lambda r: (r / "code_of_practice/schema/chapter.schema.json").write_text('{"type": 5}'),
            "code_of_practice/schema/chapter.schema.json: error: schema cannot be used: 5 is not valid under "
            "any of the given schemas — restore it from version control",
        ),
        (
            lambda r: (r / "guidance_sources/x.yaml").mkdir(),
            "guidance_sources/x.yaml: error: is a folder, not a YAML file — rename or remove it",
        ),
        (
            lambda r: (r / "guides/x.yaml").mkdir(),
            "guides/x.yaml: error: is a folder, not a YAML file — rename or remove it",
        ),
        (
            lambda r: shutil.copy(r / "guidance_sources/act-x.yaml", r / "guidance_sources/act-z.yml"),
            "guidance_sources/act-z.yml: error: unexpected file: no reader takes it, so it would be ignored "
            "— rename it to act-z.yaml if it is an input, or move it out of the folder",
        ),
        (
            lambda r: (r / "code_of_practice/chapters/notes.txt").write_text("x"),
            "code_of_practice/chapters/notes.txt: error: unexpected file: no reader takes it, so it would be "
            "ignored — rename it to notes.yaml if it is an input, or move it out of the folder",
        ),
    ],
)
def test_missing_or_broken_files_are_diagnostics(mini, change, expected):
    change(mini)
    found = errors(mini)
    assert expected in found, found
    assert found.count(expected) == 1


@pytest.mark.parametrize(
    ("root", "message"),
    [
        ("missing", "--root {root} does not exist"),
        ("file", "--root {root} is a file, not a project folder"),
        (
            "empty",
            "{root} is not a project folder: it has no guidance_sources/ folder "
            "(run from the project folder, "
            "or pass --root)",
        ),
    ],
)
def test_a_wrong_root_is_a_usage_error(tmp_path, capsys, root, message):
    path = tmp_path / root
    if root == "file":
        path.write_text("x")
    if root == "empty":
        path.mkdir()
    assert cli.main(["--root", str(path), "check"]) == cli.EXIT_USAGE
    assert capsys.readouterr().err.strip() == f"attendance-code: {message.format(root=path)}"


# ---------------------------------------------------------------- YAML that costs the parser


def test_alias_bomb_is_refused_within_memory_and_time(mini):
    (mini / "guidance_sources/bomb.yaml").write_text(BOMB)
    assert len(BOMB) < 1024
    # The peak is read from /proc (VmHWM, this process's own memory since exec): ru_maxrss on Linux keeps
    # the high-water mark of the forking parent, so inside a long pytest run it reports pytest's size.
    probe = (
        "import re, sys; from build_tools import cli; "
        "rc = cli.main(['--root', sys.argv[1], 'check']); "
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
        "print('PEAK', hwm, file=sys.stderr); sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(mini)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 1
    assert (
        "guidance_sources/bomb.yaml:1: error: YAML anchors and aliases (&name, *name) are not allowed in "
        "inputs — write the value out in full where it is needed"
    ) in result.stdout
    peak_kib = int(result.stderr.split("PEAK")[1].split()[0])
    assert peak_kib < 200 * 1024, f"peak memory {peak_kib / 1024:.0f} MB"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: &a [*a]\n",
            "x.yaml:1: error: YAML anchors and aliases (&name, *name) are not allowed in inputs",
        ),
        ("a: 1\nb: *nothing\n", "x.yaml:2: error: YAML anchors and aliases"),
        ("a: " + "[" * 60 + "]" * 60 + "\n", "x.yaml:1: error: nested more than 40 levels deep"),
        ("a: " + "x" * 20_001 + "\n", "x.yaml:1: error: text of 20001 characters is longer than the limit"),
        ("a: 1\n---\nb: 2\n", "x.yaml:2: error: more than one YAML document in the file"),
        ("? [a]\n: b\n", "x.yaml:1: error: a mapping key must be plain text"),
    ],
)
def test_parser_bounds(text, expected):
    from build_tools.load.yaml import parse_yaml

    raw, problems = parse_yaml(text, "x.yaml")
    assert raw is None
    assert str(problems[0]).startswith(expected), problems


def test_oversized_file_is_refused(tmp_path):
    from build_tools.load.yaml import MAX_FILE_BYTES, read_yaml

    big = tmp_path / "big.yaml"
    big.write_text("a: b\n" * (MAX_FILE_BYTES // 5 + 1))
    raw, problems = read_yaml(big, tmp_path)
    assert raw is None
    assert str(problems[0]).startswith("big.yaml: error: file of 2000005 bytes is larger than the limit")


# ---------------------------------------------------------------- rules that cannot be bypassed


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"},
    )  # fmt: skip


def test_lock_is_not_rebuilt_from_nothing_when_git_history_has_it(mini, capsys):
    _git(mini, "init", "-q")
    _git(mini, "add", "-A")
    _git(mini, "commit", "-q", "-m", "published")
    (mini / "code_of_practice/numbers.lock.json").unlink()
    edit(mini / "code_of_practice/chapters/01-illness.yaml", 'number: "1.2"', 'number: "1.4"')
    assert cli.main(["--root", str(mini), "lock"]) == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert (
        "lock: code_of_practice/numbers.lock.json is missing but section numbers have been published: " in err
    )
    assert "the repository history has it (commit " in err
    assert not (mini / "code_of_practice/numbers.lock.json").exists()
    assert not check_project(mini).ok


def test_lock_is_not_rebuilt_when_editions_are_published(mini, capsys):
    (mini / "code_of_practice/numbers.lock.json").unlink()
    (mini / "code_of_practice/editions").mkdir()
    (mini / "code_of_practice/editions/2026-01-01.json").write_text("{}")
    assert cli.main(["--root", str(mini), "lock"]) == cli.EXIT_INVALID
    assert "published editions are recorded in code_of_practice/editions/" in capsys.readouterr().err


def test_lock_refuses_to_renumber_a_locked_section(mini, capsys):
    edit(mini / "code_of_practice/chapters/01-illness.yaml", 'number: "1.2"', 'number: "1.4"')
    assert cli.main(["--root", str(mini), "lock"]) == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert "section 's19-duty' was published as s.1.2 and is now numbered 1.4" in err
    locked = json.loads((mini / "code_of_practice/numbers.lock.json").read_text())
    assert [e["number"] for e in locked["sections"]] == ["1.1", "1.2"]


def test_a_lock_entry_cannot_point_outside_the_code(mini):
    lock = mini / "code_of_practice/numbers.lock.json"
    lock.write_text(lock.read_text().replace('"url": "code/s19-duty/"', '"url": "../../etc/"'))
    assert any(
        "lock file is unreadable (entry 's19-duty' has an invalid url '../../etc/')" in e
        for e in errors(mini)
    )


@pytest.mark.parametrize(
    "written", ["[[Medical-Evidence]]", "[[ medical-evidence ]]", "[[medical- evidence]]"]
)
def test_cross_reference_must_match_an_id_exactly(mini, written):
    edit(mini / "code_of_practice/chapters/01-illness.yaml", "See [[s19-duty]].", f"See {written}.")
    assert (
        f"code_of_practice/chapters/01-illness.yaml:7: error: [xref] cross-reference '{written}' is not "
        "written exactly as a section id — write [[medical-evidence]]: the id in lower case, with no spaces "
        "or line breaks inside the brackets"
    ) in errors(mini)


def test_in_force_before_published_is_an_error(mini):
    edit(mini / "guidance_sources/act-x.yaml", 'in_force: "2020-06-01"', 'in_force: "2019-06-01"')
    assert (
        "guidance_sources/act-x.yaml:7: error: [document.in_force] in_force '2019-06-01' is before published "
        "'2020-01-01' — a document cannot be in force before it is published; check both dates"
    ) in errors(mini)


def test_partial_dates_compare_at_their_precision(mini):
    edit(mini / "guidance_sources/act-x.yaml", 'in_force: "2020-06-01"', 'in_force: "2020"')
    assert errors(mini) == []


def test_future_publication_is_an_error_without_strict(mini):
    edit(mini / "guidance_sources/act-x.yaml", 'published: "2020-01-01"', 'published: "2099-01-01"')
    found = errors(mini)
    assert any(
        e.startswith(
            "guidance_sources/act-x.yaml:6: error: [document.published] published date '2099-01-01' is in "
            "the future (today is "
        )
        for e in found
    ), found


def test_hand_written_page_cannot_replace_a_generated_one(mini, capsys):
    (mini / "docs/glossary").mkdir()
    (mini / "docs/glossary/index.md").write_text("# My glossary\n")
    assert cli.main(["--root", str(mini), "build", "--no-pdf"]) == cli.EXIT_INVALID
    assert (
        "docs/glossary/index.md: error: hand-written page would replace the generated page at glossary/ — "
        "rename or move the hand-written page; generated pages come from the inputs"
    ) in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["conflicts", "--threshold", "nan"], "argument --threshold: 'nan' must be a number from 0 to 1"),
        (["conflicts", "--threshold", "-5"], "argument --threshold: '-5' must be a number from 0 to 1"),
        (["conflicts", "--threshold", "x"], "argument --threshold: 'x' is not a number"),
        (
            ["serve", "--port", "99999"],
            "argument --port: 99999 is not a port (0 to 65535; 0 picks a free one)",
        ),
        (["serve", "--port", "-1"], "argument --port: -1 is not a port (0 to 65535; 0 picks a free one)"),
    ],
)
def test_numeric_options_are_usage_errors_before_building(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--root", str(tmp_path / "never-read"), *args])
    assert exit_.value.code == cli.EXIT_USAGE
    assert message in capsys.readouterr().err


def test_busy_port_is_reported_before_building(mini, capsys):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli.main(["--root", str(mini), "serve", "--port", str(port)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"attendance-code: cannot serve on 127.0.0.1:{port}: Address already in use")
    assert not (mini / "site").exists(), "nothing was built"


def test_internal_error_asks_for_a_bug_report_with_its_own_exit_code(mini, capsys, monkeypatch):
    from build_tools import project

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(project, "check_project", broken)
    assert cli.main(["--root", str(mini), "check"]) == cli.EXIT_BUG == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "attendance-code: internal error (RuntimeError: boom); this is a bug in the tool, not in your files. "
        "Please report it with the command you ran (set ATTENDANCE_CODE_DEBUG=1 for the details)."
    ]


# ---------------------------------------------------------------- what the theme prints


@pytest.mark.site
def test_titles_and_descriptions_reach_the_theme_escaped(mini):
    from build_tools.site.build import build_all

    attack = 'x"><script>alert(1)</script>'
    edit(mini / "code_of_practice/chapters/01-illness.yaml", "title: Medical evidence", f"title: '{attack}'")
    edit(
        mini / "code_of_practice/chapters/01-illness.yaml",
        "summary: Schools should not routinely ask for a doctor's note. See [[s19-duty]].",
        f"summary: '{attack}'",
    )
    edit(
        mini / "guides/letters/illness-note.yaml",
        "purpose: Use this when the school asks for a doctor's note for every absence.",
        f"purpose: '{attack}'",
    )
    build_all(mini, with_pdf=False)
    escaped = "x&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    section = (mini / "site/code/medical-evidence/index.html").read_text(encoding="utf-8")
    letter = (mini / "site/letters/illness-note/index.html").read_text(encoding="utf-8")
    assert f'<meta name="description" content="{escaped}">' in section
    assert f'<meta name="description" content="{escaped}">' in letter
    assert f"<title>1.1 {escaped} - Attendance Code of Practice</title>" in section
    home = (mini / "site/index.html").read_text(encoding="utf-8")
    assert f"1.1 {escaped}" in home, "the navigation title, escaped"
    for page in (mini / "site").rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text(encoding="utf-8"), page
