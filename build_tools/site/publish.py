"""Putting a finished site in place: a folder a web host can trust.

- The new site is built in a temporary folder beside the published one and swapped in with one atomic
  rename (``renameat2(RENAME_EXCHANGE)`` on Linux), only after every check has passed; readers see the old
  site or the new one, never a mixture or nothing.
- Files a host needs that the build does not produce (:data:`KEEP`: ``CNAME``, ``.well-known/`` ...) are
  carried over from the old site.
- Everything published is world-readable: folders 0755, files 0644.
- A ``site`` that is a symbolic link is followed: the folder it points to is replaced, the link is kept.
- Temporary folders left by an interrupted build are removed by the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

from build_tools.diagnostics import BuildError, Diagnostic

# Kept from the old site unless the build writes them itself (README: "The site folder").
KEEP = ("CNAME", ".well-known", "robots.txt", ".nojekyll", "_headers", "_redirects", "favicon.ico")
TEMP_PREFIX = ".site-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def site_target(site: Path) -> Path:
    """The real folder behind ``site`` (a symlink is followed); BuildError if it cannot be used."""
    if site.is_symlink():
        target = Path(os.path.realpath(site))
        if target.exists() and not target.is_dir():
            raise BuildError(
                [
                    Diagnostic(
                        str(site), f"is a link to {target}, which is not a folder", "point it at a folder"
                    )
                ]
            )
        return target
    if site.exists() and not site.is_dir():
        raise BuildError(
            [Diagnostic(str(site), "is a file, not a folder", "move it away; the build writes a folder")]
        )
    return site


def new_site_folder(site: Path) -> Path:
    """An empty temporary folder beside the published site (same file system, so the swap is a rename)."""
    target = site_target(site)
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{target.name}-", dir=target.parent))


def clean_leftovers(site: Path, root: Path | None = None) -> list[Path]:
    """Remove temporary folders an interrupted build left behind; returns what was removed.

    Beside the published folder only this build's own names (``.site-<name>-*``) are touched, since a
    symlinked ``site`` may sit among other people's folders; in the project folder ``root`` every
    ``.site-*`` folder is the build's.
    """
    target = site_target(site)
    removed = []
    places = [(target.parent, f"{TEMP_PREFIX}{target.name}-*")]
    if root is not None:
        places.append((root, f"{TEMP_PREFIX}*"))
    for folder, pattern in places:
        if not folder.is_dir():
            continue
        for leftover in sorted(folder.glob(pattern)):
            if leftover.is_dir() and not leftover.is_symlink() and leftover not in removed:
                shutil.rmtree(leftover, ignore_errors=True)
                removed.append(leftover)
    old = target.with_name(target.name + ".old")
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed


def carry_over(old: Path, new: Path, keep: tuple[str, ...] = KEEP) -> list[str]:
    """Copy the keep-list entries of the old site that the new build did not produce."""
    carried: list[str] = []
    if not old.is_dir():
        return carried
    for name in keep:
        source, dest = old / name, new / name
        if dest.exists() or not (source.exists() or source.is_symlink()):
            continue
        if source.is_dir() and not source.is_symlink():
            shutil.copytree(source, dest, symlinks=True)
        else:
            shutil.copy2(source, dest, follow_symlinks=False)
        carried.append(name)
    return carried


def make_readable(folder: Path) -> None:
    """Folders 0755 and files 0644, so any web server account can read the site."""
    os.chmod(folder, 0o755)
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when the system cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def publish(new: Path, site: Path) -> None:
    """Make ``new`` the published site in one rename, keeping the host's files; ``new`` is consumed."""
    target = site_target(site)
    carry_over(target, new)
    make_readable(new)
    if target.is_dir() and _exchange(new, target):
        shutil.rmtree(new)  # now holds the old site
        return
    if target.is_dir():  # no atomic exchange on this system: the shortest possible gap
        old = target.with_name(target.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old)
        return
    os.replace(new, target)
