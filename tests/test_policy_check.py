"""The policy checker: claims read by meaning, the check-policy command, its JSON and its refusals."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.claims.engine import check_document
from build_tools.claims.lexicon import read_lexicon
from build_tools.claims.load import LEXICON
from build_tools.claims.text import statements, tokens
from build_tools.load.yaml import parse_yaml
from build_tools.policy.check import check_text
from build_tools.policy.evaluate import score
from build_tools.policy.read import Unreadable, document_text
from build_tools.policy.rules import checker_rules
from build_tools.project import checker_project

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "policy_eval" / "dev"


@pytest.fixture(scope="module")
def rules() -> dict[str, Any]:
    project = checker_project(ROOT)
    assert project.lexicon is not None
    return checker_rules(project, project.lexicon)


def findings(text: str, rules: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    report = check_document(statements(text), rules, "la-protocol")
    return [(f["subject"], f["type"], f["kind"]) for f in report["findings"]]


def conflicts(text: str, rules: dict[str, Any]) -> set[str]:
    return {s for s, t, _ in findings(text, rules) if t == "conflict"}


# --- meaning, not shared words --------------------------------------------------------------------


def test_synonyms_and_word_forms_meet_the_same_subject(rules):
    for text in (
        "Parents must send in a sick note for every day their child is off ill.",
        "We require GP letters for all absences due to sickness.",
        "A fit note from the doctor will be needed for any illness absence.",
    ):
        assert "medical-evidence" in conflicts(text, rules), text


def test_a_hedged_request_agrees_and_a_blanket_one_conflicts(rules):
    agrees = "We will not normally ask for medical evidence, but where we have a genuine concern we may ask."
    assert ("medical-evidence", "agreement", None) in findings(agrees, rules)
    assert "medical-evidence" not in conflicts(agrees, rules)
    assert "medical-evidence" in conflicts("Medical evidence is required for all illness absence.", rules)


def test_thresholds_are_compared_after_converting_units_and_sides(rules):
    # 5 days = 10 sessions, and ten school weeks written in words: the same as the Code
    same = "A penalty notice may be considered after 5 days of unauthorised absence in any rolling ten weeks"
    assert "penalty-threshold" not in conflicts(same, rules)
    # 10 days = 20 sessions: different
    assert "penalty-threshold" in conflicts(
        "A penalty notice may be issued after 10 days of unauthorised absence in any rolling 10 weeks.",
        rules,
    )
    # 90% attendance is 10% absence (agrees); 85% attendance is 15% absence (conflicts)
    assert "persistent-absence" not in conflicts(
        "Pupils with attendance of 90% or less are persistently absent.", rules
    )
    assert "persistent-absence" in conflicts(
        "Pupils with attendance of 85% or less are persistently absent.", rules
    )
    assert "persistent-absence" in conflicts(
        "Persistent absence means missing fifteen per cent of sessions.", rules
    )
    # "one day in every ten" is a tenth of the sessions, not a one-day threshold
    assert "persistent-absence" not in conflicts(
        "A pupil who misses one day in every ten or more is persistently absent.", rules
    )
    assert "persistent-absence" in conflicts(
        "A pupil who misses one day in every five or more is persistently absent.", rules
    )


def test_money_in_words_and_several_figures_each_count(rules):
    assert "penalty-amount" in conflicts("The fine is sixty pounds if paid within 21 days.", rules)
    assert "penalty-amount" not in conflicts(
        "The penalty notice is £160, reduced to eighty pounds if paid within twenty-one days.", rules
    )
    # one wrong figure among right ones is still a clash
    assert "penalty-amount" in conflicts("The fine is £80 within 21 days or £160 within 35 days.", rules)


def test_a_dropped_qualifier_is_a_conflict(rules):
    assert "s19-trigger" in conflicts(
        "The council will arrange tuition once a child has missed 15 consecutive school days when ill.",
        rules,
    )
    assert "s19-trigger" not in conflicts(
        "The council will arrange tuition once a child will miss 15 school days, consecutive or cumulative.",
        rules,
    )


def test_negation_and_contractions(rules):
    assert "informal-exclusion" in conflicts("Pupils may be sent home to cool off after an incident.", rules)
    assert "informal-exclusion" not in conflicts("We won't send pupils home to cool off.", rules)
    assert "part-time-purpose" not in conflicts(
        "Reduced timetables must never be used to manage behaviour.", rules
    )
    assert "part-time-purpose" in conflicts("Reduced timetables can be used to manage behaviour.", rules)
    # no modal: a "never" just after the subject denies it ("A penalty notice is never requested ...")
    never = "A penalty notice is never requested for illness or for absence we have authorised."
    assert "penalty-illness" not in conflicts(never, rules)
    assert "penalty-illness" in conflicts(
        "A penalty notice is requested for illness absence over 10 sessions.", rules
    )
    # we'd = we would: a negated modal, so an agreement
    assert "home-education-pressure" not in conflicts(
        "We'd never suggest you take your child out of school to home educate.", rules
    )
    assert "home-education-pressure" in conflicts("We'd suggest you consider home educating instead.", rules)


def test_each_modal_verb_keeps_its_own_force(rules):
    """LemmInflect gives "should" as a form of "shall": read that way every "should" became a "must"."""
    said = {
        "Schools should ask for a GP letter for every illness.": "should",
        "Schools shall ask for a GP letter for every illness.": "must",
        "Schools might ask for a GP letter for every illness.": "may",
        "Schools would ask for a GP letter for every illness.": "will",
    }
    for text, force in said.items():
        report = check_document(statements(text), rules, "la-protocol")
        found = [f["claim"]["force"] for f in report["findings"] if f["subject"] == "medical-evidence"]
        assert found == [force], (text, found)


def test_a_phrase_pointing_back_carries_the_subject_of_the_statement_before(rules):
    before = "If your child is off sick for more than two days we will need a GP letter."
    assert "illness-authorised" in conflicts(
        before + " Without one, these days will be recorded as unauthorised.", rules
    )
    # the same sentence alone names no subject, and a statement with its own subject keeps to it
    assert not conflicts("Without one, these days will be recorded as unauthorised.", rules)
    own = before + " Otherwise the fine is £80 if paid within 21 days."
    assert "illness-authorised" not in conflicts(own, rules)
    # a statement carried on must say something its rules look for
    calm = "You do not need to send a doctor's note. Otherwise, please call the office by 9am."
    assert not conflicts(calm, rules)
    # an old term is about the words used: the next statement does not inherit it
    old = "Parents may receive a Fixed Penalty Notice. This is sixty pounds if paid within 21 days."
    report = check_document(statements(old), rules, "la-protocol")
    assert [f["statement"]["index"] for f in report["findings"] if f["subject"] == "old-terms"] == [0]


def test_a_chain_of_pronouns_stays_on_its_subject_past_paragraph_numbers(rules):
    """ "A reduced timetable ... 10.1 It will be agreed ... 10.2 It may also be used for behaviour": the
    second "It" is still the timetable, and a paragraph number does not hide the pronoun."""
    text = (
        "10. Reduced timetables\n\nA reduced timetable is rare and short.\n\n"
        "10.1 It will be agreed in writing with a parent and reviewed every fortnight.\n\n"
        "10.2 It may also be used as a short-term measure for students whose behaviour is poor."
    )
    assert "part-time-purpose" in conflicts(text, rules)
    # the chain ends at a statement that neither names a subject nor points back; the pronoun after it
    # points back to what the heading is about, and without a heading to nothing
    broken = text.replace("10.1 It will be", "10.1 Parents are welcome to call; the plan will be")
    assert "part-time-purpose" in conflicts(broken, rules)
    unheaded = broken.replace("10. Reduced timetables\n\n", "")
    assert "part-time-purpose" not in conflicts(unheaded, rules)


def test_a_statement_that_carries_its_subject_on_takes_the_figures(rules):
    """ "5.1 A request will be accepted where ... 10 sessions ... within six school weeks" names no
    subject: its figures belong to the penalty notices the statement before named."""
    text = "Penalty notices\n\n5.1 A request will be accepted where a pupil has at least 10 sessions of "
    assert "penalty-threshold" in conflicts(text + "unauthorised absence within six school weeks.", rules)
    assert "penalty-threshold" not in conflicts(text + "unauthorised absence within ten school weeks.", rules)


def test_a_word_ending_like_an_abbreviation_still_ends_its_sentence():
    """ "first." ends in "st." and "problems." in "ms.": only a whole word is an abbreviation."""
    assert statements("We work with families first. Fines are a last resort.") == [
        "We work with families first.",
        "Fines are a last resort.",
    ]
    assert len(statements("Talk to us about problems. Fines are a last resort.")) == 2
    assert statements("Ask at St. Anne's office for a form.") == ["Ask at St. Anne's office for a form."]


def test_a_gap_in_a_lexicon_phrase_stands_for_a_few_words():
    """ "only ... unauthorised" meets "only ever be considered for unauthorised" (up to MAX_GAP words)."""
    from build_tools.claims.reading import phrase_end
    from build_tools.claims.text import GAP, MAX_GAP

    words = ["notices", "are", "only", "ever", "be", "considered", "for", "unauthorised", "absence"]
    assert phrase_end(words, 2, ("only", GAP, "unauthorised")) == 8
    assert phrase_end(words, 2, ("only", GAP, "absence")) is None  # five words between: too far
    assert MAX_GAP == 4
    assert phrase_end(words, 2, ("only", "unauthorised")) is None


def test_a_statement_under_a_heading_is_about_the_headings_subject(rules):
    """ "Reduced timetables" then "We keep it going until your child is settled, however long that
    takes": the sentence never names the timetable, its heading does."""
    rule = "We keep it going until your child is settled, however long that takes."
    assert "part-time-end-date" in conflicts("## 6. Reduced timetables\n\n" + rule, rules)
    assert not conflicts(rule, rules)
    # the next heading ends the section, and a heading may hold a force word but not a modal verb
    assert not conflicts("## Reduced timetables\n\n## Encouraging good attendance\n\n" + rule, rules)
    # a common word ("every") does not tie a sentence to the heading's subject; a figure alone does not
    # either: the rows under "Severe absence" are other bands
    assert not conflicts("## Medical evidence\n\nWe phone home on every day of absence.", rules)
    assert not conflicts("## Severe absence\n\nAttendance at or below 90%: a meeting with the tutor.", rules)


