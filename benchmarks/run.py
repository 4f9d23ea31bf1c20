"""Performance benchmark: prints one table of figures (targets live here, not in timed tests).

usage: python benchmarks/run.py [--quick] [--scales 1,10,100] [--repeat N] [--no-browser] [--search-only]
                             [--policy-only]

Every measurement runs on a copy of the project's inputs in a temporary folder, so the working site/ and
build/ are never touched. Builds run as child processes (``python -m build_tools build`` beside
``python -m mkdocs build`` of the same staged Markdown), so both pay the same start-up and imports and
their peak memory is their own; on a shared machine the fastest of ``--repeat`` runs is the figure, and
CPU seconds are printed beside wall seconds. Lighthouse (mobile preset) runs when it is installed in
benchmarks/.lighthouse (see README); figures depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.site.build import SITE_DIR, STAGE_DIR, refresh  # noqa: E402
from build_tools.site.cache import NO_CACHE_ENV  # noqa: E402

INPUTS = ("guidance_sources", "code_of_practice", "docs", "overrides", "guides", "mkdocs.yml")
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.exists():
            shutil.copy(source, dest / name)
    return dest


def synthesise(root: Path, scale: int) -> int:
    """Add (scale - 1) renamed copies of every source document; the copies are excluded from the Code."""
    sources = root / "guidance_sources"
    originals = [p for p in sorted(sources.glob("*.yaml")) if p.name != "vocabulary.yaml"]
    excluded: list[str] = []
    for n in range(2, scale + 1):
        for path in originals:
            doc_id = path.stem
            copy_id = f"{doc_id}-x{n}"
            text = path.read_text(encoding="utf-8")
            text = re.sub(rf"^  id: {re.escape(doc_id)}$", f"  id: {copy_id}", text, count=1, flags=re.M)
            text = re.sub(r"^  supersedes:.*$|^  superseded_by:.*$", "", text, flags=re.M)
            (sources / f"{copy_id}.yaml").write_text(text, encoding="utf-8")
            excluded += [
                f"{copy_id}/{m}"
                for m in re.findall(r"^  - id: (\S+)$", text, flags=re.M)
                if not m.startswith("case-")
            ]
    # several files: one input file may hold at most 2 MB (build_tools/load/yaml.py)
    for start in range(0, len(excluded), 20_000):
        ids = "\n".join(f"      - {e}" for e in excluded[start : start + 20_000])
        (root / f"code_of_practice/exclusions/synthetic-{start // 20_000}.yaml").write_text(
            f"exclusions:\n  - reason: synthetic benchmark copy\n    provisions:\n{ids}\n", encoding="utf-8"
        )
    return sum(len(re.findall(r"^  - id: ", p.read_text(), flags=re.M)) for p in sources.glob("*.yaml"))


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_mib: float


PEAK = Path(__file__).with_name("peak.py")


def run_child(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a child process to completion: its wall and CPU seconds and its own peak resident memory.

    ``python -m X`` children run through benchmarks/peak.py, which records the child's VmHWM (wait4's
    ru_maxrss can be the forking parent's high-water mark, not the child's).
    """
    with tempfile.NamedTemporaryFile(prefix="acop-peak-", delete=False) as handle:
        peak_file = Path(handle.name)
    if args[:2] == [sys.executable, "-m"]:
        args = [sys.executable, str(PEAK), str(peak_file), *args[1:]]
    start = time.perf_counter()
    child = subprocess.Popen(
        args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    stderr = child.stderr.read().decode() if child.stderr else ""
    child.returncode = os.waitstatus_to_exitcode(status)
    recorded = peak_file.read_text().strip()
    peak_file.unlink()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}):\n{stderr}")
    peak = int(recorded) / 1024 if recorded.isdigit() else usage.ru_maxrss / 1024
    return Run(wall, usage.ru_utime + usage.ru_stime, peak)


