"""A CME case on the child page: the DfE reason, duration and band, the reasonable-enquiries
checklist with the home visit's due date; recording enquiries; closing with the DfE outcomes;
correcting the reason; and an EHE case that counts as CME while judged unsuitable."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AuditEntry, CMEEnquiry, Episode, EpisodeEvent, UnsuitablePeriod
from cases.services import cme_enquiry_record, episode_open
from ehe.roles import Role
from policy.vocab import CME_CLOSURE_OUTCOMES, CME_ENQUIRY_ITEMS
from tests.cases.conftest import TODAY
from tests.cases.factories import (
    ChildFactory,
    CMEEpisodeFactory,
    EHEEpisodeFactory,
)

pytestmark = pytest.mark.django_db

REFUSED_ROLES = [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL]
# Monday 2 November 2026: five working days on is Monday 9 November; TODAY is Friday 20th.
START = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def frozen_today():
    noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=False):
        yield


def date_fields(name: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def cme_case(officer, *, start=START, reason="moved_in_from_another_la", **child_fields):
    child = ChildFactory(**child_fields)
    return episode_open(
        by=officer,
        child=child,
        kind="cme",
        start_date=start,
        source="school",
        primary_reason=reason,
        today=TODAY,
        channel="web",
    )


def enquire(officer, episode, item, on=date(2026, 11, 10), outcome="No trace"):
    return cme_enquiry_record(
        by=officer,
        episode=episode,
        item=item,
        made_on=on,
        outcome=outcome,
        today=TODAY,
        channel="web",
    )


def url(name, episode):
    return reverse(name, args=[episode.child.uid, episode.uid])


def card_of(client, episode) -> str:
    html = client.get(reverse("child-detail", args=[episode.child.uid])).content.decode()
    start = html.index(f'data-testid="episode-{episode.uid}"')
    end = html.find('data-testid="episode-', start + 1)
    return html[start : end if end != -1 else html.index(">History<")]


def row(card: str, item: str) -> str:
    """One checklist row, with the <time> elements unwrapped so its text can be matched."""
    start = card.index(f'data-testid="enquiry-{item}"')
    return re.sub(r"</?time[^>]*>", "", card[start : card.index("</tr>", start)])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


# --- the card --------------------------------------------------------------------------------


def test_the_card_shows_reason_duration_band_and_every_checklist_item(officer_client, officer):
    episode = cme_case(officer)
    enquire(officer, episode, "police", outcome="Not known to police")
    card = card_of(officer_client, episode)
    assert "Moved in from another local authority" in card
    # 18 days from 2 to 20 November: 2 whole weeks, the DfE band "2 to 4 weeks".
    assert "18 days (2 to 4 weeks)" in card
    for code, label in CME_ENQUIRY_ITEMS.choices:
        assert f'data-testid="enquiry-{code}"' in card
        assert label.replace("'", "&#x27;") in card
    assert "10 November 2026, Test Person: Not known to police" in row(card, "police")
    assert "Not yet made" in row(card, "health")
    assert card.count("Not yet made") == len(CME_ENQUIRY_ITEMS) - 1
    assert url("cme-enquiry-new", episode) + "?item=health" in row(card, "health")
    assert f'href="{url("cme-enquiry-new", episode)}"' in card
    assert f'href="{url("cme-close", episode)}"' in card
    assert f'href="{url("child-close", episode)}"' not in card
    assert f'href="{url("case-reason-edit", episode)}"' in card


def test_the_home_visit_is_due_five_working_days_from_the_start_and_overdue_if_not_made(
    officer_client, officer
):
    late = cme_case(officer)
    card = row(card_of(officer_client, late), "home_visit")
    assert "Due 9 November 2026" in card
    assert 'data-testid="overdue"' in card

    # A Wednesday start runs over the weekend: due the next Wednesday, not yet overdue.
    recent = cme_case(officer, start=date(2026, 11, 18))
    card = row(card_of(officer_client, recent), "home_visit")
    assert "Due 25 November 2026" in card
    assert 'data-testid="overdue"' not in card

    enquire(officer, late, "home_visit", on=date(2026, 11, 12), outcome="Nobody home")
    card = row(card_of(officer_client, late), "home_visit")
    assert "12 November 2026, Test Person: Nobody home" in card
    assert 'data-testid="overdue"' not in card


@pytest.mark.parametrize(
    ("start", "shown"),
    [
        (TODAY, "0 days (Less than 2 weeks)"),
        (date(2026, 11, 7), "13 days (Less than 2 weeks)"),
        (date(2026, 11, 6), "14 days (2 to 4 weeks)"),
        (date(2026, 8, 21), "91 days (12 to 26 weeks)"),
        (date(2025, 11, 20), "365 days (Over 52 weeks)"),
    ],
)
def test_duration_is_in_days_and_the_dfe_band(officer_client, officer, start, shown):
    episode = cme_case(officer, start=start, date_of_birth=date(2014, 5, 17))
    assert shown in card_of(officer_client, episode)


def test_a_closed_case_shows_its_duration_to_the_closing_date_and_no_record_links(
    officer_client, officer
):
    episode = CMEEpisodeFactory(
        start_date=date(2026, 10, 1),
        status="closed",
        end_date=date(2026, 10, 29),
        closure_reason="on_roll_in_area",
    )
    card = card_of(officer_client, episode)
    assert "28 days (4 to 8 weeks)" in card
    assert "Record<span" not in card
    assert 'data-testid="overdue"' not in card


def test_the_child_page_runs_two_more_queries_for_cme_whatever_the_enquiries(
    client, officer, manager
):
    few = cme_case(officer)
    many = cme_case(officer)
    for n in range(2):
        enquire(officer, few, "police", outcome=f"Check {n}")
    for n in range(20):
        enquire(officer, many, CME_ENQUIRY_ITEMS.codes[n % 11], outcome=f"Check {n}")
    # Opened through the service, so that its history has events, as the CME cases' have.
    no_cme = episode_open(
        by=officer,
        child=ChildFactory(),
        kind="involvement",
        start_date=START,
        source="school",
        today=TODAY,
        channel="web",
    )
    client.force_login(officer)
    client.get(reverse("child-detail", args=[no_cme.child.uid]))  # warm the session

    def count(episode):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("child-detail", args=[episode.child.uid]))
        assert response.status_code == 200
        return len(queries)

    without, with_few, with_many = count(no_cme), count(few), count(many)
    assert with_few == with_many
    # The enquiries, and the council's timescales for the home visit's due date.
    assert with_few == without + 2


# --- recording an enquiry ------------------------------------------------------------------


def test_recording_the_first_enquiry_moves_the_case_to_making_enquiries(officer_client, officer):
    episode = cme_case(officer)
    form = officer_client.get(url("cme-enquiry-new", episode) + "?item=police")
    assert form.status_code == 200
    assert 'value="police" checked' in form.content.decode()
    response = officer_client.post(
        url("cme-enquiry-new", episode),
        {
            "item": "school_and_emergency_contacts",
            **date_fields("made_on", date(2026, 11, 3)),
            "outcome": "School had no forwarding address",
        },
    )
    assert response.status_code == 302
    enquiry = CMEEnquiry.objects.get()
    assert (enquiry.item, enquiry.made_on, enquiry.made_by) == (
        "school_and_emergency_contacts",
        date(2026, 11, 3),
        officer,
    )
    episode.refresh_from_db()
    assert episode.status == "enquiries"
    assert AuditEntry.objects.filter(object_type="cases.cmeenquiry", action="create").exists()


def enquiry(item="police", outcome="x", made_on=TODAY) -> dict:
    return {"item": item, "outcome": outcome, **date_fields("made_on", made_on)}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (enquiry(item=""), "item"),
        (enquiry(item="seance"), "item"),
        (enquiry(outcome=""), "outcome"),
        (enquiry(made_on=date(2026, 12, 1)), "made_on"),  # in the future
        (enquiry(made_on=date(2026, 10, 1)), "made_on"),  # before the case started
        (enquiry(made_on=None), "made_on"),
    ],
)
def test_bad_enquiries_are_refused_by_field_and_nothing_is_saved(
    officer_client, officer, data, field
):
    episode = cme_case(officer)
    response = officer_client.post(url("cme-enquiry-new", episode), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CMEEnquiry.objects.exists()
    episode.refresh_from_db()
    assert episode.status == "referred"


def test_enquiries_are_refused_on_closed_and_on_ehe_cases(officer_client):
    closed = CMEEpisodeFactory(
        status="closed", end_date=date(2026, 11, 1), closure_reason="deceased"
    )
    ehe = EHEEpisodeFactory()
    data = enquiry()
    for episode in (closed, ehe):
        assert officer_client.get(url("cme-enquiry-new", episode)).status_code == 409
        assert officer_client.post(url("cme-enquiry-new", episode), data).status_code == 409
    assert not CMEEnquiry.objects.exists()


@pytest.mark.parametrize("name", ["cme-enquiry-new", "cme-close", "case-reason-edit"])
@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_cannot_use_the_case_forms(client_as, role, name):
    episode = CMEEpisodeFactory()
    client = client_as(role)
    assert client.get(url(name, episode)).status_code == 403
    assert client.post(url(name, episode), {"item": "police"}).status_code == 403
    episode.refresh_from_db()
    assert episode.status == "referred"
    assert not AuditEntry.objects.exists()


# --- closing -------------------------------------------------------------------------------


def close(client, episode, reason, notes="", **extra):
    return client.post(
        url("cme-close", episode),
        {
            "version": Episode.objects.get(pk=episode.pk).version,
            "closure_reason": reason,
            **date_fields("on", TODAY),
            "closure_notes": notes,
            **extra,
        },
    )


def test_the_close_form_offers_the_dfe_closure_outcomes(officer_client, officer):
    episode = cme_case(officer)
    html = officer_client.get(url("cme-close", episode)).content.decode()
    for _, label in CME_CLOSURE_OUTCOMES.choices:
        assert label in html
    assert "Returned to school" not in html  # an EHE closure reason


def test_closing_as_on_roll_in_the_area(officer_client, officer):
    episode = cme_case(officer)
    response = close(officer_client, episode, "on_roll_in_area")
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.status, episode.closure_reason, episode.end_date) == (
        "closed",
        "on_roll_in_area",
        TODAY,
    )


def test_another_council_area_must_say_which_council(officer_client, officer):
    episode = cme_case(officer)
    refused = close(officer_client, episode, "other_council_area")
    assert refused.status_code == 200
    assert refused.context["form"].errors["closure_notes"] == [
        "Say which council area the child is on roll or living in"
    ]
    episode.refresh_from_db()
    assert episode.is_open
    close(officer_client, episode, "other_council_area", notes="Westshire County Council")
    episode.refresh_from_db()
    assert (episode.closure_reason, episode.closure_notes) == (
        "other_council_area",
        "Westshire County Council",
    )


def test_left_the_country_must_record_the_evidence(officer_client, officer):
    episode = cme_case(officer)
    refused = close(officer_client, episode, "left_country")
    assert "closure_notes" in refused.context["form"].errors
    episode.refresh_from_db()
    assert episode.is_open


def test_elective_home_education_opens_the_linked_ehe_case_shown_on_the_page(
    officer_client, officer
):
    episode = cme_case(officer)
    response = close(officer_client, episode, "ehe")
    assert response.status_code == 302
    ehe = Episode.objects.get(child=episode.child, kind="ehe")
    assert (ehe.linked_from, ehe.start_date, ehe.status) == (episode, TODAY, "new")
    page = officer_client.get(response["Location"]).content.decode()
    assert "A home education case has been opened." in page
    assert f'data-testid="episode-{ehe.uid}"' in page
    assert "Elective home education case opened 20 November 2026 (New)" in page


def test_untraced_needs_the_lost_pupil_database_upload(officer_client, officer):
    episode = cme_case(officer)
    enquire(officer, episode, "police")
    refused = close(officer_client, episode, "untraced", confirm_untraced="on")
    assert refused.status_code == 200
    assert "lost pupil database" in refused.context["form"].errors["closure_reason"][0]
    episode.refresh_from_db()
    assert episode.is_open


def test_untraced_with_other_enquiries_missing_is_warned_and_needs_confirming(
    officer_client, officer
):
    episode = cme_case(officer)
    enquire(officer, episode, "lost_pupil_database", outcome="Uploaded CTF")
    form = officer_client.get(url("cme-close", episode)).content.decode()
    assert 'data-testid="enquiries-not-made"' in form
    assert "Police" in form and "confirm_untraced" in form
    refused = close(officer_client, episode, "untraced")
    assert "confirm_untraced" in refused.context["form"].errors
    episode.refresh_from_db()
    assert episode.is_open
    close(officer_client, episode, "untraced", confirm_untraced="on")
    episode.refresh_from_db()
    assert episode.closure_reason == "untraced"


def test_untraced_after_every_enquiry_closes_without_confirming(officer_client, officer):
    episode = cme_case(officer)
    for code in CME_ENQUIRY_ITEMS.codes:
        enquire(officer, episode, code)
    form = officer_client.get(url("cme-close", episode)).content.decode()
    assert "confirm_untraced" not in form
    assert 'data-testid="enquiries-not-made"' not in form
    response = close(officer_client, episode, "untraced")
    assert response.status_code == 302, response.context["form"].errors
    episode.refresh_from_db()
    assert episode.closure_reason == "untraced"


def test_the_cme_close_form_is_for_cme_cases_only(officer_client):
    ehe = EHEEpisodeFactory(status="informal_enquiry")
    assert officer_client.get(url("cme-close", ehe)).status_code == 409
    assert close(officer_client, ehe, "ehe").status_code == 409
    ehe.refresh_from_db()
    assert ehe.is_open


# --- the DfE reason ------------------------------------------------------------------------


def test_the_reason_can_be_changed_from_the_card(officer_client, officer):
    episode = cme_case(officer, reason="not_recorded")
    form = officer_client.get(url("case-reason-edit", episode)).content.decode()
    assert "Believed to have moved to another country" in form
    assert "Lifestyle" not in form  # an EHE reason
    response = officer_client.post(
        url("case-reason-edit", episode),
        {"primary_reason": "believed_moved_to_another_country", "version": episode.version},
    )
    assert response.status_code == 302
    card = card_of(officer_client, episode)
    assert "Believed to have moved to another country" in card
    assert EpisodeEvent.objects.filter(episode=episode, action="reason_changed").exists()


def test_a_reason_change_over_someone_elses_is_refused(officer_client, officer):
    episode = cme_case(officer, reason="not_recorded")
    response = officer_client.post(
        url("case-reason-edit", episode),
        {"primary_reason": "unknown", "version": episode.version + 5},
    )
    assert response.status_code == 200
    assert "Someone else changed this case" in response.content.decode()
    episode.refresh_from_db()
    assert episode.primary_reason == "not_recorded"


def test_an_ehe_case_offers_the_ehe_reasons(officer_client):
    episode = EHEEpisodeFactory()
    form = officer_client.get(url("case-reason-edit", episode)).content.decode()
    assert "Lifestyle" in form and "Unsuitable elective home education" not in form
    bad = officer_client.post(
        url("case-reason-edit", episode), {"primary_reason": "unsuitable_ehe", "version": 1}
    )
    assert "primary_reason" in bad.context["form"].errors
    episode.refresh_from_db()
    assert episode.primary_reason == "unknown"


# --- unsuitable education counts as CME ----------------------------------------------------


def test_an_ehe_card_says_when_it_counts_as_missing_education(officer_client):
    episode = EHEEpisodeFactory(status="panel")
    assert 'data-testid="unsuitable"' not in card_of(officer_client, episode)
    UnsuitablePeriod.objects.create(episode=episode, valid_from=date(2026, 11, 3))
    card = card_of(officer_client, episode)
    assert "Counts as missing education (unsuitable home education) since 3 November 2026" in card


def test_a_resolved_period_is_not_shown(officer_client):
    episode = EHEEpisodeFactory(status="suitable")
    UnsuitablePeriod.objects.create(
        episode=episode, valid_from=date(2026, 10, 1), valid_to=date(2026, 11, 1)
    )
    assert 'data-testid="unsuitable"' not in card_of(officer_client, episode)


def test_a_manager_can_record_an_enquiry(client, manager):
    episode = cme_case(manager)
    client.force_login(manager)
    assert client.get(url("cme-enquiry-new", episode)).status_code == 200
    response = client.post(url("cme-enquiry-new", episode), enquiry(outcome="Checked"))
    assert response.status_code == 302
    assert CMEEnquiry.objects.get().made_by == manager