def test_the_items_of_a_lead_in_take_its_force(rules):
    """ "3.1 Schools are expected to:" then "(d) have medical evidence for any pupil whose illness
    absence exceeds ten days;": the item states no force of its own, its lead-in does. (An item that opens
    with an instruction, "obtain ...", states `must` itself.)"""
    item = "(d) have medical evidence for any pupil whose illness absence exceeds ten school days;"
    assert "medical-evidence" in conflicts("3.1 Schools are expected to:\n\n" + item, rules)
    assert "medical-evidence" not in conflicts(item, rules)
    assert "medical-evidence" in conflicts(item.replace("have", "obtain"), rules)
    # a sentence inside an item does not end the list; a capitalised statement does not take the force
    between = "(c) record illness accurately. Schools use code I for it;\n\n"
    assert "medical-evidence" in conflicts("Schools are expected to:\n\n" + between + item, rules)
    capital = item.replace("(d) have", "Have")
    assert "medical-evidence" not in conflicts("Schools are expected to:\n\n" + capital, rules)
    # the modal must end the lead-in: here the "not" is about counting, not about the items
    told = "sessions which are recorded as an approved educational activity because the pupil works at home;"
    assert "remote-education-code" in conflicts(
        "The following shall not count towards the total:\n\n" + told, rules
    )


