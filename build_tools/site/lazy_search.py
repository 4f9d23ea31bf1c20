"""The search index, fetched only when a reader searches (the outer layer: it rewrites the built site).

Material for MkDocs fetches ``search/search_index.json`` on every page load (1.6 MiB for the real site),
whether or not the reader ever searches. After mkdocs has written the site, the whole index moves to
``search/search_index.full.json`` and the theme's file becomes a stub with the search settings and no
pages; ``overrides/main.html`` points the theme at ``assets/javascripts/workers/search-lazy.js``, which
fetches the whole index when the reader opens search.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from build_tools.diagnostics import BuildError, Diagnostic

SEARCH_INDEX = Path("search") / "search_index.json"
"""What the theme fetches on every page: after :func:`defer_search_index`, a stub."""
FULL_INDEX = Path("search") / "search_index.full.json"
"""The whole index, fetched by the search worker when the reader opens search."""
WORKER_SETTING = "/workers/search-lazy.js?engine="


def stub_index(index: dict[str, Any]) -> dict[str, Any]:
    """The index without its pages: the theme still reads the settings (the highlighter needs them)."""
    return {"config": index["config"], "docs": []}


def read_search_index(site: Path) -> dict[str, Any] | None:
    """The whole search index of a built site (None if it has none)."""
    for rel in (FULL_INDEX, SEARCH_INDEX):
        if (site / rel).is_file():
            index: dict[str, Any] = json.loads((site / rel).read_text(encoding="utf-8"))
            return index
    return None


def defer_search_index(site: Path) -> None:
    """Move the index mkdocs wrote to :data:`FULL_INDEX` and leave the theme a stub in its place.

    Stops the build if the pages do not point the theme at the lazy worker (a theme update that renamed
    its setting): the stub would leave search empty.
    """
    index_file = site / SEARCH_INDEX
    if not index_file.is_file():
        return
    home = site / "index.html"
    if home.is_file() and WORKER_SETTING not in home.read_text(encoding="utf-8"):
        raise BuildError(
            [
                Diagnostic(
                    "overrides/main.html",
                    "the pages do not point the theme's search at workers/search-lazy.js "
                    "(has the theme's search worker setting changed?)",
                    "update the config block in overrides/main.html for this version of the theme",
                )
            ]
        )
    index = json.loads(index_file.read_text(encoding="utf-8"))
    os.replace(index_file, site / FULL_INDEX)
    index_file.write_text(json.dumps(stub_index(index), separators=(",", ":")), encoding="utf-8")
