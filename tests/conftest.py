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


MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_home(tmp_path_factory: pytest.TempPathFactory):
    """The model cache's signing key (site/cache.py) made for the test run, not in the user's home."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))
    yield
    patch.undo()


def copy_site_frame(root: Path) -> None:
    """The real site configuration, theme overrides and shared hand-written pages."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", root / "overrides", dirs_exist_ok=True)
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets", dirs_exist_ok=True)
    for page in ("how-to-cite.md", "tags.md"):
        shutil.copy(ROOT / "docs" / page, root / "docs" / page)
    shutil.copy(SOURCES / "vocabulary.yaml", root / "guidance_sources" / "vocabulary.yaml")
    shutil.copytree(SOURCES / "schema", root / "guidance_sources" / "schema", dirs_exist_ok=True)
    shutil.copytree(
        ROOT / "code_of_practice" / "schema", root / "code_of_practice" / "schema", dirs_exist_ok=True
    )


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A tiny but complete project (two sources, two sections) that builds a real site."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    copy_site_frame(root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
