"""Claims decide what word overlap proposes: contradiction candidates between provisions, re-judged.

The conflict rules (``conflicts/``) propose pairs of provisions from shared words and quote what differs.
The claims engine (``claims/``) reads each provision's claims by meaning. Where both provisions make claims
on the same part of the Code and both agree with it (neither states anything the Code's rules call a
conflict), the pair does not contradict itself there: the candidate falls below the threshold, with the
reason. Differences between editions and renamed terms are left as the text rules found them: agreeing
with today's Code is exactly what an older edition's wording may fail to show.
"""

from __future__ import annotations

from dataclasses import replace

from build_tools.claims.compile import compile_rules
from build_tools.claims.engine import check_document
from build_tools.claims.lexicon import Lexicon
from build_tools.conflicts.candidates import Candidate
from build_tools.conflicts.review import detect
from build_tools.conflicts.rules import Kind
from build_tools.model import Corpus

AGREEING = 0.5  # a candidate both of whose provisions agree with the Code keeps half its score
_KEPT = (Kind.SUPERSEDED_DISAGREEMENT, Kind.TERMINOLOGY_DRIFT)


def _verdicts(text: str, rules: dict[str, object], sections: dict[str, str]) -> tuple[set[str], set[str]]:
    """The Code sections a provision agrees with, and those it conflicts with."""
    report = check_document([text], rules, "la-protocol")
    agree = {sections[f["subject"]] for f in report["findings"] if f["type"] == "agreement"}
    clash = {sections[f["subject"]] for f in report["findings"] if f["type"] == "conflict"}
    return agree, clash


def decide(candidates: list[Candidate], corpus: Corpus, lexicon: Lexicon | None) -> list[Candidate]:
    """The candidates, with those whose two provisions agree with the Code on the same section lowered."""
    if lexicon is None:
        return candidates
    rules = compile_rules(lexicon)
    sections = {s.id: s.section for s in lexicon.subjects}
    cache: dict[str, tuple[set[str], set[str]]] = {}

    def verdicts(pid: str) -> tuple[set[str], set[str]]:
        if pid not in cache:
            provision = corpus.provision(pid)
            cache[pid] = _verdicts(provision.text, rules, sections) if provision else (set(), set())
        return cache[pid]

    decided = []
    for c in candidates:
        if c.kind in _KEPT:
            decided.append(c)
            continue
        (agree_a, clash_a), (agree_b, clash_b) = verdicts(c.provision_a), verdicts(c.provision_b)
        shared = (agree_a & agree_b) - clash_a - clash_b
        if shared and not clash_a and not clash_b:
            reason = f"both provisions agree with the Code on section '{sorted(shared)[0]}' (by their claims)"
            decided.append(replace(c, score=round(c.score * AGREEING, 3), reasons=c.reasons + (reason,)))
        else:
            decided.append(c)
    return decided


def decided_candidates(corpus: Corpus, lexicon: Lexicon | None) -> list[Candidate]:
    """Every candidate between provisions, proposed by shared words and decided by claims."""
    return decide(detect(corpus), corpus, lexicon)
