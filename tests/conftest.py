"""Shared fixtures: small projects written into tmp_path."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "guidance_sources"

VALID_DOC = """\
document:
  id: {id}
  title: A test document
  short_title: Test
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
    text: Schools should talk to families first.
    audiences: [schools]
    topics: [working-with-families]
    force: should
"""


def make_sources(root: Path, files: dict[str, str]) -> Path:
    """A project folder with the real vocabulary and schema and the given source files."""
    sources = root / "guidance_sources"
    sources.mkdir(parents=True, exist_ok=True)
    shutil.copy(SOURCES / "vocabulary.yaml", sources / "vocabulary.yaml")
    shutil.copytree(SOURCES / "schema", sources / "schema", dirs_exist_ok=True)
    for name, text in files.items():
        (sources / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path):
    """Factory: project(files) -> root folder holding guidance_sources/."""

    def factory(files: dict[str, str]) -> Path:
        return make_sources(tmp_path, files)

    return factory
