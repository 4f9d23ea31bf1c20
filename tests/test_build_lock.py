"""Two builds in one project folder: the second waits a bounded time, then stops with one clear line."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_tools.cli import EXIT_BUSY, main
from build_tools.site.build import LOCK_NAME, BuildBusy, build_all, build_lock

from .conftest import ROOT

pytestmark = pytest.mark.site


def _site_files(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_held_lock_stops_a_build_with_one_line_and_leaves_the_site(mini: Path, capsys):
    build_all(mini, with_pdf=False)
    before = _site_files(mini)
    with build_lock(mini):
        started = time.monotonic()
        code = main(["--root", str(mini), "--lock-wait", "0.3", "build", "--no-pdf"])
        waited = time.monotonic() - started
    err = capsys.readouterr().err.strip().splitlines()
    assert code == EXIT_BUSY == 3
    assert len(err) == 1 and err[0].startswith("stopped: another build or serve is writing"), err
    assert "Traceback" not in err[0]
    assert 0.3 <= waited < 5
    assert _site_files(mini) == before


def test_the_lock_is_released_after_a_build_and_after_a_failure(mini: Path):
    build_all(mini, with_pdf=False)
    (mini / "guidance_sources" / "act-x.yaml").write_text("document: [broken", encoding="utf-8")
    with pytest.raises(Exception) as failed:
        build_all(mini, with_pdf=False)
    assert not isinstance(failed.value, BuildBusy)
    with open(mini / LOCK_NAME, "a+b") as handle:  # free again: taken at once
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_lock_held_by_another_process_makes_build_all_raise_busy(mini: Path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a+b'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); time.sleep(30)",
            str(mini / LOCK_NAME),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildBusy):
            build_all(mini, with_pdf=False, lock_wait=0.2)
        assert not (mini / "site").exists()
    finally:
        holder.kill()
        holder.wait()
    build_all(mini, with_pdf=False, lock_wait=5)  # the kernel dropped the killed holder's lock
    assert (mini / "site" / "index.html").is_file()


def test_two_builds_started_together_give_one_clear_message_and_an_intact_site(mini: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def command(wait: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "build_tools",
            "--root",
            str(mini),
            "--lock-wait",
            wait,
            "build",
            "--no-pdf",
        ]

    # the first may wait a moment for this test's probe below; the second does not wait at all
    runs = [
        subprocess.Popen(
            command("30"), env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    ]
    # start the second once the first holds the lock (so the two really overlap)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and runs[0].poll() is None:
        with open(mini / LOCK_NAME, "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle, fcntl.LOCK_UN)
            except BlockingIOError:
                break
        time.sleep(0.02)
    runs.append(
        subprocess.Popen(
            command("0"), env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    )
    outputs = [r.communicate(timeout=300) for r in runs]
    results = [(r.returncode, out, err) for r, (out, err) in zip(runs, outputs, strict=True)]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, EXIT_BUSY], results
    busy_err = next(err for code, _, err in results if code == EXIT_BUSY).strip().splitlines()
    assert len(busy_err) == 1 and "another build or serve is writing" in busy_err[0], busy_err
    assert "Traceback" not in "".join(err for _, _, err in results)
    site = mini / "site"
    assert (site / "index.html").is_file() and (site / "search" / "search_index.json").is_file()
    assert (site / "code" / "medical-evidence" / "index.html").is_file()
    assert not list(mini.glob(".site-*")), "a half-written site was left behind"


def test_a_missing_project_folder_is_a_usage_error_not_a_new_folder(tmp_path: Path, capsys):
    missing = tmp_path / "no-such-project"
    assert (
        main(["--root", str(missing), "build", "--no-pdf"]) == 2
    )  # a wrong command line, not an input error
    assert str(missing) in capsys.readouterr().err
    assert not missing.exists()  # the build lock never creates the folder it was pointed at
