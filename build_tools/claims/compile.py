"""The lexicon compiled into the checker's rules: every phrase as a sequence of word forms.

The compiled rules are plain JSON. The CLI's checker runs on them, and the build exports the same JSON to
the site, where checker-engine.js runs on it: so the site needs no lemmatiser of its own and cannot
disagree with the CLI about word forms. Word forms come from LemmInflect, whose dictionaries ship inside
the package (no download at run time).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from build_tools.claims.lexicon import Lexicon, Subject, WordForms
from build_tools.claims.text import GAP, GAP_TEXT, tokens

FORMAT = 1
# Modal verbs are their own forms: LemmInflect gives "should" as a form of "shall" and "might" of "may",
# which would read every "should" as a "must" (shall) and overstate what a document requires.
_OWN_FORMS = frozenset(("should", "shall", "would", "will", "could", "can", "might", "may", "must", "ought"))


# Forms that must not meet their dictionary form: "parents can be fined" read as "be fine" would be the
# adjective ("that is absolutely fine") and rule the penalty subjects out.
_KEPT_APART = frozenset(("fined",))


def inflect(words: Iterable[str]) -> WordForms:
    """Each word's dictionary form (absences -> absence, required -> require) and all its forms.

    LemmInflect loads its dictionaries on first use (about 0.6 s), so the lexicon's words are kept
    pre-computed in a cache file and this runs only for words an editor has added since.
    """
    from lemminflect import getAllInflections, getAllLemmas  # noqa: PLC0415 - slow to load; rarely needed

    found: WordForms = {}
    for word in sorted(set(words)):
        lemma = word
        if word in _OWN_FORMS:
            found[word] = (word, (word,))
            continue
        if word.isalpha():
            for pos in ("NOUN", "VERB", "ADJ"):
                lemmas = getAllLemmas(word, upos=pos).get(pos)
                if lemmas:
                    lemma = str(lemmas[0])
                    break
        variants = {word, lemma} | {f for fs in getAllInflections(lemma).values() for f in fs}
        kept = sorted(f for f in variants if f.isascii() and f.isalpha() and f.lower() == f)
        found[word] = (lemma, tuple(kept))
    return found


def word_forms(words: Iterable[str], cache: WordForms | None = None) -> dict[str, str]:
    """Every inflected form of every lexicon word, mapped to one dictionary form."""
    wanted = sorted(set(words))
    known = dict(cache or {})
    missing = [w for w in wanted if w not in known]
    if missing:
        known.update(inflect(missing))
    forms: dict[str, str] = {}
    for word in wanted:
        lemma, variants = known[word]
        for form in variants:
            forms.setdefault(form, lemma)
    forms.update((w, w) for w in _KEPT_APART if w in forms)
    return dict(sorted(forms.items()))


def lexicon_words(lexicon: Lexicon) -> list[str]:
    """Every word of every phrase of the lexicon (what the word-form cache must cover)."""
    return sorted(set(_phrase_words(_all_phrases(lexicon))))


def _phrase_words(phrases: Iterable[str]) -> list[str]:
    return [t.word for p in phrases for t in tokens(p)]


def _all_phrases(lexicon: Lexicon) -> list[str]:
    phrases = [w for u in lexicon.units for w in u.words]
    phrases += [w for _, ws in lexicon.forces for w in ws] + list(lexicon.negations)
    phrases += [w for _, ws in lexicon.qualifiers for w in ws] + [w for _, ws in lexicon.shares for w in ws]
    phrases += [t for s in lexicon.subjects for t in s.terms]
    phrases += [w for c in lexicon.contents for g in c.cues for w in g] + list(lexicon.fillers)
    return phrases + list(lexicon.refers_back)


def _compile(phrases: Iterable[str], forms: dict[str, str]) -> list[list[str]]:
    seen: list[list[str]] = []
    for phrase in phrases:
        words = _compiled_words(phrase, forms)
        if words and words not in seen:
            seen.append(words)
    return seen


def _compiled_words(phrase: str, forms: dict[str, str]) -> list[str]:
    """The phrase's word forms, with GAP where the lexicon writes a gap (``...``)."""
    words: list[str] = []
    for k, part in enumerate(phrase.split(GAP_TEXT)):
        words += [GAP] if k else []
        words += [forms.get(t.word, t.word) for t in tokens(part)]
    return words


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
        "carried": s.carried,
        "narrows": list(s.narrows),
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
                    "all": list(r.when.all),
                    "none": list(r.when.none),
                    "values": r.when.values,
                    "figures": list(r.when.figures),
                    "all_figures": list(r.when.all_figures),
                    "no_figures": list(r.when.no_figures),
                },
            }
            for r in s.rules
        ],
        "family": s.family,
        "code": code.get(s.id, {}),
    }


def compile_rules(
    lexicon: Lexicon,
    code: dict[str, Any] | None = None,
    contents_code: dict[str, Any] | None = None,
    cache: WordForms | None = None,
) -> dict[str, Any]:
    """The JSON both checkers run on. ``code`` adds, per subject id, what the Code says and where."""
    forms = word_forms(lexicon_words(lexicon), lexicon.word_forms if cache is None else cache)
    units = {u.id: (u.family, u.size) for u in lexicon.units}
    return {
        "format": FORMAT,
        "forms": forms,
        "numbers": dict(lexicon.numbers),
        "ordinals": dict(lexicon.ordinals),
        "fractions": dict(lexicon.fractions),
        "fillers": [w for p in _compile(lexicon.fillers, forms) for w in p],
        "english": [w for p in _compile(lexicon.english, forms) for w in p],
        "shares": {name: _compile(ws, forms) for name, ws in lexicon.shares},
        "units": [
            {"id": u.id, "family": u.family, "size": u.size, "phrases": _compile(u.words, forms)}
            for u in lexicon.units
        ],
        "forces": [{"force": name, "phrases": _compile(ws, forms)} for name, ws in lexicon.forces],
        "negations": _compile(lexicon.negations, forms),
        "refers_back": _compile(lexicon.refers_back, forms),
        "loose": list(lexicon.loose),
        "from_title": list(lexicon.from_title),
        # as written, not as word forms: "Recorded as unauthorised" does not open with "record"
        "imperatives": sorted({v.lower() for v in lexicon.imperatives}),
        "qualifiers": {name: _compile(ws, forms) for name, ws in lexicon.qualifiers},
        "subjects": [_subject(s, forms, units, code or {}) for s in lexicon.subjects],
        "contents": [
            {
                "id": c.id,
                "label": c.label,
                "cues": [_compile(g, forms) for g in c.cues],
                "needs": list(c.needs),
                "after": c.after,
                "unless": list(c.unless),
                "code": (contents_code or {}).get(c.id, {}),
            }
            for c in lexicon.contents
        ],
    }
