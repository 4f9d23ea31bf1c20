"""The outer layer: the only module that writes the site to disk.

Pages are staged in ``build/docs`` (hand-written ``docs/`` plus generated
pages), mkdocs builds into a temporary folder beside ``site/``, and only a
complete, successful build is swapped in. A failed build leaves the last good
``site/`` untouched.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from build_tools.conflicts.register import load_register
from build_tools.diagnostics import BuildError, Diagnostic
from build_tools.load.lock import read_lock
from build_tools.model import Code
from build_tools.pdf.write import build_pdfs, pdf_links
from build_tools.project import load_project
from build_tools.render.code import Notice, abbreviations_snippet, navigation, render_pages
from build_tools.render.conflicts import REGISTER_PAGE, register_pages, section_notices
from build_tools.render.guides import guide_navigation, guide_pages, guide_summary
from build_tools.site.archive import SiteArchive, changed_files, site_archive
from build_tools.site.harden import harden_site

STAGE_DIR = Path("build") / "docs"
SNIPPETS_DIR = Path("build") / "snippets"
SITE_DIR = Path("site")

# What a local `serve` watches for changes.
WATCHED = ("guidance_sources", "code_of_practice", "guides", "docs", "overrides")


def inputs_stamp(folders: list[Path]) -> tuple[tuple[str, int], ...]:
    """A cheap fingerprint of the inputs: every file's path and modification time."""
    return tuple(
        sorted(
            (str(p), p.stat().st_mtime_ns) for f in folders if f.exists() for p in f.rglob("*") if p.is_file()
        )
    )


# Extra page producers added by later stages (conflicts register, role guides): code -> {path: text}.
PageProducer = Callable[[Code], Mapping[str, str]]


def write_tree(folder: Path, files: Mapping[str, str | bytes]) -> None:
    for rel, content in sorted(files.items()):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def _replace_dir(new: Path, final: Path) -> None:
    """Swap ``new`` into ``final`` with renames, so readers never see a half-written folder."""
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    if old.exists():
        shutil.rmtree(old)


