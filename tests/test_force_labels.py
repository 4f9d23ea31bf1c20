"""The label and force word of every statement corrected in issue 14, pinned on the real Code.

Each row names a section by its number and a fragment of the statement's text, then the label the
reader sees (from the provision that makes the rule) and the force word (None: no force word shown).
"""

from __future__ import annotations

import pytest

from build_tools.project import check_project

from .conftest import ROOT

CASES = [
    # 15.3: the threshold is the statutory guidance's national framework, not law; independents excluded
    ("15.3", "The national threshold, set by the national framework", "statutory-guidance", "must"),
    ("15.3", "an independent school cannot issue one", "statutory-guidance", "must"),
    # 5.4 and 10.1: part-time timetable limits rest on Working together paras 66-67
    ("5.4", "must last only as long as necessary", "statutory-guidance", "must"),
    ("10.1", "entitled to a full-time education", "statutory-guidance", "fact"),
    ("10.1", "Only in very exceptional circumstances", "statutory-guidance", "may"),
    ("10.2", "needs the agreement of both the school and a parent", "law", "must"),
    # 5.1: register closing is guidance's "should", never "Law should"
    ("5.1", "no longer than 30 minutes", "statutory-guidance", "should"),
    # 16.1, 14.1: duties made by Acts are labelled Law
    ("16.1", "section 103 of the Education and Inspections Act 2006", "law", "must"),
    ("14.1", "Children from low-income families", "law", None),
    # 16.3 and 5.5: the special-school consent rule carries one label in both places
    ("16.3", "special school under arrangements the local authority made", "statutory-guidance", "must"),
    ("5.5", "special school under local authority arrangements", "statutory-guidance", "must"),
    ("5.5", "tells a mainstream school in writing", "law", "must"),
    ("16.3", "when a parent tells the school in writing", "law", "must"),
    # 6.3: the 2022 (non-statutory) wording is history, not a statutory "should"
    ("6.3", "Its 2022 edition, which was not statutory", "statutory-guidance", None),
    # 7.1, 6.2, 5.3: code I and medical evidence
    ("7.1", "the school must record the absence as authorised", "statutory-guidance", "must"),
    ("5.3", "the school must record the absence as authorised, with code I", "statutory-guidance", "must"),
    ("5.3", "Illness includes mental ill-health", "statutory-guidance", "fact"),
    ("5.3", "have no separate mental-health absence code", "law", "fact"),
    ("7.1", "Schools do not need to ask routinely for medical evidence", "statutory-guidance", "should-not"),
    ("7.1", "generally not able to give evidence", "guidance", "fact"),
    ("6.2", "generally not able", "guidance", "fact"),
    ("7.1", "The Chief Medical Officer's letter, like the DfE's advice", "guidance", "fact"),
    ("6.1", "The Chief Medical Officer's September 2023 letter is advice", "guidance", "fact"),
    # 17.1 and 5.4: coding remote learning comes from non-statutory advice
    ("17.1", "A pupil learning remotely is recorded as absent", "guidance", None),
    ("17.2", "a pupil who is working at home is still recorded as absent", "guidance", None),
    ("5.4", "A pupil learning remotely, for example online at home", "guidance", None),
    # 16.2: off-rolling is defined by the exclusion guidance, not by law
    ("16.2", "Off-rolling must not happen", "statutory-guidance", "must-not"),
    # 2.3: the UN Convention is not part of English law; the duty to take account of it is guidance
    ("2.3", "UN Convention on the Rights of the Child", "statutory-guidance", "must"),
    ("2.3", "Children missing education (2025) is statutory", "statutory-guidance", "must"),
    # 19.1: Ofsted's toolkit is not statutory guidance
    ("19.1", "Inspectors look at how well leaders understand", "guidance", "fact"),
    ("19.1", "Inspectors check whether all pupils", "guidance", "fact"),
    # found by the new checks and the review of every rests_on
    ("4.1", "and of the UN Convention on the Rights of the Child", "statutory-guidance", "must"),
    ("4.1", "A state school must also have due regard to equality", "law", "must"),
    ("7.1", "Parents keep their legal duty", "law", "must"),
    ("7.1", "parents are encouraged to be open with the school", "guidance", "should"),
    ("11.2", "the absence is unauthorised (code G)", "law", "fact"),
    ("11.2", "do not have to offer support or a notice to improve", "statutory-guidance", "fact"),
    ("15.5", "Section 444(1A): a parent who knows", "law", "fact"),
    ("15.6", "the court may make a parenting order", "law", "may"),
    ("15.6", "The parenting programme lasts up to 3 months", "statutory-guidance", "fact"),
    ("16.2", "because it says it cannot meet their needs", "statutory-guidance", "must-not"),
    ("16.1", "must consider whether to take the pupil back", "statutory-guidance", "must"),
    ("14.1", "beyond walking distance: 2 miles for a child under 8", "law", None),
    ("8.1", "Some pupils face greater barriers to attendance", "statutory-guidance", "fact"),
    ("9.1", 'Suitable education" means efficient education', "law", "fact"),
    ("9.1", "should also be adapted to the child's health needs", "statutory-guidance", "should"),
    ("5.5", "Absence alone is not a ground", "law", "must-not"),
    ("16.4", "absent without permission for 20 school days in a row", "law", "must-not"),
    ("11.2", "must ask the school before the absence", "law", "must"),
    ("5.3", "it records code I. Code I is authorised absence", "law", None),
    ("10.2", "Sessions the pupil is not expected to attend are recorded with code C2", "law", None),
    # 15.2: the power to apply is law; working with the school to offer it is guidance
    ("15.2", "A local authority may apply to the family court", "law", "may"),
    ("15.2", "should work with the school to offer", "statutory-guidance", "should"),
]


@pytest.fixture(scope="module")
def code():
    result = check_project(ROOT, detect_conflicts=False)
    assert result.code is not None and not result.errors, [str(e) for e in result.errors]
    return result.code


@pytest.mark.parametrize(("number", "fragment", "label", "force"), CASES)
def test_corrected_statement_keeps_its_label(code, number, fragment, label, force):
    section = next(s for s in code.sections if s.number == number)
    found = [st for st in section.statements if fragment in " ".join(st.text.split())]
    assert len(found) == 1, f"s.{number}: {len(found)} statements contain {fragment!r}"
    statement = found[0]
    assert (statement.authority.value, statement.force.value if statement.force else None) == (label, force)
