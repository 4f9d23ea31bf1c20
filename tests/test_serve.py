"""`serve`'s incremental rebuild: an edit to any watched input shows in the served site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_tools.diagnostics import BuildError
from build_tools.site.build import build_all, refresh

from .conftest import edit

pytestmark = pytest.mark.site


def edit_source(root: Path, marker: str) -> None:
    """One provision of the mini project's act-x source, edited to carry ``marker``."""
    edit(
        root / "guidance_sources" / "act-x.yaml",
        "Parents must secure their child's education.",
        f"Parents must secure their child's education ({marker}).",
    )


def test_refresh_restages_hand_written_docs(mini: Path):
    build_all(mini, with_pdf=False)
    page = mini / "site" / "how-to-cite" / "index.html"
    assert "Refreshed wording 7f3c" not in page.read_text(encoding="utf-8")
    source = mini / "docs" / "how-to-cite.md"
    source.write_text(
        source.read_text(encoding="utf-8") + "\nRefreshed wording 7f3c for the test.\n", encoding="utf-8"
    )
    refresh(mini)
    assert "Refreshed wording 7f3c" in page.read_text(encoding="utf-8")


def test_an_edit_to_docs_alone_reuses_the_project_model(mini: Path, monkeypatch: pytest.MonkeyPatch):
    """The model, its pages and the archive come from the project's inputs only: a docs/ edit reuses
    them (most of a warm rebuild), an edit to an input reads the project again."""
    import build_tools.site.build as site_build

    build_all(mini, with_pdf=False)
    loads: list[Path] = []
    real = site_build.ready_project
    monkeypatch.setattr(site_build, "ready_project", lambda root: loads.append(root) or real(root))
    refresh(mini)
    page = mini / "docs" / "how-to-cite.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nReused model 3a9e.\n", encoding="utf-8")
    refresh(mini)
    assert "Reused model 3a9e" in (mini / "site" / "how-to-cite" / "index.html").read_text(encoding="utf-8")
    edit_source(mini, "edited 6c1d")
    refresh(mini)
    assert "edited 6c1d" in (mini / "site" / "sources" / "act-x" / "index.html").read_text(encoding="utf-8")
    assert len(loads) <= 2 and loads[-1] == mini, loads  # at most the first refresh and the source edit


def _mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_refresh_rebuilds_what_an_edit_reaches_and_nothing_when_nothing_changed(mini: Path):
    build_all(mini, with_pdf=False)
    site = mini / "site"
    assert refresh(mini) == []  # nothing changed: nothing staged, nothing rebuilt

    # a source edit: only the pages it reaches are re-staged, and they show it
    edit_source(mini, "edited 51b2")
    before = _mtimes(site)
    changed = refresh(mini)
    assert changed and all(p.endswith(".md") or p.endswith(".json") for p in changed), changed
    assert "edited 51b2" in (site / "sources" / "act-x" / "index.html").read_text(encoding="utf-8")
    after = _mtimes(site)
    assert after["glossary/index.html"] == before["glossary/index.html"]  # untouched page not rebuilt

    # a hand-written asset: copied into the site
    css = mini / "docs" / "assets" / "stylesheets" / "code.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* refreshed 9d1e */\n", encoding="utf-8")
    assert "assets/stylesheets/code.css" in refresh(mini)
    assert "refreshed 9d1e" in (site / "assets" / "stylesheets" / "code.css").read_text(encoding="utf-8")

    # removing a page the navigation names fails the whole-site rebuild, and the last good site stays
    (mini / "docs" / "tags.md").unlink()
    with pytest.raises(BuildError, match="tags.md"):
        refresh(mini)
    assert not (mini / "build" / "docs" / "tags.md").exists()
    assert (site / "tags" / "index.html").is_file() and (site / "index.html").is_file()


def _search_docs(root: Path) -> list[dict[str, str]]:
    index = root / "site" / "search" / "search_index.full.json"  # the stub beside it has no pages
    return json.loads(index.read_text(encoding="utf-8"))["docs"]


def test_refreshed_search_index_matches_a_full_build(mini: Path, tmp_path: Path):
    build_all(mini, with_pdf=False)
    edit_source(mini, "searchable 3c7a")
    assert refresh(mini)
    fresh = tmp_path / "fresh"
    shutil.copytree(mini, fresh, ignore=shutil.ignore_patterns("site", "build", ".build.lock"))
    build_all(fresh, with_pdf=False)
    refreshed = _search_docs(mini)
    assert len(refreshed) > 20  # every page, not only the rebuilt one
    assert any("searchable 3c7a" in d["text"] for d in refreshed)
    assert refreshed == _search_docs(fresh)


def test_every_page_a_refresh_rewrites_is_hardened(mini: Path):
    """A dirty rebuild hardens exactly what mkdocs wrote (its pages and 404.html), so no rewritten
    page loses the Content-Security-Policy that a full build gives it."""
    build_all(mini, with_pdf=False)
    edit_source(mini, "edited 0b7e")
    assert refresh(mini)
    site = mini / "site"
    page = (site / "sources" / "act-x" / "index.html").read_text(encoding="utf-8")
    assert "edited 0b7e" in page
    unhardened = [
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if 'http-equiv="Content-Security-Policy"' not in p.read_text(encoding="utf-8")
    ]
    assert unhardened == []


def test_a_source_wording_edit_reuses_the_rendered_archive(mini: Path, monkeypatch: pytest.MonkeyPatch):
    """Past editions are frozen and the current snapshot holds the Code's text only: an edit to a
    source's wording keeps the rendered archive, an edit to the Code renders it again."""
    import build_tools.site.build as site_build
    from build_tools.cli import main

    assert main(["--root", str(mini), "publish", "--date", "2026-01-01"]) == 0
    build_all(mini, with_pdf=False)
    renders: list[int] = []
    real = site_build.archive_files
    monkeypatch.setattr(site_build, "archive_files", lambda archive: renders.append(1) or real(archive))
    refresh(mini)
    assert len(renders) == 1  # this folder's first refresh in the process
    edit_source(mini, "edited 4c2a")
    refresh(mini)
    assert len(renders) == 1
    assert "edited 4c2a" in (mini / "site" / "sources" / "act-x" / "index.html").read_text(encoding="utf-8")
    edit(
        mini / "code_of_practice" / "chapters" / "01-illness.yaml",
        "for short illnesses.",
        "for short illnesses of up to five days.",
    )
    refresh(mini)
    assert len(renders) == 2
    assert (mini / "site" / "editions" / "2026-01-01" / "index.html").is_file()
