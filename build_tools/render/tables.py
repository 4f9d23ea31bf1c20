"""Tables the build makes from the sources, so a summary never drifts from the provisions it sums up.

``attendance-codes``: every code of the 2024 Pupil Registration Regulations, read from the digest's
regulation 10 provisions, whose ids name the table each code sits in (``reg10-unauth-g``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from build_tools.model import Code

REGISTRATION_REGULATIONS = "registration-regs-2024"

# The regulation's tables, in its order: what readers need to know about a code in each.
CATEGORIES: tuple[tuple[str, str, str, str], ...] = (
    # id part, category, authorised?, counts as absence?
    ("2-present", "Present", "Present", "No"),
    ("2-l", "Present (late, before the register closed)", "Present", "No"),
    ("3-", "Attending approved education away from school", "Present", "No"),
    ("leave", "Leave of absence", "Authorised", "Yes"),
    ("auth", "Other authorised absence", "Authorised", "Yes"),
    ("unable", "Unable to attend because of exceptional circumstances", "Not counted", "No"),
    ("unauth", "Unauthorised absence", "Unauthorised", "Yes"),
    ("admin", "Administrative", "Not counted", "No"),
)
# X sits in the leave table but is for a pupil under or over compulsory school age who is not required
# to attend the session, so it is not absence.
NOT_REQUIRED = {"X"}

_CODE_IN_REF = re.compile(r"\(codes? ([^)]+)\)")
_LEADING_CODE = re.compile(r"^[A-Z#][0-9]?:\s*")


def _code_of(ref: str, local_id: str, text: str) -> str:
    match = _CODE_IN_REF.search(ref)
    if match:
        return match.group(1)
    if local_id.endswith("-present"):
        return "/ and \\"
    codes = re.findall(r"\b([A-Z])\s\(", text)  # "P (approved ...), W (work experience) and B (...)"
    return ", ".join(codes)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def attendance_codes(code: Code, provision_href: Callable[[str], str]) -> list[dict[str, Any]]:
    """One row per code (or group of codes), in the regulation's order."""
    doc = code.corpus.document(REGISTRATION_REGULATIONS)
    rows: list[dict[str, Any]] = []
    for provision in doc.provisions if doc else ():
        if not provision.local_id.startswith("reg10-") or provision.local_id == "reg10-1":
            continue
        part = provision.local_id.removeprefix("reg10-")
        category = next((c for c in CATEGORIES if part.startswith(c[0])), None)
        code_text = _code_of(provision.ref, provision.local_id, provision.text)
        if category is None or not code_text:
            continue
        _, label, authorised, absence = category
        if code_text in NOT_REQUIRED:
            authorised, absence = "Not counted", "No"
        rows.append(
            {
                "code": code_text,
                "meaning": _sentence(_LEADING_CODE.sub("", provision.text)),
                "category": label,
                "authorised": authorised,
                "absence": absence,
                "href": provision_href(provision.id),
                "ref": provision.ref,
                "verified": provision.verified,
            }
        )
    return rows
