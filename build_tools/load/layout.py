"""Which files belong in the input folders, and which hand-written page would collide with a generated one.

The readers take ``*.yaml`` files only, so a source saved as ``.yml`` or a folder named ``x.yaml`` would
otherwise be skipped in silence. Every entry of an input folder that no reader takes is reported.
Names starting with "." (editor and system files) are ignored.
"""

from __future__ import annotations

from pathlib import Path

from build_tools.diagnostics import Diagnostic

# folder -> (files allowed directly in it, sub-folders and the file suffix each may hold)
_LAYOUT: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "guidance_sources": (("*.yaml", "README.md"), {"schema": ".json"}),
    "code_of_practice": (
        (
            "edition.yaml",
            "structure.yaml",
            "glossary.yaml",
            "search-aliases.yaml",
            "conflicts.yaml",
            "numbers.lock.json",
            "README.md",
        ),
        {"chapters": ".yaml", "exclusions": ".yaml", "schema": ".json", "editions": "", "policy-checker": ""},
    ),
    "guides": (("*.yaml", "README.md"), {"letters": ".yaml"}),
}


def _allowed(name: str, patterns: tuple[str, ...]) -> bool:
    return any(name == p or (p.startswith("*") and name.endswith(p[1:])) for p in patterns)


def unexpected_files(root: Path) -> list[Diagnostic]:
    """Every file or folder in an input folder that no reader will read."""
    found: list[Diagnostic] = []
    for folder, (files, subfolders) in _LAYOUT.items():
        base = root / folder
        if not base.is_dir():
            continue
        for entry in sorted(base.iterdir()):
            if entry.name.startswith("."):
                continue
            rel = f"{folder}/{entry.name}"
            if entry.is_dir():
                if entry.name in subfolders:
                    found += _check_subfolder(entry, rel, subfolders[entry.name])
                elif entry.suffix in (".yaml", ".yml"):
                    found.append(Diagnostic(rel, "is a folder, not a YAML file", "rename or remove it"))
                else:
                    found.append(_stray(rel, "folder"))
            elif not _allowed(entry.name, files):
                found.append(_stray(rel, "file"))
    return found


def _check_subfolder(folder: Path, rel: str, suffix: str) -> list[Diagnostic]:
    if not suffix:
        return []  # e.g. editions/: published records, not read as inputs
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        name = f"{rel}/{entry.name}"
        if entry.is_dir():
            found.append(_stray(name, "folder"))
        elif entry.suffix != suffix and entry.name != "README.md":
            found.append(_stray(name, "file", suffix))
    return found


def _stray(rel: str, kind: str, suffix: str = ".yaml") -> Diagnostic:
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    fix = (
        f"rename it to {stem}{suffix} if it is an input, or move it out of the folder"
        if kind == "file"
        else "move it out of the input folder"
    )
    return Diagnostic(rel, f"unexpected {kind}: no reader takes it, so it would be ignored", fix)


def page_url(rel: str) -> str:
    """The site URL of a staged Markdown page (directory URLs): a.md, a/index.md and a/README.md are a/."""
    if not rel.endswith(".md"):
        return rel
    stem = rel[: -len(".md")]
    for index in ("index", "README"):
        if stem == index or stem.endswith("/" + index):
            return stem[: -len(index)]
    return stem + "/"


def replaced_pages(hand_written: list[str], generated: list[str]) -> list[str]:
    """Hand-written pages (paths under docs/) whose URL a generated page also has."""
    urls = {page_url(p) for p in generated}
    return sorted(p for p in hand_written if page_url(p) in urls)
