"""policy.guards: what must be true before a case moves, closes or takes a formal step
(DOMAIN §5.2 "Preconditions belong to the move", §5.3, §6). Pure: plain snapshots, no database."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.guards import (
    CaseFacts,
    CaseSnapshot,
    EvidenceFact,
    JudgementFact,
    closure_refusal,
    formal_step_move,
    formal_step_refusal,
    move_options,
    order_in_force,
    transition_refusal,
    unacknowledged_evidence,
)
from policy.workflow import TRANSITIONS, EpisodeKind

START = date(2026, 1, 5)
DOB = date(2015, 3, 1)
DAY = timedelta(days=1)


def facts(status="new", kind="ehe") -> CaseFacts:
    case = CaseFacts(kind=kind, start=START, date_of_birth=DOB)
    if status != case.snapshot.status:
        case.moved(status, START)
    return case


def at_information_requested(requested=date(2026, 3, 2), reply_by=date(2026, 3, 30)):
    case = facts("informal_enquiry")
    case.judged(requested, "not_yet_satisfied", "Too little to go on", False)
    case.requested(requested, reply_by)
    case.moved("information_requested", requested)
    return case


def refusal_text(refusal) -> str:
    assert refusal is not None, "expected a refusal"
    return refusal.message


# Into the panel ------------------------------------------------------------------------


def test_panel_needs_an_adverse_judgement_with_reasons():
    case = at_information_requested()
    on = date(2026, 4, 10)
    assert "does not appear suitable" in refusal_text(
        transition_refusal(case.snapshot, "panel", on=on)
    )
    case.judged(on, "does_not_appear_suitable", "   ", False)
    assert transition_refusal(case.snapshot, "panel", on=on) is not None
    case.judged(on, "does_not_appear_suitable", "No evidence of a suitable education", False)
    assert transition_refusal(case.snapshot, "panel", on=on) is None


def test_panel_waits_for_the_reply_date_or_the_reply():
    case = at_information_requested(reply_by=date(2026, 3, 30))
    case.judged(date(2026, 3, 30), "does_not_appear_suitable", "Nothing received", False)
    text = refusal_text(transition_refusal(case.snapshot, "panel", on=date(2026, 3, 30)))
    assert "until 30 March 2026" in text
    # The reply arrived early: the judgement can follow it.
    case.replied(date(2026, 3, 20))
    assert transition_refusal(case.snapshot, "panel", on=date(2026, 3, 30)) is None


def test_panel_the_day_after_the_reply_date_is_allowed():
    case = at_information_requested(reply_by=date(2026, 3, 30))
    case.judged(date(2026, 3, 31), "does_not_appear_suitable", "Nothing received", False)
    assert transition_refusal(case.snapshot, "panel", on=date(2026, 3, 31)) is None


@given(
    reply_days=st.integers(min_value=1, max_value=90),
    judged_after_request=st.integers(min_value=0, max_value=200),
)
def test_panel_is_allowed_exactly_when_the_reply_date_has_passed(reply_days, judged_after_request):
    requested = date(2026, 3, 2)
    reply_by = requested + timedelta(days=reply_days)
    judged = requested + timedelta(days=judged_after_request)
    case = at_information_requested(requested, reply_by)
    case.judged(judged, "does_not_appear_suitable", "Nothing received", False)
    allowed = transition_refusal(case.snapshot, "panel", on=judged) is None
    assert allowed == (judged > reply_by)


def test_panel_needs_evidence_on_file_considered_including_evidence_that_came_later():
    case = at_information_requested()
    case.evidence(date(2026, 1, 20))  # an EHCP on file before any judgement
    on = date(2026, 4, 10)
    case.judged(on, "does_not_appear_suitable", "No evidence of education", False)
    assert "Medical or SEN evidence came on file on 20 January 2026" in refusal_text(
        transition_refusal(case.snapshot, "panel", on=on)
    )
    case.judged(on, "does_not_appear_suitable", "No evidence of education", True)
    assert transition_refusal(case.snapshot, "panel", on=on) is None
    # New evidence arriving after that judgement must be considered before a formal step.
    case.moved("panel", on)
    case.evidence(on + 3 * DAY)
    assert "no judgement since then" in refusal_text(
        formal_step_refusal(case.snapshot, "s437_notice", on=on + 10 * DAY)
    )


def test_a_document_uploaded_after_the_judgement_was_written_is_not_considered_by_it():
    written = datetime(2026, 4, 10, 10, 0)
    judgement = JudgementFact(date(2026, 4, 10), "does_not_appear_suitable", "x", True, written)
    earlier = EvidenceFact(date(2026, 4, 10), written - timedelta(hours=1))
    later = EvidenceFact(date(2026, 4, 10), written + timedelta(hours=1))
    assert earlier.considered_by(judgement)
    assert not later.considered_by(judgement)
    snapshot = CaseSnapshot(
        kind="ehe",
        status="panel",
        start=START,
        date_of_birth=DOB,
        status_since=date(2026, 4, 10),
        judgements=(judgement,),
        evidence=(earlier, later),
    )
    assert unacknowledged_evidence(snapshot, date(2026, 4, 20)) == date(2026, 4, 10)


# The formal ladder -----------------------------------------------------------------------


def at_panel(on=date(2026, 4, 10)) -> CaseFacts:
    case = at_information_requested()
    case.judged(on, "does_not_appear_suitable", "No evidence of education", False)
    case.moved("panel", on)
    return case


def test_the_s437_stage_is_reached_only_with_the_notice_served():
    case = at_panel()
    on = date(2026, 5, 1)
    assert "only when the s437(1) notice is recorded as served" in refusal_text(
        transition_refusal(case.snapshot, "s437_notice", on=on)
    )
    assert formal_step_refusal(case.snapshot, "s437_notice", on=on) is None
    assert formal_step_move("s437_notice", "panel") == "s437_notice"
    case.served("s437_notice", on)
    assert transition_refusal(case.snapshot, "s437_notice", on=on) is None


def test_an_s437_notice_is_served_only_at_the_panel_stage():
    case = at_information_requested()
    assert "School Attendance Panel" in refusal_text(
        formal_step_refusal(case.snapshot, "s437_notice", on=date(2026, 4, 1))
    )


def at_s437(served=date(2026, 5, 1)) -> CaseFacts:
    case = at_panel()
    case.served("s437_notice", served)
    case.moved("s437_notice", served)
    return case


def test_the_order_process_waits_for_the_notice_period_and_a_reasoned_decision():
    served = date(2026, 5, 1)  # the period runs 1–15 May (s437(2): 15 days from service)
    case = at_s437(served)
    case.judged(date(2026, 5, 15), "does_not_appear_suitable", "Not satisfied", True)
    text = refusal_text(formal_step_refusal(case.snapshot, "s438_notice", on=date(2026, 5, 15)))
    assert "until 15 May 2026" in text
    case.judged(date(2026, 5, 16), "does_not_appear_suitable", "Not satisfied", True)
    assert formal_step_refusal(case.snapshot, "s438_notice", on=date(2026, 5, 16)) is None
    # The bare move is refused: the notice of intention (or the order) makes it.
    assert "notice of intention" in refusal_text(
        transition_refusal(case.snapshot, "sao_process", on=date(2026, 5, 16))
    )
    case.served("s438_notice", date(2026, 5, 16))
    assert transition_refusal(case.snapshot, "sao_process", on=date(2026, 5, 16)) is None


@given(decided_after=st.integers(min_value=0, max_value=60))
def test_an_order_follows_only_a_decision_after_the_period(decided_after):
    served = date(2026, 5, 1)
    case = at_s437(served)
    decided = served + timedelta(days=decided_after)
    case.judged(decided, "does_not_appear_suitable", "Not satisfied", True)
    allowed = formal_step_refusal(case.snapshot, "sao_served", on=decided) is None
    assert allowed == (decided >= served + timedelta(days=15))


def test_an_order_in_force_blocks_a_return_to_suitable_until_revoked():
    case = at_s437()
    case.judged(date(2026, 6, 1), "does_not_appear_suitable", "Not satisfied", True)
    case.served("sao_served", date(2026, 6, 2))
    case.moved("sao_process", date(2026, 6, 2))
    assert order_in_force(case.snapshot, date(2026, 7, 1)).occurred_on == date(2026, 6, 2)
    assert "already in force" in refusal_text(
        formal_step_refusal(case.snapshot, "sao_served", on=date(2026, 7, 1))
    )
    case.judged(date(2026, 9, 1), "appears_suitable", "Suitable education shown", True)
    assert "still in force" in refusal_text(
        transition_refusal(case.snapshot, "suitable", on=date(2026, 9, 1))
    )
    assert formal_step_refusal(case.snapshot, "sao_revoked", on=date(2026, 9, 1)) is None
    case.served("sao_revoked", date(2026, 9, 1))
    assert order_in_force(case.snapshot, date(2026, 9, 1)) is None
    assert transition_refusal(case.snapshot, "suitable", on=date(2026, 9, 1)) is None
    assert "no school attendance order in force" in refusal_text(
        formal_step_refusal(case.snapshot, "sao_revoked", on=date(2026, 9, 2))
    )


# Judgement statuses, dates and other moves ------------------------------------------------


def test_judgement_statuses_are_reached_by_recording_the_judgement_or_request():
    case = facts("informal_enquiry")
    on = date(2026, 2, 2)
    assert "by recording that judgement" in refusal_text(
        transition_refusal(case.snapshot, "suitable", on=on)
    )
    assert "by recording the request" in refusal_text(
        transition_refusal(case.snapshot, "information_requested", on=on)
    )
    case.judged(on, "appears_suitable", "A broad curriculum", False)
    assert transition_refusal(case.snapshot, "suitable", on=on) is None


def test_a_new_case_moves_on_with_the_initial_contact():
    case = facts("new")
    on = date(2026, 1, 12)
    assert transition_refusal(case.snapshot, "informal_enquiry", on=on) is not None
    case.contacted(on, "letter", "completed")  # a letter we sent does not reach the family
    assert transition_refusal(case.snapshot, "informal_enquiry", on=on) is not None
    case.contacted(on, "phone", "completed")
    assert transition_refusal(case.snapshot, "informal_enquiry", on=on) is None


def test_a_move_cannot_be_dated_before_the_case_reached_its_status():
    case = facts("informal_enquiry")
    case.moved("returning_to_school", date(2026, 3, 1))
    refusal = transition_refusal(case.snapshot, "closed", on=date(2026, 2, 27), closure_reason="x")
    assert refusal is not None
    refusal = transition_refusal(
        case.snapshot, "closed", on=date(2026, 2, 27), closure_reason="returned_to_school"
    )
    assert refusal.field == "on" and "since 1 March 2026" in refusal.message


def test_a_stalled_return_to_school_goes_back_with_its_reason_recorded():
    case = facts("returning_to_school")
    on = date(2026, 4, 1)
    refusal = transition_refusal(case.snapshot, "informal_enquiry", on=on, reason="  ")
    assert refusal.field == "reason"
    assert (
        transition_refusal(case.snapshot, "informal_enquiry", on=on, reason="Place fell through")
        is None
    )
    assert transition_refusal(case.snapshot, "closed", on=on, closure_reason="became_cme") is None


def test_move_options_cover_every_table_target_with_a_reason_when_not_available():
    for kind, table in TRANSITIONS.items():
        for status in table:
            if status == "closed":
                continue
            case = facts(status, kind=kind)
            options = dict(move_options(case.snapshot, on=date(2026, 6, 1)))
            assert set(options) == set(table[status]) - {"closed"}
            for refusal in options.values():
                assert refusal is None or refusal.message


# Closures --------------------------------------------------------------------------------


def test_an_untraced_child_is_uploaded_to_the_lost_pupil_database_first():
    case = facts("enquiries", kind="cme")
    on = date(2026, 5, 1)
    refusal = closure_refusal(case.snapshot, "untraced", on=on)
    assert refusal.field == "closure_reason" and "lost pupil database" in refusal.message
    case.enquired("lost_pupil_database")
    assert closure_refusal(case.snapshot, "untraced", on=on) is None


@pytest.mark.parametrize("reason", ["other_council_area", "left_country"])
def test_cme_closures_that_need_notes(reason):
    case = facts("enquiries", kind="cme")
    assert closure_refusal(case.snapshot, reason, on=date(2026, 5, 1)).field == "closure_notes"
    assert closure_refusal(case.snapshot, reason, on=date(2026, 5, 1), notes="Leeds") is None


def test_ceased_csa_closes_only_from_the_day_after_the_last_day():
    case = CaseFacts(kind="ehe", start=START, date_of_birth=date(2010, 3, 1))
    case.moved("suitable", START)
    last_day = date(2026, 6, 26)  # the last Friday of June 2026
    refusal = closure_refusal(case.snapshot, "ceased_csa", on=last_day)
    assert refusal.field == "on" and "until 26 June 2026" in refusal.message
    assert closure_refusal(case.snapshot, "ceased_csa", on=last_day + DAY) is None


@pytest.mark.parametrize(
    ("kind", "status", "reason"),
    [("cme", "enquiries", "ehe"), ("involvement", "open", "became_ehe")],
)
def test_a_closure_into_home_education_is_refused_when_a_case_is_already_open(kind, status, reason):
    case = facts(status, kind=kind)
    assert closure_refusal(case.snapshot, reason, on=date(2026, 5, 1)) is None
    case.others_open({EpisodeKind.EHE})
    assert "already has an open home education case" in refusal_text(
        closure_refusal(case.snapshot, reason, on=date(2026, 5, 1))
    )


def test_a_closure_reason_must_come_from_the_kind_of_case():
    case = facts("suitable")
    assert closure_refusal(case.snapshot, "untraced", on=date(2026, 5, 1)).field == (
        "closure_reason"
    )
    assert closure_refusal(case.snapshot, "other", on=date(2026, 5, 1)).field == "closure_notes"