def policy_rows(tmp: Path, site: Path | None = None) -> list[tuple[str, str]]:
    """The policy checker: its evaluation on every labelled set, and check-policy on a 40-page policy."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import evaluate_conflicts as evaluation  # noqa: PLC0415 - a script, importable only from here

    rows: list[tuple[str, str]] = []
    for which in ("dev", "test"):
        tally, count = evaluation.documents(which)
        f = tally.figures()
        rows.append(
            (
                f"check-policy, {which} documents ({count}{', held out' if which == 'test' else ''})",
                f"conflicts P {f['conflict_precision']:.3f} R {f['conflict_recall']:.3f}; missing contents "
                f"P {f['missing_precision']:.3f} R {f['missing_recall']:.3f}; agreements flagged "
                f"{f['agreements_flagged']:.3f}",
            )
        )
    pairs = evaluation.corpus_figures(0.5)
    rows.append(
        (
            "conflicts, corpus labelled pairs (target P >= 0.8, R >= 0.95)",
            f"P {pairs['precision']:.3f} R {pairs['recall']:.3f}",
        )
    )
    # About 40 pages: 20,000 words of real-looking policy text, from the development documents.
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/policy_eval/dev").glob("*.md"))]
    text, words = "", 0
    for part in parts * 3:
        if words >= 20_000:
            break
        text += part + "\n\n"
        words += len(part.split())
    policy = tmp / "forty-pages.md"
    policy.write_text(text, encoding="utf-8")
    runs = [
        run_child([sys.executable, "-m", "build_tools", "check-policy", str(policy)], ROOT) for _ in range(3)
    ]
    best = fastest(runs)
    rows.append(
        (
            f"check-policy on a 40-page policy ({words} words; target < 2 s)",
            f"{best.wall:.2f} s wall, {best.cpu:.2f} s CPU, {best.max_rss_mib:.0f} MiB peak",
        )
    )
    if site is not None and shutil.which("chromium"):
        rows += checker_page_rows(site, text, words)
    return rows


def checker_page_rows(site: Path, text: str, words: int) -> list[tuple[str, str]]:
    """The checker page in Chromium: the pasted 40-page policy to findings shown, on the desktop and with 4x
    CPU throttling at phone width; and what the page's first load adds (its file readers load on demand)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only with a browser

    from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: PLC0415
    from tests.siteserver import serve  # noqa: PLC0415

    rows: list[tuple[str, str]] = []
    own = [site / "check-policy/index.html", site / "assets/policy/rules.json"]
    own += [site / "assets/javascripts/checker-engine.js", site / "assets/javascripts/checker-page.js"]
    weight = sum(len(gzip.compress(p.read_bytes())) for p in own if p.is_file())
    rows.append(
        (
            "checker page, first load beyond the shared assets (gzip; target < 400 KB)",
            f"{weight / 1024:.0f} KiB",
        )
    )
    runs = (("desktop", 1280, 1, 2), ("phone width, 4x CPU throttling", 390, 4, 6))
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, width, rate, target in runs:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(base + "check-policy/")
            # set the text directly: typing 150 KB through fill() would be the measure instead
            page.eval_on_selector(
                "#checker-text", "(el, t) => { el.value = t; el.dispatchEvent(new Event('input')); }", text
            )
            if rate > 1:
                page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
            start = time.perf_counter()
            page.click("#checker-run")
            page.wait_for_selector("#checker-results:not([hidden])", timeout=120_000)
            seconds = time.perf_counter() - start
            rows.append(
                (
                    f"checker page, 40-page policy, {label} (target < {target} s)",
                    f"{seconds:.2f} s, Check to findings",
                )
            )
            page.close()
        browser.close()
    return rows


def pipeline_build(root: Path, with_pdf: bool = False, cache: bool = False) -> Run:
    """A build in a child process; ``cache`` lets it reuse the model the last build kept (site/cache.py),
    otherwise it makes the model afresh, as a first build or one after an edit to a source does."""
    args = [sys.executable, "-m", "build_tools", "--root", str(root), "build"]
    env = {} if cache else {NO_CACHE_ENV: "1"}
    return run_child(args + ([] if with_pdf else ["--no-pdf"]), ROOT, env)


def plain_mkdocs(root: Path) -> Run:
    """A plain strict mkdocs build of the same staged Markdown (what the pipeline adds on top is overhead)."""
    out = root / ".plain-site"
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out)]
    return run_child(args, root)


def fastest(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.wall)


def pdf_timing(root: Path) -> tuple[float, dict[str, tuple[float, float, int]]]:
    """The build's PDF step for the project at ``root``: its wall seconds, and each PDF's wall and CPU
    seconds and pages (each PDF's render runs in its own worker process, several at a time)."""
    from pypdf import PdfReader

    from build_tools.pdf.write import project_pdfs, render_pdfs_timed
    from build_tools.project import ready_project

    documents = project_pdfs(ready_project(root))
    start = time.perf_counter()
    rendered = render_pdfs_timed(documents)
    step = time.perf_counter() - start
    per_pdf = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (data, seconds, cpu) in rendered.items():
            path = Path(tmp) / name
            path.write_bytes(data)
            per_pdf[name] = (seconds, cpu, len(PdfReader(path).pages))
    return step, per_pdf


