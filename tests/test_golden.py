"""Golden output: the mini project renders exactly as reviewed. Refresh: python scripts/refresh_golden.py"""

from __future__ import annotations

from .golden import GOLDEN, golden_pages


def test_pipeline_output_matches_golden(tmp_path):
    pages = golden_pages(tmp_path)
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*")
        if p.is_file()
    }
    assert sorted(pages) == sorted(expected), (
        "pages added or removed: run scripts/refresh_golden.py and review"
    )
    changed = [path for path in sorted(pages) if pages[path] != expected[path]]
    assert changed == [], (
        f"rendering changed for {changed[:5]}: run scripts/refresh_golden.py and review the diff"
    )


def test_pipeline_output_is_deterministic(tmp_path):
    assert golden_pages(tmp_path / "a") == golden_pages(tmp_path / "b")
