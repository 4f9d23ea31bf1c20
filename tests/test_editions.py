"""Published editions: snapshots, the index that guards them, and the lock across editions."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from build_tools.cli import main
from build_tools.project import check_project
from tests.conftest import ROOT, edit

SCHEMA = json.loads((ROOT / "code_of_practice/schema/edition-snapshot.schema.json").read_text())


def publish(root: Path, date: str, *extra: str) -> int:
    return main(["--root", str(root), "publish", "--date", date, *extra])


def snapshot(root: Path, date: str) -> dict:
    return json.loads((root / f"code_of_practice/editions/{date}.json").read_text())


def errors(root: Path) -> list[str]:
    return [str(d) for d in check_project(root, detect_conflicts=False).errors]


def test_publish_writes_a_deterministic_snapshot_that_matches_the_schema(mini: Path, tmp_path: Path):
    assert publish(mini, "2026-01-01") == 0
    first = (mini / "code_of_practice/editions/2026-01-01.json").read_bytes()
    data = json.loads(first)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert [s["number"] for s in data["sections"]] == ["1.1", "1.2"]
    cite = data["sections"][1]["statements"][0]["citations"][0]
    assert cite == {"provision": "act-x/s2", "document": "act-x", "ref": "s.2", "verified": False}
    assert "verification_note" not in first.decode() and "secondary summary" not in first.decode()
    # The same Code published again elsewhere gives the same bytes.
    other = tmp_path / "again"
    import shutil

    shutil.copytree(mini, other)
    (other / "code_of_practice/editions/2026-01-01.json").unlink()
    (other / "code_of_practice/editions/index.json").unlink()
    assert publish(other, "2026-01-01") == 0
    assert (other / "code_of_practice/editions/2026-01-01.json").read_bytes() == first
    assert errors(mini) == []


def test_an_edited_past_snapshot_fails_check_saying_what_to_do(mini: Path):
    assert publish(mini, "2026-01-01") == 0
    edit(mini / "code_of_practice/editions/2026-01-01.json", "Medical evidence", "Medical proof")
    found = errors(mini)
    assert any("edited since it was published" in e and "git checkout" in e for e in found), found


def test_a_second_edition_records_each_change_with_its_reason(mini: Path):
    assert publish(mini, "2026-01-01") == 0
    edit(
        mini / "code_of_practice/chapters/01-illness.yaml",
        "Parents must secure",
        "Parents must always secure",
    )
    assert publish(mini, "2026-01-01", "--reason", "x") == 1  # already published
    assert publish(mini, "2025-12-01", "--reason", "x") == 1  # before the last edition
    assert publish(mini, "2026-02-01") == 1  # no reason given for the change
    assert publish(mini, "2026-02-01", "--dry-run") == 0
    assert not (mini / "code_of_practice/editions/2026-02-01.json").exists()
    changes = mini / "changes.yaml"
    changes.write_text("medical-evidence: Clarified the parent's duty.\n")
    assert publish(mini, "2026-02-01", "--changes", str(changes)) == 0
    data = snapshot(mini, "2026-02-01")
    assert data["changes"] == [
        {
            "section": "medical-evidence",
            "number": "1.1",
            "kind": "changed",
            "reason": "Clarified the parent's duty.",
            "moved_to": [],
        }
    ]
    assert 'date: "2026-02-01"' in (mini / "code_of_practice/edition.yaml").read_text()
    index = json.loads((mini / "code_of_practice/editions/index.json").read_text())
    assert [e["date"] for e in index["editions"]] == ["2026-01-01", "2026-02-01"]
    assert errors(mini) == []


def test_the_lock_must_hold_every_number_any_edition_published(mini: Path):
    assert publish(mini, "2026-01-01") == 0
    lock = mini / "code_of_practice/numbers.lock.json"
    data = json.loads(lock.read_text())
    data["sections"] = [e for e in data["sections"] if e["number"] != "1.2"]
    lock.write_text(json.dumps(data))
    found = errors(mini)
    assert any("s.1.2 (s19-duty) was published in edition 2026-01-01" in e for e in found), found


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday"])
def test_publish_rejects_a_date_that_is_not_one(mini: Path, bad: str):
    assert publish(mini, bad) == 1
    assert not (mini / "code_of_practice/editions").exists()


def test_the_recreated_first_edition_is_recorded_and_matches_the_schema():
    from build_tools.editions import store
    from build_tools.editions.snapshot import digest

    stored, problem = store.read_stored(ROOT)
    first = next(s for s in stored if s.date == "2026-11-23")
    assert problem is None and first.text is not None and first.snapshot is not None
    assert digest(first.text) == first.recorded
    jsonschema.Draft202012Validator(SCHEMA).validate(first.snapshot)
    assert first.snapshot["recreated_from"].startswith("3e5a379")
    numbers = {s["number"] for s in first.snapshot["sections"]}
    assert {"1.1", "6.2"} <= numbers


def test_open_data_csv_cells_never_run_as_spreadsheet_formulas():
    from build_tools.render.editions import sections_csv

    snapshot = {
        "sections": [
            {
                "number": "1.1",
                "id": "x",
                "title": '=HYPERLINK("http://evil")',
                "chapter": "c",
                "statements": [],
                "withdrawn": None,
                "summary": "+1",
            }
        ]
    }
    row = sections_csv(snapshot).splitlines()[1]
    assert row.startswith('1.1,x,"\'=HYPERLINK(""http://evil"")"') and row.endswith(",'+1")
