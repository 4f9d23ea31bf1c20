"""Claims extracted from statements and judged against the Code, on the compiled rules alone.

This module, with ``reading`` (phrases and clauses) and ``figures`` (numbers, units and their comparison), is
the reference implementation; ``checker-engine.js`` on the site is its line-for-line port.
Both take the compiled rules (``compile.compile_rules``) and a list of statements and return the same
JSON-ready findings, which a shared set of fixture documents proves in pytest and in Chromium.

For each statement: the subjects its words name (a term, plus any words the subject also needs), then for
each subject a typed claim (force, figures with units converted to one base per family, qualifiers,
scope, and the spans they came from), then the subject's rules, in order, until one holds.
"""

from __future__ import annotations

import re
from typing import Any

from build_tools.claims.contents import DENIED, has_contents
from build_tools.claims.figures import assign, compare_values, quantities, yearly_shares
from build_tools.claims.reading import Hit, Reading, build_index, clause_of, read_statement
from build_tools.claims.text import Token, tokens

_NEGATE = {
    "must": "must-not",
    "should": "should-not",
    "may": "must-not",
    "will": "will-not",
    "expects": "need-not",
}
_SCOPE = {
    "parents": ("parent", "carer", "family", "families"),
    "schools": ("school", "academy", "head", "headteacher", "teacher", "staff"),
    "local-authorities": ("council", "authority", "la"),
    "governors": ("governor", "trust", "trustee"),
}
TOO_FOREIGN = 0.06


_BEFORE = ("no", "never", "neither", "nor", "under", "none", "nobody")
_NOT_NEGATING = ("prefer", "rather", "or")
_FAR = ("none", "nobody")  # negating pronouns, whose verb may come several words later
_TO_BE = ("is", "are", "be", "was", "were")


def _negated(force: Hit, negations: list[Hit], words: list[str]) -> str:
    if force.name == "need-not":
        return "need-not"
    # "may be agreed without a fixed end date": "without" after a modal qualifies the verb, not the modal
    if any(
        force.start <= n.start < force.end + 3 and not (n.start >= force.end and words[n.start] == "without")
        for n in negations
    ):
        return _NEGATE.get(force.name, force.name)
    # "No member of staff will", "under no circumstances shall", "never ... will": these words negate a
    # modal up to four words after them; "cannot be settled, we may" does not negate "may"
    # ("None of his illness days would ...", "No one at St Aldhelm's will ever": a pronoun reaches further)
    if any(
        force.start - (7 if words[n.start] in _FAR or n.end - n.start > 1 else 4) <= n.start < force.start
        and words[n.start] in _BEFORE
        for n in negations
    ):
        return _NEGATE.get(force.name, force.name)
    return force.name


