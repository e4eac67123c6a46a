"""Contacts on a CME case: one that is a reasonable enquiry ticks it off; home education
contacts are not offered there and are refused. Through the service, the API and the web."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import CMEEnquiry, Contact, EpisodeEvent
from cases.services import ServiceError, contact_record
from ehe.roles import Role
from policy.contacts import EHE_ONLY_CONTACT_TYPES
from tests.cases.factories import CMEEpisodeFactory, EHEEpisodeFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


def cme_case(status="referred"):
    return CMEEpisodeFactory(status=status, start_date=date(2026, 11, 16))


def record(officer, episode, contact_type, **fields):
    values = {"occurred_on": date(2026, 11, 18), "outcome": "completed", "today": TODAY} | fields
    return contact_record(
        by=officer, episode=episode, contact_type=contact_type, **values, channel="web"
    )


@pytest.mark.parametrize(
    ("contact_type", "item"),
    [("home_visit", "home_visit"), ("letter", "letter_last_known_address")],
)
def test_a_contact_that_is_an_enquiry_records_the_enquiry_too(officer, contact_type, item):
    episode = cme_case()
    contact = record(officer, episode, contact_type, outcome="no_response", notes="Card left")
    enquiry = CMEEnquiry.objects.get(episode=episode)
    assert (enquiry.item, enquiry.made_on, enquiry.made_by) == (item, date(2026, 11, 18), officer)
    assert enquiry.outcome == "No response: Card left"
    event = EpisodeEvent.objects.get(episode=episode, action="cme_enquiry")
    assert event.data["contact_id"] == contact.pk
    episode.refresh_from_db()
    # The first enquiry moves a referred case on, as an enquiry recorded directly does.
    assert episode.status == "enquiries"


def test_the_home_visit_contact_clears_the_home_visit_due(officer):
    episode = cme_case()
    record(officer, episode, "phone")
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("cme_home_visit", date(2026, 11, 23))
    record(officer, episode, "home_visit")
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == (
        "cme_enquiries_review",
        date(2026, 12, 2),
    )


def test_an_outcome_without_notes_is_recorded_as_the_outcome(officer):
    episode = cme_case("enquiries")
    record(officer, episode, "home_visit", outcome="completed")
    assert CMEEnquiry.objects.get(episode=episode).outcome == "Completed"


def test_other_contacts_on_a_cme_case_record_no_enquiry(officer):
    episode = cme_case("enquiries")
    record(officer, episode, "phone")
    assert not CMEEnquiry.objects.exists()
    assert Contact.objects.filter(episode=episode).count() == 1


def test_a_home_visit_on_a_home_education_case_is_no_cme_enquiry(officer):
    episode = EHEEpisodeFactory(status="suitable", start_date=date(2026, 9, 1))
    record(officer, episode, "home_visit")
    assert not CMEEnquiry.objects.exists()


@pytest.mark.parametrize("contact_type", sorted(EHE_ONLY_CONTACT_TYPES))
def test_home_education_contacts_are_refused_on_a_cme_case(officer, contact_type):
    episode = cme_case()
    with pytest.raises(ServiceError) as error:
        record(officer, episode, contact_type)
    assert "home education contact" in error.value.errors["contact_type"]
    assert not Contact.objects.exists() and not CMEEnquiry.objects.exists()


def test_if_the_enquiry_cannot_be_recorded_neither_is_the_contact(officer, monkeypatch):
    from cases.services import contacts

    def refuse(**kwargs):
        raise ServiceError({"item": "refused for the test"})

    monkeypatch.setattr(contacts, "cme_enquiry_record", refuse)
    episode = cme_case()
    with pytest.raises(ServiceError):
        record(officer, episode, "home_visit")
    assert not Contact.objects.exists()


# --- the API -------------------------------------------------------------------------------


@pytest.fixture
def api(make_user, frozen):
    client = APIClient()
    client.user = make_user(Role.OFFICER)
    client.force_login(client.user)
    return client


def test_the_api_records_the_enquiry_with_the_contact(api):
    episode = cme_case()
    response = api.post(
        "/api/v1/contacts/",
        {
            "episode": str(episode.uid),
            "contact_type": "letter",
            "occurred_on": "2026-11-19",
            "outcome": "completed",
            "notes": "Posted first class",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    enquiries = api.get("/api/v1/cme-enquiries/", {"episode": str(episode.uid)}).json()
    assert [(e["item"], e["made_on"]) for e in enquiries["results"]] == [
        ("letter_last_known_address", "2026-11-19")
    ]


def test_the_api_refuses_a_home_education_contact_on_a_cme_case(api):
    episode = cme_case()
    response = api.post(
        "/api/v1/contacts/",
        {
            "episode": str(episode.uid),
            "contact_type": "annual_contact",
            "occurred_on": "2026-11-19",
            "outcome": "completed",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "home education contact" in response.json()["errors"]["contact_type"][0]
    assert not Contact.objects.exists()


# --- the web -------------------------------------------------------------------------------


def contact_url(episode):
    return reverse("child-contact-new", args=[episode.child.uid, episode.uid])


def test_the_contact_form_on_a_cme_case_offers_no_home_education_contacts(client, officer, frozen):
    client.force_login(officer)
    on_cme = client.get(contact_url(cme_case())).content.decode()
    ehe = EHEEpisodeFactory(status="suitable", start_date=date(2026, 9, 1))
    on_ehe = client.get(contact_url(ehe)).content.decode()
    for code in EHE_ONLY_CONTACT_TYPES:
        assert f'value="{code}"' not in on_cme
        assert f'value="{code}"' in on_ehe
    assert 'value="home_visit"' in on_cme and 'value="letter"' in on_cme


def test_a_home_visit_recorded_on_the_web_ticks_the_checklist(client, officer, frozen):
    episode = cme_case()
    client.force_login(officer)
    response = client.post(
        contact_url(episode),
        {
            "contact_type": "home_visit",
            "occurred_on_day": 19,
            "occurred_on_month": 11,
            "occurred_on_year": 2026,
            "outcome": "completed",
            "child_seen": "yes",
            "notes": "Family at home; school place wanted",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("child-detail", args=[episode.child.uid])).content.decode()
    row = page[page.index('data-testid="enquiry-home_visit"') :]
    row = row[: row.index("</tr>")]
    assert "19 November 2026" in row and "Completed: Family at home; school place wanted" in row


def test_a_forged_home_education_contact_on_the_web_is_refused(client, officer, frozen):
    episode = cme_case()
    client.force_login(officer)
    response = client.post(
        contact_url(episode),
        {
            "contact_type": "written_report",
            "occurred_on_day": 19,
            "occurred_on_month": 11,
            "occurred_on_year": 2026,
            "outcome": "completed",
            "child_seen": "no",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_checklist_and_enquiry_form_use_the_administrators_home_visit_value(
    client, officer, frozen
):
    from cases.services.config import casework_settings_update

    episode = cme_case()
    casework_settings_update(by=officer, today=TODAY, cme_home_visit_working_days=3, channel="web")
    client.force_login(officer)
    page = client.get(reverse("child-detail", args=[episode.child.uid])).content.decode()
    row = page[page.index('data-testid="enquiry-home_visit"') :]
    row = row[: row.index("</tr>")]
    assert "Due 19 November 2026 (3 working days)" in row
    form = client.get(
        reverse("cme-enquiry-new", args=[episode.child.uid, episode.uid])
    ).content.decode()
    assert "Practice is to visit within 3 working days of the referral." in form
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("cme_home_visit", date(2026, 11, 19))
