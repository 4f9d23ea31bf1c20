"""Time conflict detection on synthetic corpora of 1,000, 5,000 and 20,000 provisions.

Usage: python benchmarks/conflicts.py   (not a test; prints seconds per size)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from build_tools.conflicts.candidates import find_candidates  # noqa: E402
from build_tools.conflicts.terms import load_terms  # noqa: E402
from build_tools.model import Claim, Corpus, Document, Force, Provision, Status, Vocabulary  # noqa: E402


def _word(i: int) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    return "w" + "".join(letters[(i // 20**k) % 20] for k in range(3))


# Letters only: the tokenizer splits "word12" into two tokens, which no real text does.
WORDS = [_word(i) for i in range(3000)]
TOPICS = [f"topic{i}" for i in range(60)]
FORCES = list(Force)


def synthetic(size: int, per_doc: int = 100, seed: int = 1) -> Corpus:
    rng = random.Random(seed)
    docs = []
    for d in range(size // per_doc):
        provisions = []
        for i in range(per_doc):
            text = " ".join(rng.choices(WORDS, k=rng.randint(12, 40)))
            if rng.random() < 0.1:
                text += f" within {rng.randint(1, 30)} school days where possible."
            claims = (
                (Claim(f"subject{rng.randint(0, size // 20)}", rng.choice(FORCES), "value"),)
                if rng.random() < 0.2
                else ()
            )
            provisions.append(
                Provision(
                    f"doc{d}",
                    f"p{i}",
                    f"para {i}",
                    True,
                    text,
                    ("schools",),
                    tuple(rng.sample(TOPICS, 2)),
                    rng.choice(FORCES),
                    claims=claims,
                )
            )
        docs.append(
            Document(
                f"doc{d}",
                "t",
                "t",
                "p",
                "2024",
                "2024",
                Status.STATUTORY_GUIDANCE,
                "u",
                "l",
                "digest",
                "x.yaml",
                provisions=tuple(provisions),
            )
        )
    return Corpus(tuple(docs), Vocabulary({}, {}, {}, {}, {}))


def main() -> int:
    terms = load_terms()
    for size in (1_000, 5_000, 20_000):
        corpus = synthetic(size)
        start = time.perf_counter()
        found = find_candidates(corpus, terms)
        print(f"{size:>6} provisions: {time.perf_counter() - start:6.2f} s, {len(found)} candidates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
