"""Questions between the council and a school through the service (brief item 5): an officer
asks, the school answers, the answer is kept on the return and waits in triage, and the
return goes back to waiting for the council."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases.models import ConsentRequest, DeletionReturn, ReturnMessage
from cases.selectors.frontdoor import ANSWERED, triage_count, triage_page
from cases.services import (
    ServiceError,
    consent_decide,
    deletion_return_answer_note,
    deletion_return_match,
    deletion_return_query_answer,
    deletion_return_query_raise,
    deletion_returns_sweep,
)
from ehe.roles import Role
from policy.workflow import TransitionRefused
from tests.cases.conftest import TODAY
from tests.cases.factories import ChildFactory, SchoolFactory
from tests.cases.returns_helpers import submit

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(
        datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    )


def routed(receipt) -> DeletionReturn:
    return DeletionReturn.objects.get(pk=receipt.deletion_return.pk)


def ask(officer, r, question="Which parent gave you the written notice?"):
    return deletion_return_query_raise(
        by=officer, deletion_return=r, question=question, channel="web"
    )


def answer(r, text="Their mother, Sam Example, on 12 November", *, school=None, by=None):
    return deletion_return_query_answer(
        by=by, school=school or r.school, deletion_return=r, answer=text, channel="api"
    )


def test_a_question_answered_goes_back_to_the_council_and_waits_in_triage(officer):
    r = routed(submit(SchoolFactory()))
    assert (r.status, r.outcome) == ("processed", "ehe_opened")
    question = ask(officer, r)
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("query_raised", "ehe_opened")
    assert (question.kind, question.sent_by, question.channel) == ("query", officer, "web")
    assert r.query_message == "Which parent gave you the written notice?"

    reply = answer(r)
    r.refresh_from_db()
    # Waiting for the council again; the answer is kept with the return.
    assert (r.status, r.outcome) == ("received", "ehe_opened")
    assert (reply.kind, reply.text, reply.channel, reply.noted_at) == (
        "answer",
        "Their mother, Sam Example, on 12 November",
        "api",
        None,
    )
    assert list(r.messages.values_list("kind", flat=True)) == ["query", "answer"]
    page, items = triage_page(types=frozenset({ANSWERED}), page_number=1, today=TODAY)
    assert [(item.type, item.obj) for item in items] == [(ANSWERED, reply)]
    assert triage_count() == 2  # the answer, and the new home education case

    deletion_return_answer_note(by=officer, deletion_return=r, channel="web")
    r.refresh_from_db()
    reply.refresh_from_db()
    assert r.status == "processed"
    assert (reply.noted_by, reply.noted_at is not None) == (officer, True)
    assert triage_count() == 1
    with pytest.raises(TransitionRefused):
        deletion_return_answer_note(by=officer, deletion_return=r, channel="web")


def test_a_question_while_the_return_waits_to_be_matched_holds_the_match(officer):
    for _ in range(2):
        ChildFactory(
            legal_first_name="Robin", legal_last_name="Example", date_of_birth=date(2014, 5, 17)
        )
    r = routed(submit(SchoolFactory()))
    assert r.outcome == "awaiting_match"
    ask(officer, r, "What was the pupil's surname before the family changed it?")
    with pytest.raises(TransitionRefused) as refused:
        deletion_return_match(
            by=officer,
            deletion_return=r,
            child=ChildFactory(),
            today=TODAY,
            channel="web",
        )
    assert "Wait for its answer" in str(refused.value)
    r.refresh_from_db()
    assert (r.status, r.outcome, r.matched_child) == ("query_raised", "awaiting_match", None)
    answer(r, "It was Example-Smith")
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("received", "awaiting_match")


def test_a_consent_decision_waits_for_the_answer_too(officer, manager):
    school = SchoolFactory(is_special=True, school_type="special")
    r = routed(submit(school, placed_by_council=None))
    ask(officer, r, "Which council named your school in the pupil's EHCP?")
    consent = ConsentRequest.objects.get()
    with pytest.raises(TransitionRefused):
        consent_decide(
            by=manager,
            consent=consent,
            decision="granted",
            reasons="Fine",
            arranged_by="this_council",
            today=TODAY,
            channel="web",
        )
    consent.refresh_from_db()
    assert consent.decision == "pending"


def test_a_return_held_for_its_date_is_not_routed_while_a_question_is_open(officer):
    r = routed(submit(SchoolFactory(), deletion_date=date(2026, 12, 4)))
    ask(officer, r)
    assert deletion_returns_sweep(today=date(2026, 12, 4), by=None, channel="system") == 0
    answer(r)
    assert deletion_returns_sweep(today=date(2026, 12, 4), by=None, channel="system") == 1
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("processed", "ehe_opened")


def test_questions_need_words_and_a_member_of_staff(officer, make_user):
    r = routed(submit(SchoolFactory()))
    with pytest.raises(ServiceError) as blank:
        ask(officer, r, "   ")
    assert blank.value.errors == {"question": "Enter your question for the school"}
    with pytest.raises(ServiceError):
        ask(make_user(Role.SCHOOL), r)
    with pytest.raises(ServiceError):
        ask(make_user(Role.ANALYST), r)
    assert not ReturnMessage.objects.exists()
    ask(officer, r)
    with pytest.raises(TransitionRefused) as twice:
        ask(officer, r, "And another thing")
    assert "already answering" in str(twice.value)


def test_a_school_told_the_outcome_is_not_asked_again(officer):
    r = routed(submit(SchoolFactory(), sao_in_force=True))
    assert r.status == "order_in_force"
    with pytest.raises(TransitionRefused):
        ask(officer, r)
    assert r.messages.count() == 1


def test_an_answer_needs_an_open_question_words_and_the_schools_own_return(officer):
    r = routed(submit(SchoolFactory()))
    with pytest.raises(TransitionRefused) as nothing_asked:
        answer(r)
    assert "no question from the council" in str(nothing_asked.value)
    ask(officer, r)
    with pytest.raises(ServiceError) as blank:
        answer(r, "  ")
    assert blank.value.errors == {"answer": "Enter your answer to the council's question"}
    with pytest.raises(ServiceError) as other_school:
        answer(r, school=SchoolFactory())
    assert other_school.value.errors == {"": "No return of yours has this reference"}
    r.refresh_from_db()
    assert r.status == "query_raised"
    assert list(r.messages.values_list("kind", flat=True)) == ["query"]
