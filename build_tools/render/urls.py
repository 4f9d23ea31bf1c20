"""Where every kind of page lives on the site, and relative links between them.

All URLs are directory-style paths relative to the site root ("code/x/"), so
the site works from any base URL and from a plain file server.
"""

from __future__ import annotations

import posixpath

from build_tools.load.lock import section_url, short_url

__all__ = [
    "section_url",
    "short_url",
    "source_url",
    "provision_url",
    "guide_url",
    "situation_url",
    "letter_url",
    "handout_url",
    "relative",
    "page_file",
    "index_file",
]


def source_url(doc_id: str) -> str:
    return f"sources/{doc_id}/"


def provision_url(provision_id: str) -> str:
    doc_id, local_id = provision_id.split("/", 1)
    return f"{source_url(doc_id)}#{local_id}"


def relative(from_url: str, to_url: str) -> str:
    """Link from the page at ``from_url`` to ``to_url`` (which may carry a #fragment)."""
    target, _, fragment = to_url.partition("#")
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def page_file(url: str) -> str:
    """The Markdown file that mkdocs turns into ``url`` (directory URLs)."""
    return "index.md" if url in ("", "/") else url.rstrip("/") + ".md"


def index_file(url: str) -> str:
    """The folder-index Markdown file for ``url`` ("guides/x/" -> "guides/x/index.md")."""
    return url + "index.md"


def guide_url(guide_id: str) -> str:
    return f"guides/{guide_id}/"


def situation_url(guide_id: str, situation_id: str) -> str:
    return f"guides/{guide_id}/{situation_id}/"


def letter_url(letter_id: str) -> str:
    return f"letters/{letter_id}/"


def handout_url(scenario_id: str) -> str:
    return f"training/{scenario_id}/"
