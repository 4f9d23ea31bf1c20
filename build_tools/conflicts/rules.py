"""The rules that turn two related provisions into a finding an editor can judge.

Each rule looks at one pair and returns findings: a kind, a strength (0..1)
and reasons that quote the clashing words or numbers. Structured claims, where
editors wrote them, give definite findings; text rules give weaker ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from build_tools.conflicts.index import Profile, TermPair, term_pattern
from build_tools.conflicts.text import (
    Clause,
    content_stems,
    dice,
    hedges,
    negated_words,
    normalise,
    overlap,
    quantities,
    quote,
)
from build_tools.model import Claim, Force, Status


class Kind(StrEnum):
    """What sort of disagreement a candidate (or register entry) is."""

    CONFLICTING_FORCE = "conflicting-force"
    HEDGED_ABSOLUTE = "hedged-absolute"
    NEGATION = "negation"
    DIFFERENT_VALUE = "different-value"
    TERMINOLOGY_DRIFT = "terminology-drift"
    SUPERSEDED_DISAGREEMENT = "superseded-disagreement"
    ADVOCACY_GAP = "advocacy-gap"
    # Used by register entries only: what detection cannot see in the corpus.
    PRACTICE_CONFLICT = "practice-conflict"
    TENSION = "tension"
    GAP = "gap"
    SCOPE = "scope"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    strength: float
    reasons: tuple[str, ...]


# Forces that cannot both hold for the same subject, with how hard they clash.
_FORCE_CLASH = {
    frozenset({"must", "must-not"}): 1.0,
    frozenset({"should", "should-not"}): 0.9,
    frozenset({"must", "should-not"}): 0.9,
    frozenset({"should", "must-not"}): 0.9,
    frozenset({"may", "must-not"}): 0.85,
    frozenset({"must", "may"}): 0.7,
}
_FORCE_WORDS = {
    "must": "required (must)",
    "must-not": "prohibited (must not)",
    "should": "recommended (should)",
    "should-not": "discouraged (should not)",
    "may": "optional (may)",
    "expects": "expected",
}
CLAUSE_MATCH = 0.6
# Opposite words: "must not be permanent" and "must be temporary" agree.
_ANTONYMS = (
    ("permanent", "temporary"),
    ("permanent", "shortest"),
    ("permanent", "time limit"),
    ("indefinite", "time-limited"),
    ("never", "always"),
    ("prohibit", "permit"),
)
# Words that narrow a rule rather than soften it: "must not, unless exceptional" equals "only if exceptional".
_RESTRICTIONS = ("only", "exceptional", "unless", "except")


def _who(p: Profile) -> str:
    return f"{p.provision.id} ({p.document.short_title}, {p.provision.ref})"


def force_clash(a: str | None, b: str | None) -> float:
    return _FORCE_CLASH.get(frozenset({a or "", b or ""}), 0.0)


def _hedged(claim: Claim) -> tuple[str, ...]:
    found = hedges(" ".join(filter(None, (claim.value, claim.qualifier))))
    return tuple(h for h in found if h not in ("only", "exceptional"))


def _restricted(claim: Claim) -> bool:
    text = normalise(" ".join(filter(None, (claim.value, claim.qualifier))))
    return any(w in text.split() for w in _RESTRICTIONS)


def _values(claim: Claim) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for q in quantities(claim.value or ""):
        found.setdefault(q.unit, set()).add(q.value)
    return found


def _number_clash(a: dict[str, set[str]], b: dict[str, set[str]]) -> list[str]:
    return [unit for unit in sorted(set(a) & set(b)) if not a[unit] & b[unit] and not _complement(unit, a, b)]


def _complement(unit: str, a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    """90% attendance and 10% absence are the same threshold seen from both sides."""
    try:
        return unit == "%" and any(float(x) + float(y) == 100 for x in a[unit] for y in b[unit])
    except ValueError:
        return False


def _claim_pair(a: Profile, ca: Claim, b: Profile, cb: Claim, terms: tuple[TermPair, ...]) -> list[Finding]:
    subject = f"on '{ca.subject}'"
    fa, fb = (ca.force.value if ca.force else None), (cb.force.value if cb.force else None)
    found: list[Finding] = []
    clash = force_clash(fa, fb)
    same = _same_words(ca.value or "", cb.value or "")
    if (
        clash
        and not _agree(ca.value or "", cb.value or "")
        and not (same and (_restricted(ca) or _restricted(cb)))
    ):
        found.append(
            Finding(
                Kind.CONFLICTING_FORCE,
                0.75 + 0.2 * clash,
                (
                    f"{subject}: {_who(a)} makes it {_FORCE_WORDS[fa or '']}, "
                    f"{_who(b)} makes it {_FORCE_WORDS[fb or '']}",
                ),
            )
        )
    va, vb = _values(ca), _values(cb)
    for unit in _number_clash(va, vb):
        found.append(
            Finding(
                Kind.DIFFERENT_VALUE,
                0.92,
                (
                    f"{subject}: {', '.join(sorted(va[unit]))} {unit} "
                    f"vs {', '.join(sorted(vb[unit]))} {unit} "
                    f"('{ca.value}' vs '{cb.value}')",
                ),
            )
        )
    drift = _term_drift(ca.value or "", cb.value or "", terms)
    if drift:
        found.append(Finding(Kind.TERMINOLOGY_DRIFT, 0.9, (f"{subject}: {drift}",)))
    ha, hb = _hedged(ca), _hedged(cb)
    if bool(ha) != bool(hb) and same:
        plain, hedged, words = (ca, cb, hb) if hb else (cb, ca, ha)
        found.append(
            Finding(
                Kind.HEDGED_ABSOLUTE,
                0.85,
                (
                    f"{subject}: '{plain.value}' is stated without qualification; "
                    f"'{hedged.value}' is qualified by '{', '.join(words)}'"
                    + (f" ({hedged.qualifier})" if hedged.qualifier else ""),
                ),
            )
        )
    if not found and not same:
        found.append(
            Finding(
                Kind.DIFFERENT_VALUE,
                0.4,
                (f"{subject}: '{ca.value}' vs '{cb.value}' (worded differently; check whether they differ)",),
            )
        )
    return found


def _same_words(a: str, b: str) -> bool:
    """Whether two claim values state mostly the same thing (so a hedge is the difference)."""
    sa, sb = frozenset(content_stems(a)), frozenset(content_stems(b))
    if not sa or not sb:  # values made only of common words: compare the words themselves
        sa, sb = frozenset(normalise(a).split()), frozenset(normalise(b).split())
    return overlap(sa, sb) >= 0.5


def _agree(a: str, b: str) -> bool:
    """Opposite forces over opposite words (must not be permanent / must be temporary) agree."""
    la, lb = normalise(a), normalise(b)
    return any((x in la and y in lb) or (y in la and x in lb) for x, y in _ANTONYMS)


def claim_findings(a: Profile, b: Profile, terms: tuple[TermPair, ...]) -> list[Finding]:
    """Definite findings from structured claims on the same subject."""
    by_subject = {c.subject: c for c in b.provision.claims}
    return [
        f
        for ca in a.provision.claims
        if ca.subject in by_subject
        for f in _claim_pair(a, ca, b, by_subject[ca.subject], terms)
    ]


def _term_drift(text_a: str, text_b: str, terms: tuple[TermPair, ...]) -> str | None:
    la, lb = normalise(text_a), normalise(text_b)
    for pair in terms:
        for first, second in ((pair.old, pair.new), (pair.new, pair.old)):
            if _only(la, first, second) and _only(lb, second, first):
                note = f" ({pair.note})" if pair.note else ""
                return f"'{first}' in one, '{second}' in the other{note}"
    return None


def _only(text: str, term: str, other: str) -> bool:
    return bool(term_pattern(term).search(text)) and not term_pattern(other).search(text)


def term_findings(a: Profile, b: Profile, terms: tuple[TermPair, ...]) -> list[Finding]:
    """Terminology drift: one provision uses a name, the other its known alternative."""
    if not (a.terms and b.terms) or a.terms == b.terms:
        return []
    if _is_law(a) or _is_law(b):
        # An Act or regulations defines its own terms; guidance renaming them is not drift in the law.
        return []
    drift = _term_drift(a.provision.text, b.provision.text, terms)
    return [Finding(Kind.TERMINOLOGY_DRIFT, 0.75, (f"{_who(a)} vs {_who(b)}: {drift}",))] if drift else []


def _is_law(p: Profile) -> bool:
    return p.document.status in (Status.ACT, Status.REGULATIONS)


def best_clauses(a: Profile, b: Profile) -> tuple[Clause, Clause, float] | None:
    """The two clauses most about the same thing, if they are close enough to compare."""
    best: tuple[Clause, Clause, float] | None = None
    for x in a.clauses:
        for y in b.clauses:
            score = overlap(x.stems, y.stems)
            if len(x.stems & y.stems) >= 3 and (best is None or score > best[2]):
                best = (x, y, score)
    return best if best and best[2] >= CLAUSE_MATCH else None


def _text_numbers(x: Clause, y: Clause, sim: float) -> list[Finding]:
    if dice(x.stems, y.stems) < 0.6:
        return []
    va: dict[str, set[str]] = {}
    vb: dict[str, set[str]] = {}
    for q in x.quantities:
        va.setdefault(q.unit, set()).add(q.text)
    for q in y.quantities:
        vb.setdefault(q.unit, set()).add(q.text)
    nums_a = {u: {q.value for q in x.quantities if q.unit == u} for u in va}
    nums_b = {u: {q.value for q in y.quantities if q.unit == u} for u in vb}
    return [
        Finding(
            Kind.DIFFERENT_VALUE,
            0.55 + 0.3 * sim,
            (
                f"different {unit}: '{', '.join(sorted(va[unit]))}' vs '{', '.join(sorted(vb[unit]))}' "
                f"in '{quote(x.text)}' / '{quote(y.text)}'",
            ),
        )
        for unit in _number_clash(nums_a, nums_b)
    ]


def _text_force(x: Clause, y: Clause, sim: float) -> list[Finding]:
    clash = force_clash(x.modal, y.modal)
    if not clash or sim < 0.75 or dice(x.stems, y.stems) < 0.5 or _agree(x.text, y.text):
        return []
    return [
        Finding(
            Kind.CONFLICTING_FORCE,
            0.4 + 0.4 * clash * sim,
            (
                f"'{quote(x.text)}' is {_FORCE_WORDS[x.modal or '']}; "
                f"'{quote(y.text)}' is {_FORCE_WORDS[y.modal or '']}",
            ),
        )
    ]


def _text_hedge(x: Clause, y: Clause, sim: float) -> list[Finding]:
    if bool(x.hedges) == bool(y.hedges) or sim < 0.75 or dice(x.stems, y.stems) < 0.65:
        return []
    plain, hedged = (x, y) if y.hedges else (y, x)
    return [
        Finding(
            Kind.HEDGED_ABSOLUTE,
            0.3 + 0.5 * dice(x.stems, y.stems),
            (
                f"'{quote(plain.text)}' is absolute; '{quote(hedged.text)}' is qualified by "
                f"'{', '.join(hedged.hedges)}'",
            ),
        )
    ]


def _text_negation(x: Clause, y: Clause, sim: float) -> list[Finding]:
    if bool(x.negations) == bool(y.negations) or sim < 0.8 or dice(x.stems, y.stems) < 0.6:
        return []
    neg, pos = (x, y) if x.negations else (y, x)
    if not negated_words(neg.text) & pos.stems:
        return []  # the negation is about something the other clause does not mention
    return [
        Finding(
            Kind.NEGATION,
            0.25 + 0.4 * dice(x.stems, y.stems),
            (f"'{quote(neg.text)}' negates ('{', '.join(neg.negations)}') what '{quote(pos.text)}' affirms",),
        )
    ]


def text_findings(a: Profile, b: Profile) -> list[Finding]:
    """Findings from the wording of the two closest clauses."""
    match = best_clauses(a, b)
    if match is None:
        return []
    x, y, sim = match
    found = _text_numbers(x, y, sim)
    if a.document.id == b.document.id:
        # Figures within one document usually describe different cases (first notice, second notice).
        found = [Finding(f.kind, f.strength * 0.6, f.reasons) for f in found]
    found += _text_force(x, y, sim) + _text_negation(x, y, sim)
    if Force.FACT not in (a.provision.force, b.provision.force):
        # Definitions use "only if" and "as far as possible" to define, not to soften.
        found += _text_hedge(x, y, sim)
    if not set(a.provision.audiences) & set(b.provision.audiences):
        # A rule for schools and a rule for parents can differ without contradicting each other.
        found = [Finding(f.kind, f.strength * 0.75, f.reasons) for f in found]
    return found


def supersedes(a: Profile, b: Profile) -> bool:
    """Whether one provision's document is a later edition of the other's."""
    da, db = a.document, b.document
    return (
        db.id in da.supersedes
        or da.id in db.supersedes
        or da.superseded_by == db.id
        or db.superseded_by == da.id
    )


def superseded_finding(a: Profile, b: Profile, found: list[Finding]) -> Finding | None:
    """A disagreement between editions, which the later edition settles."""
    if not found or not supersedes(a, b):
        return None
    old, new = (
        (a, b)
        if a.document.superseded_by == b.document.id or a.document.id in b.document.supersedes
        else (b, a)
    )
    top = max(found, key=lambda f: f.strength)
    lead = f"{old.document.short_title} is superseded by {new.document.short_title} and says it differently"
    return Finding(
        Kind.SUPERSEDED_DISAGREEMENT,
        max(0.6, min(1.0, top.strength + 0.1)),
        (lead,) + tuple(r for f in found for r in f.reasons),
    )


_PROPOSAL = (
    "propos",
    "recommend",
    "call for",
    "calls for",
    "would ",
    "introduc",
    "implement",
    "dedicated",
    "should be",
    "ask",
    "suggest",
    "advocat",
    "integrat",
    "expand",
)


def is_proposal(p: Profile) -> bool:
    """An advocacy provision that asks for something."""
    if p.document.status.is_official:
        return False
    low = normalise(p.provision.text)
    return any(w in low for w in _PROPOSAL)


def advocacy_wrap(adv: Profile, official: Profile, found: list[Finding]) -> Finding:
    """An advocacy proposal that official text states otherwise: a gap, not a conflict of guidance."""
    top = max(found, key=lambda f: f.strength)
    lead = f"{_who(adv)} proposes what {_who(official)} does not provide: '{quote(adv.provision.text)}'"
    return Finding(
        Kind.ADVOCACY_GAP,
        max(0.6, min(0.9, top.strength + 0.2)),
        (lead,) + tuple(r for f in found for r in f.reasons),
    )


def advocacy_finding(adv: Profile, official: Profile, relatedness: float) -> Finding:
    """The closest official provision to an advocacy proposal: the gap an editor checks."""
    status = official.document.status
    label = "law" if status in (Status.ACT, Status.REGULATIONS) else "official guidance"
    # Closeness alone is weak evidence of a gap: below the default threshold, listed for editors.
    return Finding(
        Kind.ADVOCACY_GAP,
        min(0.45, 0.3 + 0.1 * relatedness),
        (
            f"{_who(adv)} proposes: '{quote(adv.provision.text)}'",
            f"closest {label}, {_who(official)}: '{quote(official.provision.text)}' — "
            "check whether current law or guidance provides for the proposal",
        ),
    )
