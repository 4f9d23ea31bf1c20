"""Stage 2: the policy checker's lexicon (``code_of_practice/policy-checker/lexicon.yaml``) as a frozen model.

The file is editors' data and may come from the public as a correction, so every key is checked and
every wrong type or unknown name is a file:line diagnostic, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from build_tools.claims.text import GAP_TEXT, tokens
from build_tools.diagnostics import Diagnostic
from build_tools.load.keys import check_keys, duplicate_ids
from build_tools.load.yaml import KeyPath, RawFile, dotted

FORCES = (
    "must",
    "must-not",
    "should",
    "should-not",
    "may",
    "need-not",
    "will",
    "will-not",
    "expects",
    "none",
)
MODALS = ("must", "should", "may", "will", "expects", "need-not")
VERDICTS = ("conflict", "agrees")
KINDS = (
    "conflicting-force",
    "different-value",
    "qualifier-dropped",
    "qualifier-changed",
    "counts-authorised-absence",
    "replaced-term",
)
SERIOUSNESS = ("serious", "check", "note")
FAMILIES = ("time", "share", "money", "distance", "years", "count")
NEEDS = ("name", "contact", "time")
MAX_AFTER = 5  # a content shown across more sentences than this is a guess, not a reading
MAX_PHRASES = 400
MAX_PHRASE_WORDS = 12


@dataclass(frozen=True)
class Unit:
    id: str
    family: str
    size: float
    words: tuple[str, ...]


@dataclass(frozen=True)
class Condition:
    """When a rule applies; an empty condition always holds."""

    force: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    """Every one of these qualifiers is present ("permanent exclusion" and "the school will arrange")."""
    none: tuple[str, ...] = ()
    values: str | None = None
    figures: tuple[float, ...] = ()
    """At least one of these figures is in the statement (in its family's base unit: sessions, pounds)."""
    all_figures: tuple[float, ...] = ()
    """Every one of these figures is in the statement: "£80 ... within 28 days" pairs two figures."""
    no_figures: tuple[float, ...] = ()
    """None of these figures is in the statement."""


@dataclass(frozen=True)
class Rule:
    verdict: str
    when: Condition
    kind: str | None = None
    seriousness: str | None = None
    says: str | None = None


@dataclass(frozen=True)
class CodeValue:
    value: float
    unit: str
    of: str | None = None


@dataclass(frozen=True)
class Subject:
    id: str
    label: str
    section: str
    provisions: tuple[str, ...]
    terms: tuple[str, ...]
    family: str
    rules: tuple[Rule, ...]
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    compare: tuple[str, ...] = ()
    code_values: tuple[CodeValue, ...] = ()
    letter: str | None = None
    ordinals: bool = False
    claims: tuple[str, ...] = ()
    """The sources' claim subjects (``claims.subject`` in guidance_sources/) this subject checks."""
    carried: bool = True
    """Whether a pronoun or a phrase pointing back in the next statement can refer to it (not for a
    subject about the words themselves, such as an old term)."""
    narrows: tuple[str, ...] = ()
    """The subjects this one is a narrower case of: where both clash in one statement, only this one is
    reported ("anxiety is not illness and will be recorded as unauthorised" is the mental-health clash, not
    a second one about illness)."""
    line: int = 0


@dataclass(frozen=True)
class Content:
    id: str
    label: str
    provisions: tuple[str, ...]
    cues: tuple[tuple[str, ...], ...]
    needs: tuple[str, ...] = ()
    after: int = 0
    """How many statements after the first cue's may hold the other cues (up to the next heading)."""
    unless: tuple[str, ...] = ()
    """Qualifiers that stop a statement showing the content ("This policy should be read alongside our
    Supporting Pupils with Medical Conditions Policy" names a policy, not the support)."""
    line: int = 0


WordForms = dict[str, tuple[str, tuple[str, ...]]]
"""Per word: its dictionary form and every inflected form (cached in ``policy-checker/word-forms.json``)."""


@dataclass(frozen=True)
class Lexicon:
    path: str
    numbers: tuple[tuple[str, float], ...]
    ordinals: tuple[tuple[str, float], ...]
    fractions: tuple[tuple[str, float], ...]
    units: tuple[Unit, ...]
    fillers: tuple[str, ...]
    shares: tuple[tuple[str, tuple[str, ...]], ...]
    english: tuple[str, ...]
    forces: tuple[tuple[str, tuple[str, ...]], ...]
    negations: tuple[str, ...]
    qualifiers: tuple[tuple[str, tuple[str, ...]], ...]
    subjects: tuple[Subject, ...]
    contents: tuple[Content, ...]
    # Phrases that point back to the statement before ("these days", "without one"): a statement holding
    # one is also about the subjects that statement named.
    refers_back: tuple[str, ...] = ()
    # Qualifiers too common to tie a statement to the subject of the heading above it ("every",
    # "unauthorised" under "Penalty notices" do not make a sentence one about penalty notices).
    loose: tuple[str, ...] = ()
    # Qualifiers that, found in a document's title (its first two statements), hold in every statement of it:
    # "St Wystan's Junior School" has pupils under 8 wherever it states the walking distance.
    from_title: tuple[str, ...] = ()
    # Verbs that, opening a clause or list item with no modal ("Provide a doctor's note for any absence of
    # more than two days"), give an instruction: the clause states "must".
    imperatives: tuple[str, ...] = ()
    word_forms: WordForms = field(default_factory=dict, compare=False, repr=False)

    @property
    def qualifier_names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.qualifiers)


