"""The outer layer: the only module that writes the site to disk.

Pages are staged in ``build/docs`` (hand-written ``docs/`` plus generated
pages), mkdocs builds into a temporary folder beside ``site/``, and only a
complete, successful build is swapped in. A failed build leaves the last good
``site/`` untouched. ``build`` and ``serve``'s refresh share one staging step and
one mkdocs set-up, and hold the project's build lock while they write.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import io
import json
import logging
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from build_tools.diagnostics import BuildError, Diagnostic, sort_key
from build_tools.load.layout import page_url, replaced_pages
from build_tools.pdf.plan import PDF_DIR
from build_tools.pdf.write import pdf_links, project_pdfs, render_pdfs
from build_tools.project import Project, ready_project
from build_tools.render.code import abbreviations_snippet
from build_tools.render.editions import Archive, project_archive
from build_tools.render.guides import guide_summary
from build_tools.render.pages import all_pages, site_navigation
from build_tools.render.search import page_keywords, tune_index
from build_tools.render.urls import OFFLINE_FOLDER, OFFLINE_SHIM, OFFLINE_ZIP
from build_tools.site.archive import archive_files
from build_tools.site.cache import cache_key, cached, cached_pdfs
from build_tools.site.harden import harden, harden_site, inline_script_problems
from build_tools.site.lazy_search import SEARCH_INDEX, defer_search_index, read_search_index
from build_tools.site.publish import clean_leftovers, new_site_folder, publish

STAGE_DIR = Path("build") / "docs"
SNIPPETS_DIR = Path("build") / "snippets"
SITE_DIR = Path("site")
DOCS_DIR = Path("docs")
LOCK_NAME = ".build.lock"
# How long a second build or serve waits for the first to finish before it stops (seconds).
LOCK_WAIT = 10.0

# What a local `serve` watches for changes.
WATCHED = ("guidance_sources", "code_of_practice", "guides", "docs", "overrides")
# Inputs that change every page (the theme, the site configuration): a refresh rebuilds the whole site.
THEME_INPUTS = ("overrides", "mkdocs.yml")
# What the project model is read from: while none of it changes, a refresh reuses what it made from it.
PROJECT_INPUTS = ("guidance_sources", "code_of_practice", "guides")

Files = Mapping[str, str | bytes]


class BuildBusy(Exception):
    """Another build or serve holds the project's build lock."""

    def __init__(self, root: Path, waited: float):
        super().__init__(
            f"another build or serve is writing {root / SITE_DIR} (lock {root / LOCK_NAME}); "
            f"waited {waited:g} s — try again when it has finished"
        )


@contextlib.contextmanager
def build_lock(root: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the project's build lock (an flock on ``.build.lock``), waiting up to ``wait`` seconds.

    The kernel releases the lock when the holder exits, however it exits, so a crashed build never
    leaves the folder locked.
    """
    if not root.is_dir():
        raise BuildError(
            [Diagnostic(str(root), "no such project folder", "pass --root naming a project folder")]
        )
    with open(root / LOCK_NAME, "a+b") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildBusy(root, wait) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def inputs_stamp(folders: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """A cheap fingerprint of the inputs: every file's path, modification time and size (size too: a
    file system's clock is coarser than two quick writes)."""
    files = [f for f in folders if f.is_file()]
    files += [p for f in folders if f.is_dir() for p in f.rglob("*") if p.is_file()]
    return tuple(sorted((str(p), (st := p.stat()).st_mtime_ns, st.st_size) for p in files))


def write_tree(folder: Path, files: Files) -> None:
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


def staged_files(root: Path, pages: Mapping[str, str]) -> dict[str, str | bytes]:
    """What ``build/docs`` must hold: every hand-written file of ``docs/``, then the generated pages."""
    docs = root / DOCS_DIR
    files: dict[str, str | bytes] = {
        p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()
    }
    clash = replaced_pages(list(files), list(pages))  # by URL: docs/glossary/index.md is glossary/ too
    if clash:
        raise BuildError(
            [
                Diagnostic(
                    f"docs/{p}",
                    f"hand-written page would replace the generated page at {page_url(p) or '/'}",
                    "rename or move the hand-written page; generated pages come from the inputs",
                )
                for p in clash
            ]
        )
    files.update(pages)
    return files


def snippets(project: Project) -> dict[str, str]:
    """The Markdown snippets pymdownx.snippets reads from ``build/snippets``."""
    return {"abbreviations.md": abbreviations_snippet(project.code)}


def stage_docs(root: Path, files: Files, snippet_files: Mapping[str, str]) -> Path:
    """Write the staged docs and snippets afresh (each folder swapped in whole); returns the docs folder."""
    stage = root / STAGE_DIR
    stage.parent.mkdir(parents=True, exist_ok=True)
    for final, content in ((stage, files), (root / SNIPPETS_DIR, snippet_files)):
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=stage.parent))
        write_tree(tmp, content)
        _replace_dir(tmp, final)
    return stage


