"""The published site folder: host files kept, world-readable, symlinks followed, one swap, no leftovers."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from build_tools.diagnostics import BuildError
from build_tools.site import publish
from build_tools.site.build import build_all

from .conftest import edit


def modes(folder: Path) -> set[tuple[str, int]]:
    found = {("dir", stat.S_IMODE(folder.stat().st_mode))}
    for p in folder.rglob("*"):
        if not p.is_symlink():
            found.add(("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode)))
    return found


def plant_host_files(site: Path) -> None:
    (site / "CNAME").write_text("attendance-code.example.org\n")
    (site / ".well-known").mkdir()
    (site / ".well-known/security.txt").write_text("Contact: mailto:security@example.org\n")
    (site / "robots.txt").write_text("User-agent: *\n")


@pytest.mark.site
def test_site_keeps_host_files_is_readable_and_cleans_leftovers(mini):
    build_all(mini, with_pdf=False)
    site = mini / "site"
    assert modes(site) == {("dir", 0o755), ("file", 0o644)}
    plant_host_files(site)
    (mini / ".site-site-interrupted").mkdir()
    (mini / ".site-site-interrupted/big.bin").write_bytes(b"x" * 1000)
    (mini / "site.old").mkdir()
    build_all(mini, with_pdf=False)
    assert (site / "CNAME").read_text() == "attendance-code.example.org\n"
    assert (site / ".well-known/security.txt").exists() and (site / "robots.txt").exists()
    assert (site / "index.html").exists()
    assert sorted(p.name for p in mini.glob(".site-*")) == []
    assert not (mini / "site.old").exists()
    assert modes(site) == {("dir", 0o755), ("file", 0o644)}


@pytest.mark.site
def test_symlinked_site_is_followed_not_replaced(mini, tmp_path):
    target = tmp_path / "www" / "attendance"
    target.mkdir(parents=True)
    plant_host_files(target)
    (mini / "site").symlink_to(target)
    build_all(mini, with_pdf=False)
    build_all(mini, with_pdf=False)  # the second build used to fail on the folder that replaced the link
    assert (mini / "site").is_symlink() and os.readlink(mini / "site") == str(target)
    assert (target / "index.html").exists() and (target / "CNAME").exists()
    assert list(target.parent.glob(".site-*")) == []


@pytest.mark.site
def test_a_failed_build_leaves_the_published_site_untouched(mini):
    build_all(mini, with_pdf=False)
    index = mini / "site/index.html"
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    (mini / "docs/glossary").mkdir()
    (mini / "docs/glossary/index.md").write_text("# replaces the generated glossary\n")
    with pytest.raises(BuildError):
        build_all(mini, with_pdf=False)
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    assert list(mini.glob(".site-*")) == []


def test_a_site_path_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "site").write_text("not a folder")
    with pytest.raises(BuildError) as error:
        publish.new_site_folder(tmp_path / "site")
    assert str(error.value.diagnostics[0]).endswith(
        "site: error: is a file, not a folder — move it away; the build writes a folder"
    )


@pytest.mark.parametrize("atomic", [True, False])
def test_publish_swaps_in_one_step_and_keeps_host_files(tmp_path, monkeypatch, atomic):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    (site / "CNAME").write_text("host\n")
    new = publish.new_site_folder(site)
    (new / "index.html").write_text("new")
    if not atomic:
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    inode = site.stat().st_ino
    publish.publish(new, site)
    assert sorted(p.name for p in site.iterdir()) == ["CNAME", "index.html"]
    assert not new.exists() and not (tmp_path / "site.old").exists()
    assert site.stat().st_ino != inode, "the folder itself was swapped, not rewritten in place"
    assert modes(site) == {("dir", 0o755), ("file", 0o644)}


def test_exchange_is_atomic_on_this_system(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    assert publish._exchange(a, b), "renameat2(RENAME_EXCHANGE) should be available on Linux"
    assert (b / "x").read_text() == "a" and not (a / "x").exists()


@pytest.mark.site
def test_a_build_that_fails_late_publishes_nothing(mini, monkeypatch):
    from build_tools.site import build

    build_all(mini, with_pdf=False)
    edit(mini / "code_of_practice/chapters/01-illness.yaml", "title: Medical evidence", "title: Evidence")

    def late_failure(*args, **kwargs):
        raise BuildError([])

    monkeypatch.setattr(build, "guide_summary", late_failure)
    with pytest.raises(BuildError):
        build_all(mini, with_pdf=False)
    assert (
        "Evidence"
        not in (mini / "site/code/medical-evidence/index.html").read_text().split("<title>")[1][:30]
    )


def test_cleanup_beside_a_linked_site_touches_only_the_builds_own_folders(tmp_path):
    www = tmp_path / "www"
    (www / "attendance").mkdir(parents=True)
    (www / ".site-someone-else").mkdir()
    (www / ".site-attendance-x1").mkdir()
    root = tmp_path / "project"
    root.mkdir()
    (root / ".site-old-style").mkdir()
    (root / "site").symlink_to(www / "attendance")
    removed = publish.clean_leftovers(root / "site", root)
    assert sorted(p.name for p in removed) == [".site-attendance-x1", ".site-old-style"]
    assert (www / ".site-someone-else").exists()
