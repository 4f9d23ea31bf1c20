"""The project is loaded once: one build reads each input file once, and later stages get the Project."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from build_tools.project import Project, load_project, ready_project
from build_tools.site import build as site_build
from build_tools.site.cache import NO_CACHE_ENV

INPUTS = ("guidance_sources", "code_of_practice", "guides")


@pytest.mark.site
def test_one_build_with_pdfs_reads_each_input_file_once(mini: Path, monkeypatch):
    reads: collections.Counter[str] = collections.Counter()
    read_text, read_bytes = Path.read_text, Path.read_bytes

    def counted(original):
        def read(self: Path, *args, **kwargs):
            if self.is_relative_to(mini) and self.relative_to(mini).parts[0] in INPUTS:
                reads[f"{original.__name__} {self.relative_to(mini).as_posix()}"] += 1
            return original(self, *args, **kwargs)

        return read

    # The model cache's key reads every input's bytes once more, to know whether the model is current:
    # what this test counts is the loading (see test_model_cache.py for the cache)
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    monkeypatch.setattr(Path, "read_text", counted(read_text))
    monkeypatch.setattr(Path, "read_bytes", counted(read_bytes))
    # WeasyPrint's layout is not what this test is about: the PDFs' HTML is still planned and built
    planned: list[str] = []
    monkeypatch.setattr(site_build, "render_pdfs", lambda documents: planned.extend(documents) or {})
    site_build.build_all(mini, with_pdf=True)
    assert len(planned) == 4  # the full Code, the two handbooks and the parents' essentials
    assert "read_text guides/parents.yaml" in reads and "read_text guides/training.yaml" in reads
    assert "read_text code_of_practice/numbers.lock.json" in reads
    assert {name: n for name, n in reads.items() if n > 1} == {}


def test_load_project_returns_the_frozen_project_and_its_diagnostics(mini: Path):
    project, diagnostics = load_project(mini)
    assert isinstance(project, Project) and diagnostics == []
    assert [g.id for g in project.guides] == ["parents", "local-authorities"]
    assert project.letters and project.training is not None and project.lock
    assert project.code.section("medical-evidence") is project.code.sections[0]
    with pytest.raises(AttributeError):
        project.guides = ()  # type: ignore[misc]


def test_load_project_gives_no_project_and_the_errors_when_the_code_does_not_load(mini: Path):
    chapter = next((mini / "code_of_practice" / "chapters").glob("*.yaml"))
    chapter.write_text("sections: [", encoding="utf-8")
    project, diagnostics = load_project(mini)
    assert project is None
    assert any(d.path.endswith(chapter.name) for d in diagnostics)
    with pytest.raises(Exception, match=chapter.name):
        ready_project(mini)
