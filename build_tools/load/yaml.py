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


# Bounds on one input file. The largest real file is ~200 KB and the longest text ~2,500 characters.
MAX_FILE_BYTES = 2_000_000
MAX_TEXT_CHARS = 20_000
MAX_DEPTH = 40
_KEY_FIX = "write 'key: value' with a plain text key"


class _Refused(Exception):
    """An input the parser will not build (alias, anchor, too long, too deep): message, fix, line."""

    def __init__(self, message: str, fix: str, line: int | None):
        super().__init__(message)
        self.message, self.fix, self.line = message, fix, line


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


class _Builder:
    """Plain values from a stream of parser events, with the line of every key path.

    Built from events, not from a composed node graph: an anchor or alias is refused the moment the
    parser meets it, so an alias bomb costs nothing, and nesting is followed with a stack, not recursion.
    """

    def __init__(self) -> None:
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[tuple[int, str, str]] = []
        # Each open container: [value, its path, key awaiting its value (mappings), skip (duplicate key)]
        self.stack: list[list[Any]] = []
        self.result: Any = None
        self.documents = 0

    def _awaiting_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None

    def _child_path(self) -> KeyPath:
        if not self.stack:
            return ()
        container, path, key = self.stack[-1][0], self.stack[-1][1], self.stack[-1][2]
        return path + ((len(container),) if isinstance(container, list) else (key,))

    def _place(self, value: Any, line: int) -> None:
        if not self.stack:
            self.result = value
            return
        top = self.stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            container.append(value)
        elif top[2] is None:  # this value is a key
            top[2], top[3] = value, value in container
            if top[3]:
                self.problems.append((line, dotted(path + (value,)), f"duplicate key '{value}'"))
            else:
                self.lines[path + (value,)] = line
        else:
            if not top[3]:
                container[top[2]] = value
            top[2], top[3] = None, False

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                "YAML anchors and aliases (&name, *name) are not allowed in inputs",
                "write the value out in full where it is needed",
                _line(event),
            )
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _Refused(
                    "more than one YAML document in the file", "remove the '---' line", _line(event)
                )
        elif isinstance(event, yaml.ScalarEvent):
            if len(event.value) > MAX_TEXT_CHARS:
                raise _Refused(
                    f"text of {len(event.value)} characters is longer than the limit of {MAX_TEXT_CHARS}",
                    "split it into several provisions or items",
                    _line(event),
                )
            plain = not event.style and event.value in _PLAIN_CONSTANTS
            value = _PLAIN_CONSTANTS[event.value] if plain else event.value
            if self._awaiting_key():
                if not isinstance(value, str):
                    raise _Refused("a mapping key must be plain text", _KEY_FIX, _line(event))
            else:
                self.lines.setdefault(self._child_path(), _line(event))
            self._place(value, _line(event))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                raise _Refused(
                    f"nested more than {MAX_DEPTH} levels deep",
                    "check the indentation; inputs are never this deep",
                    _line(event),
                )
            if self._awaiting_key():
                raise _Refused("a mapping key must be plain text", _KEY_FIX, _line(event))
            path = self._child_path()
            self.lines.setdefault(path, _line(event))
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append([container, path, None, False, _line(event)])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container, _, _, _, line = self.stack.pop()
            self._place(container, line)


def parse_yaml(text: str, path: str) -> tuple[RawFile | None, list[Diagnostic]]:
    """Parse one YAML text; return the file or the diagnostics that stop it."""
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            builder.feed(event)
    except _Refused as exc:
        return None, [Diagnostic(path, exc.message, exc.fix, line=exc.line)]
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
    if builder.result is None:
        return None, [Diagnostic(path, "file is empty", "add a 'document:' mapping")]
    diagnostics = [
        Diagnostic(path, msg, "remove or rename one of the two entries", line=line, key=key)
        for line, key, msg in builder.problems
    ]
    return RawFile(path, builder.result, builder.lines), diagnostics


def read_yaml(file: Path, root: Path | None = None) -> tuple[RawFile | None, list[Diagnostic]]:
    """Read and parse one file; paths in diagnostics are relative to ``root``."""
    shown = str(file.relative_to(root)) if root and file.is_relative_to(root) else str(file)
    try:
        if not file.is_file():
            what = "a folder" if file.is_dir() else "missing or not a regular file"
            return None, [Diagnostic(shown, f"is {what}, not a YAML file", "rename or remove it")]
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Diagnostic(
                    shown,
                    f"file of {size} bytes is larger than the limit of {MAX_FILE_BYTES}",
                    "split it into several files",
                )
            ]
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Diagnostic(shown, f"not UTF-8 text ({exc.reason})", "save it as UTF-8")]
    except OSError as exc:
        return None, [Diagnostic(shown, f"cannot be read ({exc.strerror})", "check the file's permissions")]
    return parse_yaml(text, shown)


def source_files(sources_dir: Path) -> list[Path]:
    """The document files of a sources folder, sorted for a deterministic build."""
    return sorted(p for p in sources_dir.glob("*.yaml") if p.name != "vocabulary.yaml")
