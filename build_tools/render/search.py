"""What the site's search knows beyond the page text: citation jumps and readers' words.

Pure functions. Jumps are derived from the corpus (which Code sections cite s.444 of the Education Act,
reg 10 of the Registration Regulations, para 365 of Working together), and the hand-written aliases in
``code_of_practice/search-aliases.yaml`` come first. Keywords (the words readers type for a page) come
from that file and from the glossary, and are added to the search index mkdocs wrote, together with the
removal of index entries that only repeat other pages (citation lists, "cite this section", print pages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from build_tools.model import Authority, Code, Document, Force, Status
from build_tools.render.urls import section_url

# The documents a bare "s.N", "reg N" or "para N" means.
DEFAULT_DOCUMENTS = {"s": "education-act-1996", "reg": "registration-regs-2024", "para": "wt-2024"}
MAX_TARGETS = 3
GENERIC_SHARE = 0.3
GENERIC_MIN_SECTIONS = 10
_WORD = re.compile(r"[a-z0-9']+")

_SECTION_REF = re.compile(r"^s\.?\s*(\d+[a-z]*)", re.I)
_REG_REF = re.compile(r"\bregs?\.?\s*(\d+)(?:\s*[-–]\s*(\d+))?", re.I)
_PARA_REF = re.compile(r"^paras?\.?\s*(\d+)(?:\s*[-–]\s*(\d+))?", re.I)
# A statement's citation lists and a section's audience line: the same source titles and audiences on
# every page, so they match almost any query.
_RESTS_ON = re.compile(r"<p>\s*(?:Rests on|Context|For):.*?</p>", re.S)
# The authority badge of each statement ("Statutory guidance should") repeats on every page.
_AUTHORITIES = "|".join(a.label for a in Authority)
_FORCES = "|".join(f.value.replace("-", " ") for f in Force)
_LABEL = re.compile(rf"<p>\s*(?:{_AUTHORITIES})(?:\s+(?:{_FORCES}))?\s*</p>")
# Index entries that only repeat what other pages say: the citation box and related links of a section,
# the lists of sections behind a guide and its pages, and pages that repeat others (print versions, topics).
_REPEATS_ANCHORS = ("#cite", "#related", "#sections", "#all-sections")
_REPEATS_PAGES = re.compile(r"^(?:guides/[^/]+/print/|tags/)")
# Reference pages (source digests, the contradictions register, trainers' scenarios) and the lists of
# sections, guides and letters are long and mention everything; a reader's question is answered by a Code
# section, a guide or a letter first.
_REFERENCE_PAGES = re.compile(r"^(?:sources/|contradictions/|training/|(?:code|guides|letters)/(?:#|$))")
REFERENCE_BOOST = 0.3


def document_name(doc: Document) -> str:
    """How readers name a document after a section number: "children act", "penalty notices regulations"."""
    name = re.sub(r"\(.*?\)|\b\d{4}\b|\bSI\b.*", " ", doc.short_title or doc.title).lower()
    return " ".join(re.sub(r"[^a-z\s-]", " ", name).split())


def _numbers(doc: Document, ref: str, kind: str) -> list[tuple[str, int]]:
    """The section, regulation or paragraph numbers a provision's ref names, each with the span it is in."""
    if kind == "s":
        m = _SECTION_REF.match(ref)
        return [(m.group(1).lower(), 1)] if m else []
    pattern = _REG_REF if kind == "reg" else _PARA_REF
    m = pattern.search(ref) if kind == "reg" else pattern.match(ref)
    if not m:
        return []
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if last < first or last - first > 200:
        return []
    return [(str(n), last - first + 1) for n in range(first, last + 1)]


def _kind(doc: Document) -> str | None:
    if doc.status is Status.ACT:
        return "s"
    if doc.status is Status.REGULATIONS:
        return "reg"
    return "para" if doc.id == DEFAULT_DOCUMENTS["para"] else None


