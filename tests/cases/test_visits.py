"""Booked visits and meetings: through the service, the API and the child page."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import AuditEntry, BookedVisit, CMEEnquiry, Contact, Episode, EpisodeEvent
from cases.services import (
    ServiceError,
    TransitionRefused,
    episode_close,
    judgement_record,
    visit_book,
    visit_record_held,
    visit_record_not_held,
)
from ehe.roles import Role
from tests.cases.factories import CMEEpisodeFactory, EHEEpisodeFactory, InvolvementFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)  # a Friday
NEXT_WEEK = date(2026, 11, 25)
BOOKINGS = "/api/v1/booked-visits/"


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


def suitable_case(**fields) -> Episode:
    episode = EHEEpisodeFactory(status="suitable", start_date=date(2026, 9, 1), **fields)
    Contact.objects.create(
        episode=episode,
        contact_type="annual_contact",
        occurred_on=date(2026, 10, 1),
        officer=episode.allocated_officer or _someone(),
        outcome="completed",
    )
    return episode


def _someone():
    from ehe.services import user_create

    return user_create(username="someone", password="a-long-test-password", roles=[Role.OFFICER])


def book(officer, episode, on=NEXT_WEEK, kind="home_visit", **fields) -> BookedVisit:
    return visit_book(
        by=officer, episode=episode, kind=kind, booked_on=on, today=TODAY, **fields, channel="web"
    )


# --- the service ---------------------------------------------------------------------------


def test_a_booking_is_the_cases_next_date_when_it_is_sooner(officer):
    episode = suitable_case()
    visit = book(officer, episode, booked_time=time(10, 30), notes="At the family home")
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("booked_home_visit", NEXT_WEEK)
    assert (visit.state, visit.booked_time, visit.booked_by) == ("booked", time(10, 30), officer)
    event = EpisodeEvent.objects.get(episode=episode, action="visit_booked")
    assert event.data["visit_id"] == visit.pk
    assert AuditEntry.objects.filter(action="create", object_type="cases.bookedvisit").exists()


def test_a_booking_later_than_what_is_due_does_not_hide_it(officer):
    episode = EHEEpisodeFactory(status="new", start_date=date(2026, 11, 16))
    book(officer, episode, on=date(2027, 1, 12))
    episode.refresh_from_db()
    assert episode.next_due_kind == "acknowledgement"


@pytest.mark.parametrize("factory", [EHEEpisodeFactory, CMEEpisodeFactory, InvolvementFactory])
def test_any_open_case_can_have_a_booking(officer, factory):
    episode = factory(start_date=date(2026, 11, 18))  # nothing else due before next week
    book(officer, episode, on=TODAY, kind="school_meeting")
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("booked_school_meeting", TODAY)


def test_a_booking_must_be_today_or_later_of_a_known_kind(officer):
    episode = suitable_case()
    with pytest.raises(ServiceError) as error:
        book(officer, episode, on=date(2026, 11, 19), kind="coffee")
    assert set(error.value.errors) == {"booked_on", "kind"}
    assert not BookedVisit.objects.exists()


def test_a_closed_case_cannot_have_a_booking(officer):
    episode = EHEEpisodeFactory(status="closed", end_date=date(2026, 10, 1))
    with pytest.raises(TransitionRefused):
        book(officer, episode)


def test_a_booking_not_recorded_after_its_day_is_overdue(officer):
    episode = suitable_case()
    visit = book(officer, episode, on=TODAY)
    from cases.services import refresh_due_dates

    refresh_due_dates(today=date(2026, 11, 23))
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("booked_home_visit", TODAY)
    assert episode.next_due_on < date(2026, 11, 23)
    assert BookedVisit.objects.get(pk=visit.pk).is_waiting


def test_what_happened_is_recorded_on_the_day_or_after_and_only_once(officer):
    episode = suitable_case()
    visit = book(officer, episode)
    with pytest.raises(TransitionRefused, match="later day"):
        visit_record_held(by=officer, visit=visit, outcome="completed", today=TODAY, channel="web")
    visit_record_held(by=officer, visit=visit, outcome="completed", today=NEXT_WEEK, channel="web")
    with pytest.raises(TransitionRefused, match="already recorded"):
        visit_record_not_held(
            by=officer,
            visit=visit,
            reason="did_not_happen",
            notes="x",
            today=NEXT_WEEK,
            channel="web",
        )


def test_a_held_visit_records_the_contact_on_its_day_through_the_contact_service(officer):
    episode = suitable_case()
    visit = book(officer, episode)
    visit_record_held(
        by=officer,
        visit=visit,
        outcome="completed",
        present="Parent and child",
        child_seen=True,
        child_views="Likes maths",
        parent_consented_to_views=True,
        notes="A good visit",
        today=date(2026, 11, 27),
        channel="web",
    )
    visit.refresh_from_db()
    contact = visit.contact
    assert (contact.contact_type, contact.occurred_on, contact.officer) == (
        "home_visit",
        NEXT_WEEK,
        officer,
    )
    assert (contact.child_views, contact.present) == ("Likes maths", "Parent and child")
    assert (visit.state, visit.outcome_recorded_on) == ("held", date(2026, 11, 27))
    episode.refresh_from_db()
    # The visit is the annual contact now: the next one is a year on.
    assert (episode.next_due_kind, episode.next_due_on) == ("next_contact", date(2027, 11, 25))


def test_a_held_visit_checks_the_contact_rules_and_saves_nothing_on_error(officer):
    episode = suitable_case()
    visit = book(officer, episode)
    with pytest.raises(ServiceError) as error:
        visit_record_held(
            by=officer,
            visit=visit,
            outcome="completed",
            child_views="x",
            today=NEXT_WEEK,
            channel="web",
        )
    assert "parent_consented_to_views" in error.value.errors
    with pytest.raises(ServiceError) as error:
        visit_record_held(
            by=officer, visit=visit, outcome="no_response", today=NEXT_WEEK, channel="web"
        )
    assert "outcome" in error.value.errors
    visit.refresh_from_db()
    assert visit.is_waiting and not Contact.objects.filter(contact_type="home_visit").exists()


def test_a_declined_home_visit_is_a_valid_choice_recorded_as_such(officer):
    episode = EHEEpisodeFactory(status="informal_enquiry", start_date=date(2026, 9, 1))
    visit = book(officer, episode)
    visit_record_not_held(
        by=officer,
        visit=visit,
        reason="declined",
        notes="Parent prefers to send a written report",
        today=NEXT_WEEK,
        channel="web",
    )
    visit.refresh_from_db()
    assert (visit.state, visit.not_held_reason) == ("not_held", "declined")
    assert visit.contact.outcome == "visit_declined"
    episode.refresh_from_db()
    assert episode.status == "informal_enquiry"  # never a step toward formal action
    # An adverse judgement then needs the officer to confirm it does not rest on the choice.
    with pytest.raises(ServiceError) as error:
        judgement_record(
            by=officer,
            episode=episode,
            decided_on=NEXT_WEEK,
            outcome="not_yet_satisfied",
            reasons="No information yet",
            what_would_help="A report",
            today=NEXT_WEEK,
            channel="web",
        )
    assert "not_based_on_declined_visit" in error.value.errors


def test_a_visit_that_did_not_happen_needs_a_note_and_records_no_contact(officer):
    episode = suitable_case()
    visit = book(officer, episode, kind="virtual_visit")
    with pytest.raises(ServiceError) as error:
        visit_record_not_held(
            by=officer,
            visit=visit,
            reason="did_not_happen",
            notes=" ",
            today=NEXT_WEEK,
            channel="web",
        )
    assert set(error.value.errors) == {"notes"}
    visit_record_not_held(
        by=officer,
        visit=visit,
        reason="did_not_happen",
        notes="Officer unwell",
        today=NEXT_WEEK,
        channel="web",
    )
    visit.refresh_from_db()
    assert visit.contact is None and visit.outcome_notes == "Officer unwell"
    assert not Contact.objects.filter(contact_type="virtual_visit").exists()
    episode.refresh_from_db()
    assert episode.next_due_kind == "next_contact"


def test_a_rearranged_visit_can_be_booked_again_in_the_same_step(officer):
    episode = suitable_case()
    visit = book(officer, episode, notes="Bring the leaflet")
    visit_record_not_held(
        by=officer,
        visit=visit,
        reason="rearranged",
        notes="Family asked for the following week",
        rebook_on=date(2026, 12, 2),
        rebook_time=time(14, 0),
        today=NEXT_WEEK,
        channel="web",
    )
    visit.refresh_from_db()
    again = visit.rearranged_to
    assert (again.booked_on, again.booked_time, again.kind, again.notes) == (
        date(2026, 12, 2),
        time(14, 0),
        "home_visit",
        "Bring the leaflet",
    )
    episode.refresh_from_db()
    assert (episode.next_due_kind, episode.next_due_on) == ("booked_home_visit", date(2026, 12, 2))


def test_only_a_rearranged_visit_is_booked_again_and_not_in_the_past(officer):
    episode = suitable_case()
    visit = book(officer, episode)
    for reason, rebook_on in (("declined", date(2026, 12, 2)), ("rearranged", TODAY)):
        with pytest.raises(ServiceError) as error:
            visit_record_not_held(
                by=officer,
                visit=visit,
                reason=reason,
                notes="x",
                rebook_on=rebook_on,
                today=NEXT_WEEK,
                channel="web",
            )
        assert set(error.value.errors) == {"rebook_on"}
    assert (
        BookedVisit.objects.count() == 1
        and not Contact.objects.filter(contact_type="home_visit").exists()
    )


def test_a_held_home_visit_on_a_cme_case_is_the_home_visit_enquiry(officer):
    episode = CMEEpisodeFactory(status="referred", start_date=date(2026, 11, 16))
    visit = book(officer, episode, on=date(2026, 11, 23))
    visit_record_held(
        by=officer,
        visit=visit,
        outcome="completed",
        notes="Family found",
        today=NEXT_WEEK,
        channel="web",
    )
    enquiry = CMEEnquiry.objects.get(episode=episode)
    assert (enquiry.item, enquiry.made_on, enquiry.outcome) == (
        "home_visit",
        date(2026, 11, 23),
        "Completed: Family found",
    )
    episode.refresh_from_db()
    assert (episode.status, episode.next_due_kind) == ("enquiries", "cme_enquiries_review")


def test_a_closed_cases_bookings_no_longer_count(officer):
    episode = suitable_case()
    visit = book(officer, episode)
    episode_close(
        by=officer,
        episode=episode,
        on=TODAY,
        closure_reason="returned_to_school",
        today=TODAY,
        channel="web",
    )
    episode.refresh_from_db()
    assert episode.next_due_on is None
    with pytest.raises(TransitionRefused):
        visit_record_held(
            by=officer, visit=visit, outcome="completed", today=NEXT_WEEK, channel="web"
        )


# --- the API -------------------------------------------------------------------------------


@pytest.fixture
def api(make_user, frozen):
    client = APIClient()
    client.user = make_user(Role.OFFICER)
    client.force_login(client.user)
    return client


def test_book_list_and_record_through_the_api(api):
    episode = suitable_case()
    response = api.post(
        BOOKINGS,
        {
            "episode": str(episode.uid),
            "kind": "meeting_elsewhere",
            "booked_on": "2026-11-20",
            "booked_time": "15:00",
            "notes": "At the library",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["booked_on"], body["booked_time"], body["state"]) == (
        "meeting_elsewhere",
        "2026-11-20",
        "15:00:00",
        "booked",
    )
    assert body["overdue"] is False and body["episode"] == str(episode.uid)
    visit = BookedVisit.objects.get(uid=body["id"])
    assert AuditEntry.objects.get(object_type="cases.bookedvisit").channel == "api"

    listed = api.get(BOOKINGS, {"episode": str(episode.uid), "state": "booked"}).json()
    assert [row["id"] for row in listed["results"]] == [str(visit.uid)]
    assert api.get(f"{BOOKINGS}{visit.uid}/").json()["kind_label"] == "Meeting elsewhere"

    held = api.post(
        f"{BOOKINGS}{visit.uid}/held/",
        {"outcome": "information_received", "child_seen": True, "notes": "Work samples"},
        format="json",
    )
    assert held.status_code == 200, held.json()
    assert held.json()["state"] == "held" and held.json()["contact"] is not None
    again = api.post(f"{BOOKINGS}{visit.uid}/held/", {"outcome": "completed"}, format="json")
    assert again.status_code == 409
    assert "already recorded" in again.json()["detail"]


def test_the_api_refuses_bad_bookings_with_the_field_and_reason(api):
    episode = suitable_case()
    response = api.post(
        BOOKINGS,
        {"episode": str(episode.uid), "kind": "home_visit", "booked_on": "2026-11-19"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"booked_on": ["The date must be today or in the future"]}
    assert not BookedVisit.objects.exists()


def test_not_held_through_the_api(api):
    episode = suitable_case()
    visit = book(api.user, episode, on=TODAY)
    refused = api.post(f"{BOOKINGS}{visit.uid}/not-held/", {"reason": "declined"}, format="json")
    assert refused.status_code == 400 and "notes" in refused.json()["errors"]
    response = api.post(
        f"{BOOKINGS}{visit.uid}/not-held/",
        {"reason": "rearranged", "notes": "Moved a week", "rebook_on": "2026-11-27"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["not_held_reason"]) == ("not_held", "rearranged")
    assert BookedVisit.objects.get(uid=body["rearranged_to"]).booked_on == date(2026, 11, 27)


def test_a_visit_in_the_past_shows_overdue_in_the_api(api):
    episode = suitable_case()
    visit = book(api.user, episode, on=TODAY)
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/London"))):
        api.force_login(api.user)  # a new day, a new session
        assert api.get(f"{BOOKINGS}{visit.uid}/").json()["overdue"] is True


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SCHOOL, Role.ADMINISTRATOR])
def test_other_roles_cannot_use_the_bookings_api(make_user, role, frozen):
    client = APIClient()
    client.force_login(make_user(role))
    assert client.get(BOOKINGS).status_code == 403
    episode = suitable_case()
    response = client.post(
        BOOKINGS,
        {"episode": str(episode.uid), "kind": "home_visit", "booked_on": "2026-11-25"},
        format="json",
    )
    assert response.status_code == 403 and not BookedVisit.objects.exists()


# --- the child page ------------------------------------------------------------------------


def card_of(client, episode) -> str:
    html = client.get(reverse("child-detail", args=[episode.child.uid])).content.decode()
    start = html.index(f'data-testid="episode-{episode.uid}"')
    end = html.find('data-testid="episode-', start + 1)
    return html[start : end if end != -1 else html.index(">History<")]


def visit_url(name, visit) -> str:
    return reverse(name, args=[visit.episode.child.uid, visit.episode.uid, visit.uid])


def date_fields(name, on) -> dict:
    return {f"{name}_day": on.day, f"{name}_month": on.month, f"{name}_year": on.year}


def test_book_a_visit_from_the_case_card_and_see_it_there(client, officer, frozen):
    episode = suitable_case()
    client.force_login(officer)
    card = card_of(client, episode)
    book_url = reverse("child-visit-book", args=[episode.child.uid, episode.uid])
    assert f'href="{book_url}"' in card
    form = client.get(book_url)
    assert form.status_code == 200 and "Book a visit or meeting" in form.content.decode()
    response = client.post(
        book_url,
        {"kind": "home_visit", **date_fields("booked_on", NEXT_WEEK), "booked_time": "10:30"},
    )
    assert response.status_code == 302
    visit = BookedVisit.objects.get()
    assert (visit.booked_on, visit.booked_time, visit.booked_by) == (
        NEXT_WEEK,
        time(10, 30),
        officer,
    )
    card = card_of(client, episode)
    assert "Booked home visit: 25 November 2026" in card
    assert "Home visit: 25 November 2026 at 10:30" in card
    # Not yet its day: nothing to record.
    assert visit_url("child-visit-held", visit) not in card
    assert client.get(visit_url("child-visit-held", visit)).status_code == 409


def test_booking_form_errors_say_which_field_and_why(client, officer, frozen):
    episode = suitable_case()
    client.force_login(officer)
    url = reverse("child-visit-book", args=[episode.child.uid, episode.uid])
    response = client.post(
        url,
        {
            "kind": "home_visit",
            **date_fields("booked_on", date(2026, 11, 2)),
            "booked_time": "25:99",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a time using the 24-hour clock, like 14:30" in html
    response = client.post(
        url, {"kind": "home_visit", **date_fields("booked_on", date(2026, 11, 2))}
    )
    assert "The date must be today or in the future" in response.content.decode()
    assert not BookedVisit.objects.exists()


def test_record_a_visit_as_held_from_the_card(client, officer, frozen):
    episode = suitable_case()
    visit = book(officer, episode, on=TODAY)
    client.force_login(officer)
    card = card_of(client, episode)
    assert visit_url("child-visit-held", visit) in card
    assert visit_url("child-visit-not-held", visit) in card
    form = client.get(visit_url("child-visit-held", visit)).content.decode()
    assert 'name="contact_type"' not in form and 'value="no_response"' not in form
    response = client.post(
        visit_url("child-visit-held", visit),
        {"outcome": "completed", "child_seen": "yes", "present": "Mother", "notes": "Good"},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.state == "held" and visit.contact.present == "Mother"
    assert 'data-testid="booked-visit"' not in card_of(client, episode)


def test_record_a_declined_visit_from_the_card(client, officer, frozen):
    episode = suitable_case()
    visit = book(officer, episode, on=TODAY)
    client.force_login(officer)
    form = client.get(visit_url("child-visit-not-held", visit)).content.decode()
    assert "A valid choice" in form
    response = client.post(visit_url("child-visit-not-held", visit), {"reason": "declined"})
    assert response.status_code == 200 and "Say what happened" in response.content.decode()
    response = client.post(
        visit_url("child-visit-not-held", visit),
        {"reason": "declined", "notes": "Prefers a meeting at the library"},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.state == "not_held" and visit.contact.outcome == "visit_declined"


def test_an_overdue_booking_shows_on_the_card_and_the_caseload(client, officer):
    episode = suitable_case(allocated_officer=officer)
    book(officer, episode, on=TODAY)
    client.force_login(officer)
    with time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/London"))):
        from cases.services import refresh_due_dates

        refresh_due_dates(today=date(2026, 11, 24))
        card = card_of(client, episode)
        assert "Booked home visit: 20 November 2026" in card
        booked = card[card.index('data-testid="booked-visit"') :]
        assert "Overdue" in booked[: booked.index("</div>")]
        caseload = client.get(reverse("caseload") + "?due=overdue").content.decode()
        assert "Booked home visit" in caseload and "Overdue" in caseload


def test_the_booking_pages_are_for_casework_staff(client, make_user, frozen):
    episode = suitable_case()
    client.force_login(make_user(Role.ANALYST))
    url = reverse("child-visit-book", args=[episode.child.uid, episode.uid])
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "home_visit"}).status_code == 403
    assert not BookedVisit.objects.exists()
