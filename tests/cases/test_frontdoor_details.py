"""The match screen shows the school's notice and details; choosing a child whose record
differs offers each difference (use the school's or keep the record's, GOV.UK radios), and
the choices are saved together or not at all. A return matched without a person offers the
same from its page. The return's page links back to the child."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.models import AuditEntry, Child, ChildAddress, DeletionReturn, Person
from cases.selectors.frontdoor_details import details_differences
from ehe.roles import Role
from tests.cases.factories import AddressFactory, ChildFactory, RelationshipFactory, SchoolFactory
from tests.cases.returns_helpers import submit

pytestmark = [pytest.mark.django_db(transaction=True)]

DOB = date(2014, 5, 17)
DELETED = date(2026, 11, 16)


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


def moved_child() -> Child:
    """A child the council holds at an old address, whose mother's number has changed."""
    child = ChildFactory(legal_first_name="Robin", legal_last_name="Example", date_of_birth=DOB)
    AddressFactory(child=child, line_1="3 Old Road", postcode="ZZ9 9ZZ")
    RelationshipFactory(
        child=child,
        person__first_name="Sam",
        person__last_name="Example",
        person__address_line_1="3 Old Road",
        person__postcode="ZZ9 9ZZ",
        person__phone="07700 900999",
    )
    return child


def waiting_return() -> tuple[Child, DeletionReturn]:
    child = moved_child()
    ChildFactory(legal_first_name="Robin", legal_last_name="Example", date_of_birth=DOB)
    r = submit(SchoolFactory(name="Birchfield Primary")).deletion_return
    r.refresh_from_db()
    assert r.outcome == "awaiting_match"
    return child, r


def snapshot() -> tuple:
    return (
        list(ChildAddress.objects.values_list("child", "line_1", "valid_from", "valid_to")),
        list(Person.objects.values_list("first_name", "phone", "version")),
        list(DeletionReturn.objects.values_list("outcome", "matched_child", "details_review")),
        Child.objects.count(),
    )


def test_the_match_screen_shows_the_schools_notice_and_details(as_officer):
    _, r = waiting_return()
    html = as_officer.get(reverse("triage-return-match", args=[r.uid])).content.decode()
    attachment = r.attachments.get()
    notice = re.search(r'data-testid="notice">(.*?)</dd>', html, re.S).group(1)
    assert reverse("triage-return-attachment", args=[r.uid, attachment.pk]) in notice
    assert "notice.pdf" in notice
    for sent in ("Robin Example", "12 Imaginary Lane", "Sam Example"):
        assert sent in html


