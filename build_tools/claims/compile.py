"""The lexicon compiled into the checker's rules: every phrase as a sequence of word forms.

The compiled rules are plain JSON. The CLI's checker runs on them, and the build exports the same JSON to
the site, where checker-engine.js runs on it: so the site needs no lemmatiser of its own and cannot
disagree with the CLI about word forms. Word forms come from LemmInflect, whose dictionaries ship inside
the package (no download at run time).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lemminflect import getAllInflections, getAllLemmas

from build_tools.claims.lexicon import Lexicon, Subject
from build_tools.claims.text import tokens

FORMAT = 1


def _lemma(word: str) -> str:
    """The dictionary form of one word: absences -> absence, required -> require (the word if unknown)."""
    if not word.isalpha():
        return word
    for pos in ("NOUN", "VERB", "ADJ"):
        found = getAllLemmas(word, upos=pos).get(pos)
        if found:
            return str(found[0])
    return word


def word_forms(words: Iterable[str]) -> dict[str, str]:
    """Every inflected form of every lexicon word, mapped to one dictionary form."""
    forms: dict[str, str] = {}
    for word in sorted(set(words)):
        lemma = _lemma(word)
        variants = {word, lemma} | {f for fs in getAllInflections(lemma).values() for f in fs}
        for form in sorted(variants):
            if form.isascii() and form.isalpha() and form.lower() == form:
                forms.setdefault(form, lemma)
    return dict(sorted(forms.items()))


def _phrase_words(phrases: Iterable[str]) -> list[str]:
    return [t.word for p in phrases for t in tokens(p)]


def _all_phrases(lexicon: Lexicon) -> list[str]:
    phrases = [w for u in lexicon.units for w in u.words]
    phrases += [w for _, ws in lexicon.forces for w in ws] + list(lexicon.negations)
    phrases += [w for _, ws in lexicon.qualifiers for w in ws] + [w for _, ws in lexicon.shares for w in ws]
    phrases += [t for s in lexicon.subjects for t in s.terms]
    phrases += [w for c in lexicon.contents for g in c.cues for w in g] + list(lexicon.fillers)
    return phrases


def _compile(phrases: Iterable[str], forms: dict[str, str]) -> list[list[str]]:
    seen: list[list[str]] = []
    for phrase in phrases:
        words = [forms.get(t.word, t.word) for t in tokens(phrase)]
        if words and words not in seen:
            seen.append(words)
    return seen


def _subject(
    s: Subject, forms: dict[str, str], units: dict[str, tuple[str, float]], code: dict[str, Any]
) -> dict[str, Any]:
    values = []
    for v in s.code_values:
        family, size = units[v.unit]
        value = 100 - v.value if v.of == "attendance" else v.value
        values.append({"family": family, "value": round(value * size, 6)})
    return {
        "id": s.id,
        "label": s.label,
        "terms": _compile(s.terms, forms),
        "with": list(s.with_),
        "without": list(s.without),
        "compare": list(s.compare),
        "ordinals": s.ordinals,
        "code_values": values,
        "rules": [
            {
                "verdict": r.verdict,
                "kind": r.kind,
                "seriousness": r.seriousness,
                "says": r.says,
                "when": {
                    "force": list(r.when.force),
                    "any": list(r.when.any),
                    "none": list(r.when.none),
                    "values": r.when.values,
                    "figures": list(r.when.figures),
                },
            }
            for r in s.rules
        ],
        "family": s.family,
        "code": code.get(s.id, {}),
    }


def compile_rules(
    lexicon: Lexicon, code: dict[str, Any] | None = None, contents_code: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON both checkers run on. ``code`` adds, per subject id, what the Code says and where."""
    forms = word_forms(_phrase_words(_all_phrases(lexicon)))
    units = {u.id: (u.family, u.size) for u in lexicon.units}
    return {
        "format": FORMAT,
        "forms": forms,
        "numbers": dict(lexicon.numbers),
        "ordinals": dict(lexicon.ordinals),
        "fillers": [w for p in _compile(lexicon.fillers, forms) for w in p],
        "english": [w for p in _compile(lexicon.english, forms) for w in p],
        "shares": {name: _compile(ws, forms) for name, ws in lexicon.shares},
        "units": [
            {"id": u.id, "family": u.family, "size": u.size, "phrases": _compile(u.words, forms)}
            for u in lexicon.units
        ],
        "forces": [{"force": name, "phrases": _compile(ws, forms)} for name, ws in lexicon.forces],
        "negations": _compile(lexicon.negations, forms),
        "qualifiers": {name: _compile(ws, forms) for name, ws in lexicon.qualifiers},
        "subjects": [_subject(s, forms, units, code or {}) for s in lexicon.subjects],
        "contents": [
            {
                "id": c.id,
                "label": c.label,
                "cues": [_compile(g, forms) for g in c.cues],
                "needs": list(c.needs),
                "code": (contents_code or {}).get(c.id, {}),
            }
            for c in lexicon.contents
        ],
    }
