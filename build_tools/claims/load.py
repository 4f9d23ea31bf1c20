"""Where the lexicon lives and how it is read (the one reader of ``policy_lexicon.yaml``)."""

from __future__ import annotations

from pathlib import Path

from build_tools.claims.lexicon import Lexicon, read_lexicon
from build_tools.diagnostics import Diagnostic
from build_tools.load.yaml import read_yaml

LEXICON_FILE = Path(__file__).resolve().parents[1] / "data" / "policy_lexicon.yaml"


def load_lexicon(
    file: Path = LEXICON_FILE, root: Path | None = None
) -> tuple[Lexicon | None, list[Diagnostic]]:
    raw, problems = read_yaml(file, root)
    if raw is None:
        return None, problems
    lexicon, more = read_lexicon(raw)
    return lexicon, problems + more
