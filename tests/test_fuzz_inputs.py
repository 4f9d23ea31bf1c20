"""Fuzzing the real input files: mutated sources, chapters, glossary, register, guides, letters and training
give a diagnostic or a success, never a traceback, within a time and memory bound.

Every file of the mini project (plus the injection overlay, so every optional field exists) is a target.
Mutations: delete, duplicate or swap lines; replace a value with one of another type; deep nesting; long
strings. When ``check`` accepts the mutated project, rendering every page must work too.
"""

from __future__ import annotations

import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_tools.diagnostics import Diagnostic
from build_tools.project import check_project
from build_tools.render.pages import all_pages

from .conftest import MINI, copy_site_frame

OVERLAY = Path(__file__).parent / "fixtures" / "injection"
SECONDS = 20  # per example; check on the mini project takes well under a second
PEAK_BYTES = 200 * 1024 * 1024
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(MINI, root)
    copy_site_frame(root)
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    (root / "README.md").unlink()
    assert check_project(root).ok
    return root


def _inputs(root: Path) -> list[Path]:
    return sorted(
        p for d in ("guidance_sources", "code_of_practice", "guides") for p in (root / d).rglob("*.yaml")
    )


FILES = [p.relative_to(MINI).as_posix() for p in _inputs(MINI)] + [
    p.relative_to(OVERLAY).as_posix() for p in _inputs(OVERLAY)
]

other_values = st.sampled_from(
    [
        "[1, 2]",
        "{a: b}",
        "42",
        "-1.5e308",
        "nan",
        "true",
        "null",
        '""',
        "'²'",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "{a: {b: {c: {d: {e: {f: {g: {h: [x]}}}}}}}}",
        "'" + "x" * 5000 + "'",
        "'" + "y " * 12000 + "'",
        "'[[Medical-Evidence]] {{ 7*7 }} <script>'",
        "2024-13-45",
        "&a x",
        "*a",
        "!!python/object:os.system x",
    ]
)


def _mutate_lines(text: str, op: int, i: int, j: int) -> str:
    lines = text.splitlines()
    if not lines:
        return text
    i, j = i % len(lines), j % len(lines)
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[i])
    elif op == 2:
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines[i] = "  " * (j % 5) + lines[i].lstrip()
    return "\n".join(lines) + "\n"


def _replace_value(text: str, i: int, value: str) -> str:
    """Replace the value after the i-th 'key:' (or '- ') of the file with ``value``."""
    lines = text.splitlines()
    slots = [n for n, line in enumerate(lines) if ": " in line or line.lstrip().startswith("- ")]
    if not slots:
        return text
    n = slots[i % len(slots)]
    line = lines[n]
    head = line.split(": ", 1)[0] + ": " if ": " in line else line[: line.index("- ") + 2]
    lines[n] = head + value
    return "\n".join(lines) + "\n"


def _check(root: Path, rel: str, text: str) -> None:
    target = root / rel
    original = target.read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    try:
        tracemalloc.start()
        started = time.perf_counter()
        result = check_project(root)
        if result.ok and result.project is not None:
            all_pages(result.project)  # what check accepts, the renderer must take
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        target.write_text(original, encoding="utf-8")
    assert seconds < SECONDS, f"{seconds:.1f} s for {rel}"
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MB for {rel}"
    for diagnostic in result.diagnostics:
        assert isinstance(diagnostic, Diagnostic) and diagnostic.path and diagnostic.message


@FUZZ
@given(
    st.sampled_from(FILES),
    st.integers(0, 3),
    st.integers(0, 500),
    st.integers(0, 500),
)
def test_line_mutations_never_crash(project, rel, op, i, j):
    _check(project, rel, _mutate_lines((project / rel).read_text(encoding="utf-8"), op, i, j))


@FUZZ
@given(st.sampled_from(FILES), st.integers(0, 500), other_values)
# found by this test in CI: a register entry whose id is a list reached the duplicate check unhashed
@example(rel="code_of_practice/conflicts.yaml", i=1, value="[1, 2]")
def test_values_of_another_type_never_crash(project, rel, i, value):
    _check(project, rel, _replace_value((project / rel).read_text(encoding="utf-8"), i, value))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FILES), st.integers(1, 200), st.text(min_size=1, max_size=3))
def test_deep_nesting_and_long_text_never_crash(project, rel, depth, unit):
    nested = "[" * depth + "]" * depth  # deeper than 40 is refused by the parser
    long = "'" + (unit * (depth * 150)).replace("'", "") + "'"  # up to 90,000 characters
    value = nested if depth % 2 else long
    _check(project, rel, (project / rel).read_text(encoding="utf-8") + f"extra_key: {value}\n")