def test_loose_qualifiers_must_be_qualifiers():
    text = (ROOT / LEXICON).read_text(encoding="utf-8")
    shown = _lexicon_problems(text.replace("loose: [universal,", "loose: [universally,", 1))
    assert any("loose" in s and "'universally'" in s for s in shown), shown


def _lexicon_problems(broken: str) -> list[str]:
    """Every problem the lexicon reader finds in ``broken`` (which must still parse as YAML)."""
    raw, problems = parse_yaml(broken, "policy_lexicon.yaml")
    assert raw is not None and not problems
    lexicon, problems = read_lexicon(raw)
    assert lexicon is None
    return [str(p) for p in problems]


def test_a_gap_must_stand_between_words_in_the_lexicon():
    text = (ROOT / LEXICON).read_text(encoding="utf-8")
    broken = text.replace("only considered for unauthorised,", "... only considered,", 1)
    broken = broken.replace("fillers: [or, more,", "fillers: [or ... more,", 1)
    shown = _lexicon_problems(broken)
    assert any("'... only considered' has a gap (...) that is not between two words" in s for s in shown), (
        shown
    )
    assert any("'or ... more' has a gap" in s and "no gaps are allowed here" in s for s in shown), shown


def test_a_force_in_another_clause_does_not_decide_the_subject(rules):
    """ "will not be issued for illness, and the council will return ..." : the second "will" belongs to
    the council's clause, not to the penalty notice."""
    right = (
        "Penalty notices will not be issued for any absence authorised for illness, and the council will "
        "return any request that includes such sessions."
    )
    assert not {"penalty-illness", "penalty-threshold"} & conflicts(right, rules)
    assert "penalty-illness" in conflicts(
        "Penalty notices will be issued for absence recorded as illness.", rules
    )


def test_a_figure_belongs_to_the_subject_in_its_own_clause(rules):
    """The 90% sits nearer "severely absent" than "persistently absent", but in the other clause."""
    text = (
        "A pupil is persistently absent when their attendance is 90% or less, and severely absent when "
        "their attendance is 50% or less."
    )
    assert not {"persistent-absence", "severe-absence"} & conflicts(text, rules)
    assert "severe-absence" in conflicts(text.replace("50% or less", "60% or less"), rules)


def test_periods_and_codes_said_another_way(rules):
    """Wrong in a way a count of words would not see: sessions in a row, a one-year window for the
    second-notice rate, code C for a part-time timetable."""
    assert "penalty-threshold" in conflicts(
        "You may get a fine if your child misses five school days in a row.", rules
    )
    assert "penalty-threshold" not in conflicts(
        "A fine is considered after ten sessions in any ten school weeks; they need not be consecutive.",
        rules,
    )
    assert "penalty-amount" in conflicts("A second fine within the same school year is £160.", rules)
    assert "penalty-amount" not in conflicts("A second fine within three years is £160.", rules)
    missed = (
        "The afternoons missed on his reduced timetable will be recorded as authorised absence using code "
    )
    assert "part-time-code" in conflicts(missed + "C.", rules)
    assert "part-time-code" not in conflicts(missed + "C2.", rules)


def test_clashes_said_in_the_words_schools_use(rules):
    """Rules from the later rounds, each with the right statement beside the wrong one."""
    pairs = [
        (
            "reasonable-adjustments",
            "Reasonable adjustments will be considered for pupils with an Education, Health and Care Plan.",
            "Reasonable adjustments will be made for disabled pupils, with or without an EHC plan.",
        ),
        (
            "sixth-day",
            "The local authority will arrange full-time education from the sixth school day of a suspension.",
            "The school will arrange full-time education from the sixth school day of a suspension.",
        ),
        (
            "leave-grounds",
            "The head may authorise up to ten school days of leave in any year in special circumstances.",
            "Leave is granted only in exceptional circumstances and there is no entitlement to any days.",
        ),
        (
            "informal-exclusion",
            "We may ask you to keep your child at home the next morning while we put a plan in place.",
            "Please keep your child at home until 48 hours after the last episode of vomiting.",
        ),
    ]
    for subject, wrong, right in pairs:
        assert subject in conflicts(wrong, rules), wrong
        assert subject not in conflicts(right, rules), right


def test_two_figures_that_do_not_belong_together(rules):
    """£80 and 28 days are each the Code's, but the £80 rate ends at 21 days."""
    assert "penalty-amount" in conflicts("The fine is £80 per parent if you pay within 28 days.", rules)
    right = "The fine is £80 if paid within 21 days, or £160 if paid within 28 days."
    assert "penalty-amount" not in conflicts(right, rules)
    assert "penalty-amount" not in conflicts("If it is not paid, £160 is due within 28 days.", rules)


