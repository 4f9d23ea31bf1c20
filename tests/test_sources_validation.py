"""Each kind of bad source input gets a clear diagnostic naming file, line and key."""

from __future__ import annotations

import pytest

from build_tools.project import check_sources

from .conftest import VALID_DOC


def _errors(root):
    result = check_sources(root)
    return [str(d) for d in result.errors], result


def test_valid_document_loads(project):
    root = project({"doc-a.yaml": VALID_DOC.format(id="doc-a")})
    errors, result = _errors(root)
    assert errors == []
    assert result.corpus is not None
    provision = result.corpus.provision("doc-a/p1")
    assert provision is not None and provision.ref == "para 1"
    # dates stay strings: YAML must not turn them into date objects
    assert result.corpus.documents[0].published == "2024-02-29"


# (name, transformation of the valid text, expected substrings of one error line)
BAD_INPUTS = [
    (
        "malformed-yaml",
        lambda t: t.replace("  title: A test document", "  title: [unclosed"),
        ["guidance_sources/doc-a.yaml:", "malformed YAML"],
    ),
    (
        "unknown-key",
        lambda t: t.replace("  licence:", "  colour: blue\n  licence:"),
        ["guidance_sources/doc-a.yaml:10:", "[document.colour]", "unknown key 'colour'", "remove it"],
    ),
    (
        "missing-field",
        lambda t: t.replace("    force: should\n", ""),
        ["guidance_sources/doc-a.yaml:13:", "[provisions[0].force]", "missing required key 'force'"],
    ),
    (
        "duplicate-id",
        lambda t: t + t[t.index("  - id: p1") :],
        ["guidance_sources/doc-a.yaml:20:", "[provisions[1].id]", "duplicate id 'p1'"],
    ),
    (
        "duplicate-key",
        lambda t: t.replace("    force: should", "    force: should\n    force: must"),
        ["guidance_sources/doc-a.yaml:20:", "[provisions[0].force]", "duplicate key 'force'"],
    ),
    (
        "unknown-topic",
        lambda t: t.replace("[working-with-families]", "[wizardry]"),
        [
            "guidance_sources/doc-a.yaml:18:",
            "[provisions[0].topics[0]]",
            "unknown topic 'wizardry'",
            "vocabulary.yaml",
        ],
    ),
    (
        "unknown-audience",
        lambda t: t.replace("audiences: [schools]", "audiences: [schools, aliens]"),
        ["guidance_sources/doc-a.yaml:17:", "[provisions[0].audiences[1]]", "unknown audience 'aliens'"],
    ),
    (
        "bad-date",
        lambda t: t.replace('"2024-02-29"', '"2023-02-29"'),
        ["guidance_sources/doc-a.yaml:6:", "[document.published]", "does not parse", "YYYY-MM-DD"],
    ),
    (
        "unparseable-date-text",
        lambda t: t.replace('"2024-08-19"', "19 August 2024"),
        ["guidance_sources/doc-a.yaml:7:", "[document.in_force]", "does not parse"],
    ),
    (
        "supersedes-nowhere",
        lambda t: t.replace("  text_kind: digest", "  text_kind: digest\n  supersedes: [ghost-2019]"),
        ["guidance_sources/doc-a.yaml:12:", "[document.supersedes[0]]", "'ghost-2019'", "not a document"],
    ),
    (
        "newer-edition-bad-date",
        lambda t: t.replace(
            "  text_kind: digest",
            '  text_kind: digest\n  newer_edition: {title: New, date: "2026-02-30", status: reported}',
        ),
        ["guidance_sources/doc-a.yaml:12:", "[document.newer_edition.date]", "does not parse"],
    ),
    (
        "newer-edition-unknown-status",
        lambda t: t.replace(
            "  text_kind: digest",
            '  text_kind: digest\n  newer_edition: {title: New, date: "2026", status: rumoured}',
        ),
        ["guidance_sources/doc-a.yaml:12:", "newer_edition.status", "'rumoured'"],
    ),
    (
        "superseded-by-nowhere",
        lambda t: t.replace("  text_kind: digest", "  text_kind: digest\n  superseded_by: ghost-2030"),
        ["guidance_sources/doc-a.yaml:12:", "[document.superseded_by]", "'ghost-2030'"],
    ),
    (
        "unknown-force",
        lambda t: t.replace("force: should", "force: shall"),
        ["guidance_sources/doc-a.yaml:19:", "unknown force 'shall'"],
    ),
    (
        "unknown-status",
        lambda t: t.replace("status: statutory-guidance", "status: gospel"),
        ["guidance_sources/doc-a.yaml:8:", "[document.status]", "unknown status 'gospel'"],
    ),
    (
        "yes-is-not-a-boolean",
        lambda t: t.replace("verified: true", "verified: yes"),
        ["guidance_sources/doc-a.yaml:15:", "[provisions[0].verified]", "true or false"],
    ),
    (
        "unverified-without-note",
        lambda t: t.replace("verified: true", "verified: false"),
        ["guidance_sources/doc-a.yaml:15:", "verification_note"],
    ),
    (
        "id-does-not-match-file",
        lambda t: t.replace("  id: doc-a", "  id: doc-b"),
        ["guidance_sources/doc-a.yaml:2:", "[document.id]", "does not match the file name"],
    ),
]


