"""Problems found in the inputs, each with a place and a fix.

Stages collect every problem and raise once (``BuildError``), so an editor sees
all of them in one run instead of fixing them one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: ``path:line: error: [key] what is wrong — how to fix``."""

    path: str
    message: str
    fix: str = ""
    line: int | None = None
    key: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        key = f" [{self.key}]" if self.key else ""
        fix = f" — {self.fix}" if self.fix else ""
        return f"{place}: {self.severity.value}:{key} {self.message}{fix}"

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "key": self.key,
            "severity": self.severity.value,
            "message": self.message,
            "fix": self.fix,
        }


class BuildError(Exception):
    """Raised by a stage that found errors; carries all of them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, str]:
    return (diagnostic.path, diagnostic.line or 0, diagnostic.message)
