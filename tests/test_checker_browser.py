"""The policy checker page on the real site: its rules, its links, its weight, and in headless Chromium at
phone width, what it finds, what it refuses and that nothing in a document runs or leaves 127.0.0.1.

One real build (the ``real_site`` fixture shared with tests/test_real_site.py) and one browser. The page
runs ``window.AttendanceChecker`` from the site's checker-engine.js. The page's findings for a .docx and
a PDF made here must equal ``check_file`` on the same bytes, so the browser's file readers and the CLI's
agree.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from build_tools.policy.check import check_file, check_text
from build_tools.policy.read import Unreadable
from build_tools.policy.rules import checker_rules
from build_tools.project import ready_project
from build_tools.render.checker import PAGE_TYPES, site_rules

from .browser import browser as chromium
from .browser import chromium_available
from .conftest import ROOT
from .siteserver import serve
from .test_quality_browser import AXE_TAGS
from .test_real_site import (
    SMALL_TARGETS,
    real_site,  # noqa: F401 - the one shared build
)

PAGE = "check-policy/"
POLICY = ROOT / "tests/policy_eval/dev/primary-strict.md"
needs_chromium = pytest.mark.skipif(not chromium_available(), reason="needs Debian chromium")

# Planted in documents: none of it may run, and each must show as the text it is.
PAYLOADS = (
    '<script>window.planted = "script"</script>',
    '<img src="x" id="planted-img" onerror="window.planted = \'img\'">',
    "{{ 7 * 191 }}",
    '=HYPERLINK("http://example.com","click")',
)
PLANTED = "Parents must provide a GP note for every day of illness " + " ".join(PAYLOADS) + "."
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _expected(who: str, problem: Unreadable) -> str:
    # The CLI names the PDF library's exception ("(PdfStreamError)"); pdf.js has other names for them.
    message = re.sub(r" \((?:Pdf)?\w+(?:Error|Exception)\)$", "", problem.message)
    return f"{who} {message}. {_sentence(problem.fix)}"


def _refusal(name: str, data: bytes, rules: dict[str, Any]) -> Unreadable:
    try:
        check_file(name, data, rules)
    except Unreadable as problem:
        return problem
    raise AssertionError(f"{name} was not refused by the CLI's reader")


# ------------------------------------------------------------------ documents made here


def _blocks(markdown: str) -> list[str]:
    return [" ".join(b.split()) for b in markdown.split("\n\n") if b.strip()]


def make_docx(paragraphs: list[str], table: list[str] = ()) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=1, cols=len(table))
        for cell, text in zip(grid.rows[0].cells, table, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_zip_entry(data: bytes, name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr(name, b"\x00planted")
    return out.getvalue()


def make_pdf(body_html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<html><body>{body_html}</body></html>").write_pdf()


def encrypted(pdf: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt("a secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# A 4 x 4 grey PNG: a page with an image and no text layer, as a scanned policy is.
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAAAAACMmsGiAAAAEUlEQVR4nGNsaGBgYGBgYAAACGwBgVj2OxQAAAAASUVORK5CYII="


# ------------------------------------------------------------------ the built files


@pytest.mark.site
def test_rules_json_is_the_clis_rules_with_site_urls_that_resolve(real_site):  # noqa: F811
    exported = json.loads((real_site / "assets/policy/rules.json").read_text(encoding="utf-8"))
    project = ready_project(ROOT)
    assert exported == json.loads(json.dumps(site_rules(project)))
    plain = checker_rules(project, project.lexicon)
    assert [s["id"] for s in exported["subjects"]] == [s["id"] for s in plain["subjects"]]
    urls = []
    for entry in exported["subjects"] + exported["contents"]:
        code = entry["code"]
        urls.append(code["section"]["url"])
        urls += [s["url"] for s in code["sources"]]
        if code.get("letter"):
            urls.append(code["letter"]["url"])
        # the rules the CLI runs on are the same, less the URLs
        stripped = json.loads(json.dumps(code))
        stripped["section"].pop("url")
        for s in stripped["sources"]:
            s.pop("url")
        if stripped.get("letter"):
            stripped["letter"].pop("url")
        same = next(e for e in plain["subjects"] + plain["contents"] if e["id"] == entry["id"])
        assert stripped == same["code"]
    assert len(urls) > 60
    for url in urls:
        page, _, fragment = url.partition("#")
        built = real_site / page / "index.html"
        assert built.is_file(), url
        if fragment:
            assert f'id="{fragment}"' in built.read_text(encoding="utf-8"), url


@pytest.mark.site
def test_checker_page_is_linked_from_home_governors_parents_and_the_nav(real_site):  # noqa: F811
    home = (real_site / "index.html").read_text(encoding="utf-8")
    governors = (real_site / "guides/governors/index.html").read_text(encoding="utf-8")
    parents = (real_site / "guides/parents/index.html").read_text(encoding="utf-8")
    page = (real_site / PAGE / "index.html").read_text(encoding="utf-8")
    # the parents' part of the home page: after the situations, before the other readers
    parents_part = home.split('class="task-list">', 1)[1].split('id="roles"', 1)[0]
    assert 'href="check-policy/">Check the policy against this Code</a>' in parents_part
    assert re.search(r'class="role-list">.*?Governors.*?href="check-policy/"', home, re.S)
    assert 'href="../../check-policy/"' in governors and 'href="../../check-policy/"' in parents
    assert "Check an attendance policy" in (real_site / "code/medical-evidence/index.html").read_text()
    assert "data-policy-checker" in page
    assert "nothing you paste or choose is sent anywhere, and nothing is saved" in page


@pytest.mark.site
def test_checker_first_load_adds_under_400_kb_gzip_and_readers_load_only_on_demand(real_site):  # noqa: F811
    def scripts(page: str) -> set[str]:
        html = (real_site / page / "index.html").read_text(encoding="utf-8")
        return {src.rsplit("../", 1)[-1].split("?")[0] for src in re.findall(r'<script src="([^"]+)"', html)}

    own = scripts(PAGE) - scripts("")
    assert {"assets/javascripts/checker-page.js", "assets/javascripts/checker-engine.js"} <= own
    assert not any("vendor/" in s for s in own)  # the file readers are not loaded with the page
    files = [real_site / s for s in own if (real_site / s).is_file()]
    files.append(real_site / "assets/policy/rules.json")
    added = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert added < 400_000, added
    for name in ("mammoth.browser.min.js", "pdf.min.js", "pdf.worker.min.js"):
        assert (real_site / "assets/javascripts/vendor" / name).is_file()


# ------------------------------------------------------------------ in the browser


@pytest.fixture(scope="module")
def checker(real_site):  # noqa: F811
    """(page, base URL, requests seen, dialogs seen, rules) on one browser at 390 px."""
    rules = json.loads((real_site / "assets/policy/rules.json").read_text(encoding="utf-8"))
    with serve(real_site) as base, chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        requests: list[str] = []
        dialogs: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.add_init_script(WATCH)
        page.goto(base + PAGE)
        page.wait_for_load_state("networkidle")
        # the file readers are fetched only when a file of their kind is chosen, never with the page
        assert requests and not [r for r in requests if "/vendor/" in r]
        yield page, base, requests, dialogs, rules
        context.close()


def _reset(page: Any) -> None:
    page.evaluate("""() => {
      document.getElementById('checker-text').value = '';
      document.getElementById('checker-file').value = '';
      document.getElementById('checker-alert').textContent = '';
    }""")


def _run_text(page: Any, text: str) -> None:
    _reset(page)
    page.fill("#checker-text", text)
    page.click("#checker-run")


def _run_file(page: Any, name: str, data: bytes, mime: str = "application/octet-stream") -> None:
    _reset(page)
    page.set_input_files("#checker-file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.click("#checker-run")


def _results(page: Any) -> dict[str, Any]:
    page.wait_for_function(
        "() => !document.getElementById('checker-results').hidden && "
        "document.getElementById('checker-status').textContent.startsWith('Done')",
        timeout=30_000,
    )
    found = page.evaluate("""() => ({
      findings: [...document.querySelectorAll('[data-finding]')].map(el => [el.dataset.finding,
        (el.querySelector('blockquote') || el).textContent]),
      missing: [...document.querySelectorAll('[data-missing]')].map(el => el.dataset.missing),
      alert: document.getElementById('checker-alert').textContent,
    })""")
    page.evaluate(
        "() => { document.getElementById('checker-results').hidden = true; "
        "document.getElementById('checker-status').textContent = ''; }"
    )
    return found


def _alert(page: Any, expected: str) -> None:
    try:
        page.wait_for_function(
            "e => document.getElementById('checker-alert').textContent === e", arg=expected, timeout=20_000
        )
    except Exception:  # noqa: BLE001 - report what the page says instead
        shown = page.evaluate("() => document.getElementById('checker-alert').textContent")
        raise AssertionError(f"expected {expected!r}, the page says {shown!r}") from None
    assert page.locator("#checker-alert[role=alert]").is_visible()
    assert page.locator("#checker-results").is_hidden()


def _same_as_cli(found: dict[str, Any], report: dict[str, Any]) -> None:
    assert report["findings"], "the fixture must give findings, or the comparison proves nothing"
    shown = {fid: text for fid, text in found["findings"]}
    expected = {f["id"]: f["statement"]["text"] for f in report["findings"]}
    assert shown.keys() == expected.keys()
    for fid, text in expected.items():
        if fid in {f["id"] for f in report["findings"] if f["type"] == "conflict"}:
            assert shown[fid] == text, fid
    assert found["missing"] == [m["id"] for m in report["missing"]]


def _no_harm(page: Any, base: str, requests: list[str], dialogs: list[str]) -> None:
    assert dialogs == []
    assert page.evaluate("() => window.planted") is None
    assert page.evaluate("() => window.__csp") == []
    assert page.locator("#planted-img").count() == 0
    outside = [r for r in requests if not r.startswith(base)]
    assert requests and outside == []


@pytest.mark.browser
@needs_chromium
def test_pasted_policy_gives_the_clis_findings_and_fits_a_phone(checker):
    page, base, requests, dialogs, rules = checker
    text = POLICY.read_text(encoding="utf-8")
    _run_text(page, text)
    page.wait_for_selector("#checker-results:not([hidden])")
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    summary = page.inner_text("#checker-summary")
    headings = page.locator(".checker-group h3").all_inner_texts()
    letters = page.locator(".checker-letter a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    small = page.evaluate(SMALL_TARGETS)
    axe = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response["violations"]
    found = _results(page)
    report = check_text("pasted", text, rules)
    _same_as_cli(found, report)
    assert overflow <= 390, overflow
    assert small == []
    serious = [v for v in axe if v["impact"] in ("serious", "critical")]
    assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}" for v in serious] == []
    s = report["summary"]
    assert summary.startswith(f"{s['serious']} serious problems")
    assert f"{s['missing']} things missing" in summary
    assert headings[0].startswith("Serious: goes against the law or statutory guidance")
    assert letters and all(h.startswith("../letters/") for h in letters)
    # the kind of document, changed by the reader: checked again as that kind, with no list of contents
    page.evaluate("() => { document.getElementById('checker-results').hidden = false; }")
    page.select_option("#checker-kind", "la-protocol")
    page.wait_for_function("() => !document.querySelector('.checker-missing')")
    page.evaluate("() => { document.getElementById('checker-status').textContent = 'Done'; }")
    as_protocol = _results(page)
    _same_as_cli(as_protocol, check_text("pasted", text, rules, "la-protocol"))
    # the printed summary is the findings, without the form
    page.evaluate("() => { document.getElementById('checker-results').hidden = false; }")
    page.emulate_media(media="print")
    assert page.locator("#checker-form").is_hidden() and page.locator(".checker-finding").first.is_visible()
    page.emulate_media(media="screen")
    _no_harm(page, base, requests, dialogs)
    # the findings in the dark colour scheme: readable too
    # (a context of its own: the first one keeps the light scheme the theme stored for the site)
    dark_context = page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, color_scheme="dark"
    )
    dark = dark_context.new_page()
    dark.goto(base + PAGE)
    dark.fill("#checker-text", text)
    dark.click("#checker-run")
    dark.wait_for_selector("#checker-results:not([hidden])")
    dark.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    axe = Axe().run(dark, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}).response["violations"]
    serious = [v for v in axe if v["impact"] in ("serious", "critical")]
    assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}" for v in serious] == []
    dark_context.close()


@pytest.mark.browser
@needs_chromium
def test_planted_markup_script_template_and_formula_show_as_text_and_run_nothing(checker):
    page, base, requests, dialogs, rules = checker
    document = f"Attendance policy\n\n{PLANTED}\n\nWe expect 96% attendance.\n"
    _run_text(page, document)
    pasted = _results(page)
    docx = make_docx(["Attendance policy", PLANTED], table=[PLANTED.replace("GP note", "sick note"), "x"])
    name = '<img src=x onerror="window.planted=1">policy.docx'
    _run_file(page, name, docx)
    page.wait_for_selector("#checker-results:not([hidden])")
    summary = page.inner_text("#checker-summary")
    from_docx = _results(page)
    for found in (pasted, from_docx):
        quotes = " ".join(text for _, text in found["findings"])
        for payload in PAYLOADS:
            assert payload in quotes, payload
        assert str(7 * 191) not in quotes
    assert name in summary
    _no_harm(page, base, requests, dialogs)


@pytest.mark.browser
@needs_chromium
def test_docx_and_pdf_give_the_same_findings_as_the_cli(checker):
    page, base, requests, dialogs, rules = checker
    blocks = _blocks(POLICY.read_text(encoding="utf-8"))
    docx = make_docx(blocks, table=["Parents must provide a sick note for every day of illness.", "Code I"])
    _run_file(page, "primary-strict.docx", docx)
    _same_as_cli(_results(page), check_file("primary-strict.docx", docx, rules))
    body = "".join(f"<p>{b}</p>" for b in blocks)
    pdf = make_pdf(body)
    _run_file(page, "primary-strict.pdf", pdf, "application/pdf")
    _same_as_cli(_results(page), check_file("primary-strict.pdf", pdf, rules))
    loaded = [r.rsplit("/", 1)[-1] for r in requests if "/vendor/" in r]
    assert {"mammoth.browser.min.js", "pdf.min.js", "pdf.worker.min.js"} <= set(loaded)
    assert loaded.count("mammoth.browser.min.js") == 1  # loaded once, however many files are read
    _no_harm(page, base, requests, dialogs)


@pytest.mark.browser
@needs_chromium
def test_bad_input_gets_a_visible_message_as_the_cli_words_it_and_sends_nothing(checker):
    page, base, requests, dialogs, rules = checker
    _reset(page)
    page.click("#checker-run")
    _alert(page, "There is nothing to check yet. Paste the policy's text into the box, or choose its file.")
    foreign = (
        "Mae'r ysgol yn disgwyl i bob plentyn fod yn yr ysgol bob dydd. Os yw eich plentyn yn sâl, "
        "ffoniwch y swyddfa cyn naw o'r gloch. Byddwn yn cysylltu â chi os nad ydym wedi clywed gennych. "
        "Mae presenoldeb da yn bwysig i ddysgu a lles pob disgybl yn yr ysgol hon a'r gymuned. "
        "Rydym yn gweithio gyda theuluoedd i ddatrys problemau cyn gynted ag y bo modd bob amser."
    )
    try:
        check_text("pasted", foreign, rules)
        raise AssertionError("the CLI accepted the Welsh text")
    except Unreadable as problem:
        _run_text(page, foreign)
        _alert(page, _expected("The text you pasted", problem))
    good_pdf = make_pdf("<p>Parents must provide a GP note for every day of illness.</p>")
    docx = make_docx(["Parents must provide a GP note for every day of illness."])
    files = [
        ("huge.txt", b"a" * 21_000_000),
        ("locked.pdf", encrypted(good_pdf)),
        ("scanned.pdf", make_pdf(f'<img src="data:image/png;base64,{PNG}" width="300">')),
        ("macros.docx", with_zip_entry(docx, "word/vbaProject.bin")),
        ("embedded.docx", with_zip_entry(docx, "word/embeddings/oleObject1.bin")),
        ("broken.docx", b"PK\x03\x04 not really a zip at all" * 10),
        ("broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8),
        ("binary.txt", b"\x00\x01\x02" * 100),
        ("empty.txt", b"   \n\n  "),
        ("policy.docm", b"anything"),
    ]
    for name, data in files:
        _run_file(page, name, data)
        _alert(page, _expected(f"The file \u201c{name}\u201d", _refusal(name, data, rules)))
    _run_file(page, "policy.xlsx", b"PK")
    _alert(page, f"The file \u201cpolicy.xlsx\u201d is a '.xlsx' file. Use one of: {', '.join(PAGE_TYPES)}.")
    assert page.evaluate("() => document.querySelectorAll('[role=alert]').length") == 1
    _no_harm(page, base, requests, dialogs)