def sync_tree(folder: Path, files: Files) -> list[str]:
    """Make ``folder`` hold exactly ``files``, touching only what differs; returns the paths changed.

    Unchanged files keep their modification time, so mkdocs' dirty mode rebuilds only the changed pages.
    """
    changed = update_tree(folder, files)
    if folder.exists():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.relative_to(folder).as_posix() not in files:
                path.unlink()
                changed.append(path.relative_to(folder).as_posix())
    return changed


def update_tree(folder: Path, files: Files) -> list[str]:
    """Write the ``files`` that differ from what ``folder`` holds (never deleting anything else)."""
    changed = []
    for rel, content in sorted(files.items()):
        target = folder / rel
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            changed.append(rel)
    return changed


class _TemplateCache(jinja2.BytecodeCache):
    """The theme's compiled templates, kept for the life of the process (keyed by each template's source,
    so an edited template is compiled afresh). mkdocs makes a new Jinja environment for every build; a
    running ``serve`` would otherwise compile the theme's sixty-odd templates again on every refresh."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_THEME_TEMPLATES = _TemplateCache()


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@functools.cache
def _template_cache_plugin() -> Any:
    """A plugin giving mkdocs' Jinja environment the process's template cache (its ``on_env`` event);
    made on first use because mkdocs is slow to import."""
    from mkdocs.plugins import BasePlugin

    class TemplateCachePlugin(BasePlugin):  # type: ignore[type-arg]
        def on_env(self, env: jinja2.Environment, **_: Any) -> jinja2.Environment:
            env.bytecode_cache = _THEME_TEMPLATES
            return env

    return TemplateCachePlugin()


class _Hardening:
    """What the hardening plugin found while mkdocs built: the HTML it copies, and any inline script."""

    def __init__(self) -> None:
        self.copied: list[Path] = []  # HTML files mkdocs copies as they are (no page event reaches them)
        self.problems: list[Diagnostic] = []


def _hardening_plugin(site_dir: Path, found: _Hardening) -> Any:
    """A plugin hardening every HTML file as mkdocs writes it (its pages and static templates such as
    404.html), so no pass has to read the site again; it records any inline script and the HTML files
    mkdocs only copies."""
    from mkdocs.plugins import BasePlugin

    def hardened(output: str, path: Path) -> str:
        found.problems += inline_script_problems(output, f"site/{path.relative_to(site_dir).as_posix()}")
        return harden(output)

    class HardeningPlugin(BasePlugin):  # type: ignore[type-arg]
        def on_files(self, files: Any, **_: Any) -> Any:
            found.copied = [
                Path(f.abs_dest_path)
                for f in files
                if not f.is_documentation_page() and f.dest_uri.endswith(".html")
            ]
            return files

        def on_post_page(self, output: str, page: Any, **_: Any) -> str:
            return hardened(output, Path(page.file.abs_dest_path))

        def on_post_template(self, output_content: str, template_name: str, **_: Any) -> str:
            return (
                hardened(output_content, site_dir / template_name)
                if template_name.endswith(".html")
                else output_content
            )

    return HardeningPlugin()


def run_mkdocs(
    root: Path,
    out_dir: Path,
    project: Project,
    pdfs: Mapping[str, Any] | None = None,
    dirty: bool = False,
    offline: bool = False,
    links: Mapping[str, str] | None = None,
) -> None:
    """The one mkdocs set-up (build and serve): a build of the staged docs into ``out_dir``.

    A full build is strict: any warning is a BuildError. A ``dirty`` build (serve's refresh) rebuilds only
    the pages whose staged file changed; mkdocs warns that such a build is partial, which is its point.
    ``pdfs`` (:func:`build_tools.pdf.write.pdf_links`) lets each page link its PDF; None when no PDFs are
    built. ``offline`` builds the copy that works from disk (file://): page URLs end in .html, and the
    vendored Web Worker shim lets the theme's search run there. ``links`` are extra downloads the pages
    offer (the offline copy, by its site path).

    Every page is hardened as it is written (site/harden.py), except in the offline copy, which is read
    from disk where the policy's 'self' has no meaning. Raises a BuildError naming each page that
    carries an inline script.
    """
    from mkdocs.commands.build import build as mkdocs_build  # late: mkdocs is slow to import
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _WarningCollector()
    found = _Hardening()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(collector)
    cwd = Path.cwd()
    try:
        os.chdir(root)  # mkdocs.yml paths (docs_dir, custom_dir, snippets) are relative to the project
        config = load_config(
            str(root / "mkdocs.yml"), site_dir=str(out_dir), strict=not dirty, nav=site_navigation(project)
        )
        config["extra"]["edition"] = {
            "date": project.code.edition.date,
            "sources_cutoff": project.code.edition.sources_cutoff,
        }
        config["extra"]["pdf"] = dict(pdfs or {})
        config["extra"]["downloads"] = dict(links or {})
        # The theme's search index fetched only when a reader opens search (site/lazy_search.py); the
        # offline copy keeps the theme's own way, which is all that works from file://.
        config["extra"]["lazy_search"] = not offline
        if offline:
            config["use_directory_urls"] = False
            config["extra"]["polyfills"] = [OFFLINE_SHIM]
        config.plugins["attendance-code-template-cache"] = _template_cache_plugin()
        if not offline:
            config.plugins["attendance-code-hardening"] = _hardening_plugin(out_dir, found)
        mkdocs_build(config, dirty=dirty)
    except (MkDocsException, SystemExit) as exc:
        raise BuildError(
            [Diagnostic("mkdocs.yml", f"mkdocs build failed: {exc}", "see the messages above")]
            + [Diagnostic("mkdocs", m, "fix the page named") for m in collector.messages]
        ) from exc
    finally:
        os.chdir(cwd)
        mkdocs_logger.removeHandler(collector)
    if collector.messages and not dirty:
        raise BuildError([Diagnostic("mkdocs", m, "fix the page named") for m in collector.messages])
    if not offline:
        # HTML that mkdocs copies rather than renders (the short-address redirects, any .html in docs/)
        # passes no page event: hardened here (small files; an already hardened one is not rewritten).
        try:
            harden_site(out_dir, only=found.copied)
        except BuildError as exc:
            found.problems += exc.diagnostics
    if found.problems:
        raise BuildError(sorted(found.problems, key=sort_key))


def merged_search_index(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The search index after a dirty build: mkdocs indexes only the pages it rebuilt, so every other
    page's entries are kept from the previous index, in its order (the navigation's)."""

    def page(entry: dict[str, Any]) -> str:
        return str(entry["location"]).split("#", 1)[0]

    fresh: dict[str, list[dict[str, Any]]] = {}
    for entry in new["docs"]:
        fresh.setdefault(page(entry), []).append(entry)
    docs: list[dict[str, Any]] = []
    placed: set[str] = set()
    for entry in old["docs"]:
        location = page(entry)
        if location not in fresh:
            docs.append(entry)
        elif location not in placed:  # the rebuilt page's entries, where its old ones began
            docs += fresh[location]
            placed.add(location)
    docs += [e for location, entries in fresh.items() if location not in placed for e in entries]
    return {**new, "docs": docs}


def _offline_location(url: str, locations: set[str]) -> str:
    """A page's name in the copy that works from disk: "code/x/" is "code/x.html" (from code/x.md) and
    "guides/parents/" is "guides/parents/index.html" (from a folder's index.md); the index decides."""
    if url and not url.endswith("/"):
        return url
    page, folder = (url[:-1] or "index") + ".html", url + "index.html"
    return folder if folder in locations and page not in locations else page


def tune_search_index(site: Path, project: Project, offline: bool = False) -> None:
    """Rewrite mkdocs' search index with the Code's search keywords (:func:`render.search.tune_index`)."""
    path = site / SEARCH_INDEX
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    keywords = page_keywords(project.code)
    if offline:
        locations = {str(entry["location"]).split("#", 1)[0] for entry in data.get("docs", [])}
        keywords = {_offline_location(url, locations): words for url, words in keywords.items()}
    index, missing = tune_index(data, keywords)
    if missing:
        raise BuildError(
            [
                Diagnostic(
                    "code_of_practice/search-aliases.yaml",
                    f"search keywords for '{page}', which is not a page of the site",
                    "use a section id or a page path such as guides/parents/anxious/",
                )
                for page in missing
            ]
        )
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


def build_all(
    root: Path,
    with_pdf: bool = True,
    strict: bool = False,
    lock_wait: float = LOCK_WAIT,
    offline: bool | None = None,
) -> str:
    """Sources -> site/ (and PDFs, and the offline copy, which by default come together). Returns a
    one-line summary; raises BuildError on any problem, and BuildBusy when another build or serve holds
    the lock for longer than ``lock_wait`` seconds."""
    with build_lock(root, lock_wait):
        return _build(root, with_pdf, strict, with_pdf if offline is None else offline)


def offline_copy(
    root: Path, project: Project, pdfs: Mapping[str, Any] | None, pdf_files: Mapping[str, bytes]
) -> bytes:
    """The whole site as a zip that works from disk, for schools whose networks block the web."""
    tmp = Path(tempfile.mkdtemp(prefix=".site-offline-", dir=root))
    try:
        run_mkdocs(root, tmp, project, pdfs, offline=True)
        tune_search_index(tmp, project, offline=True)
        index = (tmp / "search" / "search_index.json").read_text(encoding="utf-8")
        # Opened from disk the theme cannot fetch the index; it loads this script instead.
        (tmp / "search" / "search_index.js").write_text(f"var __index = {index}", encoding="utf-8")
        write_tree(tmp / PDF_DIR, pdf_files)
        return zip_tree(tmp, OFFLINE_FOLDER)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def zip_tree(folder: Path, prefix: str) -> bytes:
    """A deterministic zip of ``folder`` (sorted names, fixed timestamps) under one top folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _write_archive(folder: Path, archive: Archive) -> None:
    """Every file of the published editions written under ``folder`` (run in a worker process)."""
    write_tree(folder, archive_files(archive))


@dataclass(frozen=True)
class _Ready:
    """The model and what is rendered from it alone: what a build keeps for the next (site/cache.py)."""

    project: Project
    pages: dict[str, str]
    snippets: dict[str, str]
    summary: tuple[str, ...]


def _ready(root: Path, strict: bool) -> _Ready:
    project = ready_project(root, strict)
    return _Ready(project, all_pages(project), snippets(project), tuple(guide_summary(project)))


def _build(root: Path, with_pdf: bool, strict: bool, offline: bool = False) -> str:
    started = time.perf_counter()
    key = functools.partial(cache_key, root, PROJECT_INPUTS, strict)
    ready = cached(root, key, functools.partial(_ready, root, strict), _Ready)
    project = ready.project
    stage_docs(root, staged_files(root, ready.pages), ready.snippets)
    site = root / SITE_DIR
    clean_leftovers(site, root)  # folders an interrupted build left behind
    tmp_site = new_site_folder(site)
    archive_site = new_site_folder(site)
    pool = ProcessPoolExecutor(max_workers=1) if (os.cpu_count() or 1) > 1 else None
    try:
        # Past editions (hundreds of finished, hardened files) need only the model: rendered and written
        # on another core while mkdocs builds the rest, then moved in.
        job = functools.partial(_write_archive, archive_site, project_archive(project))
        archived = pool.submit(job).result if pool is not None else job
        links = {"offline": OFFLINE_ZIP} if offline else {}
        run_mkdocs(root, tmp_site, project, pdf_links(project) if with_pdf else None, links=links)
        archived()
        for entry in sorted(archive_site.iterdir()):
            entry.rename(tmp_site / entry.name)
        tune_search_index(tmp_site, project)
        defer_search_index(tmp_site)
        pdfs = cached_pdfs(root, project_pdfs(project), render_pdfs) if with_pdf else {}
        write_tree(tmp_site / PDF_DIR, pdfs)
        if offline:
            write_tree(
                tmp_site,
                {OFFLINE_ZIP: offline_copy(root, project, pdf_links(project) if with_pdf else None, pdfs)},
            )
        summary = "".join(f"\n{line}" for line in ready.summary)
        publish(tmp_site, site)  # the last step: nothing after it can fail the build
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        for folder in (tmp_site, archive_site):
            if folder.exists():
                shutil.rmtree(folder)
    seconds = time.perf_counter() - started
    code = project.code
    return (
        f"built {len([s for s in code.sections if not s.withdrawn])} sections, "
        f"{len(code.corpus.documents)} source pages, {len(pdfs)} PDFs into {site} in {seconds:.1f} s"
    ) + summary


@dataclass(frozen=True)
class _Made:
    """What a refresh makes from the project model alone (not from ``docs/`` or the theme)."""

    stamp: tuple[tuple[str, int, int], ...]  # inputs_stamp of the PROJECT_INPUTS
    project: Project
    pages: dict[str, str]
    snippets: dict[str, str]
    archive_input: Archive
    archive: dict[str, str]


# One entry per project folder a running ``serve`` refreshes. Editing docs/how-to-cite.md changes no
# input of the model, so the model, its pages and the archive (most of a warm rebuild) are reused.
_MADE: dict[Path, _Made] = {}


def _made(root: Path) -> _Made:
    key = root.resolve()
    stamp = inputs_stamp([key / folder for folder in PROJECT_INPUTS])
    last = _MADE.get(key)
    if last is not None and last.stamp == stamp:
        return last
    project = ready_project(root)
    archive_input = project_archive(project)
    # Past editions are frozen and the current snapshot is the Code's text alone: an edit to a source's
    # wording leaves the whole archive (about a quarter of a warm rebuild) as it was.
    if last is not None and last.archive_input == archive_input:
        archive = last.archive
    else:
        archive = archive_files(archive_input)
    made = _Made(stamp, project, all_pages(project), snippets(project), archive_input, archive)
    _MADE[key] = made
    return made


def refresh(root: Path, theme_changed: bool = False, lock_wait: float = LOCK_WAIT) -> list[str]:
    """Incremental rebuild for local serving: re-stage every input (generated pages, ``docs/`` and the
    snippets), then let mkdocs rebuild only the pages that changed (its "dirty" mode) into ``site/`` in
    place. Returns the staged paths that changed.

    When a change reaches every page (the snippets, the set of pages, a hand-written asset, or, with
    ``theme_changed``, the theme) the whole site is rebuilt and swapped in instead. Not for publishing:
    a published build always goes through :func:`build_all`.
    """
    with build_lock(root, lock_wait):
        made = _made(root)
        project, archive = made.project, made.archive
        files = staged_files(root, made.pages)
        stage = root / STAGE_DIR
        before = {p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file()}
        changed = sync_tree(stage, files)
        changed += [f"snippets/{p}" for p in sync_tree(root / SNIPPETS_DIR, made.snippets)]
        if not changed and not theme_changed:
            return []
        site = root / SITE_DIR
        pages_only = all(p.endswith(".md") and not p.startswith("snippets/") for p in changed)
        if site.exists() and pages_only and set(files) == before and not theme_changed:
            index_file = site / SEARCH_INDEX
            old_index = read_search_index(site)
            run_mkdocs(root, site, project, dirty=True)
            if old_index is not None and index_file.is_file():
                new_index = json.loads(index_file.read_text(encoding="utf-8"))
                merged = merged_search_index(old_index, new_index)
                index_file.write_text(json.dumps(merged, separators=(",", ":")), encoding="utf-8")
            changed += [f"site/{p}" for p in update_tree(site, archive)]
            tune_search_index(site, project)
            defer_search_index(site)
        else:
            tmp_site = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
            try:
                run_mkdocs(root, tmp_site, project)
                write_tree(tmp_site, archive)
                tune_search_index(tmp_site, project)
                defer_search_index(tmp_site)
                _replace_dir(tmp_site, site)
            finally:
                if tmp_site.exists():
                    shutil.rmtree(tmp_site)
        return changed
