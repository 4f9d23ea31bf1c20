"""Random malformed sources never produce a traceback, only clean diagnostics."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.diagnostics import Diagnostic
from build_tools.project import check_sources

from .conftest import VALID_DOC, make_sources

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates().map(str),
    st.sampled_from(["yes", "no", "2024-02-30", "must", "parents", "~", ""]),
)
keys = st.one_of(
    st.sampled_from(
        [
            "document",
            "provisions",
            "cases",
            "id",
            "ref",
            "verified",
            "text",
            "audiences",
            "topics",
            "force",
            "claims",
            "subject",
            "supersedes",
            "published",
            "status",
        ]
    ),
    st.text(min_size=1, max_size=8),
)
trees = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


def _mutations(draw_lines: list[str], index: int, junk: str, op: int) -> str:
    lines = list(draw_lines)
    index %= len(lines)
    if op == 0:
        del lines[index]
    elif op == 1:
        lines.insert(index, junk)
    elif op == 2:
        lines[index] = lines[index][: len(lines[index]) // 2] + junk
    else:
        lines[index] = "  " + lines[index]
    return "\n".join(lines) + "\n"


def _check_text(text: str) -> list[Diagnostic]:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_sources(Path(tmp), {"doc-a.yaml": text})
        result = check_sources(root)
    for diagnostic in result.diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.path.endswith("doc-a.yaml") and diagnostic.message
    return result.diagnostics


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_random_structures_give_diagnostics_not_tracebacks(tree):
    diagnostics = _check_text(yaml.safe_dump(tree, allow_unicode=True))
    assert diagnostics, "a random structure is never a valid document"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=200), st.text(max_size=15), st.integers(min_value=0, max_value=3))
def test_mutated_valid_documents_never_crash(index, junk, op):
    _check_text(_mutations(VALID_DOC.format(id="doc-a").splitlines(), index, junk, op))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text):
    _check_text(text)
