"""Rewrite code_of_practice/policy-checker/word-forms.json: the word forms of every lexicon word.

Run after editing code_of_practice/policy-checker/lexicon.yaml (tests/test_policy_check.py fails while
the cache is out of date; the checker still works without it, only slower).
Usage: python scripts/refresh_word_forms.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_tools.claims.compile import inflect, lexicon_words  # noqa: E402
from build_tools.claims.load import WORD_FORMS, load_lexicon  # noqa: E402


def main() -> int:
    lexicon, problems = load_lexicon(ROOT)
    if lexicon is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    forms = inflect(lexicon_words(lexicon))
    data = {
        "generated_by": "scripts/refresh_word_forms.py (LemmInflect)",
        "words": {w: [lemma, list(variants)] for w, (lemma, variants) in forms.items()},
    }
    (ROOT / WORD_FORMS).write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{WORD_FORMS}: {len(forms)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
