"""How well the site's search answers real queries: hit@1 and hit@3 in headless Chromium.

usage: python scripts/search_eval.py SITE_DIR [--set dev|test|all] [--misses]

Builds nothing: serves an already built SITE_DIR on 127.0.0.1, types each query of
tests/search_queries/<set>.yaml into the real Material search box and reads what a reader sees, in order:
the jump hint ("Go to s.15.5 Prosecution") when there is one, then the result list. A query is a hit at k
when its expected page (or one of its ``also`` pages) is among the first k. Tune only on the dev set; the
test set is held out.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "search_queries"
SETS = ("dev", "test")

# Wait until the hint and the result list have stopped changing for a while after the last keystroke:
# Material searches in a web worker, so results arrive asynchronously.
_SETTLED = """([quiet]) => {
  const hint = document.querySelector('.cite-jump:not([hidden]) a');
  const meta = document.querySelector('.md-search-result__meta');
  const links = [...document.querySelectorAll('.md-search-result__item > a')].slice(0, 5);
  const sig = (hint ? hint.href : '') + '|' + (meta ? meta.textContent : '') + '|' +
    links.map(a => a.href).join(' ');
  const now = performance.now();
  if (window.__evalSig !== sig) { window.__evalSig = sig; window.__evalAt = now; return false; }
  return now - window.__evalAt >= quiet;
}"""


@dataclass(frozen=True)
class Query:
    text: str
    expect: str
    also: tuple[str, ...] = ()

    @property
    def accepted(self) -> frozenset[str]:
        return frozenset((self.expect, *self.also))


@dataclass(frozen=True)
class Outcome:
    query: Query
    ranked: tuple[str, ...]

    def hit(self, k: int) -> bool:
        return any(page in self.query.accepted for page in self.ranked[:k])


def load_queries(name: str) -> list[Query]:
    raw = yaml.safe_load((QUERIES / f"{name}.yaml").read_text(encoding="utf-8"))
    return [Query(str(e["q"]), str(e["expect"]), tuple(str(a) for a in e.get("also") or ())) for e in raw]


def page_of(href: str, base: str) -> str:
    """Site-relative page path of a result link: no host, no anchor."""
    path = urlsplit(href).path
    prefix = urlsplit(base).path
    return path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")


def ranked_pages(page: Any, base: str, text: str) -> tuple[str, ...]:
    """What the reader sees for ``text``, in order: the jump target, then the result pages."""
    box = page.locator("input[data-md-component='search-query']")
    box.fill("")
    box.type(text)
    page.evaluate("window.__evalSig = null")
    page.wait_for_function(_SETTLED, arg=[250], polling=50, timeout=15000)
    hrefs: list[str] = page.evaluate(
        """() => {
          const hint = document.querySelector('.cite-jump:not([hidden]) a');
          const links = [...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href);
          return (hint ? [hint.href] : []).concat(links);
        }"""
    )
    seen: dict[str, None] = {}
    for href in hrefs:
        seen.setdefault(page_of(href, base), None)
    return tuple(seen)


def evaluate(site: Path, queries: list[Query]) -> list[Outcome]:
    """Run every query against the built ``site`` in one headless Chromium page."""
    sys.path.insert(0, str(ROOT))
    from tests.browser import browser
    from tests.siteserver import serve

    outcomes = []
    with serve(site) as base, browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base, wait_until="networkidle")
        page.keyboard.press("/")
        # The index is fetched when search opens: let it load before the first query, so a slow load is
        # not scored as that query's ranking.
        page.keyboard.type("attendance")
        page.wait_for_selector(".md-search-result__item", timeout=60000)
        for query in queries:
            outcomes.append(Outcome(query, ranked_pages(page, base, query.text)))
        page.close()
    return outcomes


def hit_rate(outcomes: list[Outcome], k: int) -> float:
    return sum(o.hit(k) for o in outcomes) / len(outcomes) if outcomes else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder, e.g. site")
    parser.add_argument("--set", choices=(*SETS, "all"), default="dev")
    parser.add_argument("--misses", action="store_true", help="list each query that misses at 1")
    args = parser.parse_args()
    for name in SETS if args.set == "all" else (args.set,):
        outcomes = evaluate(args.site, load_queries(name))
        at1, at3 = hit_rate(outcomes, 1), hit_rate(outcomes, 3)
        print(f"{name}: {len(outcomes)} queries, hit@1 {at1:.3f}, hit@3 {at3:.3f}")
        if args.misses:
            for o in outcomes:
                if not o.hit(1):
                    mark = "  (in top 3)" if o.hit(3) else ""
                    print(f"  {o.query.text!r}: want {o.query.expect}, got {list(o.ranked[:3])}{mark}")


if __name__ == "__main__":
    main()