def test_a_band_of_percentages_must_lie_on_the_codes_side_of_the_threshold(rules):
    """An attendance-band table: a band called persistent absence must not take in pupils who are not."""
    assert "persistent-absence" in conflicts("| Red | 90% to 94.9% | Persistently absent |", rules)
    assert "persistent-absence" in conflicts("Persistent absence: attendance between 88% and 93%.", rules)
    assert "persistent-absence" not in conflicts("| Purple | 50.1% to 89.9% | Persistently absent |", rules)
    assert "persistent-absence" not in conflicts(
        "| Amber | 90.1% to 95% | At risk of persistent absence |", rules
    )
    assert "severe-absence" not in conflicts("| Black | 0% to 49.9% attendance | Severely absent |", rules)


def test_days_in_a_school_year_are_a_share_of_it(rules):
    """190 school days a year: 19 days missed is the Code's 10%, 15 days is below it."""
    assert "persistent-absence" in conflicts(
        "A pupil who misses 15 days or more in the school year is persistently absent.", rules
    )
    agrees = "A pupil who misses 19 days or more in a school year is persistently absent."
    assert "persistent-absence" not in conflicts(agrees, rules)


def test_work_sent_home_is_not_education_from_the_sixth_day(rules):
    assert "sixth-day" in conflicts("From day six of a suspension, the academy will email work home.", rules)
    fine = "From the sixth day of a suspension we arrange full-time education at the pupil referral unit."
    assert "sixth-day" not in conflicts(fine, rules)


def test_an_ordinal_meets_its_unit_directly(rules):
    """ "support first, and fines" is no first fine; "a third fine" is a third fine."""
    agrees = "We always offer support first, and fines are only ever for unauthorised absence."
    assert not conflicts(agrees, rules)
    assert "penalty-limit" in conflicts("A parent may receive a third fine for the same child.", rules)


def test_the_title_decides_a_policy_whoever_approved_it(rules):
    text = "# Harrowfield Academy - Attendance Policy\n\nApproved by: Local Academy Council\n\nWe expect it."
    assert check_document(statements(text), rules)["kind"] == "school-policy"
    council = "# Castlebridge City Council\n\n## Local Code of Conduct for Penalty Notices\n\nIt applies."
    assert check_document(statements(council), rules)["kind"] == "la-code-of-conduct"
    named = "# St Mary's High School\n\n## Attendance Policy\n\nPart of the St Luke's Academy Trust."
    assert check_document(statements(named), rules)["kind"] == "school-policy"
    letter = "Holmbrook School\n\nMs C Marsh\n\n21 February 2025\n\nPrivate\n\nDear Ms Marsh,\n\nThank you."
    assert check_document(statements(letter), rules)["kind"] == "school-letter"
    # a head teacher's foreword opening "Dear families" is still the policy's
    foreword = "# Brook Primary\n\n## Attendance Policy 2025\n\nA word from the head\n\nDear families, hello."
    assert check_document(statements(foreword), rules)["kind"] == "school-policy"


def test_faq_questions_and_what_a_statement_says_of_itself(rules):
    """A question claims nothing, with or without its question mark; "not persistently absent" beside a
    figure is no rival threshold; part-time sessions coded as illness are not C2."""
    assert not conflicts("Q: Someone at school suggested we home educate to avoid a fine.", rules)
    assert "home-education-pressure" in conflicts("We may suggest home education to avoid a fine.", rules)
    rival = "Pupils whose attendance falls below 93% are persistently absent."
    assert "persistent-absence" in conflicts(rival, rules)
    short = "Attendance that falls below 93% is a worry, but it is not persistently absent yet."
    assert "persistent-absence" not in conflicts(short, rules)
    coded = "Sessions missed under the reduced timetable will be recorded as authorised illness."
    assert "part-time-code" in conflicts(coded, rules)
    assert "part-time-code" not in conflicts(coded.replace("as authorised illness", "with code C2"), rules)


def test_every_finding_names_the_words_the_code_and_what_prevails(rules):
    report = check_document(statements("Absence for anxiety will be recorded as unauthorised."), rules)
    (finding,) = [f for f in report["findings"] if f["type"] == "conflict"]
    assert finding["subject"] == "mental-health-code"
    assert "anxiety" in [w.lower() for w in finding["words"]] and "unauthorised" in finding["words"]
    assert finding["code"]["section"]["number"] == "5.3"
    assert finding["code"]["sources"] and finding["code"]["prevails"]
    assert finding["family"] and finding["says"]
    span = finding["claim"]["span"]
    assert finding["statement"]["text"][span["start"] : span["end"]].lower() == "anxiety"


def test_required_contents_are_checked_for_school_policies_only(rules):
    text = "# Attendance policy\n\nOur senior attendance champion is the deputy head.\n"
    missing = {m["id"] for m in check_document(statements(text), rules)["missing"]}
    assert "senior-attendance-champion" in missing  # a job title alone is not a name and contact details
    named = text.replace("the deputy head", "Mrs Asha Patel (a.patel@example.sch.uk)")
    assert "senior-attendance-champion" not in {
        m["id"] for m in check_document(statements(named), rules)["missing"]
    }
    protocol = "# Riverside Council protocol\n\nThe council will review referrals weekly.\n"
    assert check_document(statements(protocol), rules)["missing"] == []