def forces(
    terms: list[Hit], hits: dict[str, list[Hit]], words: list[str], clauses: tuple[int, ...]
) -> tuple[str, list[str]]:
    """The force governing the subject's first term (the nearest modal before it, else the first after
    it), and every force stated in the clauses naming the subject (or in the whole statement, when those
    clauses state none): a rule's ``force`` condition holds if any of them is listed.
    """
    term = terms[0]
    # ", so it won't affect their percentage": a consequence told after the subject's own clause is not
    # what the statement says of the subject
    named = {clause_of(t.start, clauses) for t in terms}
    after = {clause_of(k, clauses) for k in clauses if words[k] == "so"} - named
    own = [f for f in hits.get("force", []) if clause_of(f.start, clauses) not in after and f.name != "none"]
    found = _in_clauses(own, terms, clauses)
    # "you'd prefer not to face a fine", "whether or not": the "not" negates another verb, not the modal
    negations = [n for n in hits.get("negation", []) if not (n.start and words[n.start - 1] in _NOT_NEGATING)]
    if any(term.start - 3 <= n.start < term.start and words[n.start] in DENIED for n in negations):
        # "We never send a student home": the term itself is denied; a modal after it belongs to another
        # clause ("did not request leave in advance, the school may still authorise") and still counts,
        # unless "or" joins it to the denied verb ("never send them home or ask parents to collect them"),
        # or it says what is done "instead"
        def preceding(f: Hit, n: int) -> list[str]:
            return words[max(f.start - n, 0) : f.start]

        later = [
            _NEGATE.get(f.name, f.name) if "or" in preceding(f, 2) else _negated(f, negations, words)
            for f in found
            if f.start >= term.end and "instead" not in preceding(f, 3)
        ]
        return "will-not", list(dict.fromkeys(["will-not", *later]))
    if not found:
        # with no modal, a "never" just after the term denies it too: "A penalty notice is never requested",
        # and so does a "not" after its verb: "Penalty notices are not issued for ..."
        negated = any(term.start - 3 <= n.start < term.start for n in negations) or any(
            term.end <= n.start < term.end + 3
            and (words[n.start] == "never" or words[n.start - 1] in _TO_BE and words[n.start] == "not")
            for n in negations
        )
        return ("will-not", ["will-not"]) if negated else ("none", ["none"])
    before = [f for f in found if f.start < term.start]
    chosen = before[-1] if before else next(f for f in found if f.start >= term.start)
    return _negated(chosen, negations, words), list(
        dict.fromkeys(_negated(f, negations, words) for f in found)
    )


def lead_forces(text: str, reading: Reading) -> list[str]:
    """The forces a lead-in states ("Schools will:", "Schools are expected to:"), which the items after it
    take when they state none ("obtain medical evidence for any pupil ..."). Only a lead-in whose modal
    ends it, so that the items complete what it says: in "The following shall not count towards the
    threshold:" the "not" is about counting, not about what the items say."""
    words = reading.words
    found = reading.hits.get("force", [])
    if not text.rstrip().endswith(":") or not found:
        return []
    # a "not" just after the modal is part of it: "A part-time timetable must not be used:"
    tail = _LEAD_TAIL + (words[found[-1].end : found[-1].end + 1] in (["not"], ["never"]))
    if found[-1].end < len(words) - tail:
        return []
    negations = [
        n for n in reading.hits.get("negation", []) if not (n.start and words[n.start - 1] in _NOT_NEGATING)
    ]
    return list(dict.fromkeys(_negated(f, negations, words) for f in found))


def continues(text: str) -> bool:
    """Whether a statement goes on from the one before: it opens in lower case ("obtain ...", "(b) refer
    ..."), as the items of a lead-in do."""
    return bool(_CONTINUES.match(text))


def _scope(words: list[str]) -> list[str]:
    return [name for name, cues in _SCOPE.items() if any(w in cues for w in words)]


def _holds(
    when: dict[str, Any], stated: list[str], qualifiers: set[str], values: str | None, figures: set[float]
) -> bool:
    """Whether a rule's condition holds; figures below every Code figure also count as differing."""
    if when["force"] and not set(stated) & set(when["force"]):
        return False
    if when["figures"] and not figures & set(when["figures"]):
        return False
    if not figures.issuperset(when["all_figures"]) or figures & set(when["no_figures"]):
        return False
    if when["any"] and not qualifiers & set(when["any"]):
        return False
    if not qualifiers.issuperset(when["all"]) or qualifiers & set(when["none"]):
        return False
    if when["values"] == "differ":
        return values in ("differ", "under")
    return not when["values"] or when["values"] == values


def _span(tokens_: list[Token], start: int, end: int) -> dict[str, int]:
    return {"start": tokens_[start].start, "end": tokens_[end - 1].end}


def _quote(text: str, tokens_: list[Token], start: int, end: int) -> str:
    return text[tokens_[start].start : tokens_[end - 1].end]


