"""`serve` survives mistakes: a bad edit is shown (terminal and banner) and the last good site stays up."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, edit


class Serve:
    """``attendance-code serve --port 0`` in a subprocess, with its output lines collected."""

    def __init__(self, root: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "build_tools", "--root", str(root), "serve", "--port", "0"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for("serving on http://127.0.0.1:")
        self.base = line.split("serving on ")[1].split()[0]

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 90) -> str:
        end = time.monotonic() + timeout
        seen = []
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.proc.poll() is None, f"serve exited ({self.proc.returncode}): {seen}"
                continue
            seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} not printed; got {seen}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.mark.site
def test_bad_edit_keeps_the_last_good_site_with_a_banner(mini):
    server = Serve(mini)
    try:
        assert 'id="serve-errors"' not in server.get("guides/parents/")
        parents = mini / "guides/parents.yaml"
        good = parents.read_text()
        edit(parents, "reading_age_target: 11", "reading_age_target: [11]")
        server.wait_for("not rebuilt: fix the problems above; serving the last good site")
        page = server.get("guides/parents/")
        assert 'id="serve-errors"' in page
        assert (
            "guides/parents.yaml:5: error: [reading_age_target] &#x27;reading_age_target&#x27; must be"
            in page
        )
        assert "Parents and carers" in page, "still the last good page underneath"
        time.sleep(1.1)  # a new modification time for the watcher
        parents.write_text(good)
        server.wait_for("rebuilt ")
        assert 'id="serve-errors"' not in server.get("guides/parents/")
        assert server.proc.poll() is None
    finally:
        server.stop()


@pytest.mark.site
def test_serve_with_bad_inputs_shows_the_previous_site(mini):
    from build_tools.site.build import build_all

    build_all(mini, with_pdf=False)
    edit(mini / "code_of_practice/glossary.yaml", "definition: A legal", "definition:\n      - A legal")
    server = Serve(mini)
    try:
        page = server.get("")
        assert 'id="serve-errors"' in page and "&#x27;definition&#x27; must be text, not a list" in page
    finally:
        server.stop()