def test_examples_of_what_a_text_condemns_are_not_what_it_asks_for(rules):
    """What a council lists as unlawful or as warning signs, or gives as examples of a rule it states, agrees
    with the Code; the same words said as the school's practice do not."""
    practice = "Staff may ask parents to collect their child early to cool off."
    assert "informal-exclusion" in conflicts(practice, rules)
    examples = "Sending a pupil home outside the formal exclusion process is unlawful. This includes asking"
    assert "informal-exclusion" not in conflicts(f"{examples} parents to collect their child early.", rules)
    signs = "The Council will treat the following as warning signs of off-rolling:\n\n"
    item = "- suggesting home education as a way to avoid a permanent exclusion being recorded;"
    assert "home-education-pressure" in conflicts(item.lstrip("- "), rules)
    assert "home-education-pressure" not in conflicts(signs + item, rules)
    # "or" carries the denial on; what is done "instead" is another matter; a heading names a topic
    assert not conflicts("We never send a pupil home to cool off or ask parents to collect them.", rules)
    denied = "We will never ask you to collect your child early because of behaviour - instead we will talk."
    assert "informal-exclusion" not in conflicts(denied, rules)
    assert "informal-exclusion" not in conflicts("Part G: Sent home during the day", rules)


def test_a_schools_phase_is_read_from_the_documents_title(rules):
    """ "more than three miles" leaves out the 2-mile distance for the under-8s of a primary school, not of
    a secondary; the phase is in the title, not in the sentence."""
    body = "Attendance Policy\n\nPupils qualify for free transport if they live more than three miles away.\n"
    primary = check_document(statements("Wrenfold Primary School\n\n" + body), rules, "school-policy")
    secondary = check_document(statements("Wrenfold High School\n\n" + body), rules, "school-policy")
    assert [f["subject"] for f in primary["findings"] if f["type"] == "conflict"] == ["walking-distance"]
    assert "walking-distance" not in {f["subject"] for f in secondary["findings"] if f["type"] == "conflict"}
    ages = body.replace("more than three miles away", "over two miles (under 8) or three miles (8 and over)")
    assert not check_document(statements("Wrenfold Primary School\n\n" + ages), rules)["summary"]["conflicts"]


def test_a_clause_that_opens_with_an_instruction_states_must(rules):
    """A home-school agreement's "Provide a doctor's note ..." has no modal but demands the note; the same
    words after "Recorded" (read as the word form "record") or inside a clause give no instruction."""
    told = "Celebrate good attendance; Provide a doctor's note for any illness absence of more than two days"
    assert "medical-evidence" in conflicts(told, rules)
    assert "medical-evidence" not in conflicts(told.replace("Provide", "Parents often provide"), rules)
    assert "medical-evidence" not in conflicts(told.replace("Provide", "Provided"), rules)


def test_the_digit_of_an_attendance_code_is_no_figure(rules):
    """ "C2 sessions" names a code, not two sessions: no threshold of 2 against the Code's 10."""
    told = "Because C2 sessions are authorised absence, penalty notices cannot be used for them."
    assert "penalty-threshold" not in conflicts(told, rules)
    assert "penalty-threshold" in conflicts(
        told.replace("Because C2 sessions are authorised absence, p", "P").replace(
            "cannot be used for them", "will be issued after 2 sessions"
        ),
        rules,
    )


def test_be_fined_is_not_the_adjective_fine(rules):
    """ "can be fined" is a penalty, not "that would be fine"; "Nobody is going to be fined" denies it."""
    assert "penalty-amount" in conflicts("Each parent can be fined £60, rising to £120 after 21 days.", rules)
    assert not conflicts("Nobody is going to be fined because their child was ill.", rules)
    assert not conflicts("A note from home will be fine for most illnesses.", rules)


def test_a_narrower_subjects_clash_is_told_once(rules):
    """Anxiety "is not illness and will be recorded as unauthorised" is the mental-health clash; illness
    recorded as unauthorised for want of a note is still the illness one."""
    anxious = "Anxiety about school is not an illness, so these days will be recorded as unauthorised."
    assert conflicts(anxious, rules) == {"mental-health-code"}
    no_note = "Illness without a GP note will be recorded as unauthorised."
    assert "illness-authorised" in conflicts(no_note, rules)


def _missing(text: str, rules: dict) -> set[str]:
    return {m["id"] for m in check_document(statements(text), rules, "school-policy")["missing"]}


