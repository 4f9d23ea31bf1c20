"""Stage 1: read YAML files into plain values, remembering each key's line.

Scalars are kept as strings (only ``null``, ``true`` and ``false`` are
resolved), so YAML never silently turns "2024-08-19" into a date or "no" into
``False``. Duplicate keys are reported, not silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_tools.diagnostics import Diagnostic

KeyPath = tuple[str | int, ...]

# libyaml's parser is ~10x faster than the pure-Python one and gives the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_CONSTANTS: dict[str, Any] = {
    "null": None,
    "~": None,
    "": None,
    "true": True,
    "false": False,
}


@dataclass(frozen=True)
class RawFile:
    """A parsed YAML file: its data and the 1-based line of every key path."""

    path: str
    data: Any
    lines: dict[KeyPath, int]

    def line_of(self, key_path: KeyPath) -> int | None:
        """Line of the deepest known key on ``key_path``."""
        for end in range(len(key_path), -1, -1):
            line = self.lines.get(tuple(key_path[:end]))
            if line is not None:
                return line
        return None


def dotted(path: KeyPath | list[str | int]) -> str:
    """``provisions[3].audiences`` style rendering of a key path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _convert(
    node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], problems: list[tuple[int, str, str]]
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _PLAIN_CONSTANTS:  # plain (unquoted) scalar
            return _PLAIN_CONSTANTS[node.value]
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, problems) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in result:
                problems.append((line, dotted(path + (key,)), f"duplicate key '{key}'"))
                continue
            lines[path + (key,)] = line
            result[key] = _convert(value_node, path + (key,), lines, problems)
        return result
    raise TypeError(f"unexpected YAML node {node!r}")


def parse_yaml(text: str, path: str) -> tuple[RawFile | None, list[Diagnostic]]:
    """Parse one YAML text; return the file or the diagnostics that stop it."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        return None, [
            Diagnostic(
                path,
                f"malformed YAML: {problem}",
                "check indentation, quoting and that every ':' inside text is quoted",
                line=line,
            )
        ]
    except yaml.YAMLError as exc:  # e.g. a reader error for bad characters
        return None, [Diagnostic(path, f"malformed YAML: {exc}", "save the file as UTF-8 text")]
    if node is None:
        return None, [Diagnostic(path, "file is empty", "add a 'document:' mapping")]
    lines: dict[KeyPath, int] = {}
    problems: list[tuple[int, str, str]] = []
    data = _convert(node, (), lines, problems)
    diagnostics = [
        Diagnostic(path, msg, "remove or rename one of the two entries", line=line, key=key)
        for line, key, msg in problems
    ]
    return RawFile(path, data, lines), diagnostics


def read_yaml(file: Path, root: Path | None = None) -> tuple[RawFile | None, list[Diagnostic]]:
    """Read and parse one file; paths in diagnostics are relative to ``root``."""
    shown = str(file.relative_to(root)) if root and file.is_relative_to(root) else str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Diagnostic(shown, f"not UTF-8 text ({exc.reason})", "save it as UTF-8")]
    return parse_yaml(text, shown)


def source_files(sources_dir: Path) -> list[Path]:
    """The document files of a sources folder, sorted for a deterministic build."""
    return sorted(p for p in sources_dir.glob("*.yaml") if p.name != "vocabulary.yaml")