def guide_edit_build(root: Path) -> tuple[Run, Run]:
    """A build with PDFs (every PDF rendered), then one after an edit to the governors' guide, which
    renders again only the handbook holding it (site/cache.py keeps the others)."""
    first = pipeline_build(root, with_pdf=True, cache=True)
    guide = root / "guides" / "governors.yaml"
    text = guide.read_text(encoding="utf-8")
    marker = re.search(r"intro: >-?\n\s+", text)
    if marker is None:
        raise SystemExit(f"{guide}: no intro to edit")
    guide.write_text(
        text[: marker.end()] + "Edited for the benchmark. " + text[marker.end() :], encoding="utf-8"
    )
    try:
        return first, pipeline_build(root, with_pdf=True, cache=True)
    finally:
        guide.write_text(text, encoding="utf-8")


def pdf_rows(root: Path) -> list[tuple[str, str]]:
    """The PDF step's figures: the whole step, then each PDF, slowest first; then whole builds with PDFs,
    first and after an edit to one guide."""
    step, per_pdf = pdf_timing(root)
    cpus = [cpu for _, cpu, _ in per_pdf.values()]
    cores = os.cpu_count() or 1
    rows = [
        (
            f"PDF step, {len(per_pdf)} PDFs on {cores} cores (target < 30 s)",
            f"{step:.1f} s wall, {sum(cpus):.1f} s CPU in all (on idle cores at least "
            f"{max(max(cpus), sum(cpus) / cores):.1f} s)",
        )
    ]
    for name, (seconds, cpu, pages) in sorted(per_pdf.items(), key=lambda kv: -kv[1][1]):
        rows.append((f"  {name}", f"{seconds:.1f} s wall, {cpu:.1f} s CPU, {pages} pages"))
    first, edited = guide_edit_build(root)
    rows.append(("build with PDFs and the offline copy, every PDF rendered", f"{first.wall:.1f} s wall"))
    rows.append(
        ("the same after an edit to one guide (only its handbook rendered)", f"{edited.wall:.1f} s wall")
    )
    return rows


def edit_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def warm_rebuilds(root: Path) -> dict[str, tuple[float, float]]:
    """``serve``'s refresh, warm (a first refresh in this process has already run), after one edit: wall
    and CPU seconds."""
    refresh(root, theme_changed=True)  # warms imports and caches, as a running serve has
    seconds = {}
    source = root / "guidance_sources" / "wt-2024.yaml"
    edits = {
        "one source": (source, "    text: >-\n      ", "    text: >-\n      (Edited.) "),
        "docs/how-to-cite.md": (root / "docs" / "how-to-cite.md", "\n", "\n\nEdited for the benchmark.\n"),
    }
    for what, (path, old, new) in edits.items():
        edit_file(path, old, new)
        start, cpu = time.perf_counter(), time.process_time()
        refresh(root)
        seconds[what] = (time.perf_counter() - start, time.process_time() - cpu)
    return seconds


def page_weights(site: Path) -> tuple[int, int, int]:
    """Median and largest page weight (HTML + its CSS and JS, gzipped as served) and the whole search
    index's size (fetched only when a reader searches)."""
    cache: dict[Path, int] = {}

    def gz(path: Path) -> int:
        if path not in cache:
            cache[path] = len(gzip.compress(path.read_bytes())) if path.exists() else 0
        return cache[path]

    weights = []
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        assets = {(page.parent / ref).resolve() for ref in ASSET.findall(html) if "://" not in ref}
        weights.append(gz(page) + sum(gz(a) for a in assets))
    index = site / "search" / "search_index.full.json"
    return int(statistics.median(weights)), max(weights), index.stat().st_size


def first_search_result(site: Path) -> float:
    """Seconds from the first key typed into search to the first result (the index is fetched when the
    reader opens search, so this includes fetching it)."""
    from tests.browser import browser
    from tests.siteserver import serve

    with serve(site) as base, browser() as b:
        page = b.new_page()
        page.goto(base, wait_until="networkidle")
        page.keyboard.press("/")
        start = time.perf_counter()
        page.keyboard.type("medical evidence", delay=0)
        page.wait_for_selector(".md-search-result__item", timeout=30000)
        return time.perf_counter() - start


