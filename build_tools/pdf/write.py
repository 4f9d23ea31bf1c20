"""Stage: the PDF handbooks, rendered by WeasyPrint (CSS paged media) into the site.

:func:`pdf_documents` is pure (the Code -> ``{file name: HTML}``); :func:`render_pdf`
turns one document into bytes; only :func:`build_pdfs` writes, into
``site/pdf/``. WeasyPrint needs Pango; it is imported late so the rest of the
build works without it (``attendance-code build --no-pdf``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from build_tools.diagnostics import BuildError, Diagnostic
from build_tools.model import Code
from build_tools.pdf.html import code_document, handbook_document
from build_tools.pdf.plan import FULL_CODE_FILE, PDF_DIR, Handbook, load_guides, plan_handbooks

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
                "prefixes": [f"guides/{h.id}/"] + (["letters/"] if h.letters else []),
            }
            for h in handbooks
        },
    }


def pdf_links(root: Path, code: Code) -> dict[str, Any]:
    """:func:`site_links` for the project at ``root`` (reads its guides, if any)."""
    return site_links(code, plan_handbooks(code, *load_guides(root, code)))


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
    return HTML(string=document_html, base_url=str(STYLESHEET.parent)).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))],
        pdf_tags=True,  # structure tags, so screen readers can follow headings, lists and tables
    )


def write_pdfs(folder: Path, documents: Mapping[str, str]) -> None:
    """Render every document (in parallel: layout is CPU-bound) and write them into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    names = sorted(documents)
    workers = max(1, min(len(names), os.cpu_count() or 1))
    if workers == 1:
        rendered = [render_pdf(documents[n]) for n in names]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            rendered = list(pool.map(render_pdf, [documents[n] for n in names]))
    for name, data in zip(names, rendered, strict=True):
        (folder / name).write_bytes(data)


def build_pdfs(root: Path, code: Code, site_dir: Path) -> int:
    """The full Code and every handbook into ``site_dir/pdf/``; returns how many PDFs were written."""
    handbooks = plan_handbooks(code, *load_guides(root, code))
    documents = pdf_documents(code, handbooks)
    write_pdfs(site_dir / PDF_DIR, documents)
    return len(documents)
