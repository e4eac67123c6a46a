"""A school's return as the council sees it (everything the school sent, attachments, what
processing did) and the "match or create" screen for a return that could not be matched."""

import re
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.models import (
    AuditEntry,
    Child,
    DeletionReturn,
    Episode,
    Person,
    ReturnAttachment,
)
from ehe.roles import Role
from policy.upn import upn_check_letter
from tests.cases.factories import (
    AddressFactory,
    ChildFactory,
    EHEEpisodeFactory,
    RelationshipFactory,
    SchoolFactory,
)
from tests.cases.returns_helpers import NOTICE, submit

pytestmark = [pytest.mark.django_db(transaction=True)]

OTHER_ROLES = [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL]
DOB = date(2014, 5, 17)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(
        datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False
    )


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


def twins(first="Robin", last="Example"):
    """Two children the return's pupil could be: same legal name and date of birth."""
    older = ChildFactory(legal_first_name=first, legal_last_name=last, date_of_birth=DOB)
    AddressFactory(child=older, line_1="12 Imaginary Lane", postcode="ZZ1 1ZZ")
    # Held just as the school sends them, so matching to this child changes nothing.
    RelationshipFactory(
        child=older,
        person__first_name="Sam",
        person__last_name="Example",
        person__address_line_1="12 Imaginary Lane, Northbrook",
        person__postcode="ZZ1 1ZZ",
        person__phone="07700 900123",
    )
    other = ChildFactory(legal_first_name=first, legal_last_name=last, date_of_birth=DOB)
    AddressFactory(child=other, line_1="9 Other Road", postcode="ZZ9 9ZZ")
    return older, other


def waiting_return(**overrides) -> DeletionReturn:
    r = submit(SchoolFactory(name="Birchfield Primary", urn="123456"), **overrides)
    r = DeletionReturn.objects.get(pk=r.deletion_return.pk)
    assert r.outcome == "awaiting_match"
    return r


def snapshot() -> tuple:
    """Everything a match could change."""
    return (
        Child.objects.count(),
        Person.objects.count(),
        Episode.objects.count(),
        list(DeletionReturn.objects.values_list("outcome", "status", "matched_child", "episode")),
    )


# --- the return page -------------------------------------------------------------------------


