"""`serve`'s incremental rebuild: an edit to any watched input shows in the served site."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.site.build import build_all, refresh

pytestmark = pytest.mark.site


def test_refresh_restages_hand_written_docs(mini: Path):
    build_all(mini, with_pdf=False)
    page = mini / "site" / "how-to-cite" / "index.html"
    assert "Refreshed wording 7f3c" not in page.read_text(encoding="utf-8")
    source = mini / "docs" / "how-to-cite.md"
    source.write_text(
        source.read_text(encoding="utf-8") + "\nRefreshed wording 7f3c for the test.\n", encoding="utf-8"
    )
    refresh(mini)
    assert "Refreshed wording 7f3c" in page.read_text(encoding="utf-8")
