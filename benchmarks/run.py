"""Performance benchmark: prints one table of figures (targets live here, not in timed tests).

usage: python benchmarks/run.py [--quick] [--scales 1,10,100] [--no-browser] [--search-only]

Every measurement runs on a copy of the project's inputs in a temporary folder, so the working site/ and
build/ are never touched. Figures depend on the machine; README records the ones measured on the project's
2-core, 24 GiB machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.site.build import SITE_DIR, build_all, refresh  # noqa: E402

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
    if excluded:
        ids = "\n".join(f"      - {e}" for e in excluded)
        (root / "code_of_practice/exclusions/synthetic.yaml").write_text(
            f"exclusions:\n  - reason: synthetic benchmark copy\n    provisions:\n{ids}\n", encoding="utf-8"
        )
    return sum(len(re.findall(r"^  - id: ", p.read_text(), flags=re.M)) for p in sources.glob("*.yaml"))


def timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def pdf_timing(root: Path) -> dict[str, float | int]:
    """Render the full Code PDF of the project at ``root`` once: page count and seconds (layout + write)."""
    from pypdf import PdfReader

    from build_tools.pdf.plan import FULL_CODE_FILE
    from build_tools.pdf.write import pdf_documents, render_pdf
    from build_tools.project import ready_project

    document = pdf_documents(ready_project(root).code, ())[FULL_CODE_FILE]
    start = time.perf_counter()
    data = render_pdf(document)
    seconds = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / FULL_CODE_FILE
        path.write_bytes(data)
        pages = len(PdfReader(path).pages)
    return {"pages": pages, "seconds": seconds, "bytes": len(data)}


def plain_mkdocs(root: Path) -> float:
    """A plain strict mkdocs build of the same staged Markdown (what the pipeline adds on top is overhead)."""
    import subprocess

    out = root / ".plain-site"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def page_weights(site: Path) -> tuple[int, int, int]:
    """Median and largest page weight (HTML + its CSS and JS, gzipped as served) and search index size."""
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
    index = site / "search" / "search_index.json"
    return int(statistics.median(weights)), max(weights), index.stat().st_size


def first_search_result(site: Path) -> float:
    sys.path.insert(0, str(ROOT))
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
            wall[count] = min(wall[count], timed(build_all, root, with_pdf=False))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1,10,100", help="corpus multipliers to time (default 1,10,100)")
    parser.add_argument("--quick", action="store_true", help="scales 1 and 10 only, no PDF timing")
    parser.add_argument("--no-browser", action="store_true", help="skip the search timing in Chromium")
    parser.add_argument("--editions-only", action="store_true", help="only the build times with editions")
    parser.add_argument(
        "--search-only", action="store_true", help="only build once and measure search quality"
    )
    args = parser.parse_args()
    if args.editions_only:
        with tempfile.TemporaryDirectory(prefix="acop-bench-") as tmp:
            for key, value in edition_rows(Path(tmp)):
                print(f"{key:<50}  {value}")
        return
    if args.search_only:
        with tempfile.TemporaryDirectory(prefix="acop-bench-") as tmp:
            base = copy_project(Path(tmp) / "x1")
            build_all(base, with_pdf=False)
            for key, value in search_quality(base / SITE_DIR):
                print(f"{key}  {value}")
        return
    scales = [1, 10] if args.quick else [int(s) for s in args.scales.split(",")]
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="acop-bench-") as tmp:
        base = copy_project(Path(tmp) / "x1")
        provisions = synthesise(base, 1)
        no_pdf = timed(build_all, base, with_pdf=False)
        plain = plain_mkdocs(base)
        rows += [
            ("provisions (today's corpus)", f"{provisions}"),
            ("build, sources -> site, no PDFs", f"{no_pdf:.1f} s"),
            ("plain mkdocs build of the same Markdown", f"{plain:.1f} s"),
            ("pipeline overhead ratio (target <= 1.3x)", f"{no_pdf / plain:.2f}x"),
        ]
        if not args.quick:
            with_pdf = timed(build_all, base, with_pdf=True)
            pdfs = sorted((base / SITE_DIR / "pdf").glob("*.pdf"))
            rows += [
                ("build with PDFs", f"{with_pdf:.1f} s ({len(pdfs)} PDFs)"),
                ("PDF step alone (with - without)", f"{with_pdf - no_pdf:.1f} s"),
            ]
        source = base / "guidance_sources" / "wt-2024.yaml"
        text = source.read_text(encoding="utf-8")
        source.write_text(
            text.replace("    text: >-\n      ", "    text: >-\n      (Edited.) ", 1), encoding="utf-8"
        )
        changed = timed(refresh, base)
        rows.append(("rebuild after changing one source (target < 3 s)", f"{changed:.1f} s"))
        median, largest, index = page_weights(base / SITE_DIR)
        rows += [
            ("search index size", f"{index / 1024:.0f} KiB"),
            ("page weight, median (HTML+CSS+JS, gzip)", f"{median / 1024:.0f} KiB"),
            ("page weight, largest", f"{largest / 1024:.0f} KiB"),
        ]
        if not args.no_browser and shutil.which("chromium"):
            rows.append(
                ("time to first search result (Chromium)", f"{first_search_result(base / SITE_DIR):.2f} s")
            )
            rows += search_quality(base / SITE_DIR)
        rows += edition_rows(Path(tmp))
        for scale in scales:
            if scale == 1:
                continue
            root = copy_project(Path(tmp) / f"x{scale}")
            count = synthesise(root, scale)
            seconds = timed(build_all, root, with_pdf=False)
            rows.append(
                (
                    f"build at {scale}x provisions ({count})",
                    f"{seconds:.1f} s = {seconds / no_pdf:.1f}x the 1x time (linear: <= {scale}x)",
                )
            )
            shutil.rmtree(root)
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  figure")
    print(f"{'-' * width}  ------")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    if not args.quick:
        pdf = pdf_timing(ROOT)
        print(f"pdf full code: {pdf['pages']} pages, {pdf['seconds']:.1f} s")


if __name__ == "__main__":
    main()
