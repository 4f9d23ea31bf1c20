"""Escaping by context: how a string from the inputs reaches each place on a page.

Every string in the inputs is untrusted (the Code takes corrections from the public). Three contexts:

- our templates (:func:`template_value`, the Jinja ``finalize`` hook): the text lands in HTML that is also
  read as Markdown, so it is HTML-escaped and the characters that start Markdown links, images and
  attribute lists are written as character references, which mean the same in HTML and are inert in
  Markdown;
- what the theme prints itself without escaping (navigation titles, ``<title>``, ``<meta name=
  description>``, tag names): :func:`theme_text` hands it already-escaped text;
- URLs: :func:`safe_url` lets through only https, http, mailto and relative addresses.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Markdown syntax that can create a link, an image or attributes, or undo an escape; written as
# numeric character references, which HTML reads as the same characters.
_MARKDOWN_ACTIVE = str.maketrans({c: f"&#{ord(c)};" for c in "[]{}\\`*"})
_ACTIVE = re.compile(r"[\[\]{}\\`*]")
SAFE_SCHEMES = ("https", "http", "mailto")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def template_value(value: Any) -> Any:
    """Jinja ``finalize``: every ``{{ value }}`` that is not already markup becomes inert text."""
    if hasattr(value, "__html__") or not isinstance(value, str):
        return value
    escaped = str(escape(value))
    # most values hold none of the Markdown characters: a search in C is cheaper than a translation
    return Markup(escaped.translate(_MARKDOWN_ACTIVE) if _ACTIVE.search(escaped) else escaped)


def theme_text(text: str) -> str:
    """Text for a place where the theme prints a string as HTML: one line, escaped."""
    return str(escape(" ".join(str(text).split())))


def safe_url(url: str) -> str:
    """``url`` when its scheme is allowed (or it is relative), else an empty string.

    Browsers ignore control characters and spaces inside a scheme (``java\\tscript:``), so they are
    removed before the scheme is read.
    """
    compact = _CONTROL.sub("", str(url))
    try:
        scheme = urlsplit(compact).scheme.lower()
    except ValueError:
        return ""
    if scheme and scheme not in SAFE_SCHEMES:
        return ""
    if not scheme and compact.startswith("//"):
        return ""  # protocol-relative: another host
    return str(url).strip()