def add_editions(root: Path, count: int) -> None:
    """Publish ``count`` editions in total: the recorded ones plus synthetic later ones, each rewording
    a few statements, so the archive has real diff pages to render."""
    from build_tools.cli_editions import write_edition
    from build_tools.editions import store
    from build_tools.editions.publish import edition_snapshot

    published = store.published(root)
    if not published:
        raise SystemExit("no published edition to start from")
    for n in range(len(published), count):
        last = published[-1]
        snapshot = json.loads(json.dumps(last))
        snapshot["edition"]["date"] = f"2027-{n:02d}-01"
        snapshot["changes"] = []
        for section in snapshot["sections"][n::10]:
            if section["statements"]:
                section["statements"][0]["text"] += f" (Reworded in synthetic edition {n}.)"
        snapshot = edition_snapshot(snapshot, published, {}, "synthetic benchmark edition")
        write_edition(root, snapshot)
        published.append(snapshot)


def edition_rows(tmp: Path, rounds: int = 3) -> list[tuple[str, str]]:
    """Build time with no archive, and with two and five published editions (target: <= 1.2x).

    The three projects are built in turn, ``rounds`` times, and the best time of each is kept, so a busy
    moment on a shared machine does not land on one of them only. CPU time (this process) is printed
    too: on a shared machine it moves far less than the wall clock.
    """
    roots: dict[int, Path] = {}
    for count in (0, 2, 5):
        roots[count] = copy_project(tmp / f"editions-{count}")
        if count == 0:
            shutil.rmtree(roots[count] / "code_of_practice" / "editions")
        else:
            add_editions(roots[count], count)
    wall: dict[int, float] = {count: float("inf") for count in roots}
    cpu: dict[int, float] = {count: float("inf") for count in roots}
    for _ in range(rounds):
        for count, root in roots.items():
            start = time.process_time()
            wall[count] = min(wall[count], _timed_build(root))
            cpu[count] = min(cpu[count], time.process_time() - start)
    for root in roots.values():
        shutil.rmtree(root)
    rows = [(f"build with no published edition (best of {rounds})", f"{wall[0]:.1f} s, CPU {cpu[0]:.1f} s")]
    for n in (2, 5):
        rows.append(
            (
                f"build with {n} published editions (target <= 1.2x)",
                f"{wall[n]:.1f} s = {wall[n] / wall[0]:.2f}x; CPU {cpu[n]:.1f} s = {cpu[n] / cpu[0]:.2f}x",
            )
        )
    return rows


def _timed_build(root: Path) -> float:
    from build_tools.site.build import build_all

    os.environ[NO_CACHE_ENV] = "1"  # the archive's cost with the model made, as after an edit
    try:
        start = time.perf_counter()
        build_all(root, with_pdf=False)
        return time.perf_counter() - start
    finally:
        del os.environ[NO_CACHE_ENV]


def search_quality(site: Path) -> list[tuple[str, str]]:
    """hit@1 and hit@3 of the dev (tuned on) and held-out test query sets, typed into the real search box."""
    from scripts.search_eval import SETS, evaluate, hit_rate, load_queries

    rows = []
    for name in SETS:
        outcomes = evaluate(site, load_queries(name))
        target = ", target hit@1 >= 0.9" if name == "dev" else ", held out"
        label = f"search {name} set hit@1 / hit@3 ({len(outcomes)} queries{target})"
        rows.append((label, f"{hit_rate(outcomes, 1):.2f} / {hit_rate(outcomes, 3):.2f}"))
    return rows


# ---- Lighthouse, mobile preset ----

LIGHTHOUSE = ROOT / "benchmarks" / ".lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzipped when the browser accepts it, as a real static host does (Lighthouse counts
    the bytes transferred)."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not gzip_ok or path.suffix in (".png", ".jpg", ".woff2", ".pdf"):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextlib.contextmanager
def gzip_server(site: Path) -> Iterator[str]:
    from tests.siteserver import serve  # noqa: PLC0415 - the tests' loopback server, with gzip

    with serve(site, _GzipHandler) as base:
        yield base


