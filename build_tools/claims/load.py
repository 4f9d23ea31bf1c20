"""Where a project keeps its policy checker's lexicon, and the one reader of it.

The lexicon is the project's data (``code_of_practice/policy-checker/lexicon.yaml``), beside the Code it
points into; a project without one (a sources-only project, the test fixtures) has no checker.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from build_tools.claims.lexicon import Lexicon, WordForms, read_lexicon
from build_tools.diagnostics import Diagnostic
from build_tools.load.code import CODE_DIR
from build_tools.load.yaml import read_yaml

CHECKER_DIR = f"{CODE_DIR}/policy-checker"
LEXICON = f"{CHECKER_DIR}/lexicon.yaml"
WORD_FORMS = f"{CHECKER_DIR}/word-forms.json"


def load_lexicon(root: Path) -> tuple[Lexicon | None, list[Diagnostic]]:
    """The project's lexicon with its cached word forms; (None, []) when the project has none."""
    file = root / LEXICON
    if not file.exists():
        return None, []
    raw, problems = read_yaml(file, root)
    if raw is None:
        return None, problems
    lexicon, more = read_lexicon(raw)
    if lexicon is not None:
        lexicon = replace(lexicon, word_forms=load_word_forms(root / WORD_FORMS))
    return lexicon, problems + more


def load_word_forms(file: Path) -> WordForms:
    """The pre-computed word forms (``scripts/refresh_word_forms.py`` writes them); empty if unreadable,
    which only makes the checker slower: every word's forms are then computed again."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return {str(w): (str(v[0]), tuple(str(f) for f in v[1])) for w, v in data["words"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}
