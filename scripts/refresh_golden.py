"""Rewrite the golden output of the whole pipeline for the mini project (tests/golden/mini).

usage: python scripts/refresh_golden.py
Run it after an intended change to rendering, then review `git diff tests/golden` before committing.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.golden import GOLDEN, golden_pages  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pages = golden_pages(Path(tmp))
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for rel, text in sorted(pages.items()):
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} golden files into {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