def test_a_content_is_read_across_sentences_but_not_from_denials_glossaries_or_other_people(rules):
    defined = (
        "A pupil who misses 10% of sessions is persistently absent. "
        "A pupil who misses half is severely absent. "
    )
    acted = defined + "For either group, the deputy head will meet the family."
    assert "persistent-severe-strategy" in _missing(defined, rules)  # a definition is no strategy
    assert "persistent-severe-strategy" not in _missing(acted, rules)
    # help offered in general after a definition is about no group: not a strategy for these pupils
    offered = defined + "If your child's attendance is a concern, we will offer support."
    assert "persistent-severe-strategy" in _missing(offered, rules)
    linked = (
        defined + "Those labels tell only part of the story. Where attendance is low we will agree a plan."
    )
    assert "persistent-severe-strategy" not in _missing(linked, rules)
    glossary = "Persistent absence: missing 10% or more.\n\nAttendance panel: a fortnightly meeting.\n"
    assert "persistent-severe-strategy" in _missing(glossary, rules)
    # a cross-reference names another policy, not the support
    alongside = "This policy should be read alongside our Supporting Pupils with Medical Conditions Policy."
    assert "send-health-support" in _missing(alongside, rules)
    assert "send-health-support" not in _missing(
        "We support pupils with medical conditions with a plan.", rules
    )
    # one word is not both cues: the heading "Rewards" names an incentive, not what it rewards
    assert "incentives" in _missing("Rewards\n\nPlease ring the office by 9am.", rules)
    rewards = "We celebrate good attendance with certificates in assembly."
    assert "incentives" not in _missing(rewards, rules)
    assert "incentives" in _missing("The school does not operate attendance rewards or prize draws.", rules)
    champion = "Our senior attendance champion is Mrs Priya Ransome. Telephone 01632 960741."
    assert "senior-attendance-champion" not in _missing(champion, rules)
    others = champion.replace("Telephone", "Our attendance officer is Ms Carys Hembrow. Telephone")
    assert "senior-attendance-champion" in _missing(others, rules)  # the number reaches someone else
    initial = "Our senior attendance champion is Mr D. Hollins (d.hollins@example.sch.uk)."
    assert len(statements(initial)) == 1 and "senior-attendance-champion" not in _missing(initial, rules)
    faq = "My child's poorly - what do I do?\n\nPlease ring the office before 9am."
    assert "reporting-absence" in _missing(faq.replace("poorly", "late"), rules)
    assert "reporting-absence" not in _missing(faq, rules)  # the question it answers says what it is about
    assert "times-and-registers" in _missing("By 9:45am the office checks every register.", rules)
    assert "times-and-registers" not in _missing("The register closes at 8.50am.", rules)


def test_tokens_read_contractions_possessives_and_skip_addresses():
    words = [t.word for t in tokens("Won't ask for doctor's notes; email attendance.penalties@x.org")]
    assert words[:3] == ["will", "not", "ask"] and "doctor" in words and "penalties" not in words


def test_statements_split_bullets_tables_and_sentences_not_abbreviations():
    text = "Intro line one\ncontinues here. Next, e.g. this one.\n\n- a bullet\n| cell one | cell two |\n"
    assert statements(text) == [
        "Intro line one continues here.",
        "Next, e.g. this one.",
        "a bullet",
        "cell one; cell two",
    ]


# --- the development set: a floor, so a change that breaks it is seen (the test set is never used here)


def test_an_item_under_a_lead_in_is_about_the_lead_ins_subject_even_naming_its_own(rules):
    """ "as an alternative to suspension ..." names a suspension (the sixth-day subject) but, as an item
    of "A part-time timetable may be considered in the following situations:", it is a purpose of the
    part-time timetable."""
    lead = "A part-time timetable may be considered in the following situations:\n\n"
    item = "- as an alternative to suspension for a pupil whose behaviour is escalating."
    assert "part-time-purpose" in conflicts(lead + item, rules)
    assert "part-time-purpose" not in conflicts(item, rules)
    # a capitalised statement after the list is not one of its items
    after = "\n\nA suspension for behaviour is decided by the head teacher."
    assert "part-time-purpose" not in conflicts(lead + "- a medical condition;" + after, rules)


def test_a_strict_comparison_at_an_inclusive_threshold_leaves_a_pupil_out(rules):
    """Persistent absence is 10% or more: "below 90%" leaves out the pupil at exactly 90%."""
    for text in (
        "Pupils whose attendance drops below 90% are considered persistently absent.",
        "Under 90% attendance; Persistently absent; referral to Early Help",
        "A pupil who misses more than 10% of sessions is persistently absent.",
    ):
        assert "persistent-absence" in conflicts(text, rules), text
    for text in (
        "Attendance at or below 90% is treated as persistent absence.",
        "A pupil who misses 10% or more of sessions is persistently absent, and one who misses half or"
        " more is severely absent.",
        "Because this is below 90%, Oliver is now counted as persistently absent.",
    ):
        assert "persistent-absence" not in conflicts(text, rules), text
    # a definition beside a child's own figure is still a definition
    close = "Nationally a pupil is classed as persistently absent when they miss 15% or more; Ellis is close."
    assert "persistent-absence" in conflicts(close, rules)


def test_clashes_in_how_notices_are_issued_and_charged(rules):
    assert "penalty-threshold" in conflicts(
        "When a pupil reaches 10 sessions of unauthorised absence in a rolling 10 school weeks, a penalty"
        " notice will be issued automatically.",
        rules,
    )
    assert "penalty-threshold" not in conflicts(
        "Meeting the threshold does not mean that a penalty notice will be issued automatically.", rules
    )
    assert "penalty-amount" in conflicts(
        "The same payment terms, including the reduced rate, apply to a second notice.", rules
    )
    assert "penalty-amount" not in conflicts("A second notice is £160, with no reduced rate.", rules)
    assert "informal-exclusion" in conflicts(
        'A short "cooling-off" period at home, agreed with the parent, is not an exclusion and does not need'
        " to be recorded as one.",
        rules,
    )


def test_a_consequence_after_so_does_not_decide_the_subjects_force(rules):
    """ "..., so it won't affect their percentage": the "won't" is about the percentage, not the lessons."""
    said = "Online lessons at home count as attendance, so it won't affect their percentage."
    assert "remote-education-code" in conflicts(said, rules)
    denied = "Online lessons at home will not count as attendance."
    assert "remote-education-code" not in conflicts(denied, rules)


