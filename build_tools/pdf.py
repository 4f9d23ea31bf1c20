"""Stage: the PDF handbooks, rendered by WeasyPrint (CSS paged media) into the site.

:func:`pdf_documents` is pure (the Code -> ``{file name: HTML}``); :func:`render_pdf`
turns one document into bytes; only :func:`build_pdfs` writes, into
``site/pdf/``. WeasyPrint needs Pango; it is imported late so the rest of the
build works without it (``attendance-code build --no-pdf``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .model import Code
from .pdf_handbooks import FULL_CODE_FILE, PDF_DIR, Handbook, load_guides, plan_handbooks
from .pdf_html import code_document, handbook_document

STYLESHEET = Path(__file__).parent / "templates" / "pdf.css"


def pdf_documents(code: Code, guides: Iterable[Any] = ()) -> dict[str, str]:
    """Every PDF to build, as HTML, keyed by file name: the full Code first, then each handbook."""
    documents = {FULL_CODE_FILE: code_document(code)}
    for handbook in plan_handbooks(code, guides):
        documents[handbook.filename] = handbook_document(code, handbook)
    return documents


def pdf_links(code: Code, guides: Iterable[Any] = ()) -> dict[str, Any]:
    """What the site's pages link to: the full Code and each handbook, by site path.

    ``prefixes`` are the page URLs that link a handbook (a role guide's pages);
    a page can also name its handbook with ``pdf: <handbook id>`` in its front matter.
    """
    handbooks: tuple[Handbook, ...] = plan_handbooks(code, guides)
    return {
        "code": {"file": f"{PDF_DIR}/{FULL_CODE_FILE}", "title": f"{code.edition.title} (PDF)"},
        "handbooks": {
            h.id: {
                "file": f"{PDF_DIR}/{h.filename}",
                "title": f"{h.title} (PDF)",
                "prefixes": [f"guides/{h.id}/"],
            }
            for h in handbooks
        },
    }


def render_pdf(document_html: str) -> bytes:
    """One HTML document as a tagged, bookmarked A4 PDF with embedded fonts."""
    from weasyprint import CSS, HTML

    return HTML(string=document_html, base_url=str(STYLESHEET.parent)).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))],
        pdf_tags=True,  # structure tags for screen readers (PDF/UA-style tagging)
        uncompressed_pdf=False,
    )


def write_pdfs(folder: Path, documents: Mapping[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, document in sorted(documents.items()):
        (folder / name).write_bytes(render_pdf(document))


def build_pdfs(root: Path, code: Code, site_dir: Path) -> int:
    """The full Code and every handbook into ``site_dir/pdf/``; returns how many PDFs were written."""
    documents = pdf_documents(code, load_guides(root, code))
    write_pdfs(site_dir / PDF_DIR, documents)
    return len(documents)