class _Reader:
    """Collects diagnostics while turning raw values into typed ones."""

    def __init__(self, raw: RawFile) -> None:
        self.raw = raw
        self.problems: list[Diagnostic] = []

    def fail(self, path: KeyPath, message: str, fix: str) -> None:
        self.problems.append(
            Diagnostic(self.raw.path, message, fix, line=self.raw.line_of(path), key=dotted(path))
        )

    def text(self, path: KeyPath, value: Any, required: bool = True) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(
                path, "must be a non-empty text", "write the value as text, e.g. `label: asking for notes`"
            )
            return None
        if len(value) > 2_000:
            self.fail(path, f"text of {len(value)} characters is longer than 2000", "shorten it")
            return None
        return value.strip()

    def words(self, path: KeyPath, value: Any, required: bool = True, gaps: bool = True) -> tuple[str, ...]:
        if value is None and not required:
            return ()
        if not isinstance(value, list) or not value:
            self.fail(
                path, "must be a non-empty list of words or phrases", "write it as `[word, other phrase]`"
            )
            return ()
        if len(value) > MAX_PHRASES:
            self.fail(path, f"list of {len(value)} phrases is longer than {MAX_PHRASES}", "split the subject")
            return ()
        found: list[str] = []
        for i, item in enumerate(value):
            phrase = item if isinstance(item, str) else None
            if phrase is None or not phrase.strip() or len(phrase.split()) > MAX_PHRASE_WORDS:
                self.fail(
                    path + (i,),
                    f"must be a phrase of 1 to {MAX_PHRASE_WORDS} words",
                    "write one word or short phrase per item, in quotes if it has a colon",
                )
                continue
            if GAP_TEXT in phrase and not (gaps and _gap_between_words(phrase)):
                self.fail(
                    path + (i,),
                    f"'{phrase.strip()}' has a gap (...) that is not between two words"
                    + ("" if gaps else " (no gaps are allowed here)"),
                    "write a gap only between words, as in 'only ... unauthorised'"
                    if gaps
                    else "remove the ...",
                )
                continue
            found.append(phrase.strip().lower())
        return tuple(found)

    def number(self, path: KeyPath, value: Any) -> float | None:
        try:
            number = float(str(value))
        except ValueError:
            self.fail(path, f"'{value}' is not a number", "write a number such as 10 or 0.5")
            return None
        if not 0 <= number <= 1_000_000:
            self.fail(path, f"{number} is outside 0 to 1000000", "write a plausible figure")
            return None
        return number

    def choice(self, path: KeyPath, value: Any, allowed: Iterable[str]) -> str | None:
        allowed = tuple(allowed)
        if value not in allowed:
            self.fail(path, f"'{value}' is not one of: {', '.join(allowed)}", "use one of the listed values")
            return None
        return str(value)

    def choices(self, path: KeyPath, value: Any, allowed: Iterable[str]) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(path, "must be a list", "write it as `[a, b]`")
            return ()
        allowed = tuple(allowed)
        return tuple(c for i, v in enumerate(value) if (c := self.choice(path + (i,), v, allowed)))

    def mapping(
        self, path: KeyPath, value: Any, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> bool:
        before = len(self.problems)
        self.problems += check_keys(self.raw, path, value, required, optional)
        return len(self.problems) == before


def _condition(r: _Reader, path: KeyPath, value: Any, qualifiers: frozenset[str]) -> Condition:
    if value is None or value == {}:
        return Condition()
    figure_keys = ("figures", "all_figures", "no_figures")
    if not r.mapping(path, value, (), ("force", "any", "all", "none", "values", *figure_keys)):
        return Condition()
    figures, all_figures, no_figures = (_numbers(r, path, value, key) for key in figure_keys)
    values = None
    if value.get("values") is not None:
        values = r.choice(path + ("values",), value["values"], ("differ", "match", "under", "band"))
    return Condition(
        force=r.choices(path + ("force",), value.get("force"), FORCES),
        any=r.choices(path + ("any",), value.get("any"), sorted(qualifiers)),
        all=r.choices(path + ("all",), value.get("all"), sorted(qualifiers)),
        none=r.choices(path + ("none",), value.get("none"), sorted(qualifiers)),
        values=values,
        figures=figures,
        all_figures=all_figures,
        no_figures=no_figures,
    )


def _numbers(r: _Reader, path: KeyPath, value: dict[str, Any], key: str) -> tuple[float, ...]:
    raw = value.get(key) or []
    if not isinstance(raw, list):
        r.fail(path + (key,), "must be a list of numbers", f"write `{key}: [80]`")
        return ()
    return tuple(n for i, f in enumerate(raw) if (n := r.number(path + (key, i), f)) is not None)


def _rule(r: _Reader, path: KeyPath, value: Any, qualifiers: frozenset[str]) -> Rule | None:
    if not r.mapping(path, value, ("verdict",), ("when", "kind", "seriousness", "says")):
        return None
    verdict = r.choice(path + ("verdict",), value["verdict"], VERDICTS)
    when = _condition(r, path + ("when",), value.get("when"), qualifiers)
    if verdict != "conflict":
        return Rule(verdict, when) if verdict else None
    kind = r.choice(path + ("kind",), value.get("kind"), KINDS)
    seriousness = r.choice(path + ("seriousness",), value.get("seriousness"), SERIOUSNESS)
    says = r.text(path + ("says",), value.get("says"))
    return Rule(verdict, when, kind, seriousness, says) if kind and seriousness and says else None


_SUBJECT_KEYS = ("id", "label", "section", "provisions", "terms", "family", "rules")
_SUBJECT_OPTIONAL = (
    "with",
    "without",
    "compare",
    "code_values",
    "letter",
    "ordinals",
    "claims",
    "carried",
    "narrows",
)


def _subject(
    r: _Reader, path: KeyPath, value: Any, qualifiers: frozenset[str], units: dict[str, Unit]
) -> Subject | None:
    if not r.mapping(path, value, _SUBJECT_KEYS, _SUBJECT_OPTIONAL):
        return None
    rules_raw = value["rules"]
    if not isinstance(rules_raw, list) or not rules_raw:
        r.fail(
            path + ("rules",),
            "must be a non-empty list of rules",
            "add at least one `- {verdict: ..., when: ...}`",
        )
        return None
    rules = tuple(
        rule for i, item in enumerate(rules_raw) if (rule := _rule(r, path + ("rules", i), item, qualifiers))
    )
    code_values: list[CodeValue] = []
    for i, item in enumerate(value.get("code_values") or []):
        where = path + ("code_values", i)
        if not r.mapping(where, item, ("value", "unit"), ("of",)):
            continue
        number = r.number(where + ("value",), item["value"])
        unit = r.choice(where + ("unit",), item["unit"], sorted(units))
        of = r.choice(where + ("of",), item["of"], ("absence", "attendance")) if item.get("of") else None
        if number is not None and unit:
            code_values.append(CodeValue(number, unit, of))
    compare = r.choices(path + ("compare",), value.get("compare"), FAMILIES)
    if any(rule.when.values for rule in rules) and not (compare and code_values):
        r.fail(
            path,
            "a rule compares values but the subject has no `compare` and `code_values`",
            "add `compare: [time]` and the Code's figures under `code_values`",
        )
    fields = {k: r.text(path + (k,), value[k]) for k in ("id", "label", "section", "family")}
    letter = r.text(path + ("letter",), value.get("letter"), required=False)
    if not all(fields.values()):
        return None
    return Subject(
        id=str(fields["id"]),
        label=str(fields["label"]),
        section=str(fields["section"]),
        provisions=r.words(path + ("provisions",), value["provisions"]),
        terms=r.words(path + ("terms",), value["terms"]),
        family=str(fields["family"]),
        rules=rules,
        with_=r.choices(path + ("with",), value.get("with"), sorted(qualifiers)),
        without=r.choices(path + ("without",), value.get("without"), sorted(qualifiers)),
        compare=compare,
        code_values=tuple(code_values),
        letter=letter,
        ordinals=value.get("ordinals") is True,
        carried=value.get("carried") is not False,
        claims=r.words(path + ("claims",), value.get("claims"), required=False),
        narrows=r.words(path + ("narrows",), value.get("narrows"), required=False, gaps=False),
        line=r.raw.line_of(path) or 0,
    )


def _content(r: _Reader, path: KeyPath, value: Any, qualifiers: frozenset[str]) -> Content | None:
    if not r.mapping(path, value, ("id", "label", "provisions", "cues"), ("needs", "after", "unless")):
        return None
    after = str(value.get("after", 0))
    if not after.isdigit() or int(after) > MAX_AFTER:  # the loader keeps every scalar as text
        r.fail(path + ("after",), f"'{after}' is not a whole number from 0 to {MAX_AFTER}", "write after: 2")
        return None
    cues_raw = value["cues"]
    if not isinstance(cues_raw, list) or not cues_raw:
        r.fail(path + ("cues",), "must be a list of word lists", "write `cues: [[word, phrase], [other]]`")
        return None
    cues = tuple(r.words(path + ("cues", i), group) for i, group in enumerate(cues_raw))
    ident, label = r.text(path + ("id",), value["id"]), r.text(path + ("label",), value["label"])
    if not ident or not label or not all(cues):
        return None
    return Content(
        ident,
        label,
        r.words(path + ("provisions",), value["provisions"]),
        cues,
        r.choices(path + ("needs",), value.get("needs"), NEEDS),
        int(after),
        r.choices(path + ("unless",), value.get("unless"), sorted(qualifiers)),
        r.raw.line_of(path) or 0,
    )


def _named_lists(r: _Reader, path: KeyPath, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        r.fail(path, "must be a mapping of names to word lists", "write `name: [word, phrase]`")
        return ()
    found = []
    for k, v in value.items():
        if not re.fullmatch(r"[a-z][a-z0-9-]*", str(k)):
            # the export's JSON objects keep their order in JavaScript only for names that are not numbers
            r.fail(path + (k,), f"name '{k}' must start with a letter (then a-z, digits, '-')", "rename it")
            continue
        found.append((str(k), r.words(path + (k,), v)))
    return tuple(found)


def _figures(r: _Reader, data: dict[str, Any], key: str) -> tuple[tuple[str, float], ...]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        r.fail((key,), "must be a mapping of words to numbers", "write `ten: 10`")
        return ()
    return tuple((str(k).lower(), n) for k, v in value.items() if (n := r.number((key, k), v)) is not None)


def _items(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def read_lexicon(raw: RawFile) -> tuple[Lexicon | None, list[Diagnostic]]:
    """The lexicon in ``raw``, or None with every problem found."""
    r = _Reader(raw)
    data = raw.data
    top = (
        "numbers",
        "units",
        "forces",
        "negations",
        "qualifiers",
        "subjects",
        "contents",
        "shares",
        "english",
    )
    optional = (
        "groups",
        "fillers",
        "ordinals",
        "fractions",
        "refers_back",
        "loose",
        "from_title",
        "imperatives",
    )
    if not r.mapping((), data, top, optional):
        return None, r.problems
    numbers, ordinals = _figures(r, data, "numbers"), _figures(r, data, "ordinals")
    fractions = _figures(r, data, "fractions")
    shares = _named_lists(r, ("shares",), data["shares"])
    if sorted(n for n, _ in shares) != ["absence", "attendance"]:
        r.fail(("shares",), "must name exactly `attendance` and `absence`", "list the words for each side")
    units: dict[str, Unit] = {}
    for i, item in enumerate(data["units"] if isinstance(data["units"], list) else []):
        if r.mapping(("units", i), item, ("id", "family", "size", "words"), ()):
            family = r.choice(("units", i, "family"), item["family"], FAMILIES)
            size = r.number(("units", i, "size"), item["size"])
            if family and size:
                units[str(item["id"])] = Unit(
                    str(item["id"]), family, size, r.words(("units", i, "words"), item["words"])
                )
    forces = _named_lists(r, ("forces",), data["forces"])
    for name, _ in forces:
        # `none`: phrases that hide a modal word but state no modal ("cannot attend")
        if name not in MODALS + ("none",):
            r.fail(("forces", name), f"'{name}' is not a force", f"use one of: {', '.join(MODALS)}, none")
    qualifiers = _named_lists(r, ("qualifiers",), data["qualifiers"])
    groups = _named_lists(r, ("groups",), data.get("groups") or {})
    names = frozenset(n for n, _ in qualifiers + groups)
    if len(names) < len(qualifiers) + len(groups):
        r.fail(("groups",), "a group has the name of a qualifier", "rename the group")
    subjects = tuple(
        s
        for i, item in enumerate(_items(data, "subjects"))
        if (s := _subject(r, ("subjects", i), item, names, units))
    )
    contents = tuple(
        c
        for i, item in enumerate(_items(data, "contents"))
        if (c := _content(r, ("contents", i), item, names))
    )
    for key in ("subjects", "contents"):
        entries = [((key, i), e) for i, e in enumerate(_items(data, key)) if isinstance(e, dict)]
        r.problems += duplicate_ids(raw, entries)
    ids = {s.id for s in subjects}
    for i, item in enumerate(_items(data, "subjects")):
        wider = item.get("narrows") if isinstance(item, dict) else None
        for k, other in enumerate(wider if isinstance(wider, list) else []):
            if str(other) not in ids or str(other) == item.get("id"):
                where = ("subjects", i, "narrows", k)
                r.fail(where, f"'{other}' is not another subject", "name a subject's id")
    # read before the check below, so that a mistake in these lists is reported, not dropped
    fillers = r.words(("fillers",), data.get("fillers"), required=False, gaps=False)
    english = r.words(("english",), data["english"])
    negations = r.words(("negations",), data["negations"])
    refers_back = r.words(("refers_back",), data.get("refers_back"), required=False)
    loose = r.choices(("loose",), data.get("loose"), sorted(names))
    from_title = r.choices(("from_title",), data.get("from_title"), sorted(names))
    imperatives = r.words(("imperatives",), data.get("imperatives"), required=False, gaps=False)
    for k, verb in enumerate(imperatives):
        if " " in verb:
            r.fail(("imperatives", k), f"'{verb}' is more than one word", "list single verbs (provide, send)")
    if r.problems:
        return None, r.problems
    lexicon = Lexicon(
        raw.path,
        numbers,
        ordinals,
        fractions,
        tuple(units.values()),
        fillers,
        shares,
        english,
        forces,
        negations,
        qualifiers + groups,
        subjects,
        contents,
        refers_back=refers_back,
        loose=loose,
        from_title=from_title,
        imperatives=imperatives,
    )
    return lexicon, []


def _gap_between_words(phrase: str) -> bool:
    """Whether every gap (...) stands between words: every part around it holds a word."""
    return all(tokens(part) for part in phrase.split(GAP_TEXT))
