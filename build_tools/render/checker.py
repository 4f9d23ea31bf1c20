"""The policy checker's page and the rules the build exports for it (pure: the site layer writes them).

The page runs the checker in the reader's browser on ``assets/policy/rules.json``: the same rules
``check-policy`` runs on (:func:`build_tools.policy.rules.checker_rules`), with each Code section's,
letter's and official paragraph's address on the site added here, where every URL is made.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from build_tools.claims.engine import KINDS
from build_tools.claims.text import MAX_STATEMENTS
from build_tools.policy import read
from build_tools.policy.rules import CONTENTS_SECTION, checker_rules
from build_tools.project import Project
from build_tools.render.env import environment, front_matter
from build_tools.render.urls import (
    CHECKER_RULES,
    CHECKER_URL,
    VENDOR_URL,
    letter_url,
    page_file,
    provision_url,
    relative,
    section_url,
    site_root,
)

# What the page calls each kind of document (the engine's ids are the stable interface).
KIND_LABELS = {
    "school-policy": "a school's attendance policy",
    "trust-procedure": "an academy trust's attendance procedure",
    "la-protocol": "a council's attendance protocol",
    "la-code-of-conduct": "a council's code of conduct for fines (penalty notices)",
    "school-letter": "a letter from the school",
}
# The file types the page reads: the CLI's, less HTML (the page would have to parse untrusted markup).
PAGE_TYPES = (".txt", ".md", ".docx", ".pdf")
# The CLI's bounds, which the page applies to the same files (checker-page.js reads them from the page).
LIMITS = {
    "bytes": read.MAX_BYTES,
    "text_chars": read.MAX_TEXT_CHARS,
    "pdf_pages": read.MAX_PDF_PAGES,
    "zip_entries": read.MAX_ZIP_ENTRIES,
    "zip_unpacked": read.MAX_ZIP_UNPACKED,
    "statements": MAX_STATEMENTS,
}


def _with_urls(code: dict[str, Any]) -> dict[str, Any]:
    """A subject's or content's place in the Code, with site-root-relative URLs for the page's links."""
    code = copy.deepcopy(code)
    if code.get("section"):
        code["section"]["url"] = section_url(code["section"]["id"])
    if code.get("letter"):
        code["letter"]["url"] = letter_url(code["letter"]["id"])
    for source in code.get("sources") or []:
        source["url"] = provision_url(source["provision"])
    return code


def site_rules(project: Project) -> dict[str, Any]:
    """The checker's rules as the site serves them: :func:`checker_rules` plus the URLs of the Code
    sections, letters and official paragraphs, relative to the site root."""
    assert project.lexicon is not None
    rules = checker_rules(project, project.lexicon)
    for entry in rules["subjects"] + rules["contents"]:
        entry["code"] = _with_urls(entry["code"])
    return rules


def checker_files(project: Project) -> dict[str, str]:
    """The checker page and its rules, keyed by staged path; nothing when the project has no lexicon."""
    if project.lexicon is None:
        return {}
    here = CHECKER_URL
    page = (
        environment()
        .get_template("check_policy.md.j2")
        .render(
            front_matter=front_matter(
                {
                    "title": "Check an attendance policy",
                    "description": (
                        "Paste a school's attendance policy or choose its file: see where it goes against "
                        "the law and the official guidance, and the letter to send. Nothing leaves your "
                        "device."
                    ),
                }
            ),
            rules_href=relative(here, CHECKER_RULES),
            root_href=site_root(here),
            contents_href=relative(here, section_url(CONTENTS_SECTION)),
            vendor_href=relative(here, VENDOR_URL),
            kinds=[{"id": k, "label": KIND_LABELS[k]} for k in KINDS],
            accept=",".join(PAGE_TYPES),
            types=", ".join(PAGE_TYPES),
            max_mb=read.MAX_BYTES // 1_000_000,
            edition=project.code.edition.date,
            limits=json.dumps(LIMITS, sort_keys=True),
        )
    )
    rules = json.dumps(site_rules(project), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return {page_file(CHECKER_URL): page, CHECKER_RULES: rules}


def checker_navigation(project: Project) -> list[Any]:
    """The checker's entry in the site's navigation (none without a lexicon)."""
    return [{"Check an attendance policy": page_file(CHECKER_URL)}] if project.lexicon is not None else []