def stage_docs(root: Path, pages: Mapping[str, str], snippets: Mapping[str, str]) -> Path:
    """Hand-written docs plus generated pages in ``build/docs``; returns that folder."""
    stage = root / STAGE_DIR
    stage.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".docs-", dir=stage.parent))
    shutil.copytree(root / "docs", tmp, dirs_exist_ok=True)
    clash = sorted(p for p in pages if (tmp / p).exists())
    if clash:
        shutil.rmtree(tmp)
        raise BuildError(
            [
                Diagnostic(
                    f"docs/{p}",
                    "hand-written page has the same path as a generated page",
                    "rename or move the hand-written page",
                )
                for p in clash
            ]
        )
    write_tree(tmp, pages)
    _replace_dir(tmp, stage)
    snip_tmp = Path(tempfile.mkdtemp(prefix=".snippets-", dir=stage.parent))
    write_tree(snip_tmp, snippets)
    _replace_dir(snip_tmp, root / SNIPPETS_DIR)
    return stage


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(
    root: Path, out_dir: Path, code: Code, nav: list[Any], pdfs: Mapping[str, Any] | None = None
) -> None:
    """Strict mkdocs build of the staged docs into ``out_dir``; any warning is a BuildError.

    ``pdfs`` (:func:`pdf.pdf_links`) lets each page link its PDF; None when no PDFs are built.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _WarningCollector()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(collector)
    cwd = Path.cwd()
    try:
        os.chdir(root)  # mkdocs.yml paths (docs_dir, custom_dir, snippets) are relative to the project
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(out_dir), strict=True, nav=nav)
        config["extra"]["edition"] = {
            "date": code.edition.date,
            "sources_cutoff": code.edition.sources_cutoff,
        }
        config["extra"]["pdf"] = dict(pdfs or {})
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        raise BuildError(
            [Diagnostic("mkdocs.yml", f"mkdocs build failed: {exc}", "see the messages above")]
            + [Diagnostic("mkdocs", m, "fix the page named") for m in collector.messages]
        ) from exc
    finally:
        os.chdir(cwd)
        mkdocs_logger.removeHandler(collector)
    if collector.messages:
        raise BuildError([Diagnostic("mkdocs", m, "fix the page named") for m in collector.messages])


def build_all(
    root: Path, with_pdf: bool = True, strict: bool = False, producers: tuple[PageProducer, ...] = ()
) -> str:
    """Sources -> site/ (and PDFs). Returns a one-line summary; raises BuildError on any problem."""
    started = time.perf_counter()
    code = load_project(root, strict)
    archive = site_archive(root, code)
    pages = all_pages(root, code, producers, archive)
    stage_docs(root, pages, {"abbreviations.md": abbreviations_snippet(code)})
    site = root / SITE_DIR
    tmp_site = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        nav_extra = _nav_extra(root, code)
        pdf_links = _pdf_links(root, code) if with_pdf else None
        run_mkdocs(root, tmp_site, code, navigation(code, nav_extra), pdf_links)
        harden_site(tmp_site)
        # Past editions are finished, hardened static pages: written straight into the site, not via MkDocs.
        write_tree(tmp_site, archive.pages)
        pdfs = _build_pdfs(root, code, tmp_site) if with_pdf else 0
        _replace_dir(tmp_site, site)
    finally:
        if tmp_site.exists():
            shutil.rmtree(tmp_site)
    seconds = time.perf_counter() - started
    return (
        f"built {len([s for s in code.sections if not s.withdrawn])} sections, "
        f"{len(code.corpus.documents)} source pages, {pdfs} PDFs into {site} in {seconds:.1f} s"
    ) + "".join(f"\n{line}" for line in guide_summary(root, code))


def all_pages(
    root: Path, code: Code, producers: tuple[PageProducer, ...] = (), archive: SiteArchive | None = None
) -> dict[str, str]:
    """Every generated page: the Code, sources, register, guides and letters.

    ``archive`` (past editions) only adds each section's history here; its own pages bypass MkDocs.
    """
    locked, _ = read_lock(root)
    register_page, notices = _contradictions(root, code)
    archive = archive if archive is not None else site_archive(root, code)
    pages = dict(
        render_pages(code, notices=notices, locked=locked, history=archive.history, editions=archive.editions)
    )
    pages.update(register_page)
    for producer in producers + _default_producers(root):
        pages.update(producer(code))
    return pages


def refresh(root: Path) -> list[str]:
    """Incremental rebuild for local serving: rewrite only the staged pages that changed, then let mkdocs
    rebuild only those (its "dirty" mode) into ``site/`` in place. Returns the changed page paths.

    Not for publishing: a published build always goes through :func:`build_all` and its atomic swap.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    code = load_project(root)
    stage = root / STAGE_DIR
    archive = site_archive(root, code)
    past = changed_files(root / SITE_DIR, archive.pages)
    write_tree(root / SITE_DIR, past)
    changed = sorted(past)
    for rel, text in sorted(all_pages(root, code, archive=archive).items()):
        target = stage / rel
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.append(rel)
    if len(changed) > len(past):
        cwd = Path.cwd()
        try:
            os.chdir(root)
            # mkdocs warns that a dirty build is partial; that is the point of serving, not a fault.
            config = load_config(
                str(root / "mkdocs.yml"),
                site_dir=str(root / SITE_DIR),
                strict=False,
                nav=navigation(code, _nav_extra(root, code)),
            )
            config["extra"]["edition"] = {
                "date": code.edition.date,
                "sources_cutoff": code.edition.sources_cutoff,
            }
            mkdocs_build(config, dirty=True)
        finally:
            os.chdir(cwd)
    if changed:
        harden_site(root / SITE_DIR)
    return changed


def _nav_extra(root: Path, code: Code) -> list[Any]:
    return [{"Contradictions": REGISTER_PAGE}, *guide_navigation(root, code)]


def _contradictions(root: Path, code: Code) -> tuple[dict[str, str], dict[str, list[Notice]]]:
    """The contradictions register page and the notices it puts on Code sections."""
    # check has already reported register errors; the Code's own section ids spare re-reading the chapters
    register, _ = load_register(root, code.corpus, {s.id for s in code.sections})
    notices = {
        section: [Notice(title, url) for title, url in entries]
        for section, entries in section_notices(register).items()
    }
    labels = {s.id: f"s.{s.number} {s.title}" for s in code.sections}
    return register_pages(register, code.corpus, labels), notices


def _default_producers(root: Path) -> tuple[PageProducer, ...]:
    return (functools.partial(guide_pages, root),)


def _pdf_links(root: Path, code: Code) -> dict[str, Any] | None:
    return pdf_links(root, code)


def _build_pdfs(root: Path, code: Code, site_dir: Path) -> int:
    # raises a BuildError naming the fix when WeasyPrint or Pango is missing (imported only here)
    return build_pdfs(root, code, site_dir)
