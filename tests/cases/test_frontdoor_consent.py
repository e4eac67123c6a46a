"""Consent to remove a pupil from a special school placed by the council (and, behind a
setting, under s434A): officers can read the request, only a manager decides, with reasons,
and the school sees the outcome on its return."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases.models import (
    AuditEntry,
    Child,
    ChildCSCStatus,
    ChildSENStatus,
    ConsentRequest,
    DeletionReturn,
    Episode,
)
from ehe.roles import Role
from tests.cases.factories import ChildFactory, SchoolFactory
from tests.cases.returns_helpers import submit

pytestmark = [pytest.mark.django_db(transaction=True)]

OTHER_ROLES = [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL]
REASONS = "The parent's plan shows how the provision in the EHCP will be met at home"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(
        datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    )


def consent_request(**overrides) -> ConsentRequest:
    school = SchoolFactory(name="Hollytree Special School", is_special=True, school_type="special")
    submit(school, placed_by_council=True, sen_status="ehcp", **overrides)
    consent = ConsentRequest.objects.select_related("deletion_return").get()
    assert consent.deletion_return.outcome == "consent_required"
    return consent


def known_child() -> Child:
    """A child the council already holds, with an EHCP and a child-in-need status."""
    child = ChildFactory(
        legal_first_name="Robin", legal_last_name="Example", date_of_birth=date(2014, 5, 17)
    )
    ChildSENStatus.objects.create(child=child, status="ehcp", valid_from=date(2022, 3, 1))
    ChildCSCStatus.objects.create(
        child=child, status="cpp", valid_from=date(2024, 1, 1), valid_to=date(2025, 1, 1)
    )
    ChildCSCStatus.objects.create(child=child, status="cin", valid_from=date(2025, 1, 1))
    return child


def snapshot() -> tuple:
    return (
        list(ConsentRequest.objects.values_list("decision", "reasons", "decided_by")),
        list(DeletionReturn.objects.values_list("status", "outcome", "query_message", "episode")),
        Episode.objects.count(),
        Child.objects.count(),
    )


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


def test_the_request_shows_its_kind_the_return_and_the_childs_statuses(as_manager, manager):
    child = known_child()
    consent = consent_request()
    assert consent.child == child
    response = as_manager.get(reverse("triage-consent", args=[consent.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Removal from a special school placed by the council" in html
    assert "Consent to remove Robin Example" in html
    assert "Hollytree Special School" in html
    assert "(f) Parent has given written notice of home education" in html
    assert 'data-testid="sen-status">EHCP<' in html
    assert 'data-testid="csc-status">Child in need<' in html
    assert "Decision needed before the school removes the pupil" in html
    assert 'name="decision"' in html and 'name="reasons"' in html
    # The child's statuses come from their record: the read is logged.
    entry = AuditEntry.objects.get(action="view", actor=manager)
    assert entry.child_id == child.pk


def test_a_request_for_an_unknown_pupil_shows_what_the_school_said(as_manager):
    consent = consent_request()
    html = as_manager.get(reverse("triage-consent", args=[consent.pk])).content.decode()
    assert 'data-testid="no-child"' in html
    assert "EHCP" in html
    assert not AuditEntry.objects.filter(action="view").exists()


def test_granting_consent_opens_the_ehe_case_and_marks_the_return_processed(as_manager, manager):
    consent = consent_request()
    url = reverse("triage-consent", args=[consent.pk])
    response = as_manager.post(
        url, {"arranged_by": "this_council", "decision": "granted", "reasons": REASONS}
    )
    assert response.status_code == 302 and response["Location"] == url
    consent.refresh_from_db()
    assert (consent.decision, consent.reasons, consent.decided_by) == ("granted", REASONS, manager)
    assert consent.arranged_by == "this_council"
    r = consent.deletion_return
    r.refresh_from_db()
    assert (r.status, r.outcome) == ("processed", "ehe_opened")
    assert (r.episode.kind, r.episode.status) == ("ehe", "new")
    page = as_manager.get(url).content.decode()
    assert "Consent given. The school can see the outcome" in page
    assert 'data-testid="decision-value">Consent given<' in page
    assert escape(REASONS) in page
    assert "Test Person, 20 November 2026" in page
    assert 'data-testid="school-status">Processed' in page
    assert 'data-testid="arranged-by">This council<' in page
    assert 'name="reasons"' not in page  # decided: no form any more


def test_refusing_consent_sends_the_reasons_back_to_the_school(as_manager):
    consent = consent_request()
    reasons = "The EHCP provision cannot be met at home"
    as_manager.post(
        reverse("triage-consent", args=[consent.pk]),
        {"arranged_by": "this_council", "decision": "refused", "reasons": reasons},
    )
    r = DeletionReturn.objects.get()
    assert (r.status, r.outcome) == ("consent_refused", "consent_refused")
    assert reasons in r.query_message
    assert "refer the decision to the Secretary of State" in r.query_message
    assert not Episode.objects.exists()
    page = as_manager.get(reverse("triage-consent", args=[consent.pk])).content.decode()
    assert 'data-testid="decision-value">Consent refused<' in page
    assert 'data-testid="school-status">Consent refused' in page


def test_a_place_arranged_by_another_council_is_referred_to_it(as_manager, manager):
    consent = consent_request()
    url = reverse("triage-consent", args=[consent.pk])
    response = as_manager.post(
        url, {"arranged_by": "other_council", "arranged_by_council": "Westmere Council"}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert (consent.decision, consent.arranged_by, consent.arranged_by_council) == (
        "referred",
        "other_council",
        "Westmere Council",
    )
    r = DeletionReturn.objects.get()
    assert (r.status, r.outcome) == ("referred", "referred_to_other_council")
    message = r.messages.get()
    assert message.kind == "notice"
    assert "arranged by Westmere Council" in message.text
    assert "keep the pupil on roll until Westmere Council tells you its decision" in message.text
    assert not Episode.objects.exists()
    page = as_manager.get(url).content.decode()
    assert "Referred to Westmere Council. The school can see the outcome" in page
    assert 'data-testid="arranged-by">Westmere Council<' in page
    assert 'data-testid="school-status">Passed to another council' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"arranged_by": "this_council", "decision": "refused", "reasons": "   "},
            "reasons",
            "Give the reasons for the decision",
        ),
        (
            {"arranged_by": "this_council", "decision": "granted"},
            "reasons",
            "Give the reasons for the decision",
        ),
        (
            {"arranged_by": "this_council", "reasons": REASONS},
            "decision",
            "Choose whether to give or refuse consent",
        ),
        (
            {"arranged_by": "this_council", "decision": "maybe", "reasons": REASONS},
            "decision",
            "Select a valid choice",
        ),
        (
            {"decision": "granted", "reasons": REASONS},
            "arranged_by",
            "Say which council arranged the pupil's place",
        ),
        (
            {"arranged_by": "other_council", "decision": "granted", "reasons": REASONS},
            "arranged_by_council",
            "Enter the name of the council that arranged the place",
        ),
    ],
)
def test_a_decision_without_reasons_or_choice_is_refused_and_saves_nothing(
    as_manager, data, field, message
):
    consent = consent_request()
    before = snapshot()
    response = as_manager.post(reverse("triage-consent", args=[consent.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem" in response.content.decode()
    assert snapshot() == before


def test_a_second_decision_is_refused_and_changes_nothing(as_manager, make_user):
    consent = consent_request()
    url = reverse("triage-consent", args=[consent.pk])
    as_manager.post(
        url,
        {
            "arranged_by": "this_council",
            "decision": "refused",
            "reasons": "Not in the child's interests",
        },
    )
    before = snapshot()
    # A stale form from another tab.
    as_manager.force_login(make_user(Role.MANAGER))
    response = as_manager.post(
        url,
        {"arranged_by": "this_council", "decision": "granted", "reasons": REASONS},
        follow=True,
    )
    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert "This consent request has already been decided" in html
    assert 'data-testid="decision-value">Consent refused<' in html
    assert snapshot() == before


def test_officers_can_read_the_request_but_not_decide(as_officer):
    consent = consent_request()
    url = reverse("triage-consent", args=[consent.pk])
    page = as_officer.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "A manager makes this decision" in html
    assert 'name="reasons"' not in html
    before = snapshot()
    response = as_officer.post(url, {"decision": "granted", "reasons": REASONS})
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_can_neither_read_nor_decide(client_as, role):
    consent = consent_request()
    url = reverse("triage-consent", args=[consent.pk])
    client = client_as(role)
    response = client.get(url)
    assert response.status_code == 403
    assert b"Robin" not in response.content
    before = snapshot()
    assert client.post(url, {"decision": "granted", "reasons": REASONS}).status_code == 403
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(client):
    consent = consent_request()
    url = reverse("triage-consent", args=[consent.pk])
    before = snapshot()
    for response in (client.get(url), client.post(url, {"decision": "granted", "reasons": "x"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before


def test_an_unknown_request_is_not_found(as_manager):
    assert as_manager.get(reverse("triage-consent", args=[999999])).status_code == 404