def test_a_label_claims_nothing_but_the_words_it_uses(rules):
    """ "L3 - Fixed Penalty Notice warning" is a label: it says nothing of when a notice is issued, but it
    still calls the notice by a name the guidance has replaced."""
    found = findings("L3 - Fixed Penalty Notice warning", rules)
    assert [s for s, t, _ in found if t == "conflict"] == ["old-terms"]
    assert findings("Incidents, suspensions and going home", rules) == []


def test_a_carried_subject_shows_the_words_that_decided_not_the_first_word(rules):
    """ "Without it, the later days may ... be shown as unauthorised" is about the note asked for before: its
    clashing words are "unauthorised", not "Without", where the carried subject is placed."""
    text = (
        "For any illness longer than three days we ask for a note from your GP.\n\n"
        "Without it, the later days may have to be shown as unauthorised on your child's record."
    )
    report = check_document(statements(text), rules, "school-letter")
    carried = [f for f in report["findings"] if f["statement"]["index"] == 1 and f["type"] == "conflict"]
    assert carried and all("Without" not in f["words"] for f in carried)
    assert any("unauthorised" in f["words"] for f in carried)


def test_the_development_documents_stay_above_their_floor(rules):
    tp = fp = fn = 0
    for file in sorted(DEV.glob("*.labels.yaml")):
        labels = yaml.safe_load(file.read_text(encoding="utf-8"))
        report = check_text(labels["document"], (DEV / labels["document"]).read_text(encoding="utf-8"), rules)
        tally = score(report, labels)
        tp, fp, fn = tp + tally.tp, fp + tally.fp, fn + tally.fn
    assert tp / (tp + fn) >= 0.85 and tp / (tp + fp) >= 0.9, (tp, fp, fn)


# --- the command ----------------------------------------------------------------------------------


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(ROOT), "check-policy", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_check_policy_prints_findings_for_each_development_document():
    files = sorted(str(p) for p in DEV.glob("*.md"))
    done = run(*files)
    assert done.returncode == 0, done.stderr
    for name in files:
        assert f"{name}:" in done.stdout
    assert "Serious: goes against the law or statutory guidance" in done.stdout
    assert "Code s.6.2" in done.stdout


def _keys_documented(readme: str) -> set[str]:
    block = readme.split("### `check-policy --json`", 1)[1].split("\n## ", 1)[0]
    return {word for span in re.findall(r"`([^`]+)`", block) for word in re.findall(r"[a-z_]+", span)}


