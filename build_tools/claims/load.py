"""Where the lexicon lives and how it is read (the one reader of ``policy_lexicon.yaml``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from build_tools.claims.lexicon import Lexicon, WordForms, read_lexicon
from build_tools.diagnostics import Diagnostic
from build_tools.load.yaml import read_yaml

LEXICON_FILE = Path(__file__).resolve().parents[1] / "data" / "policy_lexicon.yaml"
WORD_FORMS_FILE = LEXICON_FILE.with_name("policy_word_forms.json")


def load_lexicon(
    file: Path = LEXICON_FILE, root: Path | None = None
) -> tuple[Lexicon | None, list[Diagnostic]]:
    raw, problems = read_yaml(file, root)
    if raw is None:
        return None, problems
    lexicon, more = read_lexicon(raw)
    if lexicon is not None and file == LEXICON_FILE:
        lexicon = replace(lexicon, word_forms=load_word_forms())
    return lexicon, problems + more


def load_word_forms(file: Path = WORD_FORMS_FILE) -> WordForms:
    """The pre-computed word forms (``scripts/refresh_word_forms.py`` writes them); empty if unreadable,
    which only makes the checker slower: every word's forms are then computed again."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return {str(w): (str(v[0]), tuple(str(f) for f in v[1])) for w, v in data["words"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}