_PRONOUNS = ("it", "this", "these", "they", "such", "that")
# A question in an FAQ, written without its question mark ("Q: Someone suggested we home educate.")
_HEADING_WORDS = 8
_LEAD_TAIL = 2  # words a lead-in may hold after its modal: "Schools must ensure that:"
_CONTINUES = re.compile(r"[^A-Za-z]*[a-z]")
# A heading may hold a force word ("Encouraging good attendance") but not a modal verb ("Must be agreed").
_MODALS = ("must", "shall", "should", "may", "can", "cannot", "will", "would", "could", "might", "need")
_QUESTION = re.compile(r"\s*(?:q|question)\s*\d*\s*[:.)]\s", re.IGNORECASE)
# What may come before a statement's first word: its paragraph number ("10.2 It may ...") or list
# marker ("(b) They ...", "iv. This ...").
_MARKER = re.compile(r"^(?:\d+(?:\.\d+)*[a-z]?|[a-z]|[ivx]{1,4})$")


def points_back(reading: Reading) -> bool:
    """Whether a statement is about what the one before it was about: it opens (after any paragraph
    number) with a pronoun, or it names no subject and holds a phrase pointing back."""
    words = reading.words
    first = next((w for w in words[:3] if not _MARKER.match(w)), "")
    return first in _PRONOUNS or bool(reading.hits.get("refers")) and not reading.hits.get("term")


def is_heading(text: str, reading: Reading) -> bool:
    """Whether a statement reads as a heading: a few words, no modal, no sentence end ("Holidays in
    term time", "5. Part-time timetables"). What follows it, up to the next heading, is about its
    subjects even where a sentence does not name them ("We keep it going until your child is settled")."""
    return (
        len(reading.words) <= _HEADING_WORDS
        and not any(reading.words[f.start] in _MODALS for f in reading.hits.get("force", []))
        and not text.rstrip().endswith((".", "!", "?", ";", ":", ","))
    )


def _instructs(toks: list[Token], at: int, clauses: tuple[int, ...], imperatives: list[str]) -> bool:
    """Whether the clause holding word ``at`` opens, after any list marker, with a verb that instructs:
    "Celebrate good attendance; Provide a doctor's note for any illness absence of more than two days"."""
    starts = (0, *clauses)
    start = starts[clause_of(at, clauses)]
    first = next((t.word for t in toks[start : start + 3] if not _MARKER.match(t.word)), "")
    return first in imperatives


def _in_clauses(found: list[Hit], terms: list[Hit], clauses: tuple[int, ...]) -> list[Hit]:
    """The forces in the clauses that name the subject; all of them when those clauses state none ("If a
    child is ill for more than five days, and no note is given, the absence will be unauthorised")."""
    named = {clause_of(t.start, clauses) for t in terms}
    mine = [f for f in found if clause_of(f.start, clauses) in named]
    return mine or found


def _clash_cues(subject: dict[str, Any]) -> set[str]:
    """The qualifiers that decide a subject's conflicts."""
    found = [r["when"]["any"] + r["when"]["all"] for r in subject["rules"] if r["verdict"] == "conflict"]
    return set().union(*found)


def _cues(subject: dict[str, Any]) -> set[str]:
    """The qualifiers a subject's rules look for: a statement carrying the subject over from the one before
    must hold one ("Otherwise, please call the office" says nothing more about medical evidence)."""
    return set(subject["with"]).union(*(r["when"]["any"] + r["when"]["all"] for r in subject["rules"]))