def test_the_json_shape_is_documented_and_stable():
    done = run(str(DEV / "primary-strict.md"), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    documented = _keys_documented((ROOT / "README.md").read_text(encoding="utf-8"))
    document = data["documents"][0]
    finding = next(f for f in document["findings"] if f["type"] == "conflict")
    used = set(data) | set(document) | set(document["summary"]) | set(finding) | set(finding["claim"])
    used |= set(finding["code"]) | set(finding["statement"]) | set(finding["code"]["sources"][0])
    used |= set(document["missing"][0])
    assert used <= documented, f"keys missing from README 'check-policy --json': {sorted(used - documented)}"
    assert data["format"] == "attendance-code/check-policy" and data["version"] == 1


def test_fail_on_conflicts_sets_the_exit_code():
    assert run(str(DEV / "primary-strict.md"), "--fail-on", "conflicts").returncode == 1
    assert run(str(DEV / "primary-strict.md")).returncode == 0


def test_a_reader_that_closes_the_pipe_gets_no_traceback():
    """`check-policy --json FILE | head -1`: the command exits as a closed pipe does, silently."""
    command = [sys.executable, "-m", "build_tools", "--root", str(ROOT), "check-policy", "--json"]
    done = subprocess.Popen(
        command + sorted(str(p) for p in DEV.glob("*.md")),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert done.stdout is not None and done.stderr is not None
    assert done.stdout.read(10) == b'{\n  "forma'
    done.stdout.close()  # what `head` does once it has its line
    errors = done.stderr.read().decode()
    assert done.wait(timeout=120) == 141, errors
    assert "Traceback" not in errors and "BrokenPipe" not in errors


# --- bad input: a clear message naming the file, exit 1, never a traceback --------------------------


def _docx(extra: dict[str, bytes]) -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Parents must provide a doctor's note for every absence.")
    document.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_every_bad_file_is_refused_with_a_named_reason(tmp_path):
    planted = {
        "empty.txt": (b"", "has no text to check"),
        "encrypted.pdf": (_encrypted_pdf(), "encrypted PDF"),
        "scan.pdf": (_blank_pdf(), "no text layer"),
        "broken.pdf": (b"%PDF-1.7\n garbage", "not a readable PDF"),
        "macros.docx": (_docx({"word/vbaProject.bin": b"x"}), "contains macros"),
        "objects.docx": (_docx({"word/embeddings/oleObject1.bin": b"x"}), "embedded objects"),
        "notzip.docx": (b"PK not really", "not a Word document"),
        "binary.txt": (b"\x00\x01\x02" * 100, "not a text file"),
        "image.png": (b"\x89PNG", "'.png' file"),
        "french.txt": (
            (
                "Les parents doivent informer l'école de toute absence de leur enfant avant neuf "
                "heures du matin, par téléphone ou par courriel, et fournir une explication écrite "
                "au retour de l'élève. " * 3
            ).encode(),
            "does not look like English",
        ),
    }
    for name, (data, _) in planted.items():
        (tmp_path / name).write_bytes(data)
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # 50 MB, sparse: refused from its size before it is read
        handle.truncate(50_000_000)
    done = run(*[str(tmp_path / n) for n in planted], str(big))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    for name, (_, message) in planted.items():
        assert re.search(rf"{re.escape(name)}: error: .*{re.escape(message)}", done.stderr), (
            name,
            done.stderr,
        )
    assert "huge.txt: error: is 50 MB, over the 20 MB limit" in done.stderr


def test_html_is_read_as_text_and_never_run():
    page = (
        b"<html><head><script>alert(1)</script><style>p{}</style></head><body>"
        b"<h1>Attendance policy</h1><p>Parents must provide a GP letter for every illness absence.</p>"
        b"<img src=x onerror=alert(2)></body></html>"
    )
    text = document_text("policy.html", page)
    assert "alert" not in text and "GP letter" in text


def test_a_docx_is_read_in_order():
    text = document_text("policy.docx", _docx({}))
    assert "doctor's note for every absence" in text


def test_unknown_type_is_refused():
    with pytest.raises(Unreadable):
        document_text("policy.xlsx", b"data")


# --- the lexicon is data from the public: every mistake is a file:line error ------------------------


def test_lexicon_mistakes_are_reported_with_their_line():
    text = (ROOT / LEXICON).read_text(encoding="utf-8")
    broken = text.replace("when: {any: [routine-denied]}", "when: {any: [no-such-qualifier]}", 1)
    broken = broken.replace("  must: [must,", "  mustt: [must,", 1)
    broken = broken.replace("size: 2, words: [day,", "size: lots, words: [day,", 1)
    broken = broken.replace("    after: 2", "    after: -1", 1)
    broken = broken.replace("unless: [cross-reference]", "unless: [cross-referenc]", 1)
    broken = broken.replace("from_title: [primary-phase]", "from_title: [primary-phaze]", 1)
    broken = broken.replace("imperatives: [provide,", "imperatives: [hand in,", 1)
    broken = broken.replace("narrows: [illness-authorised]", "narrows: [illness-authorized]", 1)
    shown = _lexicon_problems(broken)
    assert any("narrows[0]" in s and "'illness-authorized' is not another subject" in s for s in shown), shown
    assert any("[imperatives[0]" in s and "'hand in' is more than one word" in s for s in shown), shown
    assert any("[contents[" in s and "'-1' is not a whole number from 0 to 5" in s for s in shown), shown
    assert any("[from_title" in s and "'primary-phaze' is not one of" in s for s in shown), shown
    assert any(".unless" in s and "'cross-referenc' is not one of" in s for s in shown), shown
    assert any("'no-such-qualifier' is not one of" in s and "policy_lexicon.yaml:" in s for s in shown), shown
    assert any("'mustt' is not a force" in s for s in shown), shown
    assert any("'lots' is not a number" in s for s in shown), shown


def test_wrong_types_in_the_lexicon_never_raise():
    for data in (
        "subjects: 3",
        "[1, 2]",
        "numbers: {ten: [1]}\nunits: x\nforces: 1\nnegations: {}\n"
        "qualifiers: []\nsubjects: [{id: 1}]\ncontents: [x]\nshares: 3\nenglish: no",
    ):
        raw, _ = parse_yaml(data, "lexicon.yaml")
        assert raw is not None
        lexicon, problems = read_lexicon(raw)
        assert lexicon is None and problems


def test_the_word_form_cache_is_up_to_date_and_changes_nothing():
    """The cached forms are what LemmInflect gives for the lexicon (else: scripts/refresh_word_forms.py)."""
    from build_tools.claims.compile import compile_rules, inflect, lexicon_words
    from build_tools.claims.load import load_lexicon

    lexicon, _ = load_lexicon(ROOT)
    assert lexicon is not None
    fresh = inflect(lexicon_words(lexicon))
    assert lexicon.word_forms == fresh, "run: python scripts/refresh_word_forms.py"
    assert compile_rules(lexicon) == compile_rules(lexicon, cache={})


def test_the_lexicon_names_only_what_the_project_has(tmp_path):
    """Every section, provision, letter and source claim subject the lexicon names must exist."""
    import shutil

    from build_tools.project import check_project

    for name in ("guidance_sources", "code_of_practice", "guides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    lexicon = tmp_path / LEXICON
    text = lexicon.read_text(encoding="utf-8")
    text = text.replace("section: medical-evidence\n", "section: no-such-section\n", 1)
    text = text.replace("claims: [medical-evidence.routine-request,", "claims: [no.such-claim,", 1)
    text = text.replace("letter: illness-without-note\n", "letter: no-such-letter\n", 1)
    lexicon.write_text(text, encoding="utf-8")
    shown = [str(d) for d in check_project(tmp_path, detect_conflicts=False).errors]
    for message in (
        "unknown Code section 'no-such-section'",
        "no source makes a claim on 'no.such-claim'",
        "unknown letter 'no-such-letter'",
    ):
        assert any(message in s and "lexicon.yaml:" in s for s in shown), (message, shown)
    report = check_project(ROOT, detect_conflicts=False).as_json()["policy_checker"]
    assert report["covered"] + len(report["not_covered"]) == report["source_claim_subjects"]