def lighthouse(url: str, out: Path) -> dict[str, float]:
    """Lighthouse's mobile preset (simulated slow 4G and 4x CPU slowdown) on one page."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "score": report["categories"]["performance"]["score"] * 100,
        "bytes": audits["total-byte-weight"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "requests": len(audits["network-requests"]["details"]["items"]),
    }


def plain_material_site(root: Path, page: str | None) -> Path:
    """A plain Material site of the same staged Markdown: the theme's defaults (its own search, no
    overrides, no extra CSS or JavaScript) and the same Markdown extensions. With ``page``, that one page
    alone (no navigation); without, every page under the project's navigation."""
    import yaml

    from build_tools.project import ready_project
    from build_tools.render.pages import site_navigation

    plain = root / (".plain-material-page" if page else ".plain-material-site")
    docs = plain / "docs"
    if page:
        docs.mkdir(parents=True)
        shutil.copy(root / STAGE_DIR / page, docs / "index.md")
        nav = ""
    else:
        shutil.copytree(root / STAGE_DIR, docs)
        nav = yaml.safe_dump({"nav": site_navigation(ready_project(root))}, allow_unicode=True)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = config[config.index("markdown_extensions:") : config.index("extra_css:")]
    extensions = extensions.replace("base_path: [build/snippets]", f"base_path: [{root / 'build/snippets'}]")
    (plain / "mkdocs.yml").write_text(
        "site_name: Plain Material\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        + extensions
        + nav,
        encoding="utf-8",
    )
    run_child([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml")], plain)
    return plain / "site"


def lighthouse_rows(site: Path, root: Path, pages: dict[str, str], tmp: Path) -> list[tuple[str, str]]:
    if not LIGHTHOUSE.is_file() or not Path(CHROMIUM).exists():
        return [("Lighthouse mobile", "not run: npm install --prefix benchmarks/.lighthouse lighthouse@12")]
    rows = []
    section = section_path(pages["section"])
    targets = [(f"{kind} ({url or '/'})", site, url) for kind, url in pages.items() if kind != "section"]
    targets.insert(1, (f"section ({section})", site, section))
    plain_site = plain_material_site(root, None)
    targets.append(("plain Material, same pages and navigation: section", plain_site, section))
    one_page = plain_material_site(root, pages["section"])
    targets.append(("plain Material, the section's Markdown alone", one_page, ""))
    for label, folder, url in targets:
        with gzip_server(folder) as base:
            found = lighthouse(base + url, tmp / "lighthouse.json")
        rows.append(
            (
                f"Lighthouse mobile: {label}",
                f"performance {found['score']:.0f}, {found['bytes'] / 1024:.0f} KiB in "
                f"{found['requests']:.0f} requests, LCP {found['lcp']:.1f} s",
            )
        )
    return rows


def section_path(markdown: str) -> str:
    return markdown.removesuffix(".md").removesuffix("index").rstrip("/") + "/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10", help="corpus multipliers (default 1,10; 100 is slow)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build to take the fastest of")
    parser.add_argument("--quick", action="store_true", help="one run each, scale 1 only, no PDFs or browser")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium and Lighthouse figures")
    parser.add_argument(
        "--pages-only", action="store_true", help="only build once and measure search and page figures"
    )
    parser.add_argument(
        "--search-only", action="store_true", help="only build once and measure search quality"
    )
    parser.add_argument("--editions-only", action="store_true", help="only the editions archive's build cost")
    parser.add_argument("--policy-only", action="store_true", help="only the policy checker's figures")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF step's figures")
    args = parser.parse_args()
    if args.pdf_only:
        with tempfile.TemporaryDirectory(prefix="acop-bench-") as tmp:
            for key, value in pdf_rows(copy_project(Path(tmp) / "x1")):
                print(f"{key:<80}  {value}")
        return
    if args.policy_only:
        from build_tools.site.build import build_all

        with tempfile.TemporaryDirectory(prefix="acop-bench-") as tmp:
            base = copy_project(Path(tmp) / "x1")
            build_all(base, with_pdf=False)
            for key, value in policy_rows(Path(tmp), base / SITE_DIR):
                print(f"{key:<80}  {value}")
        return
    if args.editions_only:
        with tempfile.TemporaryDirectory(prefix="acop-bench-") as tmp:
            for key, value in edition_rows(Path(tmp)):
                print(f"{key:<50}  {value}")
        return
    if args.search_only:
        from build_tools.site.build import build_all

        with tempfile.TemporaryDirectory(prefix="acop-bench-") as tmp:
            base = copy_project(Path(tmp) / "x1")
            build_all(base, with_pdf=False)
            for key, value in search_quality(base / SITE_DIR):
                print(f"{key}  {value}")
        return
    scales = [1] if args.quick else [int(s) for s in args.scales.split(",")]
    repeat = 1 if args.quick else max(1, args.repeat)
    rows: list[tuple[str, str]] = []

    def row(key: str, value: str) -> None:
        rows.append((key, value))
        print(f"  {key}: {value}", file=sys.stderr, flush=True)  # progress while the table is made

    with tempfile.TemporaryDirectory(prefix="acop-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base = copy_project(tmp / "x1")
        provisions = synthesise(base, 1)
        row("provisions (today's corpus)", f"{provisions}")
        pipeline, reused, plain = [], [], []
        # Side by side, alternating, so all three see the same load on the machine. The first build
        # also leaves the model in the cache for the builds that may reuse it.
        for _ in range(1 if args.pages_only else repeat):
            pipeline.append(pipeline_build(base))
            if not args.pages_only:
                reused.append(pipeline_build(base, cache=True))
            plain.append(plain_mkdocs(base))
        p, m = fastest(pipeline), fastest(plain)
        row(
            "build, sources -> site, no PDFs, model made (fastest run)",
            f"{p.wall:.1f} s wall, {p.cpu:.1f} s CPU",
        )
        row("plain mkdocs build of the same Markdown", f"{m.wall:.1f} s wall, {m.cpu:.1f} s CPU")
        cpu_ratio = min(r.cpu for r in pipeline) / min(r.cpu for r in plain)
        pairs = ", ".join(f"{a.wall:.1f}/{b.wall:.1f}" for a, b in zip(pipeline, plain, strict=True))
        row(
            "pipeline overhead ratio, model made (target <= 1.1x)",
            f"{p.wall / m.wall:.2f}x wall, {cpu_ratio:.2f}x CPU (runs, pipeline/plain: {pairs} s)",
        )
        if reused:
            r = fastest(reused)
            reused_cpu = min(x.cpu for x in reused) / min(x.cpu for x in plain)
            row(
                "pipeline overhead ratio, unchanged inputs, model from the cache",
                f"{r.wall / m.wall:.2f}x wall, {reused_cpu:.2f}x CPU ({r.wall:.1f} s wall)",
            )
        row("peak memory of the build (VmHWM)", f"{max(r.max_rss_mib for r in pipeline):.0f} MiB")
        for key, value in policy_rows(tmp, base / SITE_DIR):
            row(key, value)
        if not args.quick and not args.pages_only:
            for key, value in pdf_rows(base):
                row(key, value)
        for what, (seconds, cpu) in ({} if args.pages_only else warm_rebuilds(base)).items():
            label = f"warm serve rebuild, {what} changed (target < 1 s)"
            row(label, f"{seconds:.2f} s wall, {cpu:.2f} s CPU")
        median, largest, index = page_weights(base / SITE_DIR)
        row("search index (fetched when search opens)", f"{index / 1024:.0f} KiB")
        row("page weight, median (HTML+CSS+JS, gzip)", f"{median / 1024:.0f} KiB")
        row("page weight, largest", f"{largest / 1024:.0f} KiB")
        if not args.no_browser and not args.quick and shutil.which("chromium"):
            row("time to first search result (Chromium)", f"{first_search_result(base / SITE_DIR):.2f} s")
            for key, value in search_quality(base / SITE_DIR):
                row(key, value)
            site = base / SITE_DIR
            letters = sorted(p for p in (site / "letters").glob("*/index.html"))
            pages = {
                "home": "",
                "section": "code/medical-evidence.md",
                "letter": letters[0].parent.relative_to(site).as_posix() + "/" if letters else "letters/",
            }
            if not (base / STAGE_DIR / pages["section"]).is_file():
                pages["section"] = (
                    sorted((base / STAGE_DIR / "code").glob("*.md"))[0]
                    .relative_to(base / STAGE_DIR)
                    .as_posix()
                )
            for key, value in lighthouse_rows(site, base, pages, tmp):
                row(key, value)
        for scale in [] if args.pages_only else scales:
            if scale == 1:
                continue
            root = copy_project(tmp / f"x{scale}")
            count = synthesise(root, scale)
            run = pipeline_build(root)
            row(
                f"build at {scale}x provisions ({count})",
                f"{run.wall:.1f} s = {run.wall / p.wall:.1f}x the 1x time (target <= {scale}x), "
                f"{run.cpu:.1f} s CPU, {run.max_rss_mib:.0f} MiB peak",
            )
            shutil.rmtree(root)
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  figure")
    print(f"{'-' * width}  ------")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