def judge_statement(
    text: str,
    index_no: int,
    rules: dict[str, Any],
    reading: Reading,
    carried: list[str] | None = None,
    headed: bool = False,
    lead: list[str] | None = None,
    item: bool = False,
    titled: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """The findings (conflicts and agreements) of one statement. A question claims nothing.

    ``carried`` are the subjects the previous statement named: a statement that opens with a pronoun
    ("It may also be used ...") or holds a phrase pointing back ("Without one, these days will be ...")
    is about them too. So is an ``item`` of a list under a lead-in ("A part-time timetable may be
    considered in the following situations:"), even when it names a subject of its own ("as an alternative
    to suspension ..."): the list is about the lead-in's and the heading's subjects. ``titled`` are the
    qualifiers the document's title holds for all of it (a "Junior School" has pupils under 8).
    """
    if text.rstrip().endswith("?") or _QUESTION.match(text):
        return []
    toks, words = reading.tokens, reading.words
    hits = dict(reading.hits)  # the carried terms added below belong to this judgement, not the reading
    qualifier_hits = hits.get("qualifier", [])
    present = {h.name for h in qualifier_hits}
    found_quantities = quantities(words, hits, rules)
    found_quantities += yearly_shares(found_quantities, words)
    # A heading or a label ("Incidents, suspensions and going home") claims nothing, except by the words it
    # uses: "L3 - Fixed Penalty Notice warning" still calls the notice by a name the guidance has replaced.
    label = not hits.get("force") and not found_quantities and len(words) <= 6 and ";" not in text
    if label and all(s.get("carried", True) for s in rules["subjects"]):
        return []
    owners = hits  # whose terms the figures go to
    # A phrase pointing back carries the subjects only into a statement that names none of its own.
    if carried and words and (points_back(reading) or not hits.get("term") or item):
        # A pronoun beside a subject of its own does not take that subject's figures; a statement with no
        # subject of its own ("5.1 A request will be accepted where a pupil has 10 sessions ...") gives its
        # figures to what it carries on, and a figure the subject compares is then a cue too.
        own = bool(hits.get("term"))
        # A figure alone does not tie a statement to its heading's subject: the rows of a table under
        # "Severe absence" ("Attendance at or below 90%: meeting with the Head of Year") are other bands.
        families = {q.family for q in found_quantities} if not (own or headed) else set()
        named = {h.name for h in hits.get("term", [])}
        loose = set(rules.get("loose", []))
        named |= {
            s["id"]
            for s in rules["subjects"]
            if not s.get("carried", True)
            or not (present & (_cues(s) - (loose if headed else set())) or families & set(s["compare"]))
        }
        hits["term"] = hits.get("term", []) + [Hit(name, 0, 1) for name in carried if name not in named]
        owners = reading.hits if own else hits
    assigned = assign(found_quantities, owners, rules, reading.clauses)
    findings: list[dict[str, Any]] = []
    for subject in rules["subjects"]:
        terms = [h for h in hits.get("term", []) if h.name == subject["id"]]
        if not terms or label and subject.get("carried", True):
            continue
        if subject["with"] and not present & set(subject["with"]) or present & set(subject["without"]):
            continue
        force, stated = forces(terms, hits, words, reading.clauses)
        if lead and stated == ["none"]:
            force, stated = lead[0], lead
        if stated == ["none"] and _instructs(toks, terms[0].start, reading.clauses, rules["imperatives"]):
            force, stated = "must", ["must"]
        values, shown, figures = compare_values(subject, assigned.get(subject["id"], []), hits, words)
        held = present | titled
        rule = next((r for r in subject["rules"] if _holds(r["when"], stated, held, values, figures)), None)
        if rule is None:
            continue
        used = set(rule["when"]["any"] + rule["when"]["all"])
        claim = {
            "subject": subject["id"],
            "force": force,
            "forces": stated,
            "values": [
                {
                    "value": q.value,
                    "unit": q.unit,
                    "text": _quote(text, toks, q.start, q.end),
                    "span": _span(toks, q.start, q.end),
                }
                for q in shown
            ],
            "qualifiers": sorted(held),
            "scope": _scope(words),
            "span": _span(toks, terms[0].start, terms[0].end),
        }
        # A subject carried over from the statement before has no words of its own here: its clashing words
        # are the qualifiers and figures that decided (not the statement's first word, where it is placed).
        own_terms = [h for h in reading.hits.get("term", []) if h.name == subject["id"]]
        evidence = [_quote(text, toks, own_terms[0].start, own_terms[0].end)] if own_terms else []
        evidence += [_quote(text, toks, h.start, h.end) for h in qualifier_hits if h.name in used]
        evidence += [v["text"] for v in claim["values"]]
        if not own_terms:  # the words the subject needs in a statement ("unauthorised") show what was read
            evidence += [
                _quote(text, toks, h.start, h.end) for h in qualifier_hits if h.name in subject["with"]
            ]
        evidence = evidence or [_quote(text, toks, terms[0].start, terms[0].end)]
        conflict = rule["verdict"] == "conflict"
        says = rule["says"] or next((r["says"] for r in subject["rules"] if r["says"]), None)
        findings.append(
            {
                "id": f"{subject['id']}@{index_no}",
                "type": "conflict" if conflict else "agreement",
                "kind": rule["kind"],
                "seriousness": rule["seriousness"] if conflict else None,
                "subject": subject["id"],
                "subject_label": subject["label"],
                "statement": {"index": index_no, "text": text},
                "words": list(dict.fromkeys(evidence)),
                "says": says,
                "family": subject["family"],
                "code": subject["code"],
                "claim": claim,
            }
        )
    return findings


# A statement that gives examples of the one before ("This includes ...", "These include:", "Examples of this
# include"): its items are instances of what that statement said
_EXAMPLES = re.compile(
    r"^\W*(?:this|these|that|examples|such examples)(?: of this)?(?: would| will| can| may)?"
    r" (?:includes?|covers?)\b",
    re.IGNORECASE,
)


_TITLE = 2  # a document's title: its first two statements ("St Wystan's Junior School", "Attendance Policy")
_ANTECEDENT_REACH = 2  # how many statements back "It will stay in place ..." may find what "it" is

# Words that call what they introduce wrong ("Anything else is an informal exclusion, and is unlawful. This
# includes:", "The Council will treat the following as warning signs of off-rolling:")
_CONDEMNS = re.compile(
    r"\b(?:unlawful|illegal|warning signs?|poor practice|bad practice|unacceptable|not acceptable"
    r"|red flags?)\b",
    re.IGNORECASE,
)


def _named_again(
    reading: Reading, section: list[str], heads: dict[str, set[str]], common: set[str]
) -> list[str]:
    """The heading's subjects that a phrase pointing back names by their head word: under "Part-time
    timetables", "The timetable remains in place for as long as ..." is about every part-time subject, not
    only the one the statement before named."""
    words = reading.words
    said = {w for h in reading.hits.get("refers", []) for w in words[h.start : h.end]} - common
    return [s for s in section if heads.get(s, set()) & said]


def _narrowest(findings: list[dict[str, Any]], narrows: dict[str, list[str]]) -> list[dict[str, Any]]:
    """One statement's findings without the conflicts that a narrower subject's conflict in it tells
    better (the mental-health clash, not a second card about illness)."""
    wider = {w for f in findings if f["type"] == "conflict" for w in narrows.get(f["subject"], [])}
    return [f for f in findings if not (f["type"] == "conflict" and f["subject"] in wider)]


def _unstated_force(finding: dict[str, Any]) -> bool:
    return bool(finding["kind"] == "conflicting-force" and finding["claim"]["force"] == "none")


def _agreeing(finding: dict[str, Any]) -> dict[str, Any]:
    if finding["type"] != "conflict":
        return finding
    return {**finding, "type": "agreement", "kind": None, "seriousness": None}


def english_share(statements: list[str], rules: dict[str, Any]) -> float:
    """The share of words that are common English words (a text in another language has few)."""
    forms = rules["forms"]
    words_of = [[forms.get(t.word, t.word) for t in tokens(s)] for s in statements]
    english = set(rules["english"])
    total = sum(len(w) for w in words_of)
    return sum(1 for ws in words_of for w in ws if w in english) / total if total else 0.0


_KINDS = (
    ("la-code-of-conduct", ("code of conduct",)),
    ("la-protocol", ("protocol", "council", "local authority", "county", "borough")),
    ("trust-procedure", ("trust",)),
)


# Words that name what a document is ("Attendance Policy", "Penalty Notice Protocol").
_DOCUMENT_WORDS = ("policy", "procedure", "protocol", "code of conduct", "framework")
_SCHOOL_WORDS = ("school", "academy", "college", "primary", "infant", "junior", "nursery")


def detect_kind(statements: list[str]) -> str:
    """What sort of document this is, from its title and first lines."""
    # "Dear ..." after addresses and a date is a letter; after a title naming a policy it is the policy's
    # foreword ("Attendance Policy 2025-26 / A word from Mrs Penhallow / Dear families, ...").
    dear = next((i for i, s in enumerate(statements[:8]) if s.lower().startswith("dear ")), None)
    titled = dear is not None and any(
        any(word in s.lower() for word in _DOCUMENT_WORDS) for s in statements[: min(dear, 4)]
    )
    if dear is not None and not titled:
        return "school-letter"
    # The line that names the document decides first: "St Mary's High School / Attendance Policy / part of
    # the St Luke's Trust / Approved by: Local Academy Council" is a school's policy, whoever approved it.
    for line in (s.lower() for s in statements[:4]):
        if any(word in line for word in _DOCUMENT_WORDS):
            owner = next((kind for kind, cues in _KINDS if any(c in line for c in cues)), None)
            if owner or "policy" in line:
                return owner or "school-policy"
    # Else a title that names a school and no council or trust ("Oakfield Primary School") is the school's.
    title = statements[0].lower() if statements else ""
    if any(w in title for w in _SCHOOL_WORDS) and not any(c in title for _, cues in _KINDS for c in cues):
        return "school-policy"
    head = " ".join(statements[:3]).lower()
    return next((kind for kind, cues in _KINDS if any(c in head for c in cues)), "school-policy")


KINDS = ("school-policy", "trust-procedure", "la-protocol", "la-code-of-conduct", "school-letter")


def check_document(statements: list[str], rules: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    """The checker's report on one document (without its file name), as both checkers print it.

    What a policy must contain is checked only for a school's attendance policy: the Code's list is for
    schools, not for councils' protocols or letters.
    """
    index = build_index(rules)
    readings = [read_statement(s, rules, index) for s in statements]
    headings = [is_heading(s, r) for s, r in zip(statements, readings, strict=True)]
    kind_found = kind or detect_kind(statements)
    findings: list[dict[str, Any]] = []
    previous: list[dict[str, Any]] = []
    about: list[str] = []  # what the statement before was about: its own subjects, or those it carried on
    section: list[str] = []  # what the heading above is about
    lead: list[str] = []  # the forces of the lead-in ("Schools will:") whose items these are
    lead_about: list[str] = []  # the subjects of that lead-in
    listing = False  # whether the statements are the items of a lead-in's list
    in_title = [h.name for r in readings[:_TITLE] for h in r.hits.get("qualifier", [])]
    titled = frozenset(q for q in in_title if q in rules["from_title"])
    titles = [s for r in readings[:_TITLE] for s in r.subjects]  # what the document's title is about
    instances: set[str] = set()  # what the statement before "This includes ..." agreed with the Code on
    condemned = False  # whether these are examples of what the text calls unlawful or a warning sign
    recent: list[str] = []  # the subjects of the last statement under this heading that named any
    recent_at = -_ANTECEDENT_REACH - 1  # and where it was
    restated = {s["id"] for s in rules["subjects"] if s["with"]}  # judged on a statement's own words
    loose = set(rules.get("loose", []))
    clash_cues = {s["id"]: _clash_cues(s) for s in rules["subjects"]}
    heads = {s["id"]: {t[-1] for t in s["terms"]} for s in rules["subjects"]}  # "timetable" (part-time ...)
    common = set(rules["english"])  # words too common to name a subject again ("if the note is not")
    narrows = {s["id"]: s.get("narrows", []) for s in rules["subjects"]}
    for i, (statement, reading) in enumerate(zip(statements, readings, strict=True)):
        agreed = {f["subject"] for f in previous if f["type"] == "agreement"}
        if _EXAMPLES.match(statement):
            instances = agreed
            condemned = i > 0 and bool(_CONDEMNS.search(statements[i - 1]))
        elif not (listing and continues(statement)):
            instances, condemned = set(), False
        if headings[i]:
            section, recent = reading.subjects, []
        # A subject the statement before already flagged is the same clash told on: not a second card, unless
        # the subject is judged on the statement's own outcome words ("Without such evidence, further absences
        # will be recorded as unauthorised"): then the statement makes the claim again itself.
        flagged = {f["subject"] for f in previous if f["type"] == "conflict"}
        # A statement that tells the clash again with a word of its own that decides it ("This is not recorded
        # as a suspension") makes the claim itself.
        news = (
            {h.name for h in reading.hits.get("qualifier", [])}
            - loose
            - ({h.name for h in readings[i - 1].hits.get("qualifier", [])} if i else set())
        )
        retold = {s for s, cues in clash_cues.items() if cues & news}
        # A phrase pointing back to a statement about nothing ("The timetable will remain in place until ...")
        # points back to what the heading is about or, under a heading about nothing, to the last statement
        # that named a subject, two at most before it ("A reduced timetable needs a parent's agreement. The
        # plan will set out the hours. The timetable will remain in place until ...").
        back = points_back(reading)
        near = back and bool(reading.hits.get("refers")) and i - recent_at <= _ANTECEDENT_REACH
        antecedent = about or ([] if section or not near else recent)
        headed = not back or not antecedent
        item = listing and continues(statement)
        # "the timetable" names again the heading's part-time subjects or, under a heading about nothing, the
        # title's ("Part-time Timetables Procedure")
        again = _named_again(reading, section or titles, heads, common) if back else []
        context = (section if headed else antecedent) + again
        carried = [
            s
            for s in dict.fromkeys((lead_about if item else []) + context)
            if s not in flagged or s in restated or s in retold
        ]
        previous = judge_statement(
            statement, i, rules, reading, carried, headed, lead if continues(statement) else [], item, titled
        )
        # "Sending a pupil home outside the exclusion process is unlawful. This includes asking parents to
        # collect their child early": the examples of what agrees with the Code agree with it too
        previous = [_agreeing(f) if condemned or f["subject"] in instances else f for f in previous]
        previous = _narrowest(previous, narrows)
        if headings[i]:
            # "Part G: Sent home during the day" names a topic: with no modal it says nothing must happen
            previous = [f for f in previous if not _unstated_force(f)]
        lead_in = statement.rstrip().endswith(":")
        if lead_in or headings[i]:
            lead = lead_forces(statement, reading)
            lead_about = reading.subjects if lead_in else []
        listing = lead_in or (listing and continues(statement))
        if lead_in and _CONDEMNS.search(statement):  # "The following are warning signs of off-rolling:"
            condemned = True
        findings += previous
        # "It will be agreed in writing ... It may also be used ...": a chain of pronouns stays on the
        # subject the chain started with.
        about = reading.subjects or (carried if back else [])
        if reading.subjects:
            recent, recent_at = reading.subjects, i
    missing: list[dict[str, Any]] = []
    present: list[dict[str, Any]] = []
    if kind_found == "school-policy":
        for content in rules["contents"]:
            where = has_contents(statements, readings, headings, content)
            entry = {"id": content["id"], "label": content["label"], "code": content["code"]}
            if where is None:
                missing.append(entry)
            else:
                present.append({**entry, "statement": where})
    conflicts = [f for f in findings if f["type"] == "conflict"]
    return {
        "kind": kind_found,
        "kind_given": kind is not None,
        "statements": len(statements),
        "summary": {
            "conflicts": len(conflicts),
            "serious": sum(1 for f in conflicts if f["seriousness"] == "serious"),
            "agreements": len(findings) - len(conflicts),
            "missing": len(missing),
        },
        "findings": findings,
        "missing": missing,
        "present": present,
    }