def test_return_page_shows_everything_the_school_sent(as_officer):
    r = submit(
        SchoolFactory(name="Birchfield Primary", urn="123456"),
        pupil_middle_names="Jay",
        upn=upn_check_letter("801123456789") + "801123456789",
        parent_reason="Wants to follow a child-led approach",
        exclusions="One fixed-term exclusion in Year 5",
        attendance_percent="87.5",
        meeting_offered=True,
        meeting_held=False,
        school_suggested_ehe=False,
        safeguarding_file=True,
    ).deletion_return
    r.refresh_from_db()
    response = as_officer.get(reverse("triage-return", args=[r.uid]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Robin Jay Example",
        "17 May 2014",
        r.upn,
        "12 Imaginary Lane<br>Northbrook<br>ZZ1 1ZZ",
        "Sam Example",
        "07700 900123",
        "(f) Parent has given written notice of home education",
        "16 November 2026",
        "Wants to follow a child-led approach",
        "One fixed-term exclusion in Year 5",
        "87.5%",
        "Birchfield Primary (URN 123456)",
        r.reference,
        "Home education case opened",
    ):
        assert text in html, text
    # The EHE answers as the school gave them, yes and no alike.
    assert re.search(r"Meeting offered</dt>\s*<dd[^>]*>Yes<", html)
    assert re.search(r"Meeting held</dt>\s*<dd[^>]*>No<", html)
    assert re.search(r"School holds a safeguarding file</dt>\s*<dd[^>]*>Yes<", html)
    # The linked child and case.
    assert f'href="/children/{r.matched_child.uid}/"' in html
    assert "Elective home education: New" in html
    attachment = r.attachments.get()
    assert f'href="/returns/{r.uid}/attachments/{attachment.pk}/"' in html
    assert "notice.pdf" in html


def test_reading_a_matched_return_is_audited_against_the_child(as_officer, officer):
    r = submit(SchoolFactory()).deletion_return
    r.refresh_from_db()
    before = AuditEntry.objects.filter(action="view").count()
    as_officer.get(reverse("triage-return", args=[r.uid]))
    entry = AuditEntry.objects.filter(action="view").order_by("-id").first()
    assert AuditEntry.objects.filter(action="view").count() == before + 1
    assert (entry.actor, entry.child_id, entry.object_id) == (
        officer,
        r.matched_child_id,
        str(r.pk),
    )


def test_an_unmatched_return_is_shown_with_the_match_button(as_officer):
    twins()
    r = waiting_return()
    response = as_officer.get(reverse("triage-return", args=[r.uid]))
    html = response.content.decode()
    assert 'data-testid="awaiting-match"' in html
    assert f'href="/returns/{r.uid}/match/"' in html
    assert "Not matched to a child" in html
    assert "Waiting to be matched to a child" in html


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_see_a_return_or_its_files(client_as, role):
    twins()
    r = waiting_return()
    attachment = r.attachments.get()
    client = client_as(role)
    for url in (
        reverse("triage-return", args=[r.uid]),
        reverse("triage-return-attachment", args=[r.uid, attachment.pk]),
        reverse("triage-return-match", args=[r.uid]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Robin" not in response.content
        assert NOTICE not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    r = submit(SchoolFactory()).deletion_return
    for url in (
        reverse("triage-return", args=[r.uid]),
        reverse("triage-return-match", args=[r.uid]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_unknown_return_is_not_found(as_officer):
    assert as_officer.get(reverse("triage-return", args=[uuid.uuid4()])).status_code == 404


# --- attachments -----------------------------------------------------------------------------


def test_attachment_downloads_safely_and_the_download_is_audited(as_officer, officer):
    r = submit(SchoolFactory()).deletion_return
    r.refresh_from_db()
    attachment = r.attachments.get()
    response = as_officer.get(reverse("triage-return-attachment", args=[r.uid, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == NOTICE
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="notice.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.get(action="download")
    assert (entry.actor, entry.child_id, entry.object_id) == (
        officer,
        r.matched_child_id,
        str(attachment.pk),
    )


def test_an_attachment_is_reached_only_through_its_own_return(as_officer):
    first = submit(SchoolFactory(), pupil_first_name="Ada").deletion_return
    second = submit(SchoolFactory(), pupil_first_name="Bea").deletion_return
    attachment = ReturnAttachment.objects.get(deletion_return=first)
    url = reverse("triage-return-attachment", args=[second.uid, attachment.pk])
    assert as_officer.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="download").exists()


# --- match or create -------------------------------------------------------------------------


def test_match_page_shows_the_pupil_beside_each_candidate(as_officer, officer):
    older, other = twins()
    r = waiting_return()
    response = as_officer.get(reverse("triage-return-match", args=[r.uid]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{older.uid}"' in html and f'value="{other.uid}"' in html
    assert 'value="new"' in html
    assert "None of these: create a new child record" in html
    candidates = re.findall(r'data-testid="candidate">(.*?)</dl>', html, re.S)
    assert len(candidates) == 2
    # The first candidate lives at the address the school gave; the second does not.
    assert re.search(r"12 Imaginary Lane.*?Same", candidates[0], re.S)
    assert re.search(r"9 Other Road.*?Different", candidates[1], re.S)
    assert "Sam Example" in candidates[0]
    # Showing a child as a possible match is a read of their record.
    shown = set(
        AuditEntry.objects.filter(actor=officer, action="view").values_list("child_id", flat=True)
    )
    assert shown == {older.pk, other.pk}


def test_matching_to_an_existing_child_opens_the_case_on_that_child(as_officer, officer):
    older, other = twins()
    r = waiting_return()
    response = as_officer.post(
        reverse("triage-return-match", args=[r.uid]), {"action": "match", "choice": str(older.uid)}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/children/{older.uid}/"
    r.refresh_from_db()
    assert (r.matched_child, r.outcome, r.status) == (older, "ehe_opened", "processed")
    assert r.episode.child == older and r.episode.kind == "ehe"
    assert not other.episodes.exists()
    assert Child.objects.count() == 2
    page = as_officer.get(response["Location"])
    assert f"Return {r.reference} matched. Home education case opened." in page.content.decode()


def test_choosing_none_of_these_creates_a_new_child_from_the_return(as_officer):
    older, other = twins()
    r = waiting_return()
    response = as_officer.post(
        reverse("triage-return-match", args=[r.uid]), {"action": "match", "choice": "new"}
    )
    r.refresh_from_db()
    new_child = r.matched_child
    assert new_child not in (older, other)
    assert Child.objects.count() == 3
    assert (new_child.legal_first_name, new_child.date_of_birth) == ("Robin", DOB)
    assert new_child.people.get().phone == "07700 900123"
    assert r.outcome == "ehe_opened" and r.episode.child == new_child
    assert response["Location"] == f"/children/{new_child.uid}/"


def test_search_adds_another_candidate_who_can_then_be_chosen(as_officer):
    twins()
    body = "801123456789"
    upn = upn_check_letter(body) + body
    elsewhere = ChildFactory(legal_first_name="Robyn", legal_last_name="Exampel", upn=upn)
    r = waiting_return()
    url = reverse("triage-return-match", args=[r.uid])
    html = as_officer.post(url, {"action": "search", "search_upn": upn.lower()}).content.decode()
    assert f'value="{elsewhere.uid}"' in html
    assert "1 child found and added above" in html
    assert "Your search" in html
    # By name and date of birth as well.
    html = as_officer.post(
        url,
        {
            "action": "search",
            "search_name": "Robyn",
            "search_dob_day": "17",
            "search_dob_month": "5",
            "search_dob_year": "2014",
        },
    ).content.decode()
    assert f'value="{elsewhere.uid}"' in html
    # Spelled differently, with no address or parents on record: each difference is offered.
    page = as_officer.post(url, {"action": "match", "choice": str(elsewhere.uid)})
    form = page.context["form"]
    assert [d.what for d in form.differences] == ["name", "address", "parent_new"]
    r.refresh_from_db()
    assert r.matched_child is None
    as_officer.post(
        url,
        {
            "action": "confirm",
            "choice": str(elsewhere.uid),
            **{d.key: "keep" for d in form.differences},
        },
    )
    r.refresh_from_db()
    assert r.matched_child == elsewhere


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "search_upn", "Enter a UPN, or a name and a date of birth"),
        ({"search_name": "Robin"}, "search_dob", "Enter the date of birth to search with"),
        ({"search_upn": "A12345678901Z"}, "search_upn", ""),
        (
            {
                "search_name": "Robin",
                "search_dob_day": "31",
                "search_dob_month": "2",
                "search_dob_year": "2014",
            },
            "search_dob",
            "real date",
        ),
    ],
)
def test_a_bad_search_gets_a_field_error_and_changes_nothing(as_officer, data, field, message):
    twins()
    r = waiting_return()
    before = snapshot()
    response = as_officer.post(
        reverse("triage-return-match", args=[r.uid]), {"action": "search", **data}
    )
    assert response.status_code == 200
    assert response.context["search_form"].errors[field]
    assert message in str(response.context["search_form"].errors[field])
    assert "There is a problem" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("", "Choose the child this return is about"),
        ("not-a-uid", "Choose one of the children listed"),
        ("5d0f7c2e-8b1a-4c3e-9f60-2a7b4c9d1e35", "That child could not be found"),
    ],
)
def test_a_bad_choice_gets_an_error_and_changes_nothing(as_officer, choice, message):
    twins()
    r = waiting_return()
    before = snapshot()
    response = as_officer.post(
        reverse("triage-return-match", args=[r.uid]), {"action": "match", "choice": choice}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'href="#id_choice"' in html  # the error summary links to the first option
    assert snapshot() == before


def test_a_return_not_waiting_to_be_matched_is_refused(as_officer):
    older, _ = twins()
    r = submit(SchoolFactory(), pupil_first_name="Unique").deletion_return
    r.refresh_from_db()
    assert r.outcome == "ehe_opened"
    before = snapshot()
    url = reverse("triage-return-match", args=[r.uid])
    assert as_officer.get(url).status_code == 409
    response = as_officer.post(url, {"action": "match", "choice": str(older.uid)})
    assert response.status_code == 409
    assert "This return is not waiting to be matched" in response.content.decode()
    assert snapshot() == before


def test_a_stale_double_submit_gets_a_clear_error_and_changes_nothing(as_officer):
    older, other = twins()
    r = waiting_return()
    url = reverse("triage-return-match", args=[r.uid])
    as_officer.post(url, {"action": "match", "choice": str(older.uid)})
    before = snapshot()
    again = as_officer.post(url, {"action": "match", "choice": str(other.uid)})
    assert again.status_code == 409
    html = again.content.decode()
    assert "It has already been matched to a child" in html
    assert "Nothing was changed" in html
    assert snapshot() == before
    r.refresh_from_db()
    assert r.matched_child == older


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_match_and_nothing_changes(client_as, role):
    older, _ = twins()
    r = waiting_return()
    before = snapshot()
    response = client_as(role).post(
        reverse("triage-return-match", args=[r.uid]), {"action": "match", "choice": str(older.uid)}
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_a_return_about_a_child_with_an_open_ehe_case_records_no_second_case(as_officer):
    older, _ = twins()
    existing = EHEEpisodeFactory(child=older, status="suitable", start_date=date(2025, 9, 1))
    r = waiting_return()
    as_officer.post(
        reverse("triage-return-match", args=[r.uid]), {"action": "match", "choice": str(older.uid)}
    )
    r.refresh_from_db()
    # One open case of a kind: the return joins it.
    assert (r.outcome, r.status, r.episode) == ("linked", "processed", existing)
    assert older.episodes.count() == 1


def test_the_time_received_is_shown_in_local_time(as_officer, time_machine):
    # 12:00 in London in July is 11:00 UTC.
    time_machine.move_to(datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    r = submit(SchoolFactory(), today=date(2026, 7, 1), deletion_date=date(2026, 6, 29))
    html = as_officer.get(reverse("triage-return", args=[r.deletion_return.uid])).content.decode()
    assert "1 July 2026 at 12:00" in html