def derived_jumps(code: Code) -> dict[str, list[str]]:
    """Jump key -> up to three section ids citing that provision, the most specific citation first.

    Keys: "s.444" (the default document of its kind), "s.36@children act" (named document), "reg 10",
    "para 365". A section citing the exact paragraph outranks one citing a range that contains it.
    """
    order = {s.id: i for i, s in enumerate(code.sections)}
    used = code.used_by()
    weights: dict[str, dict[str, float]] = {}
    for doc in code.corpus.documents:
        kind = _kind(doc)
        if kind is None:
            continue
        prefix = "s." if kind == "s" else f"{kind} "
        keys = [""] if DEFAULT_DOCUMENTS[kind] == doc.id else []
        if kind != "para":  # paragraphs are looked up in one document only
            keys.append("@" + document_name(doc))
        for provision in doc.provisions:
            for number, span in _numbers(doc, provision.ref, kind):
                for suffix in keys:
                    bucket = weights.setdefault(prefix + number + suffix, {})
                    for section_id in used.get(provision.id, ()):
                        bucket[section_id] = bucket.get(section_id, 0.0) + 1.0 / span
    # A section that only mentions the provision in passing (much less than the best) is left out.
    return {
        key: [s for s in sorted(found, key=lambda s: (-found[s], order[s])) if found[s] * 2 >= top][
            :MAX_TARGETS
        ]
        for key, found in sorted(weights.items())
        if found and (top := max(found.values()))
    }


def jump_table(code: Code) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(first target URL of every jump key, further target URLs); hand-written aliases win."""
    first: dict[str, str] = {}
    also: dict[str, list[str]] = {}
    hand = dict(code.jumps)
    derived = derived_jumps(code)
    for key in sorted(set(hand) | set(derived)):
        targets = ([hand[key]] if key in hand else []) + [
            s for s in derived.get(key, []) if s != hand.get(key)
        ]
        first[key] = section_url(targets[0])
        if len(targets) > 1:
            also[key] = [section_url(s) for s in targets[1:MAX_TARGETS]]
    return first, also


def document_names(code: Code) -> dict[str, list[str]]:
    """Kind ("s", "reg") -> the names a reader may put after a number, default document first."""
    names: dict[str, list[str]] = {}
    for doc in code.corpus.documents:
        kind = _kind(doc)
        if kind in ("s", "reg"):
            names.setdefault(kind, []).append(document_name(doc))
            if doc.id == DEFAULT_DOCUMENTS[kind]:
                names[kind].insert(0, names[kind].pop())
    return names


def generic_words(code: Code) -> frozenset[str]:
    """Words in the title or summary of at least 30% of the sections (and of 10 or more): "school",
    "attendance", "absence". As a keyword they would pull a page up for almost any query."""
    counts: dict[str, int] = {}
    for section in code.sections:
        for word in set(_WORD.findall(f"{section.title} {section.summary}".lower())):
            counts[word] = counts.get(word, 0) + 1
    floor = max(GENERIC_MIN_SECTIONS, GENERIC_SHARE * len(code.sections))
    return frozenset(w for w, n in counts.items() if n >= floor)


def page_keywords(code: Code) -> dict[str, list[str]]:
    """Page URL -> the words readers use for it: search-aliases.yaml keywords, then glossary terms, each
    without the site's generic words."""
    generic = generic_words(code)
    pages: dict[str, list[str]] = {}
    for page, words in code.keywords:
        url = page if "/" in page else section_url(page)
        pages.setdefault(url, []).extend(words)
    for entry in code.glossary:
        names = [entry.term, *([entry.abbreviation] if entry.abbreviation else []), *entry.aliases]
        for section_id in entry.sections:
            pages.setdefault(section_url(section_id), []).extend(names)
    specific = {
        url: [kept for w in words if (kept := " ".join(x for x in w.split() if x.lower() not in generic))]
        for url, words in pages.items()
    }
    return {url: list(dict.fromkeys(words)) for url, words in specific.items() if words}


def tune_index(
    index: Mapping[str, Any], keywords: Mapping[str, Iterable[str]]
) -> tuple[dict[str, Any], list[str]]:
    """mkdocs' search index with repeated entries removed and keywords added to each page's entry.

    Returns the new index and the keyword pages that have no entry in it (a wrong path in the data).
    """
    docs = []
    for entry in index.get("docs", []):
        location = str(entry.get("location", ""))
        if location.endswith(_REPEATS_ANCHORS) or _REPEATS_PAGES.match(location):
            continue
        entry = dict(entry)
        entry["text"] = _LABEL.sub("", _RESTS_ON.sub("", str(entry.get("text", ""))))
        if _REFERENCE_PAGES.match(location):
            entry["boost"] = REFERENCE_BOOST
        if location in keywords:
            entry["keywords"] = list(keywords[location])
        docs.append(entry)
    missing = sorted(set(keywords) - {str(d.get("location")) for d in docs})
    return {**index, "docs": docs}, missing
