"""Stage 3: join the Code's sections to the corpus they cite.

Authority labels are derived from the cited sources, never typed by hand, so a
statement cannot claim more force than its sources give it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from build_tools.diagnostics import Diagnostic, Severity
from build_tools.load.code import RawCode
from build_tools.load.yaml import RawFile
from build_tools.model import (
    Authority,
    Chapter,
    Code,
    Corpus,
    Document,
    Edition,
    Exclusion,
    Force,
    GlossaryEntry,
    Part,
    Provision,
    Section,
    Statement,
    Status,
    Withdrawal,
)

XREF = re.compile(r"\[\[([a-z0-9-]+)\]\]")
# Anything written as [[...]]: a cross-reference must match XREF exactly, or it would print literally.
LOOSE_XREF = re.compile(r"\[\[([^\[\]\n]*)\]\]")


@dataclass(frozen=True)
class Coverage:
    """How many provisions the Code uses or explicitly excludes."""

    total: int
    cited: int
    excluded: int
    uncovered: tuple[str, ...]

    @property
    def ratio(self) -> float:
        return 1.0 if self.total == 0 else round((self.total - len(self.uncovered)) / self.total, 4)


def _diag(raw: RawFile, line: int | None, key: str, message: str, fix: str) -> Diagnostic:
    return Diagnostic(raw.path, message, fix, line=line, key=key)


def _derived_rests_on(corpus: Corpus, cites: tuple[str, ...]) -> tuple[str | None, str]:
    """The establishing provision when the citations leave no doubt, else why they do not.

    Unambiguous means every cited official provision comes from documents of one authority
    (the first of them establishes the rule); advocacy or commentary counts only when nothing
    official is cited.
    """
    known = [p for p in (corpus.provision(c) for c in cites) if p is not None]
    kinds: dict[Authority, list[str]] = {}
    for provision in known:
        doc = corpus.document(provision.doc_id)
        if doc is not None and doc.status.is_official:
            kinds.setdefault(Authority.for_status(doc.status), []).append(provision.id)
    if len(kinds) > 1:
        listing = "; ".join(f"{a.label}: {', '.join(kinds[a])}" for a in Authority if a in kinds)
        return None, f"statement cites sources of different force ({listing})"
    if kinds:
        return next(iter(kinds.values()))[0], ""
    return (known[0].id if known else None), ""


def _statement(
    raw: RawFile, path: tuple[Any, ...], item: dict[str, Any], corpus: Corpus, found: list[Diagnostic]
) -> Statement:
    cites = tuple(item["cites"])
    line = raw.line_of(path) or 0
    for i, provision_id in enumerate(cites):
        provision = corpus.provision(provision_id)
        where = raw.line_of(path + ("cites", i))
        if provision is None:
            doc = corpus.document(provision_id.split("/")[0])
            hint = ("check the local id in " + doc.path) if doc else "check the document id (file name)"
            found.append(_diag(raw, where, "cites", f"cites unknown provision '{provision_id}'", hint))
        elif provision.withdrawn:
            found.append(
                _diag(
                    raw,
                    where,
                    "cites",
                    f"cites withdrawn provision '{provision_id}'",
                    "cite the provision that replaced it",
                )
            )
    recommendation = bool(item.get("recommendation"))
    force = Force(item["force"]) if item.get("force") else None
    rests_on = item.get("rests_on")
    if rests_on is not None and rests_on not in cites:
        found.append(
            _diag(
                raw,
                raw.line_of(path + ("rests_on",)),
                "rests_on",
                f"rests_on '{rests_on}' is not one of the statement's cites",
                "add it to 'cites' or name one of the provisions the statement cites",
            )
        )
        rests_on = None
    elif rests_on is None:
        rests_on, ambiguity = _derived_rests_on(corpus, cites)
        if ambiguity and not recommendation:
            found.append(
                _diag(
                    raw,
                    line,
                    "rests_on",
                    ambiguity,
                    "name the provision that makes the rule with `rests_on:` (the others show as context)",
                )
            )
    establishing = corpus.provision(rests_on) if rests_on else None
    doc = corpus.document(establishing.doc_id) if establishing else None
    if recommendation:
        authority = Authority.RECOMMENDATION
    elif doc is not None:
        authority = Authority.for_status(doc.status)
    else:  # an error is already reported; label by the strongest citation so the build can go on
        statuses = [d.status for d in (corpus.document(c.split("/")[0]) for c in cites) if d is not None]
        authority = Authority.for_status(min(statuses, key=lambda s: s.rank, default=Status.COMMENTARY))
    if establishing is not None and doc is not None and not recommendation:
        found.extend(_force_problems(raw, path, item, establishing, doc, authority, force))
    return Statement(
        text=item["text"].strip(),
        cites=cites,
        authority=authority,
        force=force,
        line=line,
        rests_on=establishing.id if establishing else None,
    )


def _force_problems(
    raw: RawFile,
    path: tuple[Any, ...],
    item: dict[str, Any],
    establishing: Provision,
    doc: Document,
    authority: Authority,
    force: Force | None,
) -> list[Diagnostic]:
    """What the establishing provision cannot carry: another label, a force word, an old or advocacy text."""
    found = []
    line = raw.line_of(path) or 0
    source = f"its establishing provision {establishing.id} is in {doc.short_title} ({doc.status.value})"
    rest_fix = "name the provision that makes the rule with `rests_on:`"
    stated = item.get("authority")
    if stated and stated != authority.value:
        what = {
            Authority.LAW.value: "a Law label whose establishing provision is not in an Act or regulations",
        }.get(stated, f"authority: {stated} but the derived label is {authority.label}")
        found.append(
            _diag(
                raw,
                raw.line_of(path + ("authority",)),
                "authority",
                f"{what}: {source}",
                rest_fix + ", or correct `authority:`",
            )
        )
    if not doc.status.is_official:
        found.append(
            _diag(
                raw,
                line,
                "recommendation",
                "statement rests only on advocacy or commentary but is not marked as a recommendation",
                "add 'recommendation: true' (the Code never mixes recommendations with what is required)",
            )
        )
    elif doc.superseded_by:
        found.append(
            _diag(
                raw,
                line,
                "rests_on",
                f"statement rests on {establishing.id}, from a superseded edition ({doc.short_title})",
                f"rest it on the current edition ({doc.superseded_by}); cite the old edition only as context",
            )
        )
    if force is None:
        return found
    words = {Force.SHOULD, Force.SHOULD_NOT, Force.EXPECTS}
    if authority is Authority.LAW and force in words:
        problem = f"a Law statement says '{force.value}': an Act or regulations do not 'should' or 'expect'"
    elif authority is Authority.GUIDANCE and force in (Force.MUST, Force.MUST_NOT):
        problem = f"non-statutory guidance does not '{force.value}' ({source})"
    elif force.strength > establishing.force.strength:
        problem = f"force '{force.value}' is stronger than '{establishing.force.value}' in {establishing.id}"
    else:
        return found
    fix = "use the force the establishing provision carries, or rest the statement on the provision that does"
    found.append(_diag(raw, raw.line_of(path + ("force",)) or line, "force", problem, fix))
    return found


def _section(
    raw: RawFile, index: int, item: dict[str, Any], chapter_id: str, corpus: Corpus, found: list[Diagnostic]
) -> Section:
    path = ("sections", index)
    withdrawn = None
    if isinstance(item.get("withdrawn"), dict):
        w = item["withdrawn"]
        withdrawn = Withdrawal(note=w["note"], moved_to=tuple(w.get("moved_to") or ()))
    statements = tuple(
        _statement(raw, path + ("statements", i), s, corpus, found)
        for i, s in enumerate(item.get("statements") or ())
    )
    section = Section(
        id=item["id"],
        number=item["number"],
        title=item["title"],
        chapter_id=chapter_id,
        summary=(item.get("summary") or "").strip(),
        audiences=tuple(item.get("audiences") or ()),
        tags=tuple(item.get("tags") or ()),
        statements=statements,
        see_also=tuple(item.get("see_also") or ()),
        table=item.get("table"),
        withdrawn=withdrawn,
        path=raw.path,
        line=raw.line_of(path) or 0,
    )
    if withdrawn is None:
        found.extend(_incomplete(raw, path, section))
    return section


def _incomplete(raw: RawFile, path: tuple[Any, ...], section: Section) -> list[Diagnostic]:
    problems = []
    if not section.summary or section.summary.upper().startswith("TODO"):
        problems.append(("summary", "has no summary", "write a one- or two-sentence plain-English summary"))
    if not section.statements:
        problems.append(
            ("statements", "has no statements", "add statements citing provisions, or withdraw the section")
        )
    if not section.audiences:
        problems.append(("audiences", "names no audience", "list who it is for (vocabulary.yaml audiences)"))
    return [
        Diagnostic(
            raw.path,
            f"section {section.number} ({section.id}) {msg}",
            fix,
            line=raw.line_of(path + (key,)) or raw.line_of(path),
            key=key,
        )
        for key, msg, fix in problems
    ]


def _chapter(raw: RawFile, corpus: Corpus, found: list[Diagnostic]) -> Chapter:
    meta = raw.data["chapter"]
    sections = tuple(
        _section(raw, i, s, meta["id"], corpus, found) for i, s in enumerate(raw.data["sections"])
    )
    for i, section in enumerate(sections):
        if not section.number.startswith(meta["number"] + "."):
            found.append(
                Diagnostic(
                    raw.path,
                    f"section number {section.number} is not in chapter {meta['number']}",
                    f"number it {meta['number']}.N (or N.NA to insert)",
                    line=raw.line_of(("sections", i, "number")),
                    key="number",
                )
            )
    return Chapter(
        id=meta["id"],
        number=meta["number"],
        title=meta["title"],
        part_id=meta["part"],
        sections=sections,
        intro=(meta.get("intro") or "").strip(),
    )


def _parts(raw_code: RawCode, chapters: dict[str, Chapter], found: list[Diagnostic]) -> tuple[Part, ...]:
    assert raw_code.structure is not None
    raw = raw_code.structure
    parts, placed = [], set()
    for i, part in enumerate(raw.data["parts"]):
        members = []
        for j, chapter_id in enumerate(part["chapters"]):
            if chapter_id not in chapters:
                found.append(
                    Diagnostic(
                        raw.path,
                        f"part '{part['id']}' lists unknown chapter '{chapter_id}'",
                        "add code_of_practice/chapters/NN-" + chapter_id + ".yaml or remove it",
                        line=raw.line_of(("parts", i, "chapters", j)),
                        key="chapters",
                    )
                )
                continue
            placed.add(chapter_id)
            members.append(chapters[chapter_id])
        parts.append(Part(id=part["id"], label=part["label"], title=part["title"], chapters=tuple(members)))
    for chapter_id in sorted(set(chapters) - placed):
        found.append(
            Diagnostic(
                raw.path,
                f"chapter '{chapter_id}' is in no part",
                "add it to a part's 'chapters' list",
                key="parts",
            )
        )
    return tuple(parts)


def _glossary(raw: RawFile | None) -> tuple[GlossaryEntry, ...]:
    if raw is None:
        return ()
    return tuple(
        GlossaryEntry(
            id=t["id"],
            term=t["term"],
            definition=t["definition"].strip(),
            abbreviation=t.get("abbreviation"),
            sections=tuple(t.get("sections") or ()),
            aliases=tuple(t.get("aliases") or ()),
        )
        for t in raw.data["terms"]
    )


def _exclusions(raws: tuple[RawFile, ...], corpus: Corpus, found: list[Diagnostic]) -> tuple[Exclusion, ...]:
    result = []
    for raw, i, item in ((r, i, it) for r in raws for i, it in enumerate(r.data["exclusions"])):
        for j, provision_id in enumerate(item["provisions"]):
            if corpus.provision(provision_id) is None:
                found.append(
                    Diagnostic(
                        raw.path,
                        f"excludes unknown provision '{provision_id}'",
                        "correct the id or remove it",
                        line=raw.line_of(("exclusions", i, "provisions", j)),
                        key="provisions",
                    )
                )
            result.append(Exclusion(provision_id=provision_id, reason=item["reason"].strip()))
    return tuple(result)


def _jumps(raw: RawFile | None) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    codes = [(f"code {k}".lower(), v) for k, v in (raw.data.get("attendance_codes") or {}).items()]
    statutes = [(k.lower(), v) for k, v in (raw.data.get("statutes") or {}).items()]
    return tuple(sorted(codes + statutes))


def _keywords(raw: RawFile | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    keywords = (raw.data.get("keywords") if raw is not None else None) or {}
    if not isinstance(keywords, dict):
        return ()  # reported by the loader
    return tuple(
        (str(page), tuple(w.strip() for w in str(words).split(",") if w.strip()))
        for page, words in sorted(keywords.items())
    )


def _check_references(code: Code) -> list[Diagnostic]:
    """Every [[section-id]], see_also, moved_to and glossary link must name a section."""
    known = {s.id for s in code.sections}
    found = []
    for section in code.sections:
        texts = [section.summary] + [s.text for s in section.statements]
        lines = [section.line] + [s.line or section.line for s in section.statements]
        for text, line in zip(texts, lines, strict=True):
            for match in LOOSE_XREF.finditer(text):
                if not XREF.fullmatch(match.group(0)):
                    exact = re.sub(r"\s+", "-", re.sub(r"\s*-\s*", "-", match.group(1).strip().lower()))
                    found.append(
                        Diagnostic(
                            section.path,
                            f"cross-reference '{match.group(0)}' is not written exactly as a section id",
                            f"write [[{exact}]]: the id in lower case, with no spaces or line breaks "
                            "inside the brackets",
                            line=line,
                            key="xref",
                        )
                    )
        named = [m for t in texts for m in XREF.findall(t)] + list(section.see_also)
        named += list(section.withdrawn.moved_to) if section.withdrawn else []
        for target in named:
            if target not in known:
                found.append(
                    Diagnostic(
                        section.path,
                        f"section {section.number} refers to unknown section '{target}'",
                        "use the permanent id of an existing section (see code_of_practice/chapters/)",
                        line=section.line,
                        key="xref",
                    )
                )
    for alias, target in code.jumps:
        if target not in known:
            found.append(
                Diagnostic(
                    "code_of_practice/search-aliases.yaml",
                    f"search alias '{alias}' points to unknown section '{target}'",
                    "use an existing section id",
                    key=alias,
                )
            )
    for page, _ in code.keywords:
        if "/" not in page and page not in known:
            found.append(
                Diagnostic(
                    "code_of_practice/search-aliases.yaml",
                    f"search keywords for unknown section '{page}'",
                    "use an existing section id, or a page path such as guides/parents/anxious/",
                    key=page,
                )
            )
    for entry in code.glossary:
        for target in entry.sections:
            if target not in known:
                found.append(
                    Diagnostic(
                        "code_of_practice/glossary.yaml",
                        f"glossary term '{entry.id}' refers to unknown section '{target}'",
                        "use an existing section id",
                        key="sections",
                    )
                )
    return found


def _check_unique(code: Code) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    ids: dict[str, str] = {}
    numbers: dict[str, str] = {}
    for section in code.sections:
        for value, seen, what in ((section.id, ids, "id"), (section.number, numbers, "number")):
            if value in seen:
                found.append(
                    Diagnostic(
                        section.path,
                        f"section {what} '{value}' is used twice (also {seen[value]})",
                        f"give each section its own {what}",
                        line=section.line,
                        key=what,
                    )
                )
            seen[value] = f"{section.path}:{section.line}"
    return found


def _predecessors(code: Code, provision: Provision) -> list[str]:
    """The same provision in the editions its document supersedes (the same local id)."""
    doc = code.corpus.document(provision.doc_id)
    return [f"{old}/{provision.local_id}" for old in (doc.supersedes if doc else ())]


def _check_same_rule(code: Code) -> list[Diagnostic]:
    """One rule (a claim subject and value on the establishing provision) carries one label everywhere."""
    first: dict[tuple[str, str | None], tuple[Section, Statement]] = {}
    found = []
    for section in code.sections:
        for statement in section.statements:
            if statement.authority is Authority.RECOMMENDATION or not statement.rests_on:
                continue
            provision = code.corpus.provision(statement.rests_on)
            for claim in provision.claims if provision else ():
                key = (claim.subject, claim.value)
                other = first.setdefault(key, (section, statement))
                o_section, o_statement = other
                if o_section.id == section.id or o_statement.authority is statement.authority:
                    continue
                found.append(
                    Diagnostic(
                        section.path,
                        f"the same rule ({claim.subject}{' = ' + claim.value if claim.value else ''}) is "
                        f"labelled {statement.authority.label} in s.{section.number} but "
                        f"{o_statement.authority.label} in s.{o_section.number} "
                        f"({o_section.path}:{o_statement.line})",
                        "rest both statements on the provision that makes the rule (`rests_on:`)",
                        line=statement.line,
                        key="rests_on",
                    )
                )
    return found


def coverage(code: Code) -> Coverage:
    """Share of live provisions that some section cites or the exclusions list names."""
    live = [p for p in code.corpus.provisions if not p.withdrawn]
    cited = set(code.used_by())
    excluded = {e.provision_id for e in code.exclusions}
    # A provision carried over into a superseding edition (same local id) is covered through the one it
    # replaces until the Code cites it directly; check warns about every statement still on the old edition.
    covered = cited | excluded
    carried = {p.id for p in live if any(old in covered for old in _predecessors(code, p))}
    uncovered = tuple(p.id for p in live if p.id not in covered and p.id not in carried)
    return Coverage(
        total=len(live),
        cited=len([p for p in live if p.id in cited]),
        excluded=len([p for p in live if p.id in excluded and p.id not in cited]),
        uncovered=uncovered,
    )


def coverage_diagnostics(code: Code) -> list[Diagnostic]:
    result = []
    for provision_id in coverage(code).uncovered:
        provision = code.corpus.provision(provision_id)
        assert provision is not None
        doc = code.corpus.document(provision.doc_id)
        result.append(
            Diagnostic(
                doc.path if doc else provision.doc_id,
                f"provision '{provision_id}' is used by no section and not excluded",
                "cite it from a Code section, or list it with a reason in code_of_practice/exclusions/",
                line=provision.line,
                key="coverage",
            )
        )
    return result


def consolidate(raw_code: RawCode, corpus: Corpus) -> tuple[Code | None, list[Diagnostic]]:
    """The Code, joined to the corpus, with every cross-reference problem found."""
    found: list[Diagnostic] = []
    if raw_code.edition is None or raw_code.structure is None:
        return None, found
    chapters = {c.id: c for c in (_chapter(raw, corpus, found) for raw in raw_code.chapters)}
    e = raw_code.edition.data
    code = Code(
        edition=Edition(
            date=e["date"],
            sources_cutoff=e["sources_cutoff"],
            site_url=e["site_url"],
            title=e.get("title") or "Attendance Code of Practice",
        ),
        parts=_parts(raw_code, chapters, found),
        glossary=_glossary(raw_code.glossary),
        exclusions=_exclusions(raw_code.exclusions, corpus, found),
        corpus=corpus,
        jumps=_jumps(raw_code.aliases),
        keywords=_keywords(raw_code.aliases),
    )
    found += _check_unique(code) + _check_references(code) + coverage_diagnostics(code)
    found += _check_same_rule(code)
    found += _check_cutoff(code)
    return code, found


def _check_cutoff(code: Code) -> list[Diagnostic]:
    cutoff = code.edition.sources_cutoff
    return [
        Diagnostic(
            d.path,
            f"published {d.published}, after this edition's sources cut-off {cutoff}",
            "raise sources_cutoff in code_of_practice/edition.yaml after reviewing the document",
            key="published",
            severity=Severity.WARNING,
        )
        for d in code.corpus.documents
        if d.published > cutoff
    ]
