"""The site's checker engine (checker-engine.js) gives exactly the CLI's report on the same documents.

Every shared fixture (tests/fixtures/policies/ and the development documents) is checked by the Python
engine and, in one headless-Chromium page under the site's CSP, by the JavaScript port, on the same
compiled rules: statements, tokens, English share and the whole report (kind detected and given) must be
equal, keys in the same order. Nothing may leave 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from build_tools import project
from build_tools.claims.engine import check_document, english_share
from build_tools.claims.text import normalise, statements, tokens
from build_tools.policy.rules import checker_rules

from .browser import browser as chromium
from .browser import chromium_available
from .siteserver import serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "docs" / "assets" / "javascripts" / "checker-engine.js"
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "policies").iterdir()) + sorted(
    (ROOT / "tests" / "policy_eval" / "dev").glob("*.md")
)
KINDS = (None, "", "school-policy", "la-protocol")  # detected (no kind, or a blank choice), then given

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">
<title>checker parity</title>
<script src="watch.js"></script>
<script src="checker-engine.js"></script>
</head><body></body></html>
"""
# Loaded before the engine, so a CSP refusal (eval, an inline script, a request elsewhere) is recorded.
WATCH = """window.refused = [];
document.addEventListener("securitypolicyviolation", (e) => window.refused.push(e.violatedDirective));
"""
RUN = """async ([docs, kinds]) => {
  const rules = await (await fetch("rules.json")).json();
  const C = window.AttendanceChecker;
  return docs.map((text) => {
    const found = C.statements(text);
    return {
      normalised: C.normalise(text),
      statements: found,
      tokens: found.map((s) => C.tokens(s).map((t) => [t.word, t.start, t.end])),
      english: C.englishShare(found, rules),
      lines: C.checkDocument(text.split("\\n"), rules),
      reports: kinds.map((k) =>
        k === null ? C.checkDocument(found, rules) : C.checkDocument(found, rules, k)
      ),
    };
  });
}"""


def _name(fixture: Path) -> str:
    return fixture.relative_to(ROOT).as_posix()


def _python(text: str, rules: dict[str, Any]) -> dict[str, Any]:
    found = statements(text)
    return {
        "normalised": normalise(text),
        "statements": found,
        "tokens": [[[t.word, t.start, t.end] for t in tokens(s)] for s in found],
        "english": english_share(found, rules),
        # any list of statements, not only statements() output: raw lines, unnormalised, with spaces
        "lines": check_document(text.split("\n"), rules),
        "reports": [check_document(found, rules, kind) for kind in KINDS],
    }


def _differences(py: Any, js: Any, where: str = "") -> list[str]:
    """Where the two results differ: values, types (a bool is not a number), and the order of keys."""
    if isinstance(py, dict) and isinstance(js, dict):
        if list(py) != list(js):
            return [f"{where}: keys {list(py)} != {list(js)}"]
        return [d for k in py for d in _differences(py[k], js[k], f"{where}.{k}")]
    if isinstance(py, list) and isinstance(js, list):
        if len(py) != len(js):
            return [f"{where}: {len(py)} items != {len(js)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(py, js, strict=True))
            for d in _differences(a, b, f"{where}[{i}]")
        ]
    numbers = (int, float)
    same_type = (
        type(py) is type(js)
        or isinstance(py, numbers)
        and isinstance(js, numbers)
        and not isinstance(py, bool)
        and not isinstance(js, bool)
    )
    if not same_type or py != js:
        return [f"{where}: {py!r:.200} != {js!r:.200}"]
    return []


@pytest.fixture(scope="module")
def rules() -> dict[str, Any]:
    loaded = project.ready_project(ROOT)
    assert loaded.lexicon is not None
    return checker_rules(loaded, loaded.lexicon)


@pytest.fixture(scope="module")
def in_browser(rules: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One page session: the JavaScript results for every fixture, every request and every page error."""
    if not chromium_available():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed: the browser parity test needs it")
    folder = tmp_path_factory.mktemp("checker-parity")
    (folder / "rules.json").write_text(json.dumps(rules), encoding="utf-8")
    (folder / "checker-engine.js").write_bytes(ENGINE.read_bytes())
    (folder / "watch.js").write_text(WATCH, encoding="utf-8")
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    texts = [f.read_text(encoding="utf-8") for f in FIXTURES]
    with serve(folder) as base, chromium() as browser:
        page = browser.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "index.html")
        results = page.evaluate(RUN, [texts, list(KINDS)])
        refused = page.evaluate("window.refused")
    return {
        "results": dict(zip(map(_name, FIXTURES), results, strict=True)),
        "requests": requests,
        "errors": errors,
        "refused": refused,
    }


def test_fixtures_cover_the_tricky_text():
    shared = [f for f in FIXTURES if "policies" in f.parts]
    assert len(shared) >= 8 and len(FIXTURES) >= len(shared) + 6
    text = "\n".join(f.read_text(encoding="utf-8") for f in shared)
    for needed in (
        "twenty-eight",
        "£",
        "per cent",
        "| ",
        "\u201c",
        "\u2014",
        "won\u2019t",
        "can't",
        "e.g.",
        "Mrs.",
        "@",
    ):
        assert needed in text, needed
    for needed in (
        "https://",
        "\u00a0",
        "\u200b",
        "\ufeff",
        "\U0001f4c5",
        "\u0130",
        "<script>",
        "{{ 7*7 }}",
        "=HYPERLINK(",
    ):
        assert needed in text, ascii(needed)
    assert any(len(s) > 2000 for f in shared for s in f.read_text(encoding="utf-8").split("\n"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=_name)
def test_javascript_engine_gives_the_python_report(
    fixture: Path, rules: dict[str, Any], in_browser: dict[str, Any]
):
    expected = _python(fixture.read_text(encoding="utf-8"), rules)
    differences = _differences(expected, in_browser["results"][_name(fixture)], _name(fixture))
    assert not differences, "\n".join(differences[:20])


def test_the_page_stays_on_127_0_0_1_and_within_its_csp(in_browser: dict[str, Any]):
    assert in_browser["requests"], "the page made no request at all: the recording is broken"
    elsewhere = [u for u in in_browser["requests"] if urlparse(u).hostname != "127.0.0.1"]
    assert not elsewhere, elsewhere
    assert not in_browser["errors"], in_browser["errors"]
    assert not in_browser["refused"], in_browser["refused"]
