"""The generated injection test: payloads in every free-text field of every input type, one build, every page
opened in headless Chromium. Fails on any dialog, executed script, request off 127.0.0.1, CSP violation,
planted element or attribute in the DOM, or template syntax that was evaluated.

How the fields are found is in ``tests/injection.py``; the payloads are :func:`tests.injection.payload`.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from build_tools.pdf.write import project_pdfs
from build_tools.project import ready_project
from build_tools.site.build import build_all

from . import injection
from .browser import browser, chromium_available
from .siteserver import serve

OVERLAY = Path(__file__).parent / "fixtures" / "injection"
_TAG = re.compile(r"\bP[0-9]+\b")
PDF_HTML_DIR = "_pdf_html"  # the PDF handbooks' HTML, opened in Chromium like the pages

# Read by the browser after each page: anything here means planted markup became live.
PROBE = """() => {
  const bad = [...document.querySelectorAll(
    '[data-planted], a[href^="javascript:" i], [onclick], [onmouseover], [onerror], img[src*="203.0.113"]')]
    .map(e => e.outerHTML.slice(0, 160));
  const text = document.body ? document.body.innerText : "";
  return {pwned: window.__pwned || [], csp: window.__csp || [], bad,
          evaluated: /T49T|QAQ/.test(text)};
}"""
INIT = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));"""


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, injection.Plan]:
    """A copy of the mini project (plus one example of every optional field) with payloads, built once."""
    from .conftest import MINI, copy_site_frame

    root = tmp_path_factory.mktemp("inject") / "mini"
    shutil.copytree(MINI, root)
    copy_site_frame(root)
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    (root / "README.md").unlink()
    plan = injection.discover(root)
    missing = injection.schema_string_properties(root) - injection.keys_in_project(plan)
    assert not missing, f"give these schema fields an example in {OVERLAY}: {sorted(missing)}"
    stuck = injection.settle(plan)
    assert stuck == [], stuck
    build_all(root, with_pdf=False)
    out = root / "site" / PDF_HTML_DIR
    out.mkdir()
    for name, document in project_pdfs(ready_project(root)).items():
        (out / f"{name}.html").write_text(document, encoding="utf-8")
    return root, plan


def test_every_input_file_carries_payloads(planted):
    root, plan = planted
    per_file = Counter(f.file for f in plan.planted)
    files = {p.relative_to(root).as_posix() for p in injection.input_files(root)}
    assert files - set(per_file) == set(), "an input file took no payload at all"
    # The free-text fields every reader has must have kept the full payload.
    full = {(f.file.split("/")[0], str(f.path[-1])) for f in plan.planted if f.level == 0}
    for expected in [
        ("guidance_sources", "title"),
        ("guidance_sources", "text"),
        ("code_of_practice", "summary"),
        ("code_of_practice", "definition"),
        ("code_of_practice", "explanation"),
        ("guides", "purpose"),
        ("guides", "intro"),
    ]:
        assert expected in full, expected
    planted_count = f"{len(plan.planted)} of {len(plan.fields)} fields planted"
    print(f"{planted_count} in {len(per_file)} files, {plan.rounds} rounds")


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian chromium")
def test_no_payload_runs_on_any_page(planted):
    root, plan = planted
    site = root / "site"
    pages = sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))
    assert len({p.split("/")[0] for p in pages}) >= 8, pages  # every page type is among them
    problems: list[str] = []
    with serve(site) as base, browser() as b:
        context = b.new_context()
        context.add_init_script(INIT)

        def route(r):
            host = urlsplit(r.request.url).hostname
            if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                r.continue_()
            else:
                problems.append(f"request off 127.0.0.1: {r.request.url}")
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda d: (problems.append(f"dialog {d.message!r} on {page.url}"), d.dismiss()))
        page.on(
            "console",
            lambda m: "Content Security Policy" in m.text and problems.append(f"CSP: {m.text[:200]}"),
        )
        for path in pages:
            page.goto(base + path, wait_until="load")
            page.mouse.move(200, 300)
            _probe(page, path, plan, problems)
        # The search box renders titles and text from the search index.
        page.goto(base, wait_until="load")
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.keyboard.type("block")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        _probe(page, "search results", plan, problems)
    fields = plan.by_tag()
    named = {f"{p}  <- {', '.join(_where(fields, t) for t in _TAG.findall(p))}" for p in problems}
    unique = sorted(named)
    assert unique == [], f"{len(unique)} problems, e.g.:\n" + "\n".join(p[:300] for p in unique[:25])


def _where(fields: dict[str, injection.Field], tag: str) -> str:
    f = fields.get(tag)
    return f"{f.file}:{'.'.join(map(str, f.path))}" if f else tag


def _probe(page, where: str, plan: injection.Plan, problems: list[str]) -> None:
    for _ in range(5):
        try:
            found = page.evaluate(PROBE)
            break
        except Exception:  # a redirect page navigated away while the probe ran: probe where it landed
            page.wait_for_load_state("load")
    else:
        problems.append(f"{where} never settled")
        return
    fields = plan.by_tag()
    for tag in found["pwned"]:
        f = fields.get(tag)
        problems.append(f"script ran on {where}, planted in {f.file if f else '?'} {f.path if f else tag}")
    problems += [f"CSP violation on {where}: {v}" for v in found["csp"]]
    problems += [f"planted markup live on {where}: {e}" for e in found["bad"]]
    if found["evaluated"]:
        problems.append(f"template syntax was evaluated on {where}")
