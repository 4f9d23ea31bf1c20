"""The whole pipeline's output for the mini project, compared byte for byte with tests/golden/mini."""

from __future__ import annotations

import shutil
from pathlib import Path

from build_tools.pdf.write import project_pdfs
from build_tools.project import ready_project
from build_tools.render.pages import all_pages
from build_tools.site.build import snippets

from .conftest import MINI, copy_site_frame

GOLDEN = Path(__file__).parent / "golden" / "mini"


def golden_pages(tmp: Path) -> dict[str, str]:
    """Every page and data file the pipeline generates for the mini project (before mkdocs), and the HTML
    of every PDF (before WeasyPrint), under ``pdf/``."""
    root = tmp / "mini"
    shutil.copytree(MINI, root)
    copy_site_frame(root)
    project = ready_project(root)
    pages = all_pages(project)
    pages.update({f"snippets/{name}": text for name, text in snippets(project).items()})
    for name, document in project_pdfs(project).items():
        pages[f"pdf/{name.removesuffix('.pdf')}.html"] = document
    return pages
