"""Past editions as finished files of the site, hardened like every other page."""

from __future__ import annotations

from build_tools.render.editions import Archive, archive_pages
from build_tools.site.harden import harden


def archive_files(archive: Archive) -> dict[str, str]:
    """Every page and data file of every published edition, by path under ``site/``.

    Hardened here, in memory: the build writes them after hardening the MkDocs pages, so each file of
    the archive is written once (file operations, not rendering, dominate an archive's cost). They
    never pass through MkDocs: hundreds of frozen pages per edition need no theme and no search entry.
    """
    pages = archive_pages(archive)
    return {path: harden(text) if path.endswith(".html") else text for path, text in pages.items()}
