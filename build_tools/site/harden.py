"""Security hardening of the built HTML, applied once after mkdocs has written the site.

Every page gets a restrictive Content-Security-Policy and every external link gets
``rel="noopener"``. This is done on the finished files, not in an mkdocs hook, so
the HTML generator can be swapped without losing it.

The policy allows only script files served from the site itself (``script-src
'self'``): the build writes no inline scripts (the theme's are moved into files by
``overrides/partials/javascripts/``), and nothing found in the output is ever hashed
into the policy, because the output may hold text planted in the inputs. A page that
still carries an executable inline script fails the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from build_tools.diagnostics import BuildError, Diagnostic

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
_EXTERNAL_A = re.compile(r"<a\s(?P<attrs>[^>]*?href=\"(?:https?:)?//[^\"]*\"[^>]*)>", re.I)
_HEAD = re.compile(r"<head[^>]*>", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'none'"
)


def inline_scripts(page: str) -> list[str]:
    """The start of every executable inline script on the page (the policy would block each one)."""
    found = []
    for match in _INLINE_SCRIPT.finditer(page):
        attrs = match.group("attrs") or ""
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue  # data blocks such as application/json are never executed
        found.append(match.group("body").strip()[:60])
    return found


def _noopener(match: re.Match[str]) -> str:
    attrs = match.group("attrs")
    if re.search(r"\srel\s*=|^rel\s*=", attrs, re.I):
        if "noopener" in attrs:
            return match.group(0)
        attrs = re.sub(r'rel="([^"]*)"', lambda m: f'rel="{m.group(1)} noopener"', attrs, count=1)
        return f"<a {attrs}>"
    return f'<a {attrs} rel="noopener">'


# Attributes the theme emits that the HTML standard does not allow; the Nu HTML Checker rejects them.
# Dropping them changes nothing a reader sees: empty tabindex is ignored by browsers, autocorrect is
# Safari-only on text fields, and autocomplete has no meaning on a checkbox.
_INVALID_ATTRS = (
    (re.compile(r'(<label\b[^>]*?) tabindex=""'), r"\1"),
    (re.compile(r'(<input\b[^>]*?type="checkbox"[^>]*?) autocomplete="off"'), r"\1"),
    (re.compile(r'(<input\b[^>]*?) autocorrect="off"'), r"\1"),
)


def repair_markup(page: str) -> str:
    for pattern, replacement in _INVALID_ATTRS:
        page = pattern.sub(replacement, page)
    if 'for="__toc"' in page and 'id="__toc"' not in page:
        # The theme labels a table-of-contents toggle that it only renders on some pages.
        page = page.replace(' for="__toc"', "")
    return page


def harden(page: str) -> str:
    """The page with valid theme markup, a CSP meta element and noopener on external links."""
    page = repair_markup(_EXTERNAL_A.sub(_noopener, page))
    if 'http-equiv="Content-Security-Policy"' in page:
        return page
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    return _HEAD.sub(lambda m: m.group(0) + meta, page, count=1)


def inline_script_problems(page: str, where: str) -> list[Diagnostic]:
    """A problem for each executable inline script on the page at ``where`` (the policy would block it:
    either the theme changed, so move the script into a file under overrides/, or text got in unescaped)."""
    return [
        Diagnostic(
            where,
            f"inline script {body!r} would be blocked by the Content-Security-Policy",
            "serve it as a file from the site (see overrides/partials/javascripts/); never inline",
        )
        for body in inline_scripts(page)
    ]


def harden_site(site_dir: Path, only: Iterable[Path] | None = None) -> int:
    """Harden every HTML file in a built site (or only the files ``only`` names); returns how many were
    written. The build hardens each page as mkdocs writes it (site/build.py); this is for the HTML no page
    event reaches (what mkdocs only copies) and for a folder of pages made some other way.

    Raises a BuildError naming every page that carries an inline script.
    """
    count = 0
    inline: list[Diagnostic] = []
    files = site_dir.rglob("*.html") if only is None else (f for f in only if f.is_file())
    for file in sorted(set(files)):
        text = file.read_text(encoding="utf-8")
        inline += inline_script_problems(text, f"site/{file.relative_to(site_dir).as_posix()}")
        hardened = harden(text)
        if hardened != text:
            file.write_text(hardened, encoding="utf-8")
            count += 1
    if inline:
        raise BuildError(inline)
    return count
