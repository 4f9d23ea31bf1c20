"""Where each edition's pages live. An edition's URLs are permanent: readers cite them."""

from __future__ import annotations

import posixpath

ARCHIVE = "editions/"


def edition_url(date: str) -> str:
    return f"{ARCHIVE}{date}/"


def section_url(date: str, section_id: str) -> str:
    return f"{ARCHIVE}{date}/code/{section_id}/"


def short_url(date: str, number: str) -> str:
    """The edition permalink a citation gives: editions/<date>/s/<number>/."""
    return f"{ARCHIVE}{date}/s/{number}/"


def register_url(date: str) -> str:
    return f"{ARCHIVE}{date}/register/"


def changes_url(date: str) -> str:
    """What changed in this edition, compared with the one before."""
    return f"{ARCHIVE}{date}/changes/"


def change_url(date: str, section_id: str) -> str:
    """One section's changes from the edition before ``date`` to ``date``: its part of the changes page."""
    return f"{changes_url(date)}#{section_id}"


def compare_url(date: str, section_id: str | None = None) -> str:
    """Edition ``date`` compared with the current text (one page; ``section_id`` picks its part)."""
    page = f"{ARCHIVE}{date}/compare/"
    return f"{page}#{section_id}" if section_id else page


def data_url(date: str, name: str) -> str:
    return f"{ARCHIVE}{date}/data/{name}"


def current_section_url(section_id: str) -> str:
    return f"code/{section_id}/"


def relative(here: str, target: str) -> str:
    """Link from the page at directory URL ``here`` to ``target`` (both relative to the site root;
    ``target`` may end in a #fragment).

    Pure string work on URL paths (posixpath.relpath would consult the working directory each time).
    """
    target, hash_, fragment = target.partition("#")
    base = [p for p in here.split("/") if p]
    parts = [p for p in target.split("/") if p]
    common = 0
    while common < min(len(base), len(parts)) and base[common] == parts[common]:
        common += 1
    rel = "/".join([".."] * (len(base) - common) + parts[common:])
    rel = "./" if not rel else rel + "/" if target.endswith("/") else rel
    return rel + hash_ + fragment


def root(here: str) -> str:
    """The site root seen from the page at ``here``, ending in '/'."""
    return posixpath.relpath(".", here or ".") + "/" if here else "./"
