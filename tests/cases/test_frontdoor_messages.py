"""Questions and answers through the web (brief item 5): an officer asks from the return's
page, the school sees a question it can answer and answers it, the answer shows in triage
and on the return, and reading it takes it out of triage. Returns held until their deletion
date are shown to officers as waiting for it."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.models import DeletionReturn, ReturnMessage, SchoolMembership
from ehe.roles import Role
from tests.cases.factories import SchoolFactory
from tests.cases.returns_helpers import submit

pytestmark = [pytest.mark.django_db(transaction=True)]

QUESTION = "Which parent gave you the written notice, and when?"
ANSWER = "Their mother, Sam Example, on 12 November"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(
        datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    )


@pytest.fixture
def school():
    return SchoolFactory(name="Ashgrove Primary")


@pytest.fixture
def clients(client, officer, make_user, school):
    """Sign in as the officer or as the school's user, on one test client."""
    school_user = make_user(Role.SCHOOL)
    SchoolMembership.objects.create(user=school_user, school=school)

    def _as(who):
        client.force_login(officer if who == "officer" else school_user)
        return client

    return _as


def triage_rows(client, query="") -> list[str]:
    html = client.get(reverse("triage") + query).content.decode()
    return re.findall(r'data-testid="triage-row" data-type="([a-z]+)"', html), html


def test_a_question_asked_answered_and_read(clients, school):
    r = submit(school).deletion_return
    r.refresh_from_db()
    officer = clients("officer")
    page = officer.get(reverse("triage-return", args=[r.uid])).content.decode()
    question_url = reverse("triage-return-question", args=[r.uid])
    assert f'href="{question_url}"' in page
    assert officer.get(question_url).status_code == 200
    blank = officer.post(question_url, {"question": "  "})
    assert "Enter your question for the school" in blank.content.decode()
    assert not ReturnMessage.objects.exists()
    sent = officer.post(question_url, {"question": QUESTION})
    assert sent.status_code == 302
    r.refresh_from_db()
    assert r.status == "query_raised"

    # The school sees a question it can answer, and answers it.
    member = clients("school")
    detail = member.get(f"/school/returns/{r.uid}/").content.decode()
    assert ">Question from the council</strong>" in detail
    assert re.search(r'data-testid="query-message".*?' + re.escape(QUESTION), detail, re.S)
    answer_url = f"/school/returns/{r.uid}/answer/"
    form = member.get(answer_url).content.decode()
    assert QUESTION in form and 'name="answer"' in form
    empty = member.post(answer_url, {"answer": ""})
    assert "Enter your answer to the council&#x27;s question" in empty.content.decode()
    done = member.post(answer_url, {"answer": ANSWER}, follow=True)
    assert "Your answer has been sent to the council." in done.content.decode()
    r.refresh_from_db()
    assert r.status == "received"
    answer = ReturnMessage.objects.get(kind="answer")
    assert (answer.text, answer.channel, answer.sent_by.has_role(Role.SCHOOL)) == (
        ANSWER,
        "web",
        True,
    )
    shown = member.get(f"/school/returns/{r.uid}/").content.decode()
    assert "Your answer" in shown and ANSWER in shown
    assert f'href="{answer_url}"' not in shown  # answered: nothing more to answer

    # Officers find the answer in triage and on the return.
    officer = clients("officer")
    types, html = triage_rows(officer)
    assert "answer" in types
    assert f"The school answered: {ANSWER}" in html
    page = officer.get(reverse("triage-return", args=[r.uid])).content.decode()
    assert "Answer from the school" in page and ANSWER in page and "Not read yet" in page
    read = officer.post(reverse("triage-return-answer-read", args=[r.uid]), follow=True)
    assert "Answer marked as read. It has left triage." in read.content.decode()
    r.refresh_from_db()
    assert r.status == "processed"
    types, _ = triage_rows(officer)
    assert "answer" not in types


def test_the_school_cannot_be_asked_once_told_an_order_is_in_force(clients, school):
    r = submit(school, sao_in_force=True).deletion_return
    r.refresh_from_db()
    officer = clients("officer")
    page = officer.get(reverse("triage-return", args=[r.uid])).content.decode()
    assert "Ask the school a question" not in page
    response = officer.post(
        reverse("triage-return-question", args=[r.uid]), {"question": QUESTION}, follow=True
    )
    assert "The school has been told the outcome of this return" in response.content.decode()
    assert r.messages.count() == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL])
def test_only_officers_and_managers_ask_or_mark_answers_read(client_as, school, role):
    r = submit(school).deletion_return
    client = client_as(role)
    assert client.post(
        reverse("triage-return-question", args=[r.uid]), {"question": QUESTION}
    ).status_code in {403}
    assert client.post(reverse("triage-return-answer-read", args=[r.uid])).status_code == 403
    assert not ReturnMessage.objects.exists()


def test_a_return_held_for_its_deletion_date_is_shown_as_waiting_for_it(clients, school):
    r = submit(school, ground="g", deletion_date=date(2026, 12, 18)).deletion_return
    r.refresh_from_db()
    assert r.outcome == "waiting_for_deletion_date"
    officer = clients("officer")
    page = officer.get(reverse("triage-return", args=[r.uid])).content.decode()
    assert re.search(
        r'data-testid="outcome">Waiting for the deletion date: 18 December 2026<', page
    )
    # Nobody needs to act yet: it has its own tab, and is not counted as waiting.
    types, _ = triage_rows(officer)
    assert "waiting" not in types
    types, html = triage_rows(officer, "?type=waiting")
    assert types == ["waiting"]
    assert (
        "Routed on the deletion date" in html
        and "18\N{NO-BREAK SPACE}Dec\N{NO-BREAK SPACE}2026" in html
    )
    # The school sees it as received.
    assert (
        ">Received</strong>" in clients("school").get(f"/school/returns/{r.uid}/").content.decode()
    )
    assert DeletionReturn.objects.get().status == "received"
