"""How the Code is cited: the "cite this" text, and the official sources behind a section."""

from __future__ import annotations

from collections.abc import Sequence

from build_tools.model import Code, Corpus, Document, Provision, Section, Status
from build_tools.render.escape import safe_url
from build_tools.render.urls import short_url


def cite_label(corpus: Corpus, provision: Provision) -> str:
    doc = corpus.document(provision.doc_id)
    return f"{doc.short_title if doc else provision.doc_id}, {provision.ref}"


def citation_text(code: Code, section: Section) -> str:
    """The "cite this" text readers paste into letters (PRODUCT.md fixes its form)."""
    return (
        f"{code.edition.title}, s.{section.number}, edition {code.edition.date}, "
        f"{code.edition.site_url}{short_url(section.number)}"
    )


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(value: str) -> str:
    """ "2026-07-01" as "1 July 2026" ("2026-07" as "July 2026"), as readers write dates."""
    parts = value.split("-")
    words = [str(int(parts[2]))] if len(parts) > 2 else []
    words += [MONTHS[int(parts[1]) - 1]] if len(parts) > 1 else []
    return " ".join(words + [parts[0]])


def newer_edition_notice(doc: Document) -> str:
    """What a reader must know before relying on an older edition: plain text, empty if none is known."""
    newer = doc.newer_edition
    if newer is None:
        return ""
    when = ("on " if newer.date.count("-") == 2 else "in ") + long_date(newer.date)
    verb = "was published" if newer.status == "confirmed" else "is reported to have been published"
    return (
        f"A newer edition, {newer.title}, {verb} {when}; this Code has not yet been checked against it. "
        "Check the current official text before relying on this one."
    )


def status_label(code: Code, status: Status) -> str:
    """A status as readers see it ("statutory guidance"), from the vocabulary."""
    return code.corpus.vocabulary.statuses.get(status.value, status.value)


def official_documents(code: Code, section_id: str) -> dict[str, list[str]]:
    """Official document id -> the paragraph refs a section cites in it, strongest document first.

    The one ranking of a section's official sources, shared by section pages, PDFs and letters.
    """
    section = code.section(section_id)
    refs: dict[str, list[str]] = {}
    for provision_id in section.cited if section else ():
        provision = code.corpus.provision(provision_id)
        doc = code.corpus.document(provision_id.split("/")[0])
        if provision and doc and doc.status.is_official and provision.ref not in refs.setdefault(doc.id, []):
            refs[doc.id].append(provision.ref)
    ranked = sorted((d for i in refs if (d := code.corpus.document(i))), key=lambda d: (d.status.rank, d.id))
    return {d.id: refs[d.id] for d in ranked}


def official_sources(code: Code, section: Section) -> list[dict[str, str]]:
    """The official documents a section rests on, strongest first, with the paragraphs cited."""
    result = []
    for doc_id, refs in official_documents(code, section.id).items():
        d = code.corpus.document(doc_id)
        assert d is not None  # official_documents only returns documents it found
        result.append(
            {
                "title": d.title,
                "status": status_label(code, d.status),
                "date": d.published,
                "refs": ", ".join(refs),
                "url": safe_url(d.url),
            }
        )
    return result


def official_refs(code: Code, section_id: str) -> list[str]:
    """The official sources behind a section in full: "Title (status, date): refs. URL"."""
    result = []
    for doc_id, refs in official_documents(code, section_id).items():
        d = code.corpus.document(doc_id)
        assert d is not None  # official_documents only returns documents it found
        result.append(
            f"{d.title} ({status_label(code, d.status)}, {d.published}): {', '.join(refs)}. {d.url}"
        )
    return result


def cite_full(code: Code, section_id: str) -> str:
    """The "cite this" text of a section (PRODUCT.md form), for letters and handouts."""
    section = code.section(section_id)
    assert section is not None
    return citation_text(code, section)


def short_refs(code: Code, section_ids: Sequence[str]) -> str:
    """Inline citation in a letter: "Attendance Code of Practice, s.6.2 and s.8.2" (sources listed below)."""
    numbers = [f"s.{s.number}" for i in section_ids if (s := code.section(i))]
    joined = ", ".join(numbers[:-1]) + f" and {numbers[-1]}" if len(numbers) > 1 else "".join(numbers)
    return f"{code.edition.title}, {joined}"


# How a reference is spelt out in a letter's body: "para 365" reads as "paragraph 365".
_SPELLED = (
    ("paras ", "paragraphs "),
    ("para ", "paragraph "),
    ("ss.", "sections "),
    ("s.", "section "),
    ("regs ", "regulations "),
    ("reg ", "regulation "),
    ("Sch ", "Schedule "),
)


def month_year(iso: str) -> str:
    """ "2024-08" or "2024-08-29" -> "August 2024"; a bare year stays as it is."""
    parts = iso.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


def spelled_ref(ref: str) -> str:
    """ "para 365" -> "paragraph 365", "paras 53-68" -> "paragraphs 53 to 68", "s.19" -> "section 19"."""
    spelled = ref
    for short, full in _SPELLED:
        if spelled.startswith(short):
            spelled = full + spelled[len(short) :]
            break
    spelled = spelled.replace(" para ", ", paragraph ")
    if spelled.startswith("paragraphs "):
        spelled = spelled.replace("-", " to ", 1)
    return spelled


def official_citation(code: Code, provision_ids: Sequence[str], most: int | None = None) -> str:
    """The official sources of a letter paragraph, as a head teacher would recognise them:
    "Department for Education, Working together to improve school attendance (August 2024),
    paragraph 365". Legislation is cited by its title and section; a reference not yet verified
    against the official text is left out, so the letter never states a number that may be wrong.
    ``most`` caps the references named per document (a printed summary, not a letter)."""
    by_doc: dict[str, list[str]] = {}
    for provision_id in provision_ids:
        provision = code.corpus.provision(provision_id)
        if provision is None:
            continue
        refs = by_doc.setdefault(provision.doc_id, [])
        ref = spelled_ref(provision.ref) if provision.verified else ""
        if ref and ref not in refs:
            refs.append(ref)
    parts = []
    for doc_id, refs in by_doc.items():
        doc = code.corpus.document(doc_id)
        if doc is None or not doc.status.is_official:
            continue
        if doc.status in (Status.ACT, Status.REGULATIONS):
            name = doc.title
        else:
            name = f"{doc.publisher}, {doc.title} ({month_year(doc.published)})"
        shown = refs[:most] if most else refs
        more = " and others" if len(shown) < len(refs) else ""
        parts.append(f"{name}, {' and '.join(shown)}{more}" if refs else name)
    return "; ".join(parts)
