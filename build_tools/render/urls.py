"""Where every kind of page lives on the site, and relative links between them.

All URLs are directory-style paths relative to the site root ("code/x/"), so
the site works from any base URL and from a plain file server.
"""

from __future__ import annotations

import functools
import posixpath

# The site's folders (each a listing page at <folder>index.md).
CONTENTS_URL = "code/"
SOURCES_URL = "sources/"
REGISTER_URL = "contradictions/"
REGISTER_PARENTS_URL = "contradictions/parents/"  # the register in plain English, for parents
GUIDES_URL = "guides/"
LETTERS_URL = "letters/"
TRAINING_URL = "training/"
GLOSSARY_URL = "glossary/"
EDITION_URL = "edition/"
# The policy checker: its page, the rules the build exports for it, and its scripts (all site files).
CHECKER_URL = "check-policy/"
CHECKER_RULES = "assets/policy/rules.json"
CHECKER_ENGINE = "assets/javascripts/checker-engine.js"
CHECKER_SCRIPT = "assets/javascripts/checker-page.js"
VENDOR_URL = "assets/javascripts/vendor/"


def section_url(section_id: str) -> str:
    """The canonical path of a section page, relative to the site root."""
    return f"{CONTENTS_URL}{section_id}/"


def short_url(number: str) -> str:
    """The short permalink that survives any reorganisation of the site."""
    return f"s/{number}/"


def source_url(doc_id: str) -> str:
    return f"{SOURCES_URL}{doc_id}/"


def provision_url(provision_id: str) -> str:
    doc_id, local_id = provision_id.split("/", 1)
    return f"{source_url(doc_id)}#{local_id}"


@functools.lru_cache(maxsize=65536)
def relative(from_url: str, to_url: str) -> str:
    """Link from the page at ``from_url`` to ``to_url`` (which may carry a #fragment)."""
    target, _, fragment = to_url.partition("#")
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = _relpath(target or ".", base or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath`` for the site's root-relative paths, without its calls to the disk's cwd
    (they were a third of the time spent rendering pages)."""
    if target.startswith("/") or base.startswith("/") or ".." in target or ".." in base:
        return posixpath.relpath(target, base)
    to = [p for p in target.split("/") if p and p != "."]
    start = [p for p in base.split("/") if p and p != "."]
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def page_file(url: str) -> str:
    """The Markdown file that mkdocs turns into ``url`` (directory URLs)."""
    return "index.md" if url in ("", "/") else url.rstrip("/") + ".md"


def index_file(url: str) -> str:
    """The folder-index Markdown file for ``url`` ("guides/x/" -> "guides/x/index.md")."""
    return url + "index.md"


def guide_url(guide_id: str) -> str:
    return f"{GUIDES_URL}{guide_id}/"


def guide_print_url(guide_id: str) -> str:
    """The whole guide on one page, to print."""
    return f"{guide_url(guide_id)}print/"


def situation_url(guide_id: str, situation_id: str) -> str:
    return f"{guide_url(guide_id)}{situation_id}/"


def letter_url(letter_id: str) -> str:
    return f"{LETTERS_URL}{letter_id}/"


def handout_url(scenario_id: str) -> str:
    return f"{TRAINING_URL}{scenario_id}/"


def page_link(from_page: str, to_url: str) -> str:
    """A Markdown link from the staged page file ``from_page`` to the page file of ``to_url`` (with its
    #fragment), which mkdocs turns into the page's URL: ("contradictions/index.md", "code/x/") ->
    "../code/x.md"."""
    target, _, fragment = to_url.partition("#")
    return relative(from_page, page_file(target) + (f"#{fragment}" if fragment else ""))


# The whole site as a zip that works from disk (built with the PDFs), and the folder it unpacks to.
OFFLINE_ZIP = "offline/attendance-code-of-practice-offline.zip"
OFFLINE_FOLDER = "attendance-code-of-practice"
# Loaded only by the offline copy: lets the theme's search worker run from file://.
OFFLINE_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"


# ---------------------------------------- published editions (permanent: readers cite them)
ARCHIVE_URL = "editions/"


def edition_url(date: str) -> str:
    return f"{ARCHIVE_URL}{date}/"


def edition_section_url(date: str, section_id: str) -> str:
    return f"{ARCHIVE_URL}{date}/code/{section_id}/"


def edition_short_url(date: str, number: str) -> str:
    """The edition permalink a citation gives: editions/<date>/s/<number>/."""
    return f"{ARCHIVE_URL}{date}/s/{number}/"


def edition_register_url(date: str) -> str:
    return f"{ARCHIVE_URL}{date}/register/"


def edition_changes_url(date: str) -> str:
    """What changed in this edition, compared with the one before."""
    return f"{ARCHIVE_URL}{date}/changes/"


def edition_change_url(date: str, section_id: str) -> str:
    """One section's changes from the edition before ``date`` to ``date``: its part of the changes page."""
    return f"{edition_changes_url(date)}#{section_id}"


def edition_compare_url(date: str, section_id: str | None = None) -> str:
    """Edition ``date`` compared with the current text (one page; ``section_id`` picks its part)."""
    page = f"{ARCHIVE_URL}{date}/compare/"
    return f"{page}#{section_id}" if section_id else page


def edition_data_url(date: str, name: str) -> str:
    return f"{ARCHIVE_URL}{date}/data/{name}"


def site_root(here: str) -> str:
    """The site root seen from the page at ``here``, ending in '/'."""
    return "../" * len([p for p in here.split("/") if p]) or "./"
