"""The whole pipeline's output for the mini project, compared byte for byte with tests/golden/mini."""

from __future__ import annotations

import shutil
from pathlib import Path

from build_tools.pdf.plan import load_guides, plan_handbooks
from build_tools.pdf.write import pdf_documents
from build_tools.project import load_project
from build_tools.render.code import abbreviations_snippet
from build_tools.site.build import all_pages

from .conftest import MINI, copy_site_frame

GOLDEN = Path(__file__).parent / "golden" / "mini"


def golden_pages(tmp: Path) -> dict[str, str]:
    """Every page and data file the pipeline generates for the mini project (before mkdocs), and the HTML
    of every PDF (before WeasyPrint), under ``pdf/``."""
    root = tmp / "mini"
    shutil.copytree(MINI, root)
    copy_site_frame(root)
    code = load_project(root)
    pages = all_pages(root, code)
    pages["snippets/abbreviations.md"] = abbreviations_snippet(code)
    handbooks = plan_handbooks(code, *load_guides(root, code))
    for name, document in pdf_documents(code, handbooks).items():
        pages[f"pdf/{name.removesuffix('.pdf')}.html"] = document
    return pages