@pytest.mark.parametrize("name, mutate, expected", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_reported_with_file_line_and_key(project, name, mutate, expected):
    root = project({"doc-a.yaml": mutate(VALID_DOC.format(id="doc-a"))})
    errors, result = _errors(root)
    assert result.corpus is None, f"{name}: a corpus with errors must not load"
    assert any(all(part in line for part in expected) for line in errors), "\n".join(errors)


def test_every_error_is_reported_not_only_the_first(project):
    text = VALID_DOC.format(id="doc-a")
    text = text.replace("[working-with-families]", "[wizardry]").replace(
        "  licence:", "  colour: x\n  licence:"
    )
    root = project(
        {"doc-a.yaml": text, "doc-b.yaml": VALID_DOC.format(id="doc-b").replace("force: should", "")}
    )
    errors, _ = _errors(root)
    assert any("doc-a.yaml" in e and "wizardry" in e for e in errors)
    assert any("doc-a.yaml" in e and "colour" in e for e in errors)
    assert any("doc-b.yaml" in e and "force" in e for e in errors)


def test_check_command_exits_non_zero_and_prints_the_diagnostics(project, capsys):
    from build_tools.cli import main

    root = project({"doc-a.yaml": VALID_DOC.format(id="doc-a").replace("[schools]", "[aliens]")})
    code = main(["--root", str(root), "check"])
    out = capsys.readouterr().out
    assert code == 1
    assert (
        "guidance_sources/doc-a.yaml:17: error: [provisions[0].audiences[0]] unknown audience 'aliens'" in out
    )
    assert out.strip().endswith("FAILED: 1 error(s), 0 warning(s)")


def test_check_json_is_one_object_with_the_documented_keys(project, capsys):
    import json

    from build_tools.cli import main

    root = project({"doc-a.yaml": VALID_DOC.format(id="doc-a")})
    assert main(["--root", str(root), "check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"documents", "provisions", "unverified_citations", "errors"} <= set(data)
    assert data["documents"] == 1 and data["provisions"] == 1 and data["errors"] == []


_CHECKED = (
    "    verified: true\n"
    '    checked_url: "https://www.legislation.gov.uk/uksi/2024/208/regulation/13/made"\n'
    '    checked_version: "as made"\n'
)


def test_where_a_provision_was_checked_loads_as_editors_data(project):
    text = VALID_DOC.format(id="doc-a").replace("    verified: true\n", _CHECKED)
    errors, result = _errors(project({"doc-a.yaml": text}))
    assert errors == []
    assert result.corpus is not None
    provision = result.corpus.provision("doc-a/p1")
    assert provision is not None
    assert provision.checked_url == "https://www.legislation.gov.uk/uksi/2024/208/regulation/13/made"
    assert provision.checked_version == "as made"


@pytest.mark.parametrize(
    "old, new, key",
    [
        ('"https://www.legislation.gov.uk/uksi/2024/208/regulation/13/made"', "no-scheme", "checked_url"),
        ('"as made"', '""', "checked_version"),
    ],
)
def test_a_bad_checked_field_is_reported_with_line_and_key(project, old, new, key):
    text = VALID_DOC.format(id="doc-a").replace("    verified: true\n", _CHECKED.replace(old, new))
    errors, result = _errors(project({"doc-a.yaml": text}))
    assert result.corpus is None
    assert any(f"[provisions[0].{key}]" in e and "doc-a.yaml:" in e for e in errors), "\n".join(errors)


def test_resolving_the_schemas_references_once_changes_no_error():
    """The loader validates against a copy of each schema with its local $refs resolved (for speed): on
    every source and chapter, and on broken copies of them, it must report exactly what the schema does."""
    import copy
    import json
    from pathlib import Path

    import jsonschema
    import yaml

    from build_tools.load.schema import schema_validator

    root = Path(__file__).resolve().parents[1]
    pairs = [
        ("guidance_sources/schema/document.schema.json", sorted(root.glob("guidance_sources/*.yaml"))),
        ("code_of_practice/schema/chapter.schema.json", sorted(root.glob("code_of_practice/chapters/*"))),
    ]

    def errors(validator, data):
        found = validator.iter_errors(data)
        return sorted((list(map(str, e.absolute_path)), e.validator, e.message) for e in found)

    compared = 0
    for schema_file, files in pairs:
        schema = json.loads((root / schema_file).read_text(encoding="utf-8"))
        plain, resolved = jsonschema.Draft202012Validator(schema), schema_validator(schema)
        assert files, schema_file
        for path in files:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            broken = copy.deepcopy(data)
            first = next(iter(broken))
            broken[first] = [{"unexpected": 1}] if not isinstance(broken[first], list) else 7
            for variant in (data, broken):
                assert errors(resolved, variant) == errors(plain, variant), path.name
                compared += 1
    assert compared > 40