def test_choosing_a_child_whose_record_differs_offers_each_difference(as_officer, officer):
    child, r = waiting_return()
    before = snapshot()
    url = reverse("triage-return-match", args=[r.uid])
    response = as_officer.post(url, {"action": "match", "choice": str(child.uid)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Check the school's details against Robin Example's record" in html
    differences = details_differences(r, child)
    assert [d.what for d in differences] == ["address", "parent_address", "parent_phone"]
    for difference in differences:
        # One GOV.UK radios question per difference: the school's, or the record's.
        assert f'name="{difference.key}" type="radio" value="accept"' in html
        assert f'name="{difference.key}" type="radio" value="keep"' in html
    assert "The school sent: 12 Imaginary Lane, Northbrook, ZZ1 1ZZ" in html
    assert "The record holds: 3 Old Road, Northbrook, ZZ9 9ZZ" in html
    assert "The record holds: 07700 900999" in html
    assert 'data-testid="notice"' in html and "notice.pdf" in html
    assert f'name="choice" value="{child.uid}"' in html
    # Nothing is saved until the choices are sent; looking at the record is a read.
    assert snapshot() == before
    assert AuditEntry.objects.filter(
        actor=officer, action="view", child_id=child.pk, detail="compared with a school return"
    ).exists()


def test_the_choices_are_saved_with_the_match(as_officer):
    child, r = waiting_return()
    address, parent_address, parent_phone = details_differences(r, child)
    url = reverse("triage-return-match", args=[r.uid])
    response = as_officer.post(
        url,
        {
            "action": "confirm",
            "choice": str(child.uid),
            address.key: "accept",
            parent_address.key: "keep",
            parent_phone.key: "accept",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/children/{child.uid}/"
    r.refresh_from_db()
    assert (r.matched_child, r.outcome) == (child, "ehe_opened")
    current = ChildAddress.objects.get(child=child, valid_to__isnull=True)
    assert (current.line_1, current.valid_from) == ("12 Imaginary Lane", DELETED)
    assert Person.objects.get(relationships__child=child).phone == "07700 900123"
    page = as_officer.get(reverse("triage-return", args=[r.uid])).content.decode()
    review = re.search(r'data-testid="details-review">(.*?)</dl>', page, re.S).group(1)
    assert "Used the school's: 12 Imaginary Lane, Northbrook, ZZ1 1ZZ" in review
    assert "Kept the record's: 3 Old Road, ZZ9 9ZZ" in review


def test_a_difference_left_unanswered_is_asked_again_and_nothing_is_saved(as_officer):
    child, r = waiting_return()
    address, parent_address, parent_phone = details_differences(r, child)
    before = snapshot()
    response = as_officer.post(
        reverse("triage-return-match", args=[r.uid]),
        {"action": "confirm", "choice": str(child.uid), address.key: "accept"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{parent_phone.key}_0"' in html
    assert "Choose what to do about: Sam Example&#x27;s telephone" in html
    assert snapshot() == before


def test_a_choice_that_cannot_be_applied_changes_nothing_and_says_why(as_officer):
    child, r = waiting_return()
    ChildAddress.objects.filter(child=child).update(valid_from=date(2026, 11, 18))
    differences = details_differences(r, child)
    before = snapshot()
    response = as_officer.post(
        reverse("triage-return-match", args=[r.uid]),
        {"action": "confirm", "choice": str(child.uid), **{d.key: "accept" for d in differences}},
    )
    assert response.status_code == 200
    assert "The record&#x27;s address starts after the deletion date" in response.content.decode()
    assert snapshot() == before


def test_a_child_whose_record_matches_is_matched_at_once(as_officer):
    same = ChildFactory(legal_first_name="Robin", legal_last_name="Example", date_of_birth=DOB)
    AddressFactory(child=same, line_1="12 Imaginary Lane", postcode="ZZ1 1ZZ")
    RelationshipFactory(
        child=same,
        person__first_name="Sam",
        person__last_name="Example",
        person__address_line_1="12 Imaginary Lane, Northbrook",
        person__postcode="ZZ1 1ZZ",
        person__phone="07700 900123",
    )
    ChildFactory(legal_first_name="Robin", legal_last_name="Example", date_of_birth=DOB)
    r = submit(SchoolFactory()).deletion_return
    r.refresh_from_db()
    assert r.outcome == "awaiting_match"
    response = as_officer.post(
        reverse("triage-return-match", args=[r.uid]), {"action": "match", "choice": str(same.uid)}
    )
    assert response.status_code == 302 and response["Location"] == f"/children/{same.uid}/"
    r.refresh_from_db()
    assert (r.matched_child, r.outcome, r.details_review) == (same, "ehe_opened", [])
    assert r.details_reviewed_at is not None


def test_the_return_page_links_to_the_child_and_offers_a_check_of_an_automatic_match(as_officer):
    child = moved_child()
    r = submit(SchoolFactory()).deletion_return
    r.refresh_from_db()
    assert (r.matched_child, r.outcome) == (child, "ehe_opened")
    html = as_officer.get(reverse("triage-return", args=[r.uid])).content.decode()
    assert f'href="/children/{child.uid}/">Robin Example</a>' in html
    assert "differ from the child's record in 3 ways" in html
    details_url = reverse("triage-return-details", args=[r.uid])
    assert f'href="{details_url}"' in html
    assert "Filed on the child's record" in html
    page = as_officer.get(details_url)
    assert page.status_code == 200
    differences = details_differences(r, child)
    response = as_officer.post(
        details_url, {"action": "review", **{d.key: "keep" for d in differences}}
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert {item["decision"] for item in r.details_review} == {"kept"}
    # Once checked, there is nothing left to review.
    assert as_officer.get(details_url).status_code == 302


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR, Role.SCHOOL])
def test_other_roles_cannot_see_or_send_the_choices(client_as, role):
    child, r = waiting_return()
    before = snapshot()
    client = client_as(role)
    differences = details_differences(r, child)
    url = reverse("triage-return-match", args=[r.uid])
    response = client.post(
        url,
        {"action": "confirm", "choice": str(child.uid), **{d.key: "accept" for d in differences}},
    )
    assert response.status_code == 403
    assert client.get(reverse("triage-return-details", args=[r.uid])).status_code == 403
    assert snapshot() == before
