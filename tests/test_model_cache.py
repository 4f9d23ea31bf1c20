"""The project model kept between builds (build_tools/site/cache.py): reused only when nothing it was made
from has changed, and never trusted when it was not written by this user's builds."""

from __future__ import annotations

import datetime as dt
import os
import pickle
from pathlib import Path

import pytest

from build_tools.site import build as site_build
from build_tools.site.cache import (
    CACHE_FILE,
    NO_CACHE_ENV,
    PDF_CACHE,
    cache_key,
    cached,
    cached_pdfs,
    pdf_key,
)
from tests.conftest import edit

INPUTS = ("guidance_sources", "code_of_practice")


def counting(value: object):
    calls: list[int] = []

    def make() -> object:
        calls.append(1)
        return value

    return make, calls


def test_the_same_inputs_reuse_the_model_and_any_change_makes_it_afresh(mini: Path):
    key = cache_key(mini, INPUTS, strict=False)
    make, calls = counting({"model": 1})
    assert cached(mini, lambda: key, make, dict) == {"model": 1}
    assert cached(mini, lambda: key, make, dict) == {"model": 1}
    assert len(calls) == 1
    source = next((mini / "guidance_sources").glob("*.yaml"))
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = cache_key(mini, INPUTS, strict=False)
    assert changed != key
    # a hidden file, strict and the day (dates are checked against it) are part of the key too
    (mini / "code_of_practice" / ".editor-note").write_text("x", encoding="utf-8")
    assert cache_key(mini, INPUTS, strict=False) != changed
    assert cache_key(mini, INPUTS, strict=True) != cache_key(mini, INPUTS, strict=False)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert cache_key(mini, INPUTS, False, tomorrow) != cache_key(mini, INPUTS, False)


class Planted:
    """What an attacker's pickle would run when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_pickle_not_signed_by_this_users_builds_is_never_loaded(mini: Path, tmp_path: Path):
    key = cache_key(mini, INPUTS, strict=False)
    marker = tmp_path / "the-planted-pickle-ran"
    file = mini / CACHE_FILE
    file.parent.mkdir(parents=True)
    payload = pickle.dumps(Planted(marker))
    for planted in (b"\0" * 32 + key + payload, key + key + payload, b"short", b""):
        file.write_bytes(planted)  # e.g. committed to the repository in a "correction"
        make, calls = counting({"made": True})
        assert cached(mini, lambda: key, make, dict) == {"made": True}
        assert calls == [1] and not marker.exists()


def test_a_damaged_entry_or_one_of_another_type_is_made_again(mini: Path):
    key = cache_key(mini, INPUTS, strict=False)
    cached(mini, lambda: key, lambda: {"first": 1}, dict)
    file = mini / CACHE_FILE
    data = bytearray(file.read_bytes())
    data[-1] ^= 0xFF
    file.write_bytes(bytes(data))
    assert cached(mini, lambda: key, lambda: {"second": 2}, dict) == {"second": 2}
    # what is stored is a dict: asked for a list, the cache makes one
    assert cached(mini, lambda: key, lambda: ["made"], list) == ["made"]


def test_no_cache_when_asked_or_when_the_model_fails(mini: Path, monkeypatch: pytest.MonkeyPatch):
    key = cache_key(mini, INPUTS, strict=False)
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    make, calls = counting({"model": 1})
    cached(mini, lambda: key, make, dict)
    cached(mini, lambda: key, make, dict)
    assert len(calls) == 2 and not (mini / CACHE_FILE).exists()
    monkeypatch.delenv(NO_CACHE_ENV)

    def broken() -> dict[str, int]:
        raise ValueError("an invalid project")

    with pytest.raises(ValueError):
        cached(mini, lambda: key, broken, dict)
    assert not (mini / CACHE_FILE).exists()


def test_a_build_after_an_edit_shows_the_edit_and_an_unchanged_one_reuses_the_model(mini: Path, monkeypatch):
    site_build.build_all(mini, with_pdf=False)
    made: list[int] = []
    real = site_build._ready
    monkeypatch.setattr(site_build, "_ready", lambda *a: made.append(1) or real(*a))
    site_build.build_all(mini, with_pdf=False)
    assert made == []  # nothing changed: the model came from the cache
    source = next((mini / "guidance_sources").glob("*.yaml"))
    text = source.read_text(encoding="utf-8")
    edit(source, "text: ", "text: Newly corrected wording. ")
    site_build.build_all(mini, with_pdf=False)
    assert made == [1]
    pages = "".join(p.read_text(encoding="utf-8") for p in (mini / "site").rglob("*.html"))
    assert "Newly corrected wording." in pages
    assert text != source.read_text(encoding="utf-8") and os.environ.get("XDG_CACHE_HOME")


def test_pdfs_are_rendered_again_only_when_their_html_changes(mini: Path):
    rendered: list[list[str]] = []

    def render(documents):
        rendered.append(sorted(documents))
        return {name: f"%PDF {html}".encode() for name, html in documents.items()}

    documents = {"a.pdf": "<p>A</p>", "b.pdf": "<p>B</p>"}
    assert cached_pdfs(mini, documents, render) == {"a.pdf": b"%PDF <p>A</p>", "b.pdf": b"%PDF <p>B</p>"}
    assert cached_pdfs(mini, documents, render)["b.pdf"] == b"%PDF <p>B</p>"
    changed = {"a.pdf": "<p>A, corrected</p>", "b.pdf": "<p>B</p>"}
    assert cached_pdfs(mini, changed, render)["a.pdf"] == b"%PDF <p>A, corrected</p>"
    assert rendered == [["a.pdf", "b.pdf"], ["a.pdf"]]
    assert len(list((mini / PDF_CACHE).iterdir())) == 2  # the first A is gone


def test_a_planted_pdf_is_never_published(mini: Path):
    documents = {"a.pdf": "<p>A</p>"}
    folder = mini / PDF_CACHE
    folder.mkdir(parents=True)
    key = pdf_key(documents["a.pdf"])
    (folder / f"{key.hex()}.pdf").write_bytes(b"\0" * 32 + key + b"%PDF a forged handbook")
    result = cached_pdfs(mini, documents, lambda docs: {n: b"%PDF rendered" for n in docs})
    assert result == {"a.pdf": b"%PDF rendered"}


def test_no_cache_when_the_signing_key_would_live_inside_the_project(mini: Path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(mini / ".cache"))  # a key a correction could ship
    key = cache_key(mini, INPUTS, strict=False)
    make, calls = counting({"model": 1})
    cached(mini, lambda: key, make, dict)
    cached(mini, lambda: key, make, dict)
    assert len(calls) == 2 and not (mini / CACHE_FILE).exists()
