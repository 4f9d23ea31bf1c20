"""Stage: the PDF handbooks, rendered by WeasyPrint (CSS paged media).

:func:`pdf_documents` is pure (the Code -> ``{file name: HTML}``); :func:`render_pdfs`
turns them into bytes; the outer layer (:mod:`build_tools.site.build`) writes them
into ``site/pdf/``. WeasyPrint needs Pango; it is imported only when a PDF is
rendered, so the rest of the build works without it (``attendance-code build --no-pdf``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from build_tools.diagnostics import BuildError, Diagnostic
from build_tools.model import Code
from build_tools.pdf.html import code_document, handbook_document
from build_tools.pdf.plan import FULL_CODE_FILE, PDF_DIR, Handbook, project_handbooks
from build_tools.project import Project
from build_tools.render.urls import LETTERS_URL, guide_url

STYLESHEET = Path(__file__).resolve().parents[1] / "templates" / "pdf.css"


def pdf_documents(code: Code, handbooks: tuple[Handbook, ...]) -> dict[str, str]:
    """Every PDF to build, as HTML, keyed by file name: the full Code, then each handbook."""
    documents = {FULL_CODE_FILE: code_document(code)}
    for handbook in handbooks:
        documents[handbook.filename] = handbook_document(code, handbook)
    return documents


def site_links(code: Code, handbooks: tuple[Handbook, ...]) -> dict[str, Any]:
    """What the site's pages link to (read by ``overrides/main.html`` from ``config.extra.pdf``).

    A handbook is linked from the pages under its ``prefixes`` (its guide, and the
    letters it holds); a page can also name one with ``pdf: <handbook id>`` in its
    front matter. Every other Code page links the full Code.
    """
    return {
        "code": {"file": f"{PDF_DIR}/{FULL_CODE_FILE}", "title": f"{code.edition.title}: the full Code"},
        "handbooks": {
            h.id: {
                "file": f"{PDF_DIR}/{h.filename}",
                "title": f"{code.edition.title}: {h.title}",
                "prefixes": [guide_url(h.id)] + ([LETTERS_URL] if h.letters else []),
            }
            for h in handbooks
        },
    }


def pdf_links(project: Project) -> dict[str, Any]:
    """:func:`site_links` for the project's handbooks."""
    return site_links(project.code, project_handbooks(project))


def project_pdfs(project: Project) -> dict[str, str]:
    """:func:`pdf_documents` for the project: the full Code and its handbooks, as HTML."""
    return pdf_documents(project.code, project_handbooks(project))


def local_only(url: str, *args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's fetcher for local files and data: URLs only: a PDF build never reaches the network,
    whatever address an input manages to put in the HTML (WeasyPrint reports the refusal and goes on)."""
    if not url.startswith(("file:", "data:")):
        raise ValueError(f"the PDF step fetches local files only, not {url}")
    from weasyprint import default_url_fetcher

    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(document_html: str) -> bytes:
    """One HTML document as a tagged, bookmarked A4 PDF with embedded fonts."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint installed but Pango missing
        raise BuildError(
            [
                Diagnostic(
                    "pyproject.toml",
                    f"the PDF step needs WeasyPrint and Pango: {exc}",
                    "run 'make install' (or pip install -e '.[pdf]'), or build with --no-pdf",
                )
            ]
        ) from exc
    return HTML(string=document_html, base_url=str(STYLESHEET.parent), url_fetcher=local_only).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))],
        pdf_tags=True,  # structure tags, so screen readers can follow headings, lists and tables
    )


def _timed_render(document_html: str) -> tuple[bytes, float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    data = render_pdf(document_html)
    return data, time.perf_counter() - start, time.process_time() - cpu


def render_pdfs_timed(documents: Mapping[str, str]) -> dict[str, tuple[bytes, float, float]]:
    """Every document as PDF bytes with the wall and CPU seconds its render took, by file name.

    In parallel across the machine's cores (layout is CPU-bound, and each render depends only on its
    HTML), longest first: the full Code alone takes about half the step, so it must not start last.
    """
    longest_first = sorted(documents, key=lambda n: (-len(documents[n]), n))
    workers = max(1, min(len(longest_first), os.cpu_count() or 1))
    if workers == 1:
        done = {n: _timed_render(documents[n]) for n in longest_first}
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {n: pool.submit(_timed_render, documents[n]) for n in longest_first}
            done = {n: f.result() for n, f in futures.items()}
    return {n: done[n] for n in sorted(done)}


def render_pdfs(documents: Mapping[str, str]) -> dict[str, bytes]:
    """Every document as PDF bytes, by file name (:func:`render_pdfs_timed` without the times)."""
    return {name: data for name, (data, _, _) in render_pdfs_timed(documents).items()}
